#pragma once
/// @file Sample quantiles.
#include <vector>

namespace tabnas::report {

/// Quantile `p` in [0, 1] of an ascending-sorted sample by linear interpolation between order
/// statistics (Hyndman & Fan type 7: h = (n - 1) p, x[floor h] + (h - floor h)(x[floor h + 1] -
/// x[floor h])), the default of R, NumPy and pandas, so the exported notebook reproduces it.
/// NaN for an empty sample.
[[nodiscard]] double quantile_sorted(const std::vector<double>& sorted, double p);

}  // namespace tabnas::report
