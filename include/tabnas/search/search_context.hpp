#pragma once
/// @file What an algorithm may use while it searches: the space, its own random stream, the
/// fidelity ladder, the number of objectives and simulated workers. Never storage, never the
/// evaluator.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "tabnas/core/rng.hpp"
#include "tabnas/search/trial.hpp"
#include "tabnas/space/search_space.hpp"

namespace tabnas {

/// One rung of the fidelity ladder, lowest first. Two rungs of the same `schedule` are epochs
/// of one training run (a promotion pays only the extra epochs); rungs of different schedules
/// are separate runs (a promotion pays the full run).
struct Fidelity {
  std::string name;      ///< e.g. "hp12", "hp200"
  std::string schedule;  ///< e.g. "hp12"
  double epochs = 1.0;   ///< epochs trained at this rung
};

/// A constraint on a per-architecture quantity that is free to look up (e.g. latency on a
/// device): feasible when value <= max. Missing values (NaN) are infeasible.
struct ArchConstraint {
  std::string name;
  const std::vector<double>* values = nullptr;
  double max = 0.0;
};

class SearchContext {
 public:
  SearchContext(const SearchSpace& space, Rng& rng, std::vector<Fidelity> fidelities,
                std::uint32_t num_objectives, std::uint32_t num_workers,
                std::uint64_t budget_queries)
      : space_(space),
        rng_(rng),
        fidelities_(std::move(fidelities)),
        num_objectives_(num_objectives),
        num_workers_(num_workers),
        budget_queries_(budget_queries) {}

  [[nodiscard]] const SearchSpace& space() const noexcept { return space_; }
  [[nodiscard]] Rng& rng() noexcept { return rng_; }
  /// Number of fidelities (1 for single-fidelity experiments); the last is the full one.
  [[nodiscard]] std::uint32_t num_fidelities() const noexcept {
    return static_cast<std::uint32_t>(fidelities_.size());
  }
  [[nodiscard]] const std::vector<Fidelity>& fidelities() const noexcept { return fidelities_; }
  /// Number of objectives in Observation::objectives (all minimised).
  [[nodiscard]] std::uint32_t num_objectives() const noexcept { return num_objectives_; }
  /// Number of simulated parallel workers (ask may be called this many times before a tell).
  [[nodiscard]] std::uint32_t num_workers() const noexcept { return num_workers_; }
  /// Query budget of the run (informational; the runner enforces it; 0 = budget in cost).
  [[nodiscard]] std::uint64_t budget_queries() const noexcept { return budget_queries_; }
  /// Constraints of the experiment (empty when unconstrained). Hardware-constrained
  /// algorithms may check feasibility before proposing: look-ups are free.
  void set_constraints(std::vector<ArchConstraint> constraints) {
    constraints_ = std::move(constraints);
  }
  [[nodiscard]] const std::vector<ArchConstraint>& constraints() const noexcept {
    return constraints_;
  }
  /// True when every constraint holds for `arch`.
  [[nodiscard]] bool feasible(ArchId arch) const {
    for (const auto& c : constraints_) {
      const double v = (*c.values)[arch];
      if (!(v <= c.max)) return false;
    }
    return true;
  }
  /// Sum over constraints of the relative violation max(0, value - max) / |max| (inf when a
  /// value is missing); 0 for a feasible architecture.
  [[nodiscard]] double violation(ArchId arch) const {
    double total = 0.0;
    for (const auto& c : constraints_) {
      const double v = (*c.values)[arch];
      if (v != v) return std::numeric_limits<double>::infinity();
      if (v > c.max) total += (v - c.max) / (c.max != 0.0 ? std::abs(c.max) : 1.0);
    }
    return total;
  }
  /// A trial with the next id, as ask() returns it. Built in place: converting a fresh Trial
  /// into the optional copies it with wide loads over the narrow stores that just wrote it,
  /// which the CPU cannot forward (a stall on every ask).
  std::optional<Trial> propose(ArchId arch, std::uint32_t fidelity = 0) {
    std::optional<Trial> t(std::in_place);
    t->id = next_id_++;
    t->arch = arch;
    t->fidelity = fidelity;
    return t;
  }
  /// A trial with the next id, for algorithms that queue trials before handing them out.
  Trial make_trial(ArchId arch, std::uint32_t fidelity = 0) { return *propose(arch, fidelity); }

 private:
  const SearchSpace& space_;
  Rng& rng_;
  std::vector<Fidelity> fidelities_;
  std::uint32_t num_objectives_;
  std::uint32_t num_workers_;
  std::uint64_t budget_queries_;
  std::uint64_t next_id_ = 0;
  std::vector<ArchConstraint> constraints_;
};

}  // namespace tabnas
