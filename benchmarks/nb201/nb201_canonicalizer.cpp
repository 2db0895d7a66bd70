/// @file Canonical forms of NB201 cells.
///
/// A cell computes node1 = e0(x), node2 = e1(x) + e2(node1), node3 = e3(x) + e4(node1) +
/// e5(node2) with x = node0 (the cell input) and node3 the cell output. Two equivalences are
/// implemented; the default (kFunctional) is used for SearchSpace::canonical_id.
///
/// kFunctional: two cells are equivalent exactly when their output is the same expression
/// under these rules, and only these:
///   1. `none` is the zero map: an edge with op `none` contributes nothing to its sum.
///   2. Zero propagation: a node whose incoming terms are all absent is zero, and any op
///      applied to a zero node contributes nothing (the rule "a node with no non-none path
///      from the input is dead, its outgoing edges are effectively none"). Note: in the real
///      PyTorch network ReLU->Conv->BN of an all-zero tensor outputs the BN shift beta (a
///      learned per-channel constant), so this rule is the usual idealisation, as in the NB201
///      authors' own counting; skip_connect and avg_pool_3x3 of zero are exactly zero.
///   3. Only the output matters: the expression is built for node 3, so edges into a node
///      that has no non-none path to the output never appear in it.
///   4. Sums are commutative and associative: a node's value is the multiset of its terms
///      (multiplicities kept: x + x = 2x is not x).
///   5. skip_connect is the identity: skip(v) contributes v's terms themselves (so
///      node1 = skip(x) makes conv(node1) identical to conv(x), and node3 = skip(node2) +
///      conv(x) flattens node2's terms into node3's sum).
/// Not identified: ops of different kinds (nor_conv_1x1 is not nor_conv_3x3), two parallel
/// ops of one kind on the same input (independent weights: conv(v) + conv'(v) != conv(v)),
/// and the linearity of avg_pool_3x3 (pool(a) + pool(b) = pool(a + b), true of the op but a
/// property of its numerics rather than of the cell's structure; identifying it too would
/// give 4684 classes). Result: 4930 classes over the 15625 cells, one of which is the 341
/// cells whose output is constant zero.
///
/// kNb201UniqueStr: a reimplementation of `CellStructure.to_unique_str(consider_zero=True)`
/// from the NB201 authors' code (xautodl/NAS-Bench-201 `genotypes.py`), which gives the
/// published "6466 unique" count. Its rules, stated precisely: a term is `#` when its op is
/// `none` or its source node's string is exactly `#`; skip_connect inlines the source node's
/// string; any other op gives `(<source>)@<op name>`; a node's string is its terms sorted and
/// joined with `+`. It therefore differs from kFunctional in that it (a) keeps the `#` terms,
/// so the number of zero contributions inside an inlined or convolved node matters
/// (conv1x1(x) differs from conv1x1(skip(x) + none(x))), and (b) only recognises a node as
/// dead when it is a single `#` (node 1): a dead node 2 is `#+#`, and ops applied to it are
/// kept. It never merges two kFunctional classes (checked over all cells), it only splits
/// them: 6466 classes.
///
/// Other rule sets for reference (counts over all 15625 cells): no identification 15625;
/// xautodl `to_unique_str(consider_zero=False)` (skip = identity, no zero handling) 12751;
/// kFunctional without rule 5 (skip kept as an op) 8765; kFunctional without rule 2 (ops on
/// a zero node kept as terms) 6100; kFunctional plus avg-pool linearity 4684.
///
/// Keys are exact: the key of a cell is the smallest base-5 code among all cells with the
/// same canonical form, computed once for all 15625 cells (thread-safe static initialisation).
#include "nb201/nb201_canonicalizer.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>
#include <vector>

#include "tabnas/core/errors.hpp"

