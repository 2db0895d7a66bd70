#pragma once
/// @file Decoding of numpy dtypes, scalars and array payloads from pickle records.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "pickle/value.hpp"

namespace tabnas::pickle {

/// A numpy payload that cannot be valid (size mismatch, bad shape): the reader reports it as a
/// DataError with file and offset.
class NumpyDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Interprets the records numpy's pickling produces: `numpy.dtype(spec, align, copy)` + BUILD
/// state, `scalar(dtype, payload)`, `_reconstruct` + BUILD state and `_frombuffer`. Only plain
/// bool/int/uint/float/object dtypes are decoded; anything else (complex, strings, datetimes,
/// structured dtypes) makes the functions return nullopt so the record stays opaque.
class NumpyDecoder {
 public:
  /// A plain dtype.
  struct DType {
    char kind = 'f';           ///< 'b' bool, 'i' int, 'u' uint, 'f' float, 'O' object
    std::size_t itemsize = 8;  ///< bytes per element (object: pointer size, unused)
    bool big_endian = false;
    std::string str;  ///< numpy dtype.str, e.g. "<f8", "|b1", "|O"
  };

  /// Reads a dtype from a numpy.dtype Call record; nullopt when `v` is not one or is not plain.
  [[nodiscard]] static std::optional<DType> parse_dtype(const Value& v);

  /// Decodes `scalar(dtype, payload)`: bool -> kBool, ints -> kInt (kBigInt for huge uint64),
  /// floats -> kFloat, object -> the payload itself. nullopt when the dtype is not plain.
  /// @throws NumpyDecodeError when the payload has the wrong size or type.
  [[nodiscard]] static std::optional<Value> decode_scalar(const DType& dtype, const Value& payload);

  /// Parses a shape tuple/list of non-negative ints and returns it with the element count.
  /// @throws NumpyDecodeError for negative, non-int or overflowing dimensions.
  [[nodiscard]] static std::vector<std::int64_t> parse_shape(const Value& shape,
                                                             std::uint64_t& elements);

  /// Decodes an array payload (bytes/bytearray/latin-1 str for numeric dtypes, a list for object
  /// dtypes) in C or Fortran order into a C-order NdArray. nullopt when the dtype is not plain or
  /// a uint64 element does not fit in int64.
  /// @throws NumpyDecodeError when the payload size does not match shape x itemsize.
  [[nodiscard]] static std::optional<NdArray> decode_array(const DType& dtype,
                                                           std::vector<std::int64_t> shape,
                                                           std::uint64_t elements, bool fortran,
                                                           const Value& payload);
};

}  // namespace tabnas::pickle
