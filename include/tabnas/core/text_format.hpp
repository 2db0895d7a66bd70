#pragma once
/// @file Deterministic text formatting (DESIGN.md rule 7: shortest round-trip doubles).
#include <string>

namespace tabnas {

/// Shortest decimal form that parses back to exactly `v` ("nan", "inf", "-inf" for
/// non-finite values).
[[nodiscard]] std::string format_double(double v);
/// Appends format_double(v) to `out` without a temporary string (for large data files).
void append_double(std::string& out, double v);
/// Fixed notation with `digits` decimals (for human tables only, never for data files).
[[nodiscard]] std::string format_fixed(double v, int digits);

}  // namespace tabnas
