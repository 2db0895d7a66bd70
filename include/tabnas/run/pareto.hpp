#pragma once
/// @file Pareto dominance and exact hypervolume (minimisation) for 2 and 3 objectives.
#include <cstddef>
#include <vector>

namespace tabnas {

/// Row-major points: n points of `dims` objectives each.
struct PointSet {
  std::size_t dims = 0;
  std::vector<double> values;
  [[nodiscard]] std::size_t size() const { return dims == 0 ? 0 : values.size() / dims; }
  [[nodiscard]] const double* point(std::size_t i) const { return values.data() + i * dims; }
};

/// True when a dominates b (a <= b everywhere, < somewhere; minimisation).
bool dominates(const double* a, const double* b, std::size_t dims);
/// Indices of the non-dominated points, ascending; duplicates keep their first occurrence.
std::vector<std::size_t> non_dominated(const PointSet& points);
/// Exact hypervolume dominated by `points` and bounded by `reference` (points not strictly
/// better than the reference in every objective contribute nothing). 1, 2 or 3 objectives.
/// @throws ConfigError for more than 3 objectives.
double hypervolume(const PointSet& points, const std::vector<double>& reference);

}  // namespace tabnas
