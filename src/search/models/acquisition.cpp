#include "tabnas/search/models/acquisition.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tabnas {

double normal_pdf(double z) noexcept {
  return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
}

double normal_cdf(double z) noexcept {
  return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

double expected_improvement(double mean, double sd, double best) noexcept {
  const double gap = best - mean;
  if (!(sd > 0.0)) return std::max(gap, 0.0);
  const double z = gap / sd;
  const double ei = gap * normal_cdf(z) + sd * normal_pdf(z);
  return std::max(ei, 0.0);
}

}  // namespace tabnas
