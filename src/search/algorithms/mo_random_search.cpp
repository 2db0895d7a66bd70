#include "tabnas/search/algorithms/mo_random_search.hpp"

namespace tabnas {

AlgorithmInfo MoRandomSearch::info() {
  AlgorithmInfo i;
  i.name = "mo_random_search";
  i.description = "uniform random sampling; the Pareto front of the results is the outcome";
  i.citation = "Bergstra & Bengio, Random Search for Hyper-Parameter Optimization, JMLR 2012";
  i.capabilities.multi_objective = true;
  i.params = {{"dedup", ParamType::kBool, true, "never propose an architecture twice"}};
  i.make = [](const Params& p) { return std::make_unique<MoRandomSearch>(p); };
  return i;
}

MoRandomSearch::MoRandomSearch(const Params& params) : dedup_(params.get_bool("dedup")) {}

std::optional<Trial> MoRandomSearch::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  if (!dedup_) return ctx.propose(space.sample(ctx.rng()));
  seen_.ensure(space);
  const std::optional<ArchId> a = seen_.random_missing(space, ctx.rng());
  if (!a) return std::nullopt;
  seen_.insert(*a);
  return ctx.propose(*a);
}

void MoRandomSearch::tell(const Observation& /*obs*/, SearchContext& /*ctx*/) {}

}  // namespace tabnas
