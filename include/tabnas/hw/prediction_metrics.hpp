#pragma once
/// @file Quality of predictions against measurements: rank correlations and errors.
#include <cstddef>
#include <span>
#include <vector>

namespace tabnas {

/// Ranks 1..n with ties given their average rank (fractional ranking), in input order.
[[nodiscard]] std::vector<double> average_ranks(std::span<const double> v);
/// Spearman's rho with ties: Pearson correlation of the average ranks. NaN when n < 2 or either
/// side is constant. @throws ConfigError when the sizes differ.
[[nodiscard]] double spearman_rho(std::span<const double> a, std::span<const double> b);
/// Kendall's tau-b (ties in either variable corrected), O(n log n) (Knight 1966). NaN when
/// n < 2 or either side is constant. @throws ConfigError when the sizes differ.
[[nodiscard]] double kendall_tau_b(std::span<const double> a, std::span<const double> b);
/// Mean absolute percentage error, 100 * mean(|pred - truth| / |truth|).
/// @throws ConfigError when the sizes differ, the input is empty or a truth value is 0.
[[nodiscard]] double mape_percent(std::span<const double> pred, std::span<const double> truth);
/// Root mean squared error (same unit as the values). @throws ConfigError (sizes, empty).
[[nodiscard]] double rmse(std::span<const double> pred, std::span<const double> truth);

/// All four measures on one test set.
struct PredictionQuality {
  std::size_t n = 0;
  double spearman = 0.0;
  double kendall = 0.0;
  double mape = 0.0;  ///< percent
  double rmse = 0.0;  ///< ms
};
[[nodiscard]] PredictionQuality prediction_quality(std::span<const double> pred,
                                                   std::span<const double> truth);

}  // namespace tabnas
