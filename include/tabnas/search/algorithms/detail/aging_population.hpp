#pragma once
/// @file The population of aging (regularized) evolution, shared by regularized_evolution,
/// constrained_evolution and lagrangian_search: a ring buffer of at most `capacity` members in
/// which each new member evicts the oldest, and the tournament of Real et al. (AAAI 2019).
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tabnas/core/rng.hpp"

namespace tabnas::detail {

template <typename Member>
class AgingPopulation {
 public:
  explicit AgingPopulation(std::size_t capacity) : capacity_(capacity) {
    members_.reserve(capacity);
  }

  [[nodiscard]] std::size_t size() const noexcept { return members_.size(); }
  [[nodiscard]] bool empty() const noexcept { return members_.empty(); }
  /// Member at age position k (0 = oldest).
  [[nodiscard]] const Member& at(std::size_t k) const noexcept {
    const std::size_t i = oldest_ + k;
    return members_[i < members_.size() ? i : i - members_.size()];
  }
  /// Adds a member; once the population is full, the oldest member dies.
  void add(const Member& m) {
    if (members_.size() < capacity_) {
      members_.push_back(m);
      return;
    }
    members_[oldest_] = m;
    oldest_ = oldest_ + 1 == members_.size() ? 0 : oldest_ + 1;
  }
  /// The members in age order (oldest first).
  [[nodiscard]] std::vector<Member> in_age_order() const {
    std::vector<Member> out;
    for (std::size_t k = 0; k < members_.size(); ++k) out.push_back(at(k));
    return out;
  }
  /// Tournament: `sample_size` distinct members drawn uniformly (a partial Fisher-Yates pass
  /// over a persistent arrangement of the age positions; any arrangement gives a uniform
  /// sample), returns the age position of the one with the smallest key(member); ties go to the
  /// older member. Requires a non-empty population.
  template <typename Key>
  [[nodiscard]] std::size_t tournament(Rng& rng, std::size_t sample_size, Key key) {
    const std::size_t n = members_.size();
    if (scratch_.size() != n) {
      scratch_.resize(n);
      for (std::size_t i = 0; i < n; ++i) scratch_[i] = i;
    }
    // Local copies: the swaps below store through a pointer, which would otherwise make the
    // compiler reload the members after every store.
    std::size_t* const order = scratch_.data();
    const Member* const ring = members_.data();
    const std::size_t oldest = oldest_;
    const std::size_t s = std::min(sample_size, n);
    std::size_t best = n;
    double best_value = 0.0;
    std::uint64_t best_bits = 0;
    for (std::size_t k = 0; k < s; ++k) {
      const std::size_t j = k + rng.uniform_index(n - k);
      const std::size_t cand = order[j];
      order[j] = order[k];
      order[k] = cand;
      const std::size_t slot = oldest + cand < n ? oldest + cand : oldest + cand - n;
      const double value = key(ring[slot]);
      // Which candidate wins is a coin flip to the branch predictor: select with masks, not
      // branches (the compiler turns `better ? a : b` on doubles into a jump).
      const bool better =
          (best == n) | (value < best_value) | ((value == best_value) & (cand < best));
      const std::uint64_t take = 0U - static_cast<std::uint64_t>(better);
      best = (cand & take) | (best & ~take);
      best_bits = (std::bit_cast<std::uint64_t>(value) & take) | (best_bits & ~take);
      best_value = std::bit_cast<double>(best_bits);
    }
    return best;
  }

 private:
  std::size_t capacity_;
  std::vector<Member> members_;  ///< ring buffer
  std::size_t oldest_ = 0;       ///< slot of the oldest member
  std::vector<std::size_t> scratch_;
};

}  // namespace tabnas::detail
