#include "tabnas/report/sample_summary.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "tabnas/report/bootstrap.hpp"
#include "tabnas/report/quantile.hpp"

namespace tabnas::report {

double SampleSummary::t_quantile_975(double df) {
  const boost::math::students_t dist(df);
  return boost::math::quantile(boost::math::complement(dist, 0.025));
}

SampleSummary SampleSummary::of(const std::vector<double>& values, const Bootstrap* bootstrap) {
  std::vector<double> v;
  v.reserve(values.size());
  for (const double x : values) {
    if (!std::isnan(x)) v.push_back(x);
  }
  SampleSummary s;
  const double nan = std::nan("");
  s.n = v.size();
  s.std = s.sem = s.t_low = s.t_high = s.boot_low = s.boot_high = nan;
  if (s.n == 0) {
    s.mean = s.median = s.q1 = s.q3 = s.min = s.max = nan;
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
    const double t = t_quantile_975(static_cast<double>(s.n - 1));
    s.t_low = s.mean - t * s.sem;
    s.t_high = s.mean + t * s.sem;
  }
  if (bootstrap != nullptr) {
    const auto [lo, hi] = bootstrap->mean_ci(v, 0.95);
    s.boot_low = lo;
    s.boot_high = hi;
  }
  std::sort(v.begin(), v.end());
  s.median = quantile_sorted(v, 0.5);
  s.q1 = quantile_sorted(v, 0.25);
  s.q3 = quantile_sorted(v, 0.75);
  s.min = v.front();
  s.max = v.back();
  return s;
}

}  // namespace tabnas::report
