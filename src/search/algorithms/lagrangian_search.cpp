#include "tabnas/search/algorithms/lagrangian_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tabnas/search/algorithms/detail/constrained_common.hpp"
#include "tabnas/search/algorithms/detail/model_free_common.hpp"

namespace tabnas {

AlgorithmInfo LagrangianSearch::info() {
  AlgorithmInfo i;
  i.name = "lagrangian_search";
  i.description =
      "aging evolution on objective + lambda * violation, lambda by projected dual "
      "ascent after each observation";
  i.citation =
      "Real, Aggarwal, Huang & Le, Regularized Evolution, AAAI 2019 (search); Boyd & "
      "Vandenberghe, Convex Optimization, 2004, sec. 5, and Bertsekas, Constrained "
      "Optimization and Lagrange Multiplier Methods, 1982 (dual ascent); Luo et al., "
      "You Only Search Once (LightNAS), DAC 2022 (multiplier of a latency constraint "
      "trained by gradient ascent)";
  i.deviation =
      "one multiplier for the summed relative violation; g is the signed relative "
      "constraint value (violation, or minus the tightest slack); lambda_init and "
      "dual_step are our choice for accuracies in percent";
  i.capabilities.constrained = true;
  i.params = {{"population_size", ParamType::kInt, 10, "population size P", 2, 1e6},
              {"sample_size", ParamType::kInt, 3, "tournament size S (<= P)", 1, 1e6},
              {"lambda_init", ParamType::kDouble, 0.0, "initial multiplier", 0.0, 1e12},
              {"dual_step", ParamType::kDouble, 1.0,
               "dual ascent step (objective units per unit relative violation)", 0.0, 1e12}};
  i.make = [](const Params& p) { return std::make_unique<LagrangianSearch>(p); };
  return i;
}

LagrangianSearch::LagrangianSearch(const Params& params)
    : population_size_(static_cast<std::size_t>(params.get_int("population_size"))),
      sample_size_(static_cast<std::size_t>(params.get_int("sample_size"))),
      lambda_(params.get_double("lambda_init")),
      dual_step_(params.get_double("dual_step")),
      members_(population_size_) {
  if (sample_size_ > population_size_) sample_size_ = population_size_;
}

double LagrangianSearch::penalised(double objective, double violation) const noexcept {
  if (!(violation < std::numeric_limits<double>::infinity())) {
    return std::numeric_limits<double>::infinity();  // missing constraint value: ranks last
  }
  return violation > 0.0 ? objective + lambda_ * violation : objective;
}

std::vector<LagrangianSearch::Member> LagrangianSearch::population() const {
  return members_.in_age_order();
}

std::optional<Trial> LagrangianSearch::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  if (proposed_ < population_size_ || members_.empty()) {
    ++proposed_;
    return ctx.propose(space.sample(ctx.rng()));
  }
  const std::size_t best = members_.tournament(ctx.rng(), sample_size_, [this](const Member& m) {
    return penalised(m.objective, m.violation);
  });
  ++proposed_;
  return ctx.propose(space.mutate(members_.at(best).arch, ctx.rng()));
}

void LagrangianSearch::tell(const Observation& obs, SearchContext& ctx) {
  const ArchId arch = obs.trial.arch;
  const Member m{arch, model_free::objective_of(obs), ctx.violation(arch)};
  members_.add(m);  // the oldest member dies
  const double g = constrained::signed_constraint_value(ctx, arch);
  if (std::isfinite(g)) lambda_ = std::max(0.0, lambda_ + dual_step_ * g);
}

}  // namespace tabnas
