#include "tabnas/run/pareto.hpp"

#include <algorithm>

#include "tabnas/core/errors.hpp"

namespace tabnas {

bool dominates(const double* a, const double* b, std::size_t dims) {
  bool strictly = false;
  for (std::size_t k = 0; k < dims; ++k) {
    if (a[k] > b[k]) return false;
    if (a[k] < b[k]) strictly = true;
  }
  return strictly;
}

std::vector<std::size_t> non_dominated(const PointSet& points) {
  std::vector<std::size_t> out;
  const std::size_t n = points.size();
  for (std::size_t i = 0; i < n; ++i) {
    bool keep = true;
    for (std::size_t j = 0; j < n && keep; ++j) {
      if (j == i) continue;
      if (dominates(points.point(j), points.point(i), points.dims)) keep = false;
      // Equal points: keep only the first occurrence.
      if (j < i && std::equal(points.point(j), points.point(j) + points.dims, points.point(i))) {
        keep = false;
      }
    }
    if (keep) out.push_back(i);
  }
  return out;
}

namespace {

/// 2-D hypervolume of (x, y) points already clipped to be strictly better than ref.
double hv2(std::vector<std::pair<double, double>> pts, double rx, double ry) {
  std::sort(pts.begin(), pts.end());
  double area = 0.0;
  double best_y = ry;
  for (const auto& [x, y] : pts) {
    if (y < best_y) {
      area += (rx - x) * (best_y - y);
      best_y = y;
    }
  }
  return area;
}

}  // namespace

double hypervolume(const PointSet& points, const std::vector<double>& reference) {
  const std::size_t d = points.dims;
  if (d != reference.size()) throw InternalError("hypervolume: reference has the wrong size");
  if (d == 0 || d > 3) {
    throw ConfigError("exact hypervolume supports 1 to 3 objectives, got " + std::to_string(d));
  }
  std::vector<std::size_t> inside;
  for (std::size_t i = 0; i < points.size(); ++i) {
    bool ok = true;
    for (std::size_t k = 0; k < d; ++k) ok = ok && points.point(i)[k] < reference[k];
    if (ok) inside.push_back(i);
  }
  if (inside.empty()) return 0.0;
  if (d == 1) {
    double best = reference[0];
    for (const auto i : inside) best = std::min(best, points.point(i)[0]);
    return reference[0] - best;
  }
  if (d == 2) {
    std::vector<std::pair<double, double>> pts;
    for (const auto i : inside) pts.emplace_back(points.point(i)[0], points.point(i)[1]);
    return hv2(std::move(pts), reference[0], reference[1]);
  }
  // 3-D: sweep along z; between consecutive z levels the slice is the 2-D hypervolume of the
  // points with z <= level.
  std::vector<std::size_t> order = inside;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return points.point(a)[2] < points.point(b)[2] ||
           (points.point(a)[2] == points.point(b)[2] && a < b);
  });
  double volume = 0.0;
  std::vector<std::pair<double, double>> slice;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const double* p = points.point(order[k]);
    slice.emplace_back(p[0], p[1]);
    const double z_next = k + 1 < order.size() ? points.point(order[k + 1])[2] : reference[2];
    if (z_next > p[2]) volume += hv2(slice, reference[0], reference[1]) * (z_next - p[2]);
  }
  return volume;
}

}  // namespace tabnas
