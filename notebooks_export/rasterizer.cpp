#include "tabnas/report/rasterizer.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "tabnas/report/bitmap_font.hpp"

namespace tabnas::report {

namespace {

constexpr int kSub = 4;  // samples per pixel per axis

/// A shape: one or more closed contours, filled with the even-odd rule. Shapes of one
/// primitive are united.
using Contour = std::vector<Point>;
using Shape = std::vector<Contour>;

class Compositor {
 public:
  explicit Compositor(RasterImage& img) : img_(img) {}

  void fill(const std::vector<Shape>& shapes, Color color, double opacity) {
    double min_x = 1e300;
    double min_y = 1e300;
    double max_x = -1e300;
    double max_y = -1e300;
    for (const auto& s : shapes) {
      for (const auto& c : s) {
        for (const auto& p : c) {
          min_x = std::min(min_x, p.x);
          min_y = std::min(min_y, p.y);
          max_x = std::max(max_x, p.x);
          max_y = std::max(max_y, p.y);
        }
      }
    }
    if (!(max_x > min_x) || !(max_y > min_y)) return;
    const long px0 = std::max(0L, static_cast<long>(std::floor(min_x)));
    const long py0 = std::max(0L, static_cast<long>(std::floor(min_y)));
    const long px1 =
        std::min(static_cast<long>(img_.width()), static_cast<long>(std::ceil(max_x)) + 1);
    const long py1 =
        std::min(static_cast<long>(img_.height()), static_cast<long>(std::ceil(max_y)) + 1);
    if (px1 <= px0 || py1 <= py0) return;
    const auto bw = static_cast<std::size_t>(px1 - px0);
    const auto bh = static_cast<std::size_t>(py1 - py0);
    const long sx0 = px0 * kSub;
    const long sx1 = px1 * kSub;
    const long sy0 = py0 * kSub;
    std::vector<std::vector<std::pair<long, long>>> spans(bh * kSub);
    std::vector<double> xs;
    for (const auto& shape : shapes) {
      double ymin = 1e300;
      double ymax = -1e300;
      for (const auto& c : shape) {
        for (const auto& p : c) {
          ymin = std::min(ymin, p.y);
          ymax = std::max(ymax, p.y);
        }
      }
      // sample rows whose centre (row + 0.5) / kSub lies in [ymin, ymax)
      long r0 = static_cast<long>(std::ceil(ymin * kSub - 0.5));
      long r1 = static_cast<long>(std::ceil(ymax * kSub - 0.5));
      r0 = std::max(r0, sy0);
      r1 = std::min(r1, sy0 + static_cast<long>(bh) * kSub);
      for (long r = r0; r < r1; ++r) {
        const double y = (static_cast<double>(r) + 0.5) / kSub;
        xs.clear();
        for (const auto& c : shape) {
          for (std::size_t i = 0; i < c.size(); ++i) {
            const Point& a = c[i];
            const Point& b = c[(i + 1) % c.size()];
            if ((a.y <= y && y < b.y) || (b.y <= y && y < a.y)) {
              xs.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
            }
          }
        }
        std::sort(xs.begin(), xs.end());
        for (std::size_t i = 0; i + 1 < xs.size(); i += 2) {
          long c0 = static_cast<long>(std::ceil(xs[i] * kSub - 0.5));
          long c1 = static_cast<long>(std::ceil(xs[i + 1] * kSub - 0.5));
          c0 = std::max(c0, sx0);
          c1 = std::min(c1, sx1);
          if (c1 > c0) spans[static_cast<std::size_t>(r - sy0)].emplace_back(c0, c1);
        }
      }
    }
    std::vector<float> cov(bw * bh, 0.0F);
    constexpr float kWeight = 1.0F / static_cast<float>(kSub * kSub);
    for (std::size_t r = 0; r < spans.size(); ++r) {
      auto& row = spans[r];
      if (row.empty()) continue;
      std::sort(row.begin(), row.end());
      float* line = &cov[(r / kSub) * bw];
      long cur0 = row[0].first;
      long cur1 = row[0].second;
      const auto emit = [&](long c0, long c1) {
        for (long c = c0; c < c1; ++c) line[static_cast<std::size_t>(c / kSub - px0)] += kWeight;
      };
      for (std::size_t i = 1; i < row.size(); ++i) {
        if (row[i].first <= cur1) {
          cur1 = std::max(cur1, row[i].second);
        } else {
          emit(cur0, cur1);
          cur0 = row[i].first;
          cur1 = row[i].second;
        }
      }
      emit(cur0, cur1);
    }
    for (std::size_t y = 0; y < bh; ++y) {
      for (std::size_t x = 0; x < bw; ++x) {
        const float c = cov[y * bw + x];
        if (c <= 0.0F) continue;
        img_.blend(static_cast<std::uint32_t>(px0) + static_cast<std::uint32_t>(x),
                   static_cast<std::uint32_t>(py0) + static_cast<std::uint32_t>(y), color,
                   opacity * std::min(1.0, static_cast<double>(c)));
      }
    }
  }

