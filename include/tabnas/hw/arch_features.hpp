#pragma once
/// @file Small-integer feature matrix of architectures for the latency predictors.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tabnas/space/search_space.hpp"

namespace tabnas {

/// Features of a list of architectures, row-major, one row per architecture.
///
/// Columns 0 .. one_hot_cols()-1: the one-hot encoding of the choice vector
/// (SearchSpace::one_hot order: variable-major, for NB201 column 5*edge + op). When every variable
/// has the same number of choices (NB201: 5 ops on 6 edges), further columns hold the count of
/// each choice over the variables (NB201: how many edges carry none, skip, conv1x1, conv3x3,
/// avgpool). When the space has a path encoding, a last column holds the number of distinct
/// input->output paths present (non-zero path-encoding features, capped at 255; NB201: 0 for
/// the 341 cells whose output is cut off from the input, up to 4). Every value is in
/// 0 .. max_value(col); max_value of the path column is the largest count among the rows.
class ArchFeatures {
 public:
  /// Encodes `archs` of `space`.
  ArchFeatures(const SearchSpace& space, std::span<const ArchId> archs);
  /// A matrix from explicit values (tests); `max_values` bounds each column.
  ArchFeatures(std::size_t rows, std::size_t one_hot_cols, std::vector<std::uint8_t> values,
               std::vector<std::uint8_t> max_values);

  [[nodiscard]] std::size_t rows() const noexcept { return rows_; }
  [[nodiscard]] std::size_t cols() const noexcept { return max_.size(); }
  /// Number of leading one-hot columns (what the lookup-table model uses).
  [[nodiscard]] std::size_t one_hot_cols() const noexcept { return one_hot_cols_; }
  [[nodiscard]] std::uint8_t at(std::size_t r, std::size_t c) const { return v_[r * cols() + c]; }
  [[nodiscard]] std::span<const std::uint8_t> row(std::size_t r) const {
    return {v_.data() + r * cols(), cols()};
  }
  /// Largest value column `c` can take.
  [[nodiscard]] std::uint8_t max_value(std::size_t c) const { return max_[c]; }

 private:
  std::size_t rows_ = 0;
  std::size_t one_hot_cols_ = 0;
  std::vector<std::uint8_t> v_;
  std::vector<std::uint8_t> max_;
};

}  // namespace tabnas
