#pragma once
/// @file A decoded numpy array.
#include <cstdint>
#include <string>
#include <vector>

#include "pickle/value.hpp"

namespace tabnas::pickle {

/// A numpy array decoded from its pickle payload, always in C (row-major) order.
/// Floating dtypes (f2/f4/f8) are widened to double, integer and bool dtypes to int64
/// (uint64 only when every element fits), object arrays keep their element Values.
struct NdArray {
  enum class Storage : std::uint8_t { kFloat64, kInt64, kObject };

  std::string dtype;                ///< numpy dtype.str of the source, e.g. "<f8", "|b1", "|O"
  std::vector<std::int64_t> shape;  ///< empty for a 0-d array
  Storage storage = Storage::kFloat64;
  std::vector<double> f64;        ///< elements when storage == kFloat64
  std::vector<std::int64_t> i64;  ///< elements when storage == kInt64
  std::vector<Value> objects;     ///< elements when storage == kObject

  /// Number of elements (product of shape).
  [[nodiscard]] std::size_t size() const noexcept;
};

}  // namespace tabnas::pickle