 private:
  RasterImage& img_;
};

Contour circle_contour(Point c, double r) {
  const int n = std::clamp(static_cast<int>(std::ceil(2.0 * std::numbers::pi * r / 1.5)), 12, 96);
  Contour out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const double a = 2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
    out.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
  }
  return out;
}

/// Stroke shapes of a polyline (device coordinates): one quad per segment, a disc per vertex.
void stroke_shapes(const std::vector<Point>& pts, double width, std::vector<Shape>& out) {
  const double hw = width / 2.0;
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    const Point a = pts[i];
    const Point b = pts[i + 1];
    const double dx = b.x - a.x;
    const double dy = b.y - a.y;
    const double len = std::hypot(dx, dy);
    if (len <= 0.0) continue;
    const double nx = -dy / len * hw;
    const double ny = dx / len * hw;
    out.push_back(
        {{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}}});
  }
  if (hw * 2.0 >= 1.0) {  // round joins and caps where they are visible
    for (const auto& p : pts) out.push_back({circle_contour(p, hw)});
  }
}

/// Splits a polyline into dash pieces {on, off}.
std::vector<std::vector<Point>> dash_pieces(const std::vector<Point>& pts, double on, double off) {
  std::vector<std::vector<Point>> out;
  if (!(on > 0.0) || !(off >= 0.0)) return {pts};
  bool drawing = true;
  double left = on;
  std::vector<Point> cur;
  if (!pts.empty()) cur.push_back(pts[0]);
  for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
    Point a = pts[i];
    const Point b = pts[i + 1];
    double seg = std::hypot(b.x - a.x, b.y - a.y);
    while (seg > left) {
      const double t = left / seg;
      const Point m{a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
      if (drawing) {
        cur.push_back(m);
        out.push_back(cur);
        cur.clear();
      } else {
        cur = {m};
      }
      drawing = !drawing;
      seg -= left;
      left = drawing ? on : off;
      a = m;
    }
    left -= seg;
    if (drawing) cur.push_back(b);
  }
  if (drawing && cur.size() > 1) out.push_back(cur);
  return out;
}

void draw_text(Compositor& comp, const Figure::Text& t, double scale) {
  const double px = 0.1 * t.size * scale;  // one font pixel in device pixels
  const double width = px * BitmapFont::kAdvance * static_cast<double>(t.text.size());
  double offset = 0.0;
  if (t.anchor == TextAnchor::kMiddle) offset = -width / 2.0;
  if (t.anchor == TextAnchor::kEnd) offset = -width;
  const double ox = std::round(t.at.x * scale);
  const double oy = std::round(t.at.y * scale);
  offset = std::round(offset);
  std::vector<Shape> shapes;
  for (std::size_t k = 0; k < t.text.size(); ++k) {
    const auto& g = BitmapFont::glyph(t.text[k]);
    const double gx = offset + static_cast<double>(k) * BitmapFont::kAdvance * px;
    for (int r = 0; r < BitmapFont::kRows; ++r) {
      const char* row = g[static_cast<std::size_t>(r)];
      int c = 0;
      while (c < BitmapFont::kColumns) {
        if (row[c] != '#') {
          ++c;
          continue;
        }
        int e = c;
        while (e < BitmapFont::kColumns && row[e] == '#') ++e;
        // rectangle in text space: along [x0, x1), across [y0, y1) (y down, baseline 0)
        const double x0 = gx + c * px;
        const double x1 = gx + e * px;
        const double y0 = (r - BitmapFont::kBaseline) * px;
        const double y1 = y0 + px;
        Contour rect;
        for (const auto& [u, v] : {std::pair{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}) {
          // vertical text: rotate -90 degrees about the anchor, (u, v) -> (v, -u)
          rect.push_back(t.vertical ? Point{ox + v, oy - u} : Point{ox + u, oy + v});
        }
        shapes.push_back({rect});
        c = e;
      }
    }
  }
  comp.fill(shapes, t.color, 1.0);
}

}  // namespace

RasterImage Rasterizer::render(const Figure& f, double scale) {
  RasterImage img(static_cast<std::uint32_t>(std::lround(f.width * scale)),
                  static_cast<std::uint32_t>(std::lround(f.height * scale)));
  Compositor comp(img);
  const auto dev = [scale](const std::vector<Point>& pts) {
    std::vector<Point> out;
    out.reserve(pts.size());
    for (const auto& p : pts) out.push_back({p.x * scale, p.y * scale});
    return out;
  };
  for (const auto& e : f.elements) {
    if (const auto* p = std::get_if<Figure::Polyline>(&e)) {
      std::vector<Point> pts = dev(p->points);
      if (p->closed && !pts.empty()) pts.push_back(pts.front());
      std::vector<Shape> shapes;
      if (p->dash.size() == 2) {
        for (const auto& piece : dash_pieces(pts, p->dash[0] * scale, p->dash[1] * scale)) {
          stroke_shapes(piece, p->width * scale, shapes);
        }
      } else {
        stroke_shapes(pts, p->width * scale, shapes);
      }
      comp.fill(shapes, p->stroke, p->opacity);
    } else if (const auto* g = std::get_if<Figure::Polygon>(&e)) {
      comp.fill({{dev(g->points)}}, g->fill, g->opacity);
    } else if (const auto* c = std::get_if<Figure::Circle>(&e)) {
      const Point center{c->center.x * scale, c->center.y * scale};
      const double r = c->radius * scale;
      if (c->fill_opacity > 0.0) comp.fill({{circle_contour(center, r)}}, c->fill, c->fill_opacity);
      if (c->stroke_width > 0.0) {
        const double hw = c->stroke_width * scale / 2.0;
        comp.fill({{circle_contour(center, r + hw), circle_contour(center, std::max(0.0, r - hw))}},
                  c->stroke, 1.0);
      }
    } else if (const auto* t = std::get_if<Figure::Text>(&e)) {
      draw_text(comp, *t, scale);
    }
  }
  return img;
}

}  // namespace tabnas::report
