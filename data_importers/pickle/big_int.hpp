#pragma once
/// @file Arbitrary-precision integer as stored by pickle (LONG, LONG1, LONG4).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tabnas::pickle {

/// An integer of any size, kept as minimal little-endian two's complement bytes (the encoding of
/// pickle's LONG1/LONG4 opcodes). Zero is the empty byte string, as in Python's encode_long.
class BigInt {
 public:
  /// Zero.
  BigInt() = default;

  /// Takes little-endian two's complement bytes; redundant sign bytes are dropped.
  explicit BigInt(std::vector<std::uint8_t> le_twos_complement);

  /// The value of a signed 64-bit integer.
  [[nodiscard]] static BigInt from_int64(std::int64_t value);

  /// Parses an optionally signed decimal string ("-123"); at most kMaxDecimalDigits digits.
  /// @throws std::invalid_argument when the text is not a decimal integer or is too long.
  [[nodiscard]] static BigInt from_decimal(std::string_view text);

  /// Minimal little-endian two's complement bytes (empty for zero).
  [[nodiscard]] const std::vector<std::uint8_t>& bytes() const noexcept { return le_; }

  /// True for values below zero.
  [[nodiscard]] bool is_negative() const noexcept { return !le_.empty() && (le_.back() & 0x80U); }

  /// True when the value lies in [INT64_MIN, INT64_MAX].
  [[nodiscard]] bool fits_int64() const noexcept { return le_.size() <= 8; }

  /// The value as int64; only meaningful when fits_int64().
  [[nodiscard]] std::int64_t to_int64() const noexcept;

  /// Decimal text ("-123"). Quadratic in the size: callers should check decimal_is_cheap().
  [[nodiscard]] std::string to_decimal() const;

  /// True when to_decimal() stays below kMaxDecimalDigits digits (Python's own str() limit).
  [[nodiscard]] bool decimal_is_cheap() const noexcept { return le_.size() <= kMaxDecimalBytes; }

  /// Signed hexadecimal text, e.g. "-0x1f" (linear time, for huge values).
  [[nodiscard]] std::string to_hex() const;

  friend bool operator==(const BigInt& a, const BigInt& b) = default;

  /// Python refuses int<->str conversions beyond 4300 digits; so do we.
  static constexpr std::size_t kMaxDecimalDigits = 4300;
  /// Byte length whose values always have fewer than kMaxDecimalDigits decimal digits.
  static constexpr std::size_t kMaxDecimalBytes = 1780;

 private:
  void normalise();
  /// Magnitude as little-endian 32-bit words.
  [[nodiscard]] std::vector<std::uint32_t> magnitude_words() const;

  std::vector<std::uint8_t> le_;
};

}  // namespace tabnas::pickle
