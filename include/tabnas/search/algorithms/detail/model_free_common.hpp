#pragma once
/// @file Internal helpers shared by the model-free algorithms (hill_climbing,
/// simulated_annealing, genetic_algorithm, pbil, differential_evolution, tpe): objective
/// extraction, deterministic comparison and a per-run memo of requested/evaluated
/// architectures. Implementation detail: not part of the stable API.
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include "tabnas/core/rng.hpp"
#include "tabnas/search/trial.hpp"
#include "tabnas/space/search_space.hpp"

namespace tabnas::model_free {

/// The minimised objective of a single-objective algorithm: objectives[0], NaN -> +inf.
inline double objective_of(const Observation& obs) {
  const double v = obs.objectives.at(0);
  return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
}

/// Strict weak order "a is better than b": lower value, ties to the lower arch id.
inline bool better(double value_a, ArchId a, double value_b, ArchId b) noexcept {
  if (value_a != value_b) return value_a < value_b;
  return a < b;
}

/// Which architectures of the space were requested and which have a value. Sized lazily to
/// the space on first use; all operations are O(1) except random_unrequested (bounded).
class EvaluationMemo {
 public:
  /// Sizes the memo for `space` if it is not sized yet.
  void ensure(const SearchSpace& space) {
    if (!value_.empty()) return;
    value_.assign(space.size(), std::numeric_limits<double>::quiet_NaN());
    requested_.assign(space.size(), 0);
  }
  [[nodiscard]] bool requested(ArchId a) const { return requested_[a] != 0; }
  [[nodiscard]] bool known(ArchId a) const { return !std::isnan(value_[a]); }
  /// Value of an evaluated architecture (+inf for a missing table value).
  [[nodiscard]] double value(ArchId a) const { return value_[a]; }
  /// Requested and not yet evaluated.
  [[nodiscard]] bool pending(ArchId a) const { return requested(a) && !known(a); }
  void mark_requested(ArchId a) {
    if (requested_[a] == 0) {
      requested_[a] = 1;
      ++num_requested_;
    }
  }
  /// Records the value of `a` (+inf for missing; never NaN).
  void record(ArchId a, double v) {
    mark_requested(a);
    value_[a] = std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
  }
  [[nodiscard]] std::size_t num_requested() const noexcept { return num_requested_; }
  [[nodiscard]] bool exhausted() const noexcept { return num_requested_ == value_.size(); }

  /// A uniformly random architecture not requested yet, or nullopt when every architecture
  /// was requested. Bounded: 64 rejection draws, then one linear scan from a random offset.
  std::optional<ArchId> random_unrequested(const SearchSpace& space, Rng& rng) const {
    if (exhausted()) return std::nullopt;
    for (int k = 0; k < 64; ++k) {
      const ArchId a = space.sample(rng);
      if (requested_[a] == 0) return a;
    }
    const auto n = static_cast<ArchId>(value_.size());
    const ArchId start = space.sample(rng);
    for (ArchId i = 0; i < n; ++i) {
      const ArchId a = static_cast<ArchId>((static_cast<std::uint64_t>(start) + i) % n);
      if (requested_[a] == 0) return a;
    }
    return std::nullopt;
  }

 private:
  std::vector<double> value_;  ///< NaN = not evaluated
  std::vector<std::uint8_t> requested_;
  std::size_t num_requested_ = 0;
};

/// After this many consecutive generations without a single new query, population methods
/// inject one random unrequested architecture so that ask() always terminates.
inline constexpr int kMaxFreeGenerations = 16;

}  // namespace tabnas::model_free
