#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <vector>

#include "nb201/nb201_canonicalizer.hpp"
#include "tabnas/core/errors.hpp"

using tabnas::nb201::kEdgeFrom;
using tabnas::nb201::kEdgeTo;
using tabnas::nb201::kNumCells;
using tabnas::nb201::kNumEdges;
using tabnas::nb201::kNumOps;
using tabnas::nb201::Nb201Canonicalizer;
using tabnas::nb201::Nb201Cell;
using tabnas::nb201::Nb201Equivalence;

namespace {

// Op ids.
constexpr std::uint8_t kN = 0;  // none
constexpr std::uint8_t kS = 1;  // skip_connect
constexpr std::uint8_t k1 = 2;  // nor_conv_1x1
constexpr std::uint8_t k3 = 3;  // nor_conv_3x3
constexpr std::uint8_t kP = 4;  // avg_pool_3x3

Nb201Cell cell_of(std::array<std::uint8_t, kNumEdges> ops) {
  Nb201Cell c;
  c.ops = ops;
  return c;
}

std::uint64_t key(std::array<std::uint8_t, kNumEdges> ops) {
  return Nb201Canonicalizer::canonical_key(cell_of(ops));
}

std::uint64_t official_key(std::array<std::uint8_t, kNumEdges> ops) {
  return Nb201Canonicalizer::canonical_key(cell_of(ops), Nb201Equivalence::kNb201UniqueStr);
}

/// A numeric model of the cell under the documented semantics, written independently of the
/// canonicalizer: none = 0, skip = identity, each other op kind a fixed nonlinear map with
/// f(0) = 0 (zero propagation), node = sum of incoming edges. Evaluated at three inputs.
double op_value(std::uint8_t op, double v) {
  switch (op) {
    case kN:
      return 0.0;
    case kS:
      return v;
    case k1:
      return std::tanh(0.7 * v + 0.3) - std::tanh(0.3);
    case k3:
      return std::sin(1.3 * v + 0.2) - std::sin(0.2) + 0.1 * v * v;
    default:
      return std::atan(0.9 * v - 0.4) + std::atan(0.4) + 0.05 * v * v * v;
  }
}

std::array<double, 3> evaluate(const Nb201Cell& c) {
  constexpr std::array<double, 3> kInputs = {0.37, -1.21, 2.05};
  std::array<double, 3> out{};
  for (std::size_t k = 0; k < 3; ++k) {
    std::array<double, 4> node{kInputs[k], 0.0, 0.0, 0.0};
    for (std::size_t e = 0; e < kNumEdges; ++e) {  // edges are in topological order
      node[static_cast<std::size_t>(kEdgeTo[e])] +=
          op_value(c.ops[e], node[static_cast<std::size_t>(kEdgeFrom[e])]);
    }
    out[k] = node[3];
  }
  return out;
}

/// Structural liveness, independent of the canonicalizer.
struct Liveness {
  std::array<bool, 4> from_input{};
  std::array<bool, 4> to_output{};
};

Liveness liveness(const Nb201Cell& c) {
  Liveness l;
  l.from_input[0] = true;
  for (std::size_t e = 0; e < kNumEdges; ++e) {
    if (c.ops[e] != kN && l.from_input[static_cast<std::size_t>(kEdgeFrom[e])]) {
      l.from_input[static_cast<std::size_t>(kEdgeTo[e])] = true;
    }
  }
  l.to_output[3] = true;
  for (std::size_t e = kNumEdges; e > 0; --e) {
    if (c.ops[e - 1] != kN && l.to_output[static_cast<std::size_t>(kEdgeTo[e - 1])]) {
      l.to_output[static_cast<std::size_t>(kEdgeFrom[e - 1])] = true;
    }
  }
  return l;
}

}  // namespace

