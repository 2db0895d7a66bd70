#include "tabnas/report/figure.hpp"

#include <cstdio>

#include "tabnas/core/errors.hpp"

namespace tabnas::report {

std::string Color::hex() const {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", static_cast<unsigned>(r),
                static_cast<unsigned>(g), static_cast<unsigned>(b));
  return buf;
}

Color Color::from_hex(const std::string& hex) {
  const auto nibble = [&](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw InternalError("bad colour '" + hex + "' (expected #rrggbb)");
  };
  if (hex.size() != 7 || hex[0] != '#')
    throw InternalError("bad colour '" + hex + "' (expected #rrggbb)");
  const auto byte = [&](std::size_t i) {
    return static_cast<std::uint8_t>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
  };
  return Color{byte(1), byte(3), byte(5)};
}

}  // namespace tabnas::report
