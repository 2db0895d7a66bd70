#pragma once
/// @file All s-element subsets of {0, ..., n-1} in one table, so that a uniform random subset
/// costs one engine draw instead of s (the tournament of aging evolution, aging_population.hpp).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tabnas/core/rng.hpp"

namespace tabnas::detail {

class SubsetTable {
 public:
  /// Tables hold at most this many positions (subsets x s), so they stay in the L1 cache.
  static constexpr std::size_t kMaxEntries = 4096;

  /// Every s-subset of {0..n-1} in lexicographic order; 1 <= s <= n and
  /// C(n, s) * s <= kMaxEntries (fits() checks).
  SubsetTable(std::size_t n, std::size_t s);
  /// True when the subsets of (n, s) fit in a table.
  [[nodiscard]] static bool fits(std::size_t n, std::size_t s);
  /// The process-wide table of (n, s), built on first use and never freed (thread-safe); null
  /// when the subsets do not fit.
  [[nodiscard]] static const SubsetTable* shared(std::size_t n, std::size_t s);

  [[nodiscard]] std::size_t subsets() const noexcept { return subsets_; }
  /// The s positions of subset k (ascending).
  [[nodiscard]] const std::uint16_t* subset(std::size_t k) const noexcept {
    return positions_.data() + k * s_;
  }
  /// A uniformly drawn subset: rng.uniform_index(subsets()) picks it (no draw when there is one
  /// subset, as for uniform_index(1)).
  [[nodiscard]] const std::uint16_t* pick(Rng& rng) const {
    return subset(subsets_ == 1 ? 0 : rng.uniform_index(divisor_, subsets_));
  }

 private:
  std::size_t s_;
  std::size_t subsets_ = 0;
  UniformIndexDivisor divisor_;
  std::vector<std::uint16_t> positions_;  ///< subsets_ x s_
};

}  // namespace tabnas::detail
