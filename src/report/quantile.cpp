#include "tabnas/report/quantile.hpp"

#include <algorithm>
#include <cmath>

namespace tabnas::report {

double quantile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return std::nan("");
  p = std::clamp(p, 0.0, 1.0);
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const double lo = std::floor(h);
  const auto i = static_cast<std::size_t>(lo);
  if (i + 1 >= sorted.size()) return sorted.back();
  // NumPy's form (a + (b - a) * t), so results agree bit for bit in the common cases.
  return sorted[i] + (sorted[i + 1] - sorted[i]) * (h - lo);
}

}  // namespace tabnas::report