namespace tabnas::nb201 {

namespace {

constexpr std::uint8_t kNone = 0;
constexpr std::uint8_t kSkip = 1;
constexpr std::size_t kNumNodes = 4;

/// Letter of a parametric/pooling op in the kFunctional grammar.
char op_letter(std::uint8_t op) {
  switch (op) {
    case 2:
      return 'b';  // nor_conv_1x1
    case 3:
      return 'c';  // nor_conv_3x3
    case 4:
      return 'a';  // avg_pool_3x3
    default:
      throw InternalError("NB201 canonicalizer: op " + std::to_string(op) + " has no letter");
  }
}

std::string bracket(const std::vector<std::string>& terms) {
  std::string s = "[";
  for (std::size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) s += ',';
    s += terms[i];
  }
  s += ']';
  return s;
}

std::string functional_form(const Nb201Cell& cell) {
  // terms[n]: the sorted multiset of terms whose sum is node n; empty = zero.
  std::array<std::vector<std::string>, kNumNodes> terms;
  std::array<std::string, kNumNodes> value;
  terms[0] = {"x"};
  value[0] = bracket(terms[0]);
  for (std::size_t node = 1; node < kNumNodes; ++node) {
    std::vector<std::string>& mine = terms[node];
    for (std::size_t e = 0; e < kNumEdges; ++e) {
      if (static_cast<std::size_t>(kEdgeTo[e]) != node) continue;
      const std::uint8_t op = cell.ops[e];
      const auto src = static_cast<std::size_t>(kEdgeFrom[e]);
      if (op == kNone || terms[src].empty()) continue;  // rules 1, 2
      if (op == kSkip) {
        mine.insert(mine.end(), terms[src].begin(), terms[src].end());  // rule 5
      } else {
        mine.push_back(op_letter(op) + value[src]);
      }
    }
    std::sort(mine.begin(), mine.end());  // rule 4
    value[node] = bracket(mine);
  }
  return value[kNumNodes - 1];  // rule 3
}

std::string unique_str_form(const Nb201Cell& cell) {
  std::array<std::string, kNumNodes> node_str;
  node_str[0] = "0";
  for (std::size_t node = 1; node < kNumNodes; ++node) {
    std::vector<std::string> cur;
    for (std::size_t e = 0; e < kNumEdges; ++e) {
      if (static_cast<std::size_t>(kEdgeTo[e]) != node) continue;
      const std::uint8_t op = cell.ops[e];
      const std::string& src = node_str[static_cast<std::size_t>(kEdgeFrom[e])];
      if (op == kNone || src == "#") {
        cur.emplace_back("#");
      } else if (op == kSkip) {
        cur.push_back(src);
      } else {
        cur.push_back("(" + src + ")@" + std::string(kOpNames[op]));
      }
    }
    std::sort(cur.begin(), cur.end());
    std::string joined;
    for (std::size_t i = 0; i < cur.size(); ++i) {
      if (i > 0) joined += '+';
      joined += cur[i];
    }
    node_str[node] = std::move(joined);
  }
  return node_str[kNumNodes - 1];
}

constexpr std::size_t kNumEquivalences = 2;

std::size_t eq_index(Nb201Equivalence eq) {
  switch (eq) {
    case Nb201Equivalence::kFunctional:
      return 0;
    case Nb201Equivalence::kNb201UniqueStr:
      return 1;
  }
  throw InternalError("NB201 canonicalizer: unknown equivalence");
}

struct KeyTable {
  std::array<std::vector<std::uint32_t>, kNumEquivalences> key;
  std::array<std::uint32_t, kNumEquivalences> classes{};
};

KeyTable build_table() {
  KeyTable t;
  for (const auto eq : {Nb201Equivalence::kFunctional, Nb201Equivalence::kNb201UniqueStr}) {
    const std::size_t k = eq_index(eq);
    std::map<std::string, std::uint32_t> first_code;
    t.key[k].resize(kNumCells);
    // Ascending codes: the first cell seen in a class is its smallest code.
    for (std::uint32_t code = 0; code < kNumCells; ++code) {
      const auto [it, inserted] = first_code.emplace(
          Nb201Canonicalizer::canonical_form(Nb201Cell::from_code(code), eq), code);
      t.key[k][code] = it->second;
    }
    t.classes[k] = static_cast<std::uint32_t>(first_code.size());
  }
  return t;
}

const KeyTable& table() {
  static const KeyTable instance = build_table();
  return instance;
}

}  // namespace

std::string Nb201Canonicalizer::canonical_form(const Nb201Cell& cell, Nb201Equivalence eq) {
  for (const std::uint8_t op : cell.ops) {
    if (op >= kNumOps) {
      throw ConfigError("NB201 cell has op id " + std::to_string(op) + ", allowed 0..4");
    }
  }
  return eq == Nb201Equivalence::kFunctional ? functional_form(cell) : unique_str_form(cell);
}

std::uint64_t Nb201Canonicalizer::canonical_key(const Nb201Cell& cell) {
  return canonical_key(cell, Nb201Equivalence::kFunctional);
}

std::uint64_t Nb201Canonicalizer::canonical_key(const Nb201Cell& cell, Nb201Equivalence eq) {
  for (const std::uint8_t op : cell.ops) {
    if (op >= kNumOps) {
      throw ConfigError("NB201 cell has op id " + std::to_string(op) + ", allowed 0..4");
    }
  }
  return table().key[eq_index(eq)][cell.code()];
}

std::uint32_t Nb201Canonicalizer::num_classes(Nb201Equivalence eq) {
  return table().classes[eq_index(eq)];
}

}  // namespace tabnas::nb201
