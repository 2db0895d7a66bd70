#include "tabnas/report/axes.hpp"

#include <algorithm>
#include <cmath>

#include "tabnas/core/text_format.hpp"

namespace tabnas::report {

namespace {

const Color kBlack{0x22, 0x22, 0x22};
const Color kGrid{0xe4, 0xe4, 0xe4};
const Color kGrey{0x55, 0x55, 0x55};

}  // namespace

Axes::Axes(double left, double top, double right, double bottom)
    : left_(left), top_(top), right_(right), bottom_(bottom) {}

void Axes::set_x_range(double lo, double hi, double pad) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0.0;
    hi = 1.0;
  }
  if (hi <= lo) {
    const double d = std::max(1e-9, std::fabs(lo) * 0.05 + 0.5);
    lo -= d;
    hi += d;
  }
  const double p = (hi - lo) * pad;
  x_lo_ = lo - p;
  x_hi_ = hi + p;
}

void Axes::set_y_range(double lo, double hi, double pad) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0.0;
    hi = 1.0;
  }
  if (hi <= lo) {
    const double d = std::max(1e-9, std::fabs(lo) * 0.05 + 0.5);
    lo -= d;
    hi += d;
  }
  const double p = (hi - lo) * pad;
  y_lo_ = lo - p;
  y_hi_ = hi + p;
}

void Axes::set_x_categories(std::vector<std::string> names) {
  categories_ = std::move(names);
  x_lo_ = 0.5;
  x_hi_ = static_cast<double>(categories_.size()) + 0.5;
}

double Axes::px(double x) const {
  return left_ + (x - x_lo_) / (x_hi_ - x_lo_) * (right_ - left_);
}

double Axes::py(double y) const {
  return bottom_ - (y - y_lo_) / (y_hi_ - y_lo_) * (bottom_ - top_);
}

