#pragma once
/// @file A figure as a list of drawing primitives in pixel coordinates (origin top left, y
/// down). The plots are built once as a Figure and written twice, by SvgWriter and by
/// Rasterizer (PNG), so both files show the same drawing.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tabnas::report {

/// An sRGB colour.
struct Color {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
  /// "#rrggbb".
  [[nodiscard]] std::string hex() const;
  /// Parses "#rrggbb". @throws InternalError otherwise.
  static Color from_hex(const std::string& hex);
};

struct Point {
  double x = 0.0;
  double y = 0.0;
};

enum class TextAnchor { kStart, kMiddle, kEnd };

/// Figure primitives, drawn in order.
struct Figure {
  /// An open (or closed) stroked polyline; `dash` = {on, off} lengths, empty for solid.
  struct Polyline {
    explicit Polyline(std::vector<Point> pts = {}, Color stroke_color = {},
                      double stroke_width = 1.0, double stroke_opacity = 1.0,
                      bool is_closed = false, std::vector<double> dash_pattern = {})
        : points(std::move(pts)),
          stroke(stroke_color),
          width(stroke_width),
          opacity(stroke_opacity),
          closed(is_closed),
          dash(std::move(dash_pattern)) {}
    std::vector<Point> points;
    Color stroke;
    double width = 1.0;
    double opacity = 1.0;
    bool closed = false;
    std::vector<double> dash;
  };
  /// A filled simple polygon.
  struct Polygon {
    explicit Polygon(std::vector<Point> pts = {}, Color fill_color = {}, double fill_opacity = 1.0)
        : points(std::move(pts)), fill(fill_color), opacity(fill_opacity) {}
    std::vector<Point> points;
    Color fill;
    double opacity = 1.0;
  };
  /// A circle, filled and/or stroked (stroke_width 0: no stroke).
  struct Circle {
    explicit Circle(Point c = {}, double r = 1.0, Color fill_color = {}, double fill_alpha = 1.0,
                    Color stroke_color = {}, double stroke_w = 0.0)
        : center(c),
          radius(r),
          fill(fill_color),
          fill_opacity(fill_alpha),
          stroke(stroke_color),
          stroke_width(stroke_w) {}
    Point center;
    double radius = 1.0;
    Color fill;
    double fill_opacity = 1.0;  ///< 0: no fill
    Color stroke;
    double stroke_width = 0.0;
  };
  /// Text on a baseline point; `size` is the font size in pixels (monospace: advance 0.6 size,
  /// cap height 0.7 size); vertical text reads bottom to top (rotated -90 degrees about `at`).
  struct Text {
    explicit Text(Point pos = {}, std::string str = {}, double font_size = 10.0, Color c = {},
                  TextAnchor a = TextAnchor::kStart, bool rotated = false)
        : at(pos), text(std::move(str)), size(font_size), color(c), anchor(a), vertical(rotated) {}
    Point at;
    std::string text;
    double size = 10.0;
    Color color;
    TextAnchor anchor = TextAnchor::kStart;
    bool vertical = false;
  };
  using Element = std::variant<Polyline, Polygon, Circle, Text>;

  double width = 640.0;
  double height = 400.0;
  std::string title;  ///< SVG <title> (accessibility); not drawn
  std::vector<Element> elements;

  /// Advance width of one character at font size `size` (monospace).
  static double char_width(double size) { return 0.6 * size; }
  /// Width of `text` at font size `size`.
  static double text_width(const std::string& text, double size) {
    return char_width(size) * static_cast<double>(text.size());
  }
};

}  // namespace tabnas::report
