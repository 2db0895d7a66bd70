#include "tabnas/search/algorithms/random_search.hpp"

namespace tabnas {

AlgorithmInfo RandomSearch::info() {
  AlgorithmInfo i;
  i.name = "random_search";
  i.description = "uniform random sampling of architectures";
  i.citation = "Bergstra & Bengio, Random Search for Hyper-Parameter Optimization, JMLR 2012; "
               "Li & Talwalkar, Random Search and Reproducibility for NAS, UAI 2019";
  i.params = {{"dedup", ParamType::kBool, true, "never propose an architecture twice"}};
  i.make = [](const Params& p) { return std::make_unique<RandomSearch>(p); };
  return i;
}

RandomSearch::RandomSearch(const Params& params) : dedup_(params.get_bool("dedup")) {}

std::optional<Trial> RandomSearch::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  if (!dedup_) return ctx.propose(space.sample(ctx.rng()));
  if (seen_.empty()) seen_.assign(space.size(), false);
  if (num_seen_ == space.size()) return std::nullopt;  // exhausted
  ArchId a = space.sample(ctx.rng());
  while (seen_[a]) a = space.sample(ctx.rng());
  seen_[a] = true;
  ++num_seen_;
  return ctx.propose(a);
}

void RandomSearch::tell(const Observation& /*obs*/, SearchContext& /*ctx*/) {}

}  // namespace tabnas
