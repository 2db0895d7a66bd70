#pragma once
/// @file The export's figures as Figure objects: anytime curves with CI bands, box plots of
/// final values, Pareto fronts. The exported notebook redraws the same figures with
/// matplotlib (same data, colours and box-plot rules).
#include <string>
#include <vector>

#include "tabnas/report/figure.hpp"

namespace tabnas::report {

/// One anytime curve: mean and a band [low, high] (NaN breaks the line and the band).
struct CurveSeries {
  std::string label;
  Color color;
  std::vector<double> x;
  std::vector<double> mean;
  std::vector<double> low;
  std::vector<double> high;
};

/// One box of a box plot.
struct BoxGroup {
  std::string label;
  Color color;
  std::vector<double> values;  ///< NaNs are ignored
};

/// Tukey box statistics as matplotlib's boxplot(whis=1.5) computes them: type-7 quartiles,
/// whiskers at the most extreme data within 1.5 IQR of the box, the rest are outliers.
struct BoxStats {
  double q1 = 0.0;
  double median = 0.0;
  double q3 = 0.0;
  double whisker_low = 0.0;
  double whisker_high = 0.0;
  std::vector<double> outliers;
  static BoxStats of(const std::vector<double>& values);
};

/// One Pareto front, points in display coordinates (x minimised; y maximised when
/// `y_higher_is_better`).
struct ParetoSeries {
  std::string label;
  Color color;
  std::vector<Point> points;
};

class Plots {
 public:
  static constexpr double kWidth = 720.0;
  static constexpr double kHeight = 450.0;

  /// Colour i of the palette (matplotlib's tab10 colours, so the notebook can match them).
  static Color palette(std::size_t i);
  /// The palette as "#rrggbb" strings.
  static std::vector<std::string> palette_hex();

  static Figure anytime(const std::vector<CurveSeries>& curves, const std::string& xlabel,
                        const std::string& ylabel, const std::string& title);
  static Figure box(const std::vector<BoxGroup>& groups, const std::string& ylabel,
                    const std::string& title);
  /// Fronts drawn as staircases ("steps-post" after sorting by x) with markers.
  static Figure pareto(const std::vector<ParetoSeries>& fronts, const std::string& xlabel,
                       const std::string& ylabel, const std::string& title);
};

}  // namespace tabnas::report
