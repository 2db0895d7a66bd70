#pragma once
/// @file What a model-based search algorithm has seen so far: evaluated architectures with their
/// objective, proposals still pending, and helpers to pick unseen architectures.
#include <cstddef>
#include <optional>
#include <vector>

#include "tabnas/core/rng.hpp"
#include "tabnas/space/search_space.hpp"

namespace tabnas {

/// Evaluated architectures (in tell order) plus the set of all proposed ones.
///
/// Objectives are minimised; NaN is stored as +inf (missing table value). The archive is sized
/// lazily from the first space it sees. Ties between equal objectives are always broken by the
/// smaller arch id, so every ranking is deterministic.
class ObservationArchive {
 public:
  /// Sizes the archive for `space` (no-op once sized).
  void ensure_sized(const SearchSpace& space);

  /// Marks `arch` as proposed (pending until told).
  void mark_proposed(ArchId arch);
  /// Records the result of `arch`. NaN becomes +inf.
  void add(ArchId arch, double objective);

  /// True if `arch` was proposed (pending or evaluated).
  [[nodiscard]] bool seen(ArchId arch) const { return arch < seen_.size() && seen_[arch]; }
  /// Number of distinct architectures proposed so far.
  [[nodiscard]] std::size_t num_seen() const noexcept { return num_seen_; }
  /// Number of proposals not yet told.
  [[nodiscard]] std::size_t num_pending() const noexcept { return pending_; }
  /// Number of results recorded.
  [[nodiscard]] std::size_t size() const noexcept { return archs_.size(); }
  /// True once every architecture of the space was proposed.
  [[nodiscard]] bool exhausted() const noexcept {
    return !seen_.empty() && num_seen_ == seen_.size();
  }

  /// Evaluated architectures, tell order.
  [[nodiscard]] const std::vector<ArchId>& archs() const noexcept { return archs_; }
  /// Objectives (+inf = missing), tell order.
  [[nodiscard]] const std::vector<double>& values() const noexcept { return values_; }
  /// Objectives for model training: +inf replaced by the worst finite value (0 if none).
  [[nodiscard]] std::vector<double> training_targets() const;
  /// Best (smallest) objective, +inf if none.
  [[nodiscard]] double best_value() const;
  /// Positions (into archs()) of the `k` best results, best first; ties by arch id.
  [[nodiscard]] std::vector<std::size_t> best_positions(std::size_t k) const;

  /// A uniformly random architecture not seen yet: up to `tries` rejection samples, then the
  /// first unseen id at or after a random start (wrapping). nullopt when exhausted.
  [[nodiscard]] std::optional<ArchId> random_unseen(const SearchSpace& space, Rng& rng,
                                                    std::size_t tries = 64) const;

 private:
  std::vector<bool> seen_;
  std::size_t num_seen_ = 0;
  std::size_t pending_ = 0;
  std::vector<ArchId> archs_;
  std::vector<double> values_;
};

}  // namespace tabnas
