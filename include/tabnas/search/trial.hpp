#pragma once
/// @file What an algorithm asks for (Trial) and what it is told (Observation).
#include <cstdint>
#include <optional>
#include <vector>

#include "tabnas/space/search_space.hpp"

namespace tabnas {

/// One evaluation request.
struct Trial {
  std::uint64_t id = 0;   ///< unique within a run, assigned in ask order
  ArchId arch = 0;
  std::uint32_t fidelity = 0;  ///< index into the experiment's fidelity ladder (last = full)
  std::optional<std::uint64_t> resume_from;  ///< trial whose training this one continues
};

/// Result of a trial. Objectives are minimised (accuracy enters as its negative);
/// single-objective algorithms read objectives[0]. A missing table value gives +inf.
struct Observation {
  Trial trial;
  std::vector<double> objectives;
  double cost_seconds = 0.0;  ///< simulated cost (0 when the benchmark has no cost model)
};

}  // namespace tabnas
