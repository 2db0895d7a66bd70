#include "pickle/big_int.hpp"

#include <algorithm>
#include <stdexcept>

namespace tabnas::pickle {

BigInt::BigInt(std::vector<std::uint8_t> le_twos_complement) : le_(std::move(le_twos_complement)) {
  normalise();
}

void BigInt::normalise() {
  // Drop top bytes that only repeat the sign of the byte below them.
  while (!le_.empty()) {
    const std::uint8_t top = le_.back();
    if (le_.size() == 1) {
      if (top == 0) le_.pop_back();
      break;
    }
    const bool below_negative = (le_[le_.size() - 2] & 0x80U) != 0;
    if ((top == 0x00 && !below_negative) || (top == 0xFF && below_negative)) {
      le_.pop_back();
    } else {
      break;
    }
  }
}

BigInt BigInt::from_int64(std::int64_t value) {
  std::vector<std::uint8_t> bytes(8);
  auto bits = static_cast<std::uint64_t>(value);
  for (auto& b : bytes) {
    b = static_cast<std::uint8_t>(bits & 0xFFU);
    bits >>= 8U;
  }
  return BigInt(std::move(bytes));
}

std::int64_t BigInt::to_int64() const noexcept {
  std::uint64_t bits = is_negative() ? ~std::uint64_t{0} : 0;
  for (std::size_t i = 0; i < le_.size() && i < 8; ++i) {
    bits &= ~(std::uint64_t{0xFF} << (8 * i));
    bits |= std::uint64_t{le_[i]} << (8 * i);
  }
  return static_cast<std::int64_t>(bits);
}

BigInt BigInt::from_decimal(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > kMaxDecimalDigits) {
    throw std::invalid_argument("not a decimal integer of at most 4300 digits");
  }
  // Magnitude in base 2^32, little-endian; multiply by 10 and add per digit.
  std::vector<std::uint32_t> words;
  for (char c : text) {
    if (c < '0' || c > '9') throw std::invalid_argument("not a decimal digit");
    std::uint64_t carry = static_cast<std::uint64_t>(c - '0');
    for (auto& w : words) {
      const std::uint64_t t = std::uint64_t{w} * 10U + carry;
      w = static_cast<std::uint32_t>(t & 0xFFFFFFFFU);
      carry = t >> 32U;
    }
    if (carry != 0) words.push_back(static_cast<std::uint32_t>(carry));
  }
  // Bytes of the magnitude plus one zero byte so that the sign bit is clear.
  std::vector<std::uint8_t> bytes;
  bytes.reserve(words.size() * 4 + 1);
  for (std::uint32_t w : words) {
    for (int k = 0; k < 4; ++k) bytes.push_back(static_cast<std::uint8_t>((w >> (8 * k)) & 0xFFU));
  }
  bytes.push_back(0);
  if (negative) {
    // Two's complement negation: invert and add one.
    unsigned carry = 1;
    for (auto& b : bytes) {
      const unsigned t = static_cast<unsigned>(static_cast<std::uint8_t>(~b)) + carry;
      b = static_cast<std::uint8_t>(t & 0xFFU);
      carry = t >> 8U;
    }
  }
  return BigInt(std::move(bytes));
}

std::vector<std::uint32_t> BigInt::magnitude_words() const {
  std::vector<std::uint8_t> mag = le_;
  if (is_negative()) {
    unsigned carry = 1;
    for (auto& b : mag) {
      const unsigned t = static_cast<unsigned>(static_cast<std::uint8_t>(~b)) + carry;
      b = static_cast<std::uint8_t>(t & 0xFFU);
      carry = t >> 8U;
    }
  }
  std::vector<std::uint32_t> words((mag.size() + 3) / 4, 0);
  for (std::size_t i = 0; i < mag.size(); ++i) {
    words[i / 4] |= std::uint32_t{mag[i]} << (8 * (i % 4));
  }
  while (!words.empty() && words.back() == 0) words.pop_back();
  return words;
}

std::string BigInt::to_decimal() const {
  std::vector<std::uint32_t> words = magnitude_words();
  if (words.empty()) return "0";
  // Repeated division by 10^9; remainders are base-10^9 digits, least significant first.
  std::vector<std::uint32_t> chunks;
  constexpr std::uint64_t kBase = 1000000000ULL;
  while (!words.empty()) {
    std::uint64_t rem = 0;
    for (std::size_t i = words.size(); i-- > 0;) {
      const std::uint64_t cur = (rem << 32U) | words[i];
      words[i] = static_cast<std::uint32_t>(cur / kBase);
      rem = cur % kBase;
    }
    chunks.push_back(static_cast<std::uint32_t>(rem));
    while (!words.empty() && words.back() == 0) words.pop_back();
  }
  std::string out = is_negative() ? "-" : "";
  out += std::to_string(chunks.back());
  for (std::size_t i = chunks.size() - 1; i-- > 0;) {
    std::string part = std::to_string(chunks[i]);
    out.append(9 - part.size(), '0');
    out += part;
  }
  return out;
}

std::string BigInt::to_hex() const {
  const std::vector<std::uint32_t> words = magnitude_words();
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string digits;
  for (std::size_t i = words.size(); i-- > 0;) {
    for (int shift = 28; shift >= 0; shift -= 4) {
      digits.push_back(kDigits[(words[i] >> shift) & 0xFU]);
    }
  }
  const auto first = digits.find_first_not_of('0');
  digits = first == std::string::npos ? "0" : digits.substr(first);
  return (is_negative() ? "-0x" : "0x") + digits;
}

}  // namespace tabnas::pickle
