#pragma once
/// @file A set of architecture ids with uniform sampling of the ids NOT in it; used by the
/// multi-fidelity and multi-objective algorithms to never start the same architecture twice.
/// Implementation detail: not part of the stable API.
#include <cstdint>
#include <optional>
#include <vector>

#include "tabnas/core/rng.hpp"
#include "tabnas/space/search_space.hpp"

namespace tabnas::mf {

class ArchSet {
 public:
  /// Sizes the set for `space` on first use (no-op afterwards).
  void ensure(const SearchSpace& space) {
    if (member_.empty()) member_.assign(space.size(), 0);
  }
  [[nodiscard]] bool contains(ArchId a) const { return a < member_.size() && member_[a] != 0; }
  void insert(ArchId a) {
    if (member_[a] == 0) {
      member_[a] = 1;
      ++size_;
    }
  }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  /// True when every architecture of the (sized) space is in the set.
  [[nodiscard]] bool full() const noexcept { return size_ == member_.size(); }

  /// A uniformly random architecture not in the set, or nullopt when the set is full.
  /// Bounded: 64 rejection draws, then one linear scan from a random offset (so the result is
  /// uniform while the set is sparse, and the call always terminates).
  std::optional<ArchId> random_missing(const SearchSpace& space, Rng& rng) const {
    if (full()) return std::nullopt;
    for (int k = 0; k < 64; ++k) {
      const ArchId a = space.sample(rng);
      if (member_[a] == 0) return a;
    }
    const auto n = static_cast<std::uint64_t>(member_.size());
    const std::uint64_t start = space.sample(rng);
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto a = static_cast<ArchId>((start + i) % n);
      if (member_[a] == 0) return a;
    }
    return std::nullopt;
  }

 private:
  std::vector<std::uint8_t> member_;
  std::size_t size_ = 0;
};

}  // namespace tabnas::mf
