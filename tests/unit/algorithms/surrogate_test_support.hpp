#pragma once
/// @file Helpers for the surrogate-algorithm tests: the NB201 space built without data files, a
/// toy objective on it, and a simulated ask/tell loop with several workers.
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "nb201/nb201_cell.hpp"
#include "nb201/nb201_space.hpp"
#include "tabnas/core/rng.hpp"
#include "tabnas/search/algorithm_registry.hpp"

namespace tabnas::test {

/// The NB201 space with arch ids in cell-code order (any permutation is a valid space).
inline const nb201::Nb201Space& toy_nb201_space() {
  static const nb201::Nb201Space space = [] {
    std::vector<std::string> strings;
    strings.reserve(nb201::kNumCells);
    for (std::uint32_t c = 0; c < nb201::kNumCells; ++c) {
      strings.push_back(nb201::Nb201Cell::from_code(c).to_string());
    }
    return nb201::Nb201Space(strings);
  }();
  return space;
}

/// Toy objective (minimised): minus a weighted op score with one interaction term, plus a small
/// deterministic per-arch perturbation. Unique optimum: every edge nor_conv_3x3.
inline double toy_objective(const SearchSpace& space, ArchId arch) {
  static constexpr double kOpScore[5] = {0.0, 0.3, 0.6, 1.0, 0.2};  // none skip c1 c3 pool
  static constexpr double kEdgeWeight[6] = {1.0, 0.8, 1.2, 1.5, 0.9, 1.1};
  std::uint8_t ops[6];
  space.decode(arch, ops);
  double score = 0.0;
  for (int e = 0; e < 6; ++e) score += kEdgeWeight[e] * kOpScore[ops[e]];
  if (ops[3] == 3 && ops[5] == 3) score += 0.5;
  const double noise = static_cast<double>(mix64(arch) >> 11U) * 0x1.0p-53 * 0.05;
  return -(score + noise);
}

/// Best possible toy objective.
inline double toy_optimum(const SearchSpace& space) {
  double best = std::numeric_limits<double>::infinity();
  for (ArchId a = 0; a < space.size(); ++a) best = std::min(best, toy_objective(space, a));
  return best;
}

/// Creates a registered algorithm with the given parameters (JSON object or null).
inline std::unique_ptr<Algorithm> make_algorithm(const std::string& name,
                                                 const nlohmann::json& params = nullptr) {
  const AlgorithmInfo& info = find_algorithm(name, "test");
  return info.make(Params(name, info.params, params, "test.params"));
}

struct LoopResult {
  std::vector<ArchId> proposals;  ///< ask order
  double best = std::numeric_limits<double>::infinity();
};

/// Runs `budget` queries: keeps up to `workers` trials pending, tells the oldest first.
inline LoopResult run_loop(Algorithm& algo, const SearchSpace& space, std::size_t budget,
                           std::uint64_t seed, std::uint32_t workers = 1) {
  Rng rng(seed);
  SearchContext ctx(space, rng, {Fidelity{"full", "full", 1.0}}, 1, workers, budget);
  LoopResult r;
  std::deque<Trial> pending;
  while (true) {
    while (pending.size() < workers && r.proposals.size() < budget) {
      std::optional<Trial> t = algo.ask(ctx);
      if (!t) break;
      r.proposals.push_back(t->arch);
      pending.push_back(*t);
    }
    if (pending.empty()) break;
    Observation obs;
    obs.trial = pending.front();
    pending.pop_front();
    const double v = toy_objective(space, obs.trial.arch);
    obs.objectives.assign(1, v);
    r.best = std::min(r.best, v);
    algo.tell(obs, ctx);
  }
  return r;
}

/// Mean best objective over seeds 1..num_seeds.
inline double mean_best(const std::string& name, const nlohmann::json& params, std::size_t budget,
                        std::size_t num_seeds) {
  double sum = 0.0;
  for (std::size_t s = 1; s <= num_seeds; ++s) {
    auto algo = make_algorithm(name, params);
    sum += run_loop(*algo, toy_nb201_space(), budget, 1000 + s).best;
  }
  return sum / static_cast<double>(num_seeds);
}

/// True if no architecture appears twice and all are inside the space.
inline bool valid_and_distinct(const std::vector<ArchId>& archs, const SearchSpace& space) {
  std::vector<bool> seen(space.size(), false);
  for (const ArchId a : archs) {
    if (a >= space.size() || seen[a]) return false;
    seen[a] = true;
  }
  return true;
}

}  // namespace tabnas::test
