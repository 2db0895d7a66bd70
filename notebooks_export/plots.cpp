#include "tabnas/report/plots.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "tabnas/report/axes.hpp"
#include "tabnas/report/quantile.hpp"

namespace tabnas::report {

namespace {

constexpr std::array<const char*, 10> kPalette = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                  "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                                  "#bcbd22", "#17becf"};

// Plot area inside the figure.
constexpr double kLeft = 84.0;
constexpr double kTop = 40.0;
constexpr double kRight = Plots::kWidth - 20.0;
constexpr double kBottom = Plots::kHeight - 52.0;

void extend(double& lo, double& hi, double v) {
  if (!std::isfinite(v)) return;
  lo = std::min(lo, v);
  hi = std::max(hi, v);
}

}  // namespace

BoxStats BoxStats::of(const std::vector<double>& values) {
  std::vector<double> v;
  for (const double x : values) {
    if (!std::isnan(x)) v.push_back(x);
  }
  BoxStats b;
  if (v.empty()) {
    b.q1 = b.median = b.q3 = b.whisker_low = b.whisker_high = std::nan("");
    return b;
  }
  std::sort(v.begin(), v.end());
  b.q1 = quantile_sorted(v, 0.25);
  b.median = quantile_sorted(v, 0.5);
  b.q3 = quantile_sorted(v, 0.75);
  const double iqr = b.q3 - b.q1;
  const double lo_lim = b.q1 - 1.5 * iqr;
  const double hi_lim = b.q3 + 1.5 * iqr;
  b.whisker_low = b.q1;
  b.whisker_high = b.q3;
  for (const double x : v) {
    if (x >= lo_lim) {
      b.whisker_low = std::min(x, b.q1);
      break;
    }
  }
  for (auto it = v.rbegin(); it != v.rend(); ++it) {
    if (*it <= hi_lim) {
      b.whisker_high = std::max(*it, b.q3);
      break;
    }
  }
  for (const double x : v) {
    if (x < b.whisker_low || x > b.whisker_high) b.outliers.push_back(x);
  }
  return b;
}

Color Plots::palette(std::size_t i) {
  return Color::from_hex(kPalette[i % kPalette.size()]);
}

std::vector<std::string> Plots::palette_hex() {
  return std::vector<std::string>(kPalette.begin(), kPalette.end());
}

Figure Plots::anytime(const std::vector<CurveSeries>& curves, const std::string& xlabel,
                      const std::string& ylabel, const std::string& title) {
  Figure fig;
  fig.width = kWidth;
  fig.height = kHeight;
  fig.title = title;
  double xlo = 1e300;
  double xhi = -1e300;
  double ylo = 1e300;
  double yhi = -1e300;
  for (const auto& c : curves) {
    for (std::size_t i = 0; i < c.x.size(); ++i) {
      if (std::isnan(c.mean[i])) continue;
      extend(xlo, xhi, c.x[i]);
      extend(ylo, yhi, c.mean[i]);
      extend(ylo, yhi, c.low[i]);
      extend(ylo, yhi, c.high[i]);
    }
  }
  Axes ax(kLeft, kTop, kRight, kBottom);
  ax.set_x_range(xlo, xhi, 0.0);
  ax.set_y_range(ylo, yhi, 0.05);
  ax.draw_grid(fig);
  std::vector<Point> avoid;
  // Bands first (under every line), then lines.
  for (const auto& c : curves) {
    std::size_t i = 0;
    while (i < c.x.size()) {
      while (i < c.x.size() && (std::isnan(c.low[i]) || std::isnan(c.high[i]))) ++i;
      std::size_t j = i;
      while (j < c.x.size() && !std::isnan(c.low[j]) && !std::isnan(c.high[j])) ++j;
      if (j > i + 1) {
        Figure::Polygon band{{}, c.color, 0.2};
        for (std::size_t k = i; k < j; ++k)
          band.points.push_back({ax.px(c.x[k]), ax.py(c.high[k])});
        for (std::size_t k = j; k-- > i;) band.points.push_back({ax.px(c.x[k]), ax.py(c.low[k])});
        fig.elements.emplace_back(band);
      }
      i = j;
    }
  }
  std::vector<LegendEntry> legend;
  for (const auto& c : curves) {
    std::size_t i = 0;
    while (i < c.x.size()) {
      while (i < c.x.size() && std::isnan(c.mean[i])) ++i;
      Figure::Polyline line{{}, c.color, 1.8};
      while (i < c.x.size() && !std::isnan(c.mean[i])) {
        line.points.push_back({ax.px(c.x[i]), ax.py(c.mean[i])});
        avoid.push_back(line.points.back());
        ++i;
      }
      if (line.points.size() == 1) {
        fig.elements.emplace_back(Figure::Circle{line.points[0], 2.0, c.color, 1.0, c.color, 0.0});
      } else if (!line.points.empty()) {
        fig.elements.emplace_back(line);
      }
    }
    legend.push_back({c.label, c.color, false});
  }
  ax.draw_frame(fig, xlabel, ylabel, title);
  ax.draw_legend(fig, legend, avoid);
  return fig;
}

Figure Plots::box(const std::vector<BoxGroup>& groups, const std::string& ylabel,
                  const std::string& title) {
  Figure fig;
  fig.width = kWidth;
  fig.height = kHeight;
  fig.title = title;
  double ylo = 1e300;
  double yhi = -1e300;
  std::vector<BoxStats> stats;
  std::vector<std::string> names;
  for (const auto& g : groups) {
    stats.push_back(BoxStats::of(g.values));
    names.push_back(g.label);
    for (const double v : g.values) extend(ylo, yhi, v);
  }
  Axes ax(kLeft, kTop, kRight, kBottom);
  ax.set_x_categories(names);
  ax.set_y_range(ylo, yhi, 0.05);
  ax.draw_grid(fig);
  const Color dark{0x33, 0x33, 0x33};
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const BoxStats& b = stats[i];
    if (std::isnan(b.median)) continue;
    const Color c = groups[i].color;
    const double xc = static_cast<double>(i + 1);
    const double x0 = ax.px(xc - 0.25);
    const double x1 = ax.px(xc + 0.25);
    const double xm = ax.px(xc);
    const double cap0 = ax.px(xc - 0.125);
    const double cap1 = ax.px(xc + 0.125);
    const std::vector<Point> rect = {
        {x0, ax.py(b.q3)}, {x1, ax.py(b.q3)}, {x1, ax.py(b.q1)}, {x0, ax.py(b.q1)}};
    fig.elements.emplace_back(Figure::Polygon{rect, c, 0.3});
    fig.elements.emplace_back(Figure::Polyline{rect, c, 1.5, 1.0, true});
    fig.elements.emplace_back(
        Figure::Polyline{{{xm, ax.py(b.q1)}, {xm, ax.py(b.whisker_low)}}, c, 1.5});
    fig.elements.emplace_back(
        Figure::Polyline{{{xm, ax.py(b.q3)}, {xm, ax.py(b.whisker_high)}}, c, 1.5});
    fig.elements.emplace_back(
        Figure::Polyline{{{cap0, ax.py(b.whisker_low)}, {cap1, ax.py(b.whisker_low)}}, c, 1.5});
    fig.elements.emplace_back(
        Figure::Polyline{{{cap0, ax.py(b.whisker_high)}, {cap1, ax.py(b.whisker_high)}}, c, 1.5});
    fig.elements.emplace_back(
        Figure::Polyline{{{x0, ax.py(b.median)}, {x1, ax.py(b.median)}}, dark, 2.0});
    for (const double o : b.outliers) {
      fig.elements.emplace_back(Figure::Circle{{xm, ax.py(o)}, 3.0, c, 0.0, c, 1.0});
    }
  }
  ax.draw_frame(fig, "", ylabel, title);
  return fig;
}

