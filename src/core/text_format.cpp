#include "tabnas/core/text_format.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace tabnas {

void append_double(std::string& out, double v) {
  if (std::isnan(v)) {
    out += "nan";
  } else if (std::isinf(v)) {
    out += v > 0 ? "inf" : "-inf";
  } else {
    std::array<char, 32> buf{};
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
    out.append(buf.data(), res.ptr);
  }
}

std::string format_double(double v) {
  std::string out;
  append_double(out, v);
  return out;
}

std::string format_fixed(double v, int digits) {
  if (!std::isfinite(v)) return format_double(v);
  std::array<char, 64> buf{};
  const auto res =
      std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, digits);
  return {buf.data(), res.ptr};
}

}  // namespace tabnas
