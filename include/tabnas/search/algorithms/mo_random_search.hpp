#pragma once
/// @file Multi-objective random search: the baseline of every multi-objective NAS comparison
/// (Bergstra & Bengio, JMLR 2012; e.g. syne-tune's and Izquierdo et al.'s MO baselines).
#include <optional>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/arch_set.hpp"

namespace tabnas {

/// Samples architectures uniformly at random, whatever the objectives say; the runner's
/// Pareto front of the results is the outcome. With `dedup` (default) an architecture is never
/// proposed twice and the run ends when the space is exhausted.
class MoRandomSearch final : public Algorithm {
 public:
  explicit MoRandomSearch(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

 private:
  bool dedup_;
  mf::ArchSet seen_;
};

}  // namespace tabnas
