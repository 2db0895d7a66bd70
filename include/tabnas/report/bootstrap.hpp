#pragma once
/// @file Percentile bootstrap confidence interval of the mean, seeded (DESIGN.md rule 1).
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace tabnas::report {

/// Percentile bootstrap of the sample mean: `resamples` resamples of size n drawn with
/// replacement (indices from a tabnas::Rng), the CI is the (alpha/2, 1 - alpha/2) type-7
/// quantiles of the resampled means. Pure function of (seed, values): the same inputs give
/// the same interval on every platform.
class Bootstrap {
 public:
  /// @param seed stream seed; use stream_seed() to derive one per table cell.
  explicit Bootstrap(std::uint64_t seed, std::size_t resamples = 2000);

  /// 100 * level % interval (level in (0, 1)); {NaN, NaN} for an empty sample, {x, x} for n = 1.
  [[nodiscard]] std::pair<double, double> mean_ci(const std::vector<double>& values,
                                                  double level = 0.95) const;
  /// Seed of the bootstrap stream of one (dataset, algorithm, step) cell, derived from a
  /// master seed, so a cell's interval does not depend on which other cells are computed.
  [[nodiscard]] static std::uint64_t stream_seed(std::uint64_t master, std::string_view dataset,
                                                 std::string_view algorithm, std::uint64_t step);
  /// The bootstrap of one table cell: same resamples, seed stream_seed(this seed, ...).
  [[nodiscard]] Bootstrap cell(std::string_view dataset, std::string_view algorithm,
                               std::uint64_t step) const;
  [[nodiscard]] std::size_t resamples() const noexcept { return resamples_; }
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }

  /// Default master seed of `tabnas report` / `tabnas export` (--bootstrap-seed).
  static constexpr std::uint64_t kDefaultSeed = 20261127;

 private:
  std::uint64_t seed_;
  std::size_t resamples_;
};

}  // namespace tabnas::report
