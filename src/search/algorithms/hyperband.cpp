#include "tabnas/search/algorithms/hyperband.hpp"

namespace tabnas {

AlgorithmInfo Hyperband::info() {
  AlgorithmInfo i;
  i.name = "hyperband";
  i.description =
      "Hyperband: successive-halving brackets s = s_max..0 with random "
      "architectures, trading many cheap against few full evaluations";
  i.citation =
      "Li, Jamieson, DeSalvo, Rostamizadeh & Talwalkar, Hyperband: A Novel "
      "Bandit-Based Approach to Hyperparameter Optimization, JMLR 18(185), 2018";
  i.deviation =
      "R = top/lowest rung epochs and resource levels mapped onto the fidelity "
      "ladder (highest rung not above the level; stages on one rung merged); "
      "architectures are never started twice; with several workers, brackets "
      "overlap";
  i.capabilities.multi_fidelity = true;
  i.params = {{"eta", ParamType::kDouble, 3.0,
               "reduction factor: keep the best 1/eta per stage (the paper's default 3)", 2.0,
               1e3}};
  i.make = [](const Params& p) { return std::make_unique<Hyperband>(p); };
  return i;
}

Hyperband::Hyperband(const Params& params) : eta_(params.get_double("eta")) {}

std::optional<Trial> Hyperband::ask(SearchContext& ctx) {
  if (!scheduler_) {
    const mf::LadderSchedule schedule(ctx.fidelities(), eta_);
    scheduler_.emplace(schedule, schedule.brackets());
    started_.ensure(ctx.space());
  }
  return scheduler_->ask(ctx, *this);
}

void Hyperband::tell(const Observation& obs, SearchContext& /*ctx*/) {
  if (scheduler_) scheduler_->tell(obs, *this);
}

std::optional<mf::Job> Hyperband::propose(SearchContext& ctx, const mf::JobSlot& slot,
                                          std::span<const mf::StageResult> previous) {
  if (slot.stage > 0) return mf::promote(slot, previous);
  const std::optional<ArchId> a = started_.random_missing(ctx.space(), ctx.rng());
  if (!a) return std::nullopt;
  started_.insert(*a);
  return mf::Job{*a, std::nullopt};
}

void Hyperband::observe(const Observation& /*obs*/, const mf::JobSlot& /*slot*/) {}

}  // namespace tabnas
