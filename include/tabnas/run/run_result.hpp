#pragma once
/// @file The record of one run: one row per step (query).
#include <cstdint>
#include <string>
#include <vector>

#include "tabnas/space/search_space.hpp"

namespace tabnas {

/// One query of one run.
struct StepRow {
  std::uint32_t step = 0;  ///< 1-based query count
  ArchId arch = 0;
  std::uint32_t fidelity = 0;
  double observed = 0.0;  ///< search signal (what the algorithm saw)
  double reported = 0.0;  ///< report metric of the same architecture
  ArchId incumbent = 0;   ///< best observed so far (at the highest fidelity seen)
  double incumbent_observed = 0.0;
  double incumbent_reported = 0.0;
  double cost = 0.0;         ///< budget paid for this query (1 query, or epochs)
  double time = 0.0;         ///< simulated clock when the result arrived (budget units)
  bool feasible = true;      ///< all constraints hold
  double hypervolume = 0.0;  ///< of the feasible front so far (multi-objective runs only)
};

enum class RunStatus { kOk, kFailed };

/// One (dataset, algorithm, seed) run.
struct RunResult {
  std::size_t index = 0;  ///< position in the experiment's run list
  std::string dataset;
  std::string algorithm;  ///< label
  std::int64_t seed = 0;
  std::uint64_t run_seed = 0;  ///< derived seed of the run
  RunStatus status = RunStatus::kOk;
  std::string error;
  std::vector<StepRow> steps;
  std::uint32_t num_objectives = 1;
  std::vector<double> objectives;  ///< [step x num_objectives], minimised, as the algorithm saw
  double algorithm_seconds =
      0.0;  ///< real seconds of the run (ask/tell + look-ups), never simulated
};

}  // namespace tabnas
