#include "tabnas/run/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

namespace tabnas {

SampleStats SampleStats::of(const std::vector<double>& values) {
  std::vector<double> v;
  v.reserve(values.size());
  for (const double x : values) {
    if (!std::isnan(x)) v.push_back(x);
  }
  SampleStats s;
  s.n = v.size();
  if (s.n == 0) {
    s.mean = s.std = s.sem = s.ci_low = s.ci_high = s.median = std::nan("");
    return s;
  }
  double sum = 0.0;
  for (const double x : v) sum += x;
  s.mean = sum / static_cast<double>(s.n);
  if (s.n >= 2) {
    double ss = 0.0;
    for (const double x : v) ss += (x - s.mean) * (x - s.mean);
    s.std = std::sqrt(ss / static_cast<double>(s.n - 1));
    s.sem = s.std / std::sqrt(static_cast<double>(s.n));
    const boost::math::students_t dist(static_cast<double>(s.n - 1));
    const double t = boost::math::quantile(boost::math::complement(dist, 0.025));
    s.ci_low = s.mean - t * s.sem;
    s.ci_high = s.mean + t * s.sem;
  } else {
    s.ci_low = s.ci_high = s.mean;
  }
  std::sort(v.begin(), v.end());
  s.median = (s.n % 2 == 1) ? v[s.n / 2] : 0.5 * (v[s.n / 2 - 1] + v[s.n / 2]);
  return s;
}

}  // namespace tabnas
