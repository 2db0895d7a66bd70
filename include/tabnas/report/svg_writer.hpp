#pragma once
/// @file Writes a Figure as a standalone SVG 1.1 document.
#include <string>

#include "tabnas/report/figure.hpp"

namespace tabnas::report {

class SvgWriter {
 public:
  /// The SVG document (with XML declaration unless `inline_svg`, for embedding in HTML).
  static std::string write(const Figure& figure, bool inline_svg = false);
  /// Escapes &, <, >, " and ' for XML text and attributes.
  static std::string escape(const std::string& text);
};

}  // namespace tabnas::report
