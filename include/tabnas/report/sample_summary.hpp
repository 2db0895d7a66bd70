#pragma once
/// @file Descriptive statistics of one sample (one table cell of the report).
#include <cstddef>
#include <vector>

namespace tabnas::report {

class Bootstrap;

/// n, mean, sample std, standard error, 95% t and bootstrap CIs of the mean, median, quartiles,
/// min and max. NaN values are dropped first; statistics of an empty sample are NaN. Sums run
/// in input order (DESIGN.md rule 5).
struct SampleSummary {
  std::size_t n = 0;
  double mean = 0.0;
  double std = 0.0;    ///< sample standard deviation (n - 1 in the denominator); NaN if n < 2
  double sem = 0.0;    ///< std / sqrt(n); NaN if n < 2
  double t_low = 0.0;  ///< mean -+ t(0.975, n - 1) * sem; NaN if n < 2
  double t_high = 0.0;
  double boot_low = 0.0;  ///< percentile bootstrap 95% CI (NaN when no Bootstrap is given)
  double boot_high = 0.0;
  double median = 0.0;  ///< type-7 quantiles (quantile.hpp)
  double q1 = 0.0;
  double q3 = 0.0;
  double min = 0.0;
  double max = 0.0;

  /// @param bootstrap if non-null, also computes the bootstrap interval with it.
  static SampleSummary of(const std::vector<double>& values, const Bootstrap* bootstrap = nullptr);
  /// Two-sided 97.5% quantile of Student's t with `df` degrees of freedom (df >= 1).
  [[nodiscard]] static double t_quantile_975(double df);
};

}  // namespace tabnas::report
