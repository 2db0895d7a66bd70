#include "tabnas/search/algorithms/constrained_evolution.hpp"

#include "tabnas/search/algorithms/detail/constrained_common.hpp"

namespace tabnas {

AlgorithmInfo ConstrainedEvolution::info() {
  AlgorithmInfo i;
  i.name = "constrained_evolution";
  i.description =
      "aging evolution whose initial samples and mutations are re-drawn until "
      "feasible";
  i.citation =
      "Real, Aggarwal, Huang & Le, Regularized Evolution for Image Classifier "
      "Architecture Search, AAAI 2019; feasible-only samples and mutants re-drawn as "
      "in Cai et al., Once-for-All, ICLR 2020 (its evolutionary search); repair of "
      "infeasible offspring: Salcedo-Sanz, A survey of repair methods used as "
      "constraint handling techniques in evolutionary algorithms, Computer Science "
      "Review 3(3), 2009";
  i.deviation =
      "defaults from NATS-Bench (population 10, sample 3); infeasible samples and "
      "mutants are re-drawn (at most max_draws times, then an exact draw from the "
      "feasible neighbours or the feasible set); an infeasible mutant is first "
      "repaired by up to repair_steps further one-edge mutations; proposed "
      "architectures are not proposed again (dedup)";
  i.capabilities.constrained = true;
  i.params = {{"population_size", ParamType::kInt, 10, "population size P", 2, 1e6},
              {"sample_size", ParamType::kInt, 3, "tournament size S (<= P)", 1, 1e6},
              {"dedup", ParamType::kBool, true,
               "also re-draw architectures proposed before (as constrained_random_search)"},
              {"repair_steps", ParamType::kInt, 2,
               "further random edits of an infeasible mutant before it is re-drawn from the "
               "parent (0: plain re-draw)",
               0, 100},
              {"max_draws", ParamType::kInt, constrained::kDefaultMaxDraws,
               "rejection draws per proposal before the exact fallback", 1, 1e9}};
  i.make = [](const Params& p) { return std::make_unique<ConstrainedEvolution>(p); };
  return i;
}

ConstrainedEvolution::ConstrainedEvolution(const Params& params)
    : population_size_(static_cast<std::size_t>(params.get_int("population_size"))),
      sample_size_(static_cast<std::size_t>(params.get_int("sample_size"))),
      dedup_(params.get_bool("dedup")),
      repair_steps_(static_cast<std::uint64_t>(params.get_int("repair_steps"))),
      max_draws_(static_cast<std::uint64_t>(params.get_int("max_draws"))),
      members_(population_size_) {
  if (sample_size_ > population_size_) sample_size_ = population_size_;
}

std::vector<ConstrainedEvolution::Member> ConstrainedEvolution::population() const {
  return members_.in_age_order();
}

std::optional<ArchId> ConstrainedEvolution::random_feasible(SearchContext& ctx) const {
  const std::optional<ArchId> a =
      constrained::sample_feasible(ctx, max_draws_, dedup_ ? &seen_ : nullptr);
  if (!a && !constrained::any_feasible(ctx)) {
    constrained::throw_no_feasible(ctx, "constrained_evolution");
  }
  return a;  // nullopt: every feasible architecture was proposed (dedup)
}

std::optional<ArchId> ConstrainedEvolution::feasible_mutation(ArchId parent, SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  const std::vector<bool>* excluded = dedup_ ? &seen_ : nullptr;
  // Each draw is one one-edge mutation: of the parent, or, while the last mutant is
  // infeasible and at most repair_steps edits away from the parent, of that mutant (repair).
  ArchId current = parent;
  std::uint64_t edits = 0;  // edits from the parent to `current`
  for (std::uint64_t k = 0; k < max_draws_; ++k) {
    if (edits == 0 || edits > repair_steps_ || ctx.feasible(current)) {
      current = parent;  // re-draw from the parent
      edits = 0;
    }
    current = space.mutate(current, ctx.rng());
    ++edits;
    if (constrained::acceptable(ctx, current, excluded)) return current;
  }
  // Exact fallback: uniform over the acceptable one-edge neighbours (what the rejection loop
  // converges to), else a fresh feasible sample.
  space.neighbours(parent, neighbours_);
  std::size_t n = 0;
  for (const ArchId a : neighbours_) {
    if (constrained::acceptable(ctx, a, excluded)) neighbours_[n++] = a;
  }
  if (n == 0) return random_feasible(ctx);
  return neighbours_[ctx.rng().uniform_index(n)];
}

std::optional<Trial> ConstrainedEvolution::ask(SearchContext& ctx) {
  if (dedup_ && seen_.empty()) seen_.assign(ctx.space().size(), false);
  if (proposed_ < population_size_ || members_.empty()) {
    return propose(random_feasible(ctx), ctx);
  }
  // Tournament as in regularized_evolution.
  const std::size_t best =
      members_.tournament(ctx.rng(), sample_size_, [](const Member& m) { return m.objective; });
  return propose(feasible_mutation(members_.at(best).arch, ctx), ctx);
}

std::optional<Trial> ConstrainedEvolution::propose(std::optional<ArchId> arch, SearchContext& ctx) {
  if (!arch) return std::nullopt;
  ++proposed_;
  if (dedup_) seen_[*arch] = true;
  return ctx.propose(*arch);
}

void ConstrainedEvolution::tell(const Observation& obs, SearchContext& /*ctx*/) {
  members_.add({obs.trial.arch, obs.objectives.at(0)});  // the oldest member dies
}

}  // namespace tabnas
