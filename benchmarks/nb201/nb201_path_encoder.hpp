#pragma once
/// @file Path encoding of NB201 cells (White et al., BANANAS, AAAI 2021).
#include <cstddef>
#include <span>

#include "nb201/nb201_cell.hpp"

namespace tabnas::nb201 {

/// Path encoding: one feature per possible input->output path of op labels.
///
/// Layout of the BANANAS authors' NB201 code (naszilla `Cell201.encode_paths`): a path is the
/// sequence of op labels along one of the four routes 0->3, 0->1->3, 0->2->3, 0->1->2->3, with 5
/// labels in the order avg_pool_3x3, nor_conv_1x1, nor_conv_3x3, none, skip_connect; feature index
/// = offset(length) + sum_j label(op_j) * 5^j (j = 0 for the edge leaving node 0), offsets 0 / 5 /
/// 30 for lengths 1 / 2 / 3; both length-2 routes share one block. 5 + 25 + 125 = 155 features.
class Nb201PathEncoder {
 public:
  /// Number of features: 155.
  [[nodiscard]] static std::size_t size();
  /// Writes 1 for each path present in the cell and 0 elsewhere. A route that crosses a
  /// `none` edge is not a path and sets nothing, so the features of label sequences that
  /// contain `none` are always 0 and the vector is the reference encoding with those cleared.
  /// @throws InternalError if out.size() != size().
  static void encode(const Nb201Cell& cell, std::span<float> out);
  /// The reference encoding exactly as naszilla computes it: `none` is a label like
  /// any other, so every cell has one feature per route set (3 or 4 ones).
  /// @throws InternalError if out.size() != size().
  static void encode_reference(const Nb201Cell& cell, std::span<float> out);
  /// Feature index of a label sequence of length 1..3 given as NB201 op ids (edge leaving
  /// node 0 first). @throws ConfigError for a bad length or op id.
  [[nodiscard]] static std::size_t feature_index(std::span<const std::uint8_t> ops);
};

}  // namespace tabnas::nb201
