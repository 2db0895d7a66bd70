#pragma once
/// @file Isomorphism-aware canonical form of NB201 cells.
#include <cstdint>
#include <string>

#include "nb201/nb201_cell.hpp"

namespace tabnas::nb201 {

/// Which cells are identified (see nb201_canonicalizer.cpp and docs/nb201_space.md).
enum class Nb201Equivalence : std::uint8_t {
  /// Same function: `none` edges and everything that only touches zero or dead nodes
  /// removed, skip_connect = identity, sums are multisets. 4930 classes.
  kFunctional,
  /// The NB201 authors' counting: `CellStructure.to_unique_str(consider_zero=True)` of
  /// xautodl / NAS-Bench-201, which gives the published 6466. Finer than kFunctional: it
  /// keeps one `#` (zero) term per `none` edge and only recognises node 1 as dead.
  kNb201UniqueStr,
};

/// Computes a canonical key for a cell: two cells get the same key exactly when they compute
/// the same function (edges with op `none` removed, edges that cannot reach the output or
/// cannot be reached from the input removed, commutative sums of parallel paths identified,
/// skip_connect treated as the identity).
class Nb201Canonicalizer {
 public:
  /// Canonical key under Nb201Equivalence::kFunctional; equal keys <=> same function.
  /// The key is the smallest base-5 cell code (Nb201Cell::code) of the cell's class, so it is
  /// exact (no hashing), independent of call order, and itself a valid cell code < 15625.
  [[nodiscard]] static std::uint64_t canonical_key(const Nb201Cell& cell);
  /// Canonical key under the given equivalence (smallest cell code of the class).
  [[nodiscard]] static std::uint64_t canonical_key(const Nb201Cell& cell, Nb201Equivalence eq);
  /// The canonical expression the key is derived from: equal strings <=> equal keys.
  /// kFunctional grammar: value = '[' term (',' term)* ']' (or "[]" for zero), term = 'x'
  /// (the cell input) | op letter ('a' avg_pool_3x3, 'b' nor_conv_1x1, 'c' nor_conv_3x3)
  /// followed by a value; terms sorted. kNb201UniqueStr: the exact xautodl string.
  [[nodiscard]] static std::string canonical_form(const Nb201Cell& cell, Nb201Equivalence eq);
  /// Number of classes over all 15625 cells (4930 for kFunctional, 6466 for kNb201UniqueStr).
  [[nodiscard]] static std::uint32_t num_classes(Nb201Equivalence eq);
};

}  // namespace tabnas::nb201