TEST_CASE("nb201 canonical: number of classes", "[nb201]") {
  std::set<std::uint64_t> functional;
  std::set<std::uint64_t> official;
  for (std::uint32_t code = 0; code < kNumCells; ++code) {
    const Nb201Cell c = Nb201Cell::from_code(code);
    functional.insert(Nb201Canonicalizer::canonical_key(c));
    official.insert(Nb201Canonicalizer::canonical_key(c, Nb201Equivalence::kNb201UniqueStr));
  }
  std::cout << "NB201 canonical classes: functional " << functional.size()
            << ", NB201 to_unique_str(consider_zero=True) " << official.size() << "\n";
  CHECK(functional.size() == 4930);
  CHECK(official.size() == 6466);  // the count published for NAS-Bench-201
  CHECK(Nb201Canonicalizer::num_classes(Nb201Equivalence::kFunctional) == 4930);
  CHECK(Nb201Canonicalizer::num_classes(Nb201Equivalence::kNb201UniqueStr) == 6466);
}

TEST_CASE("nb201 canonical: key is the smallest code of its class", "[nb201]") {
  for (const auto eq : {Nb201Equivalence::kFunctional, Nb201Equivalence::kNb201UniqueStr}) {
    for (std::uint32_t code = 0; code < kNumCells; ++code) {
      const Nb201Cell c = Nb201Cell::from_code(code);
      const std::uint64_t k = Nb201Canonicalizer::canonical_key(c, eq);
      REQUIRE(k <= code);
      const Nb201Cell rep = Nb201Cell::from_code(static_cast<std::uint32_t>(k));
      REQUIRE(Nb201Canonicalizer::canonical_key(rep, eq) == k);
      REQUIRE(Nb201Canonicalizer::canonical_form(rep, eq) ==
              Nb201Canonicalizer::canonical_form(c, eq));
    }
  }
}

TEST_CASE("nb201 canonical: keys agree with an independent numeric model", "[nb201]") {
  // Same key => same value (within rounding of sums taken in a different order), and
  // different keys => clearly different values: the classes are exactly the functions.
  std::map<std::uint64_t, std::array<double, 3>> value_of_key;
  for (std::uint32_t code = 0; code < kNumCells; ++code) {
    const Nb201Cell c = Nb201Cell::from_code(code);
    const auto v = evaluate(c);
    const auto [it, inserted] = value_of_key.emplace(Nb201Canonicalizer::canonical_key(c), v);
    if (!inserted) {
      for (std::size_t k = 0; k < 3; ++k) REQUIRE(std::abs(it->second[k] - v[k]) < 1e-12);
    }
  }
  std::vector<std::array<double, 3>> reps;
  reps.reserve(value_of_key.size());
  for (const auto& kv : value_of_key) reps.push_back(kv.second);
  std::size_t close_pairs = 0;
  for (std::size_t i = 0; i < reps.size(); ++i) {
    for (std::size_t j = i + 1; j < reps.size(); ++j) {
      double diff = 0.0;
      for (std::size_t k = 0; k < 3; ++k) diff = std::max(diff, std::abs(reps[i][k] - reps[j][k]));
      if (diff < 1e-9) ++close_pairs;
    }
  }
  CHECK(close_pairs == 0);
  CHECK(reps.size() == 4930);
}

