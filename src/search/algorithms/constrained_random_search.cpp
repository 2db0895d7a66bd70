#include "tabnas/search/algorithms/constrained_random_search.hpp"

#include "tabnas/search/algorithms/detail/constrained_common.hpp"

namespace tabnas {

AlgorithmInfo ConstrainedRandomSearch::info() {
  AlgorithmInfo i;
  i.name = "constrained_random_search";
  i.description =
      "uniform random sampling of feasible architectures (infeasible ones rejected "
      "before evaluation)";
  i.citation =
      "Bergstra & Bengio, Random Search for Hyper-Parameter Optimization, JMLR 2012; "
      "Li & Talwalkar, Random Search and Reproducibility for NAS, UAI 2019; infeasible "
      "candidates re-drawn as in Cai et al., Once-for-All, ICLR 2020";
  i.deviation =
      "after max_draws rejections one proposal is drawn uniformly from the listed "
      "feasible architectures (same distribution, bounded time; Once-for-All loops "
      "without a bound)";
  i.capabilities.constrained = true;
  i.params = {{"dedup", ParamType::kBool, true, "never propose an architecture twice"},
              {"max_draws", ParamType::kInt, constrained::kDefaultMaxDraws,
               "rejection draws per proposal before the exact fallback", 1, 1e9}};
  i.make = [](const Params& p) { return std::make_unique<ConstrainedRandomSearch>(p); };
  return i;
}

ConstrainedRandomSearch::ConstrainedRandomSearch(const Params& params)
    : dedup_(params.get_bool("dedup")),
      max_draws_(static_cast<std::uint64_t>(params.get_int("max_draws"))) {}

std::optional<Trial> ConstrainedRandomSearch::ask(SearchContext& ctx) {
  if (dedup_ && seen_.empty()) seen_.assign(ctx.space().size(), false);
  const std::optional<ArchId> a =
      constrained::sample_feasible(ctx, max_draws_, dedup_ ? &seen_ : nullptr);
  if (!a) {
    if (!constrained::any_feasible(ctx)) {
      constrained::throw_no_feasible(ctx, "constrained_random_search");
    }
    return std::nullopt;  // every feasible architecture was proposed
  }
  if (dedup_) seen_[*a] = true;
  return ctx.propose(*a);
}

void ConstrainedRandomSearch::tell(const Observation& /*obs*/, SearchContext& /*ctx*/) {}

}  // namespace tabnas
