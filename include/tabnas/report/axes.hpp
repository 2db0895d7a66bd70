#pragma once
/// @file A 2-D plot area inside a Figure: linear data-to-pixel mapping, "nice" ticks, frame,
/// grid, labels and legend.
#include <string>
#include <vector>

#include "tabnas/report/figure.hpp"

namespace tabnas::report {

/// One legend entry: a line sample (and/or marker) in `color`.
struct LegendEntry {
  std::string label;
  Color color;
  bool marker = false;
};

class Axes {
 public:
  /// Plot area [left, right] x [top, bottom] in figure pixels.
  Axes(double left, double top, double right, double bottom);

  /// Data range of the x axis; `pad` adds that fraction of the range on each side.
  void set_x_range(double lo, double hi, double pad = 0.0);
  void set_y_range(double lo, double hi, double pad = 0.05);
  /// Categorical x axis: category i sits at x = i + 1, range [0.5, n + 0.5].
  void set_x_categories(std::vector<std::string> names);

  [[nodiscard]] double px(double x) const;
  [[nodiscard]] double py(double y) const;
  [[nodiscard]] double left() const noexcept { return left_; }
  [[nodiscard]] double right() const noexcept { return right_; }
  [[nodiscard]] double top() const noexcept { return top_; }
  [[nodiscard]] double bottom() const noexcept { return bottom_; }

  /// Background grid and ticks (call before drawing data).
  void draw_grid(Figure& fig) const;
  /// Frame, tick labels, axis labels and title (call after drawing data).
  void draw_frame(Figure& fig, const std::string& xlabel, const std::string& ylabel,
                  const std::string& title) const;
  /// Legend in the corner whose box covers the fewest of `avoid` (data points in pixels);
  /// ties prefer upper right, upper left, lower right, lower left.
  void draw_legend(Figure& fig, const std::vector<LegendEntry>& entries,
                   const std::vector<Point>& avoid) const;

  /// About `target` ticks at multiples of 1, 2, 2.5 or 5 times a power of ten within [lo, hi].
  static std::vector<double> nice_ticks(double lo, double hi, int target = 6);
  /// Tick label with as many decimals as the tick step needs.
  static std::string tick_label(double value, double step);

  static constexpr double kTickFont = 10.0;
  static constexpr double kTitleFont = 15.0;

 private:
  double left_;
  double top_;
  double right_;
  double bottom_;
  double x_lo_ = 0.0;
  double x_hi_ = 1.0;
  double y_lo_ = 0.0;
  double y_hi_ = 1.0;
  std::vector<std::string> categories_;
};

}  // namespace tabnas::report
