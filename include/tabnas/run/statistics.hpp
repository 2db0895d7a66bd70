#pragma once
/// @file Summary statistics of a sample (fixed-order reductions).
#include <vector>

namespace tabnas {

/// Mean, sample standard deviation and Student-t 95% confidence interval of the mean.
struct SampleStats {
  std::size_t n = 0;
  double mean = 0.0;
  double std = 0.0;     ///< sample standard deviation (n - 1); 0 when n < 2
  double sem = 0.0;     ///< standard error of the mean
  double ci_low = 0.0;  ///< 95% CI, t distribution with n - 1 degrees of freedom
  double ci_high = 0.0;
  double median = 0.0;

  /// Computes the statistics of `values` (NaNs are skipped).
  static SampleStats of(const std::vector<double>& values);
};

}  // namespace tabnas
