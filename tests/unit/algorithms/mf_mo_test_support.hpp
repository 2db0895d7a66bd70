#pragma once
/// @file Test support for the multi-fidelity and multi-objective algorithm tests: ladders and
/// a driver that plays the runner with several objectives, fidelities and simulated workers.
#include <catch2/catch.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model_free_test_support.hpp"
#include "tabnas/run/pareto.hpp"
#include "tabnas/search/search_context.hpp"

namespace tabnas::test {

/// NB201's ladder: hp12 -> hp200 (two schedules).
inline std::vector<Fidelity> nb201_ladder() {
  return {Fidelity{"hp12", "hp12", 12.0}, Fidelity{"hp200", "hp200", 200.0}};
}

/// A ladder of one schedule with the given epochs (names "hp<e>").
inline std::vector<Fidelity> epoch_ladder(const std::vector<int>& epochs) {
  std::vector<Fidelity> l;
  for (const int e : epochs) l.push_back({"hp" + std::to_string(e), "s", static_cast<double>(e)});
  return l;
}

/// Objectives of (arch, fidelity).
using MultiObjective = std::function<std::vector<double>(ArchId, std::uint32_t)>;

struct MfDriveResult {
  std::vector<Trial> trials;                ///< in ask order
  std::vector<std::vector<double>> values;  ///< objectives, ask order
  bool ended_early = false;
};

/// Plays the runner: keeps up to `workers` trials pending (asking until nullopt or full), then
/// reports one (the oldest, or a random one with `shuffle_tells`), until `max_trials` were
/// asked; then reports the rest.
inline MfDriveResult drive_mf(Algorithm& algo, const SearchSpace& space,
                              const std::vector<Fidelity>& ladder, const MultiObjective& f,
                              std::uint32_t num_objectives, std::size_t max_trials,
                              std::uint64_t seed, std::uint32_t workers = 1,
                              bool shuffle_tells = false) {
  Rng rng(seed);
  Rng tell_rng(derive_seed(seed, "test/tell_order"));
  SearchContext ctx(space, rng, ladder, num_objectives, workers, max_trials);
  MfDriveResult r;
  std::deque<Trial> pending;
  std::set<std::uint64_t> ids;
  while (true) {
    while (r.trials.size() < max_trials && pending.size() < workers) {
      std::optional<Trial> t = algo.ask(ctx);
      if (!t) break;
      REQUIRE(t->arch < space.size());
      REQUIRE(t->fidelity < ladder.size());
      REQUIRE(ids.insert(t->id).second);
      if (t->resume_from) REQUIRE(ids.count(*t->resume_from) == 1);
      r.trials.push_back(*t);
      r.values.push_back(f(t->arch, t->fidelity));
      REQUIRE(r.values.back().size() == num_objectives);
      pending.push_back(*t);
    }
    if (pending.empty()) {
      r.ended_early = r.trials.size() < max_trials;
      break;
    }
    std::size_t pick = 0;
    if (shuffle_tells) pick = static_cast<std::size_t>(tell_rng.uniform_index(pending.size()));
    const Trial t = pending[pick];
    pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(pick));
    Observation obs;
    obs.trial = t;
    obs.objectives = f(t.arch, t.fidelity);
    algo.tell(obs, ctx);
  }
  return r;
}

/// Single-objective multi-fidelity objective from a landscape: the value does not depend on
/// the fidelity plus `noise_per_rung` times a hash in [0, 1) that shrinks towards the top rung.
inline MultiObjective fidelity_objective(const Objective& g, std::size_t num_rungs,
                                         double noise = 0.0) {
  return [g, num_rungs, noise](ArchId a, std::uint32_t rung) {
    const double h = static_cast<double>(mix64(a * 7919ULL + rung) >> 11U) * 0x1.0p-53;
    const double scale = static_cast<double>(num_rungs - 1 - rung);
    return std::vector<double>{g(a) + noise * scale * h};
  };
}

/// Best objective among the top-rung results (+inf if none).
inline double best_at_top(const MfDriveResult& r, std::uint32_t top) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < r.trials.size(); ++i) {
    if (r.trials[i].fidelity == top) best = std::min(best, r.values[i][0]);
  }
  return best;
}

/// Hypervolume of all results (2 objectives) w.r.t. `ref`.
inline double hypervolume_of(const MfDriveResult& r, const std::vector<double>& ref) {
  PointSet ps;
  ps.dims = ref.size();
  for (const auto& v : r.values) ps.values.insert(ps.values.end(), v.begin(), v.end());
  return hypervolume(ps, ref);
}

}  // namespace tabnas::test