std::vector<double> Axes::nice_ticks(double lo, double hi, int target) {
  std::vector<double> out;
  if (!(hi > lo) || target < 1) return out;
  const double raw = (hi - lo) / static_cast<double>(target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  const double first = std::ceil(lo / step - 1e-9);
  for (double k = first;; k += 1.0) {
    const double v = k * step;
    if (v > hi + step * 1e-9) break;
    out.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
    if (out.size() > 100) break;
  }
  return out;
}

std::string Axes::tick_label(double value, double step) {
  int decimals = 0;
  double s = std::fabs(step);
  while (decimals < 8 && s > 0.0 && std::fabs(s - std::round(s)) > 1e-6 * std::max(1.0, s)) {
    s *= 10.0;
    ++decimals;
  }
  std::string out = format_fixed(value, decimals);
  if (out.find_first_not_of("-0.") == std::string::npos) out = format_fixed(0.0, decimals);
  return out;
}

void Axes::draw_grid(Figure& fig) const {
  const auto yt = nice_ticks(y_lo_, y_hi_);
  for (const double y : yt) {
    fig.elements.emplace_back(Figure::Polyline{{{left_, py(y)}, {right_, py(y)}}, kGrid, 1.0});
  }
  if (categories_.empty()) {
    for (const double x : nice_ticks(x_lo_, x_hi_)) {
      fig.elements.emplace_back(Figure::Polyline{{{px(x), top_}, {px(x), bottom_}}, kGrid, 1.0});
    }
  }
}

void Axes::draw_frame(Figure& fig, const std::string& xlabel, const std::string& ylabel,
                      const std::string& title) const {
  fig.elements.emplace_back(
      Figure::Polyline{{{left_, top_}, {right_, top_}, {right_, bottom_}, {left_, bottom_}},
                       kBlack,
                       1.0,
                       1.0,
                       true});
  const auto yt = nice_ticks(y_lo_, y_hi_);
  const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1.0;
  double widest = 0.0;
  for (const double y : yt) {
    fig.elements.emplace_back(
        Figure::Polyline{{{left_ - 4.0, py(y)}, {left_, py(y)}}, kBlack, 1.0});
    const std::string label = tick_label(y, ystep);
    widest = std::max(widest, Figure::text_width(label, kTickFont));
    fig.elements.emplace_back(
        Figure::Text{{left_ - 7.0, py(y) + 3.5}, label, kTickFont, kBlack, TextAnchor::kEnd});
  }
  if (categories_.empty()) {
    const auto xt = nice_ticks(x_lo_, x_hi_);
    const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1.0;
    for (const double x : xt) {
      fig.elements.emplace_back(
          Figure::Polyline{{{px(x), bottom_}, {px(x), bottom_ + 4.0}}, kBlack, 1.0});
      fig.elements.emplace_back(Figure::Text{
          {px(x), bottom_ + 16.0}, tick_label(x, xstep), kTickFont, kBlack, TextAnchor::kMiddle});
    }
  } else {
    for (std::size_t i = 0; i < categories_.size(); ++i) {
      const double x = px(static_cast<double>(i + 1));
      fig.elements.emplace_back(Figure::Polyline{{{x, bottom_}, {x, bottom_ + 4.0}}, kBlack, 1.0});
      fig.elements.emplace_back(Figure::Text{
          {x, bottom_ + 16.0}, categories_[i], kTickFont, kBlack, TextAnchor::kMiddle});
    }
  }
  if (!xlabel.empty()) {
    fig.elements.emplace_back(Figure::Text{
        {(left_ + right_) / 2.0, bottom_ + 34.0}, xlabel, kTickFont, kGrey, TextAnchor::kMiddle});
  }
  if (!ylabel.empty()) {
    fig.elements.emplace_back(Figure::Text{{left_ - widest - 16.0, (top_ + bottom_) / 2.0},
                                           ylabel,
                                           kTickFont,
                                           kGrey,
                                           TextAnchor::kMiddle,
                                           true});
  }
  if (!title.empty()) {
    fig.elements.emplace_back(Figure::Text{
        {(left_ + right_) / 2.0, top_ - 12.0}, title, kTitleFont, kBlack, TextAnchor::kMiddle});
  }
}

void Axes::draw_legend(Figure& fig, const std::vector<LegendEntry>& entries,
                       const std::vector<Point>& avoid) const {
  if (entries.empty()) return;
  double text_w = 0.0;
  for (const auto& e : entries) text_w = std::max(text_w, Figure::text_width(e.label, kTickFont));
  const double line_h = 15.0;
  const double w = 8.0 + 24.0 + 6.0 + text_w + 8.0;
  const double h = 6.0 + line_h * static_cast<double>(entries.size()) + 4.0;
  const double m = 8.0;
  const std::vector<Point> corners = {{right_ - m - w, top_ + m},
                                      {left_ + m, top_ + m},
                                      {right_ - m - w, bottom_ - m - h},
                                      {left_ + m, bottom_ - m - h}};
  std::size_t best = 0;
  std::size_t best_hits = SIZE_MAX;
  for (std::size_t c = 0; c < corners.size(); ++c) {
    std::size_t hits = 0;
    for (const auto& p : avoid) {
      if (p.x >= corners[c].x && p.x <= corners[c].x + w && p.y >= corners[c].y &&
          p.y <= corners[c].y + h) {
        ++hits;
      }
    }
    if (hits < best_hits) {
      best_hits = hits;
      best = c;
    }
  }
  const Point o = corners[best];
  fig.elements.emplace_back(
      Figure::Polygon{{{o.x, o.y}, {o.x + w, o.y}, {o.x + w, o.y + h}, {o.x, o.y + h}},
                      Color{0xff, 0xff, 0xff},
                      0.85});
  fig.elements.emplace_back(
      Figure::Polyline{{{o.x, o.y}, {o.x + w, o.y}, {o.x + w, o.y + h}, {o.x, o.y + h}},
                       Color{0xbb, 0xbb, 0xbb},
                       1.0,
                       1.0,
                       true});
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const double y = o.y + 6.0 + line_h * static_cast<double>(i) + line_h / 2.0;
    const auto& e = entries[i];
    fig.elements.emplace_back(Figure::Polyline{{{o.x + 8.0, y}, {o.x + 32.0, y}}, e.color, 2.0});
    if (e.marker) {
      fig.elements.emplace_back(Figure::Circle{{o.x + 20.0, y}, 3.0, e.color, 1.0, e.color, 0.0});
    }
    fig.elements.emplace_back(
        Figure::Text{{o.x + 38.0, y + 3.5}, e.label, kTickFont, kBlack, TextAnchor::kStart});
  }
}

}  // namespace tabnas::report
