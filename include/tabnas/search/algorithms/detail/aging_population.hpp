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
#include "tabnas/search/algorithms/detail/subset_table.hpp"

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
  /// Tournament: `sample_size` distinct members drawn uniformly, returns the age position of
  /// the one with the smallest key(member); ties go to the older member. Requires a non-empty
  /// population.
  /// The sample: when the population is full and its C(n, s) subsets are few (SubsetTable, e.g.
  /// the 120 of NATS-Bench's 3 of 10), ONE uniform draw picks a subset from a table of all of
  /// them; otherwise s draws run a partial Fisher-Yates pass over a persistent arrangement of
  /// the age positions (any arrangement gives a uniform sample). Both are uniform over the
  /// subsets; they consume different draws.
  template <typename Key>
  [[nodiscard]] std::size_t tournament(Rng& rng, std::size_t sample_size, Key key) {
    const std::size_t n = members_.size();
    const std::size_t s = std::min(sample_size, n);
    if (n == capacity_) {
      if (table_s_ != s) {
        table_ = SubsetTable::shared(n, s);
        table_s_ = s;
      }
      if (table_ != nullptr) return winner_of_ascending(table_->pick(rng), s, key);
    }
    return tournament_by_shuffle(rng, s, key);
  }

 private:
  /// The tournament's sample by a partial Fisher-Yates pass (s draws).
  template <typename Key>
  [[gnu::noinline]] std::size_t tournament_by_shuffle(Rng& rng, std::size_t s, Key key) {
    const std::size_t n = members_.size();
    if (scratch_.size() != n) {
      scratch_.resize(n);
      for (std::size_t i = 0; i < n; ++i) scratch_[i] = static_cast<std::uint32_t>(i);
    }
    std::uint32_t* const order = scratch_.data();
    for (std::size_t k = 0; k < s; ++k) {
      const std::size_t j = k + rng.uniform_index(n - k);
      std::swap(order[j], order[k]);
    }
    return winner_of(order, s, key);
  }
  /// The ring slot of the member at age position c.
  [[nodiscard]] std::size_t slot_of(std::size_t c) const noexcept {
    const std::size_t i = oldest_ + c;
    return i < members_.size() ? i : i - members_.size();
  }
  /// The winner among the ASCENDING age positions cand[0..s), s >= 1: a later candidate is
  /// younger, so only a strictly smaller key replaces the best (ties stay with the older).
  template <typename Key>
  std::size_t winner_of_ascending(const std::uint16_t* cand, std::size_t s, Key key) const {
    const Member* const ring = members_.data();
    std::size_t best = cand[0];
    double best_value = key(ring[slot_of(best)]);
    for (std::size_t k = 1; k < s; ++k) {
      const std::size_t c = cand[k];
      const double value = key(ring[slot_of(c)]);
      // Which candidate wins is a coin flip to the branch predictor: select the index with a
      // mask and the value with a min, not with branches.
      const std::uint64_t take = 0U - static_cast<std::uint64_t>(value < best_value);
      best = (c & take) | (best & ~take);
      best_value = value < best_value ? value : best_value;
    }
    return best;
  }
  /// The winner among the distinct age positions cand[0..s), in any order.
  template <typename Key>
  std::size_t winner_of(const std::uint32_t* cand, std::size_t s, Key key) const {
    const std::size_t n = members_.size();
    const Member* const ring = members_.data();
    std::size_t best = n;
    double best_value = 0.0;
    std::uint64_t best_bits = 0;
    for (std::size_t k = 0; k < s; ++k) {
      const std::size_t c = cand[k];
      const double value = key(ring[slot_of(c)]);
      // Which candidate wins is a coin flip to the branch predictor: select with masks, not
      // branches (the compiler turns `better ? a : b` on doubles into a jump).
      const bool better = (best == n) | (value < best_value) | ((value == best_value) & (c < best));
      const std::uint64_t take = 0U - static_cast<std::uint64_t>(better);
      best = (c & take) | (best & ~take);
      best_bits = (std::bit_cast<std::uint64_t>(value) & take) | (best_bits & ~take);
      best_value = std::bit_cast<double>(best_bits);
    }
    return best;
  }

  std::size_t capacity_;
  std::vector<Member> members_;         ///< ring buffer
  std::size_t oldest_ = 0;              ///< slot of the oldest member
  std::vector<std::uint32_t> scratch_;  ///< age positions, first s = the last sample
  const SubsetTable* table_ = nullptr;  ///< for the full population and table_s_
  std::size_t table_s_ = 0;             ///< sample size table_ was looked up for (0: none yet)
};

}  // namespace tabnas::detail