TEST_CASE("nb201 canonical: dead and useless edges do not matter", "[nb201]") {
  // For every cell, any edge that leaves a node unreachable from the input, or enters a node
  // that cannot reach the output, can take any op without changing the key.
  std::size_t checked = 0;
  for (std::uint32_t code = 0; code < kNumCells; ++code) {
    const Nb201Cell c = Nb201Cell::from_code(code);
    const Liveness l = liveness(c);
    const std::uint64_t k = Nb201Canonicalizer::canonical_key(c);
    for (std::size_t e = 0; e < kNumEdges; ++e) {
      const bool irrelevant = !l.from_input[static_cast<std::size_t>(kEdgeFrom[e])] ||
                              !l.to_output[static_cast<std::size_t>(kEdgeTo[e])];
      if (!irrelevant) continue;
      for (std::uint8_t op = 0; op < kNumOps; ++op) {
        Nb201Cell d = c;
        d.ops[e] = op;
        REQUIRE(Nb201Canonicalizer::canonical_key(d) == k);
        ++checked;
      }
    }
  }
  CHECK(checked > 0);
  // Explicit case: edge 0 none makes node 1 dead; edges 2 and 4 leave it.
  const std::uint64_t base = key({kN, k3, kN, k1, kN, kP});
  for (std::uint8_t a = 0; a < kNumOps; ++a) {
    for (std::uint8_t b = 0; b < kNumOps; ++b) CHECK(key({kN, k3, a, k1, b, kP}) == base);
  }
  // Edge 5 none: node 2 cannot reach the output, edges 1 and 2 are irrelevant.
  CHECK(key({k3, kP, k1, k1, kS, kN}) == key({k3, kN, kN, k1, kS, kN}));
  // A relevant edge does matter.
  CHECK(key({k3, kP, k1, k1, kS, kS}) != key({k3, kN, kN, k1, kS, kS}));
}

TEST_CASE("nb201 canonical: zero output forms one class", "[nb201]") {
  const std::uint64_t zero = key({kN, kN, kN, kN, kN, kN});
  CHECK(zero == 0);
  std::size_t count = 0;
  for (std::uint32_t code = 0; code < kNumCells; ++code) {
    const Nb201Cell c = Nb201Cell::from_code(code);
    const bool dead = !liveness(c).from_input[3];
    REQUIRE((Nb201Canonicalizer::canonical_key(c) == zero) == dead);
    count += dead ? 1 : 0;
  }
  CHECK(count == 341);
  CHECK(key({k3, k3, k3, kN, kN, kN}) == zero);  // all three edges into node 3 are none
  CHECK(key({kN, kN, k3, kN, k3, k3}) == zero);  // node 1 and then node 2 dead
}

TEST_CASE("nb201 canonical: commutativity and skip as identity", "[nb201]") {
  // node3 = conv1x1(x) + conv3x3(node1) with node1 = skip(x)
  //       = conv3x3(x) + conv1x1(node1): the two parallel terms swap edges.
  CHECK(key({kS, kN, kN, k1, k3, kN}) == key({kS, kN, kN, k3, k1, kN}));
  // Same through node 2 instead of node 1.
  CHECK(key({kN, kS, kN, k1, kN, k3}) == key({kS, kN, kN, k1, k3, kN}));
  // skip(skip(x)) = x: node3 = skip(node2), node2 = skip(node1), node1 = skip(x).
  CHECK(key({kS, kN, kS, kN, kN, kS}) == key({kN, kN, kN, kS, kN, kN}));
  // conv(node2) with node2 = skip(x) equals conv(x) directly.
  CHECK(key({kN, kS, kN, kN, kN, k3}) == key({kN, kN, kN, k3, kN, kN}));
  // Flattening: node3 = skip(node2) + pool(x) with node2 = conv1x1(x) + conv3x3(skip(x))
  // equals node3 = conv1x1(x) + conv3x3(skip(x)) + pool(skip(x)).
  CHECK(key({kS, k1, k3, kP, kN, kS}) == key({kS, kS, kN, k1, k3, kP}));
  CHECK(Nb201Canonicalizer::canonical_form(cell_of({kS, k1, k3, kP, kN, kS}),
                                           Nb201Equivalence::kFunctional) == "[a[x],b[x],c[x]]");
}

