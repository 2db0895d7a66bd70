#pragma once
/// @file Wilcoxon signed-rank test for paired samples (two-sided).
///
/// Differences d_i = x_i - y_i. Zero differences are dropped (Wilcoxon's original treatment,
/// SciPy's zero_method="wilcox"); |d_i| are ranked with ties sharing their average rank;
/// W+ is the sum of the ranks of the positive differences, W- of the negative ones.
///  - n (non-zero differences) <= 25: exact p-value from the permutation distribution of W+
///    given the observed ranks (each sign + or - with probability 1/2, all 2^n sign patterns
///    counted by dynamic programming over doubled ranks, so tied mid-ranks are exact too):
///    p = min(1, 2 min(P(W+ <= w), P(W+ >= w))). Without ties this equals the classical table.
///  - n > 25: normal approximation with tie and continuity correction:
///    z = (W+ - n(n+1)/4 - 0.5 sign(W+ - n(n+1)/4)) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48),
///    t the sizes of the groups of tied |d|, p = erfc(|z| / sqrt 2).
///  - n = 0 (all pairs equal): p = 1.
#include <cstddef>
#include <vector>

namespace tabnas::report {

struct WilcoxonResult {
  std::size_t pairs = 0;    ///< pairs given
  std::size_t nonzero = 0;  ///< pairs with a non-zero difference (the test's n)
  double w_plus = 0.0;      ///< rank sum of the positive differences (x > y)
  double w_minus = 0.0;     ///< rank sum of the negative differences
  double z = 0.0;           ///< normal-approximation statistic (NaN when exact)
  double p_value = 1.0;     ///< two-sided
  bool exact = true;
  double median_difference = 0.0;  ///< median of x - y over all pairs (type 7)
};

class WilcoxonSignedRank {
 public:
  /// Largest n with the exact distribution.
  static constexpr std::size_t kExactMaxN = 25;

  /// Tests paired samples x and y (same length; pairs with a NaN are dropped).
  /// @throws InternalError when the lengths differ.
  static WilcoxonResult test(const std::vector<double>& x, const std::vector<double>& y);
  /// Holm's step-down adjustment of p-values (family-wise error), in the input order.
  static std::vector<double> holm(const std::vector<double>& p_values);
};

}  // namespace tabnas::report