Figure Plots::pareto(const std::vector<ParetoSeries>& fronts, const std::string& xlabel,
                     const std::string& ylabel, const std::string& title) {
  Figure fig;
  fig.width = kWidth;
  fig.height = kHeight;
  fig.title = title;
  double xlo = 1e300;
  double xhi = -1e300;
  double ylo = 1e300;
  double yhi = -1e300;
  for (const auto& f : fronts) {
    for (const auto& p : f.points) {
      extend(xlo, xhi, p.x);
      extend(ylo, yhi, p.y);
    }
  }
  Axes ax(kLeft, kTop, kRight, kBottom);
  ax.set_x_range(xlo, xhi, 0.05);
  ax.set_y_range(ylo, yhi, 0.05);
  ax.draw_grid(fig);
  std::vector<LegendEntry> legend;
  std::vector<Point> avoid;
  for (const auto& f : fronts) {
    std::vector<Point> pts = f.points;
    std::sort(pts.begin(), pts.end(), [](const Point& a, const Point& b) {
      return a.x < b.x || (a.x == b.x && a.y < b.y);
    });
    Figure::Polyline stair{{}, f.color, 1.5};
    for (std::size_t i = 0; i < pts.size(); ++i) {
      if (i > 0) stair.points.push_back({ax.px(pts[i].x), ax.py(pts[i - 1].y)});
      stair.points.push_back({ax.px(pts[i].x), ax.py(pts[i].y)});
    }
    if (stair.points.size() > 1) fig.elements.emplace_back(stair);
    for (const auto& p : pts) {
      const Point d{ax.px(p.x), ax.py(p.y)};
      avoid.push_back(d);
      fig.elements.emplace_back(Figure::Circle{d, 3.0, f.color, 1.0, f.color, 0.0});
    }
    legend.push_back({f.label, f.color, true});
  }
  ax.draw_frame(fig, xlabel, ylabel, title);
  ax.draw_legend(fig, legend, avoid);
  return fig;
}

}  // namespace tabnas::report
