#pragma once
/// @file A 5x7 monospace bitmap font (printable ASCII) for the PNG rasterizer, drawn for
/// tabnas: cell 6 x 9 font pixels (5 columns + 1 spacing; 7 rows above the baseline + 2 for
/// descenders). At font size s one font pixel is 0.1 s, so the advance is 0.6 s and the cap
/// height 0.7 s, matching the monospace metrics the SVG uses.
#include <array>

namespace tabnas::report {

class BitmapFont {
 public:
  static constexpr int kColumns = 5;
  static constexpr int kRows = 9;                ///< rows 0..6 above the baseline, 7..8 below
  static constexpr int kBaseline = 7;            ///< rows above the baseline
  static constexpr int kAdvance = 6;             ///< font pixels per character
  using Glyph = std::array<const char*, kRows>;  ///< rows of 5 chars, '#' = ink

  /// Glyph of `c`; characters outside printable ASCII map to '?'.
  static const Glyph& glyph(char c);
};

}  // namespace tabnas::report
