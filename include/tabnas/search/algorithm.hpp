#pragma once
/// @file Ask/tell interface every search algorithm implements.
#include <optional>

#include "tabnas/search/search_context.hpp"
#include "tabnas/search/trial.hpp"

namespace tabnas {

/// What an algorithm can do; the runner checks these before any run starts.
struct Capabilities {
  bool multi_objective = false;
  bool multi_fidelity = false;
  bool constrained = false;
  bool requires_constraints = false;  ///< refuses specs without $.constraints (e.g. mnas_reward)
};

/// A search algorithm. The runner owns the loop, budget, clock and evaluator:
///   while budget left: t = ask(ctx); observe t; tell(obs, ctx)
/// ask() returns nullopt when the algorithm must wait for pending results or has nothing left
/// to propose. Algorithms never touch storage and draw randomness only from ctx.rng().
class Algorithm {
 public:
  virtual ~Algorithm() = default;
  virtual std::optional<Trial> ask(SearchContext& ctx) = 0;
  virtual void tell(const Observation& obs, SearchContext& ctx) = 0;
};

}  // namespace tabnas
