#include "tabnas/search/algorithms/successive_halving.hpp"

#include <cmath>

namespace tabnas {

AlgorithmInfo SuccessiveHalving::info() {
  AlgorithmInfo i;
  i.name = "successive_halving";
  i.description =
      "successive halving: start n random architectures at the lowest fidelity, "
      "promote the best 1/eta per stage, repeat";
  i.citation =
      "Jamieson & Talwalkar, Non-stochastic Best Arm Identification and "
      "Hyperparameter Optimization, AISTATS 2016; Li, Jamieson, DeSalvo, Rostamizadeh "
      "& Talwalkar, Hyperband, JMLR 2018";
  i.deviation =
      "resource levels R*eta^(k-s_max) are mapped onto the fidelity ladder (highest "
      "rung not above the level; stages on one rung merged, so on hp12->hp200 with "
      "eta=3: 9 at hp12, best 1 at hp200); architectures are never started twice; "
      "with several workers, iterations overlap";
  i.capabilities.multi_fidelity = true;
  i.params = {
      {"eta", ParamType::kDouble, 3.0, "reduction factor: keep the best 1/eta per stage", 2.0, 1e3},
      {"num_configs", ParamType::kInt, 0,
       "architectures per iteration at the lowest level (0 = ceil(eta^s_max), Hyperband's "
       "bracket s_max)",
       0, 1e9}};
  i.make = [](const Params& p) { return std::make_unique<SuccessiveHalving>(p); };
  return i;
}

SuccessiveHalving::SuccessiveHalving(const Params& params)
    : eta_(params.get_double("eta")),
      num_configs_(static_cast<std::size_t>(params.get_int("num_configs"))) {}

std::optional<Trial> SuccessiveHalving::ask(SearchContext& ctx) {
  if (!scheduler_) {
    const mf::LadderSchedule schedule(ctx.fidelities(), eta_);
    const std::uint32_t s = schedule.s_max();
    const std::size_t n =
        num_configs_ > 0 ? num_configs_
                         : static_cast<std::size_t>(
                               std::ceil(std::pow(eta_, static_cast<double>(s)) * (1.0 - 1e-9)));
    scheduler_.emplace(schedule, std::vector<mf::Bracket>{mf::successive_halving_bracket(
                                     s, n, schedule.max_resource(), eta_)});
    started_.ensure(ctx.space());
  }
  return scheduler_->ask(ctx, *this);
}

void SuccessiveHalving::tell(const Observation& obs, SearchContext& /*ctx*/) {
  if (scheduler_) scheduler_->tell(obs, *this);
}

std::optional<mf::Job> SuccessiveHalving::propose(SearchContext& ctx, const mf::JobSlot& slot,
                                                  std::span<const mf::StageResult> previous) {
  if (slot.stage > 0) return mf::promote(slot, previous);
  const std::optional<ArchId> a = started_.random_missing(ctx.space(), ctx.rng());
  if (!a) return std::nullopt;
  started_.insert(*a);
  return mf::Job{*a, std::nullopt};
}

void SuccessiveHalving::observe(const Observation& /*obs*/, const mf::JobSlot& /*slot*/) {}

}  // namespace tabnas
