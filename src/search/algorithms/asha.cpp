#include "tabnas/search/algorithms/asha.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tabnas {

AlgorithmInfo Asha::info() {
  AlgorithmInfo i;
  i.name = "asha";
  i.description =
      "asynchronous successive halving: promote from the highest rung with a "
      "top-1/eta candidate whenever a worker is free, else start a random one";
  i.citation =
      "Li, Jamieson, Rostamizadeh, Gonina, Ben-tzur, Hardt, Recht & Talwalkar, A "
      "System for Massively Parallel Hyperparameter Tuning, MLSys 2020";
  i.deviation =
      "rungs are Hyperband's levels mapped onto the fidelity ladder; where one ladder "
      "step spans m levels the promoted fraction is 1/eta^m (hp12->hp200, eta=3: "
      "top 1/9); architectures never started twice; minimum early-stopping rate 0";
  i.capabilities.multi_fidelity = true;
  i.params = {
      {"eta", ParamType::kDouble, 3.0, "reduction factor: promote the top 1/eta", 2.0, 1e3}};
  i.make = [](const Params& p) { return std::make_unique<Asha>(p); };
  return i;
}

Asha::Asha(const Params& params) : eta_(params.get_double("eta")) {}

std::optional<Trial> Asha::ask(SearchContext& ctx) {
  if (!initialised_) {
    initialised_ = true;
    const mf::LadderSchedule schedule(ctx.fidelities(), eta_);
    const auto brackets = schedule.brackets();
    for (const mf::LadderStage& st : schedule.stages(brackets.front())) {
      Rung r;
      r.fidelity = st.rung;
      r.level = st.level;
      rungs_.push_back(r);
    }
    started_.ensure(ctx.space());
  }
  for (std::size_t k = rungs_.size() - 1; k-- > 0;) {
    Rung& rung = rungs_[k];
    const double m = static_cast<double>(rungs_[k + 1].level - rung.level);
    const auto top = static_cast<std::size_t>(
        std::floor(static_cast<double>(rung.members.size()) / std::pow(eta_, m) * (1.0 + 1e-9)));
    for (std::size_t i = 0; i < top && i < rung.members.size(); ++i) {
      Rung::Member& member = rung.members[i];
      if (member.promoted) continue;
      member.promoted = true;
      Trial t = ctx.make_trial(member.arch, rungs_[k + 1].fidelity);
      t.resume_from = member.trial;
      return t;
    }
  }
  const std::optional<ArchId> a = started_.random_missing(ctx.space(), ctx.rng());
  if (!a) return std::nullopt;
  started_.insert(*a);
  return ctx.propose(*a, rungs_.front().fidelity);
}

void Asha::tell(const Observation& obs, SearchContext& /*ctx*/) {
  double v = obs.objectives.empty() ? std::numeric_limits<double>::infinity() : obs.objectives[0];
  if (std::isnan(v)) v = std::numeric_limits<double>::infinity();
  for (Rung& rung : rungs_) {
    if (rung.fidelity != obs.trial.fidelity) continue;
    const Rung::Member m{v, obs.trial.id, obs.trial.arch, false};
    const auto pos = std::upper_bound(rung.members.begin(), rung.members.end(), m,
                                      [](const Rung::Member& a, const Rung::Member& b) {
                                        if (a.value != b.value) return a.value < b.value;
                                        return a.trial < b.trial;
                                      });
    rung.members.insert(pos, m);
    return;
  }
}

}  // namespace tabnas