TEST_CASE("nb201 canonical: different functions stay apart", "[nb201]") {
  CHECK(key({kN, kN, kN, k1, kN, kN}) != key({kN, kN, kN, k3, kN, kN}));  // op kinds
  CHECK(key({kN, kN, kN, kS, kN, kN}) != key({kN, kN, kN, kP, kN, kN}));
  // x + x (two skip paths) is not x.
  CHECK(key({kS, kN, kN, kS, kS, kN}) != key({kN, kN, kN, kS, kN, kN}));
  // conv(x) + conv'(x): independent weights, not one conv.
  CHECK(key({kS, kN, kN, k3, k3, kN}) != key({kN, kN, kN, k3, kN, kN}));
  // Sequential vs parallel.
  CHECK(key({k3, kN, kN, kN, k3, kN}) != key({kS, kN, kN, k3, k3, kN}));
  // Order of sequential ops matters: pool(conv(x)) vs conv(pool(x)).
  CHECK(key({k3, kN, kN, kN, kP, kN}) != key({kP, kN, kN, kN, k3, kN}));
  // avg_pool linearity is not used: pool(x) + pool(x) != pool(x + x).
  CHECK(key({kS, kN, kN, kP, kP, kN}) != key({kS, kS, kS, kN, kN, kP}));
}

TEST_CASE("nb201 canonical: NB201 to_unique_str reference strings", "[nb201]") {
  const auto form = [](std::array<std::uint8_t, kNumEdges> ops) {
    return Nb201Canonicalizer::canonical_form(cell_of(ops), Nb201Equivalence::kNb201UniqueStr);
  };
  CHECK(form({kN, kN, kN, kN, kN, kN}) == "#+#+#");
  CHECK(form({kS, kS, kS, kS, kS, kS}) == "0+0+0+0");
  CHECK(form({kN, kN, kN, k1, kN, kN}) == "#+#+(0)@nor_conv_1x1");
  CHECK(form({kN, kS, kN, kN, kN, k1}) == "#+#+(#+0)@nor_conv_1x1");
  CHECK(form({kN, kN, k3, kN, kN, k3}) == "#+#+(#+#)@nor_conv_3x3");
  CHECK(form({kP, k1, kS, k1, kS, kS}) ==
        "(0)@avg_pool_3x3+(0)@avg_pool_3x3+(0)@nor_conv_1x1+(0)@nor_conv_1x1");
  CHECK(form({k3, k3, kP, kN, k3, kP}) ==
        "#+(((0)@nor_conv_3x3)@avg_pool_3x3+(0)@nor_conv_3x3)@avg_pool_3x3+((0)@nor_conv_3x3)@"
        "nor_conv_3x3");
  // Functionally equal, but split by the NB201 counting (zero terms are kept).
  CHECK(official_key({kN, kS, kN, kN, kN, k1}) != official_key({kN, kN, kN, k1, kN, kN}));
  CHECK(key({kN, kS, kN, kN, kN, k1}) == key({kN, kN, kN, k1, kN, kN}));
}

TEST_CASE("nb201 canonical: the NB201 counting only splits functional classes", "[nb201]") {
  std::map<std::uint64_t, std::uint64_t> functional_of_official;
  for (std::uint32_t code = 0; code < kNumCells; ++code) {
    const Nb201Cell c = Nb201Cell::from_code(code);
    const auto [it, inserted] = functional_of_official.emplace(
        Nb201Canonicalizer::canonical_key(c, Nb201Equivalence::kNb201UniqueStr),
        Nb201Canonicalizer::canonical_key(c));
    REQUIRE(it->second == Nb201Canonicalizer::canonical_key(c));
  }
  CHECK(functional_of_official.size() == 6466);
}

TEST_CASE("nb201 canonical: functional form grammar", "[nb201]") {
  const auto form = [](std::array<std::uint8_t, kNumEdges> ops) {
    return Nb201Canonicalizer::canonical_form(cell_of(ops), Nb201Equivalence::kFunctional);
  };
  CHECK(form({kN, kN, kN, kN, kN, kN}) == "[]");
  CHECK(form({kN, kN, kN, kS, kN, kN}) == "[x]");
  CHECK(form({kS, kS, kS, kS, kS, kS}) == "[x,x,x,x]");
  CHECK(form({kP, kN, kN, k3, k1, kN}) == "[b[a[x]],c[x]]");
  Nb201Cell bad;
  bad.ops = {0, 0, 0, 0, 0, 5};
  CHECK_THROWS_AS(Nb201Canonicalizer::canonical_key(bad), tabnas::ConfigError);
}
