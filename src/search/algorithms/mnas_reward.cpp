#include "tabnas/search/algorithms/mnas_reward.hpp"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "tabnas/core/errors.hpp"
#include "tabnas/search/algorithms/detail/model_free_common.hpp"

namespace tabnas {

namespace {

Params reinforce_params(const Params& params) {
  const nlohmann::json given = {{"learning_rate", params.get_double("learning_rate")},
                                {"ema_momentum", params.get_double("ema_momentum")}};
  return {"reinforce", Reinforce::info().params, given, "mnas_reward.params"};
}

}  // namespace

AlgorithmInfo MnasReward::info() {
  AlgorithmInfo i;
  i.name = "mnas_reward";
  i.description =
      "REINFORCE on the MnasNet reward ACC * (LAT/T)^w, LAT and T from the first "
      "constraint";
  i.citation =
      "Tan, Chen, Pang, Vasudevan, Sandler, Howard & Le, MnasNet: Platform-Aware "
      "Neural Architecture Search for Mobile, CVPR 2019 (reward); Williams, Machine "
      "Learning 8, 1992 (REINFORCE, as in `reinforce`)";
  i.deviation =
      "REINFORCE with the NAS-Bench-201 settings instead of the paper's RNN "
      "controller trained with PPO; defaults alpha = 0, beta = -0.07 (the paper "
      "uses alpha = beta = -0.07 soft, or alpha = 0, beta = -1 hard)";
  i.capabilities.constrained = true;
  i.capabilities.requires_constraints = true;  // T and LAT come from the first constraint
  const auto base = Reinforce::info().params;
  i.params = {{"alpha", ParamType::kDouble, 0.0, "exponent w when LAT <= T", -100.0, 100.0},
              {"beta", ParamType::kDouble, -0.07, "exponent w when LAT > T", -100.0, 100.0},
              base.at(0),
              base.at(1)};
  i.make = [](const Params& p) { return std::make_unique<MnasReward>(p); };
  return i;
}

MnasReward::MnasReward(const Params& params)
    : alpha_(params.get_double("alpha")),
      beta_(params.get_double("beta")),
      policy_(reinforce_params(params)) {}

double MnasReward::reward(double acc, double lat, double target, double alpha, double beta) {
  const double w = lat <= target ? alpha : beta;
  const double factor = std::pow(lat / target, w);
  return acc >= 0.0 ? acc * factor : acc / factor;
}

void MnasReward::check_constraints(const SearchContext& ctx) {
  if (ctx.constraints().empty()) {
    throw ConfigError(
        "mnas_reward: needs a latency constraint; add one to $.constraints, e.g. {\"kind\": "
        "\"hw\", \"device\": \"pixel3\", \"metric\": \"latency\", \"max\": 10.0} (the reward "
        "uses the first constraint's value as LAT and its max as the target T)");
  }
  const ArchConstraint& c = ctx.constraints().front();
  if (!(c.max > 0.0) || !std::isfinite(c.max)) {
    throw ConfigError("mnas_reward: the first constraint (" + c.name +
                      ") must have a positive finite max (the target T of (LAT/T)^w), got " +
                      std::to_string(c.max));
  }
}

std::optional<Trial> MnasReward::ask(SearchContext& ctx) {
  if (!checked_) {
    check_constraints(ctx);
    checked_ = true;
  }
  return policy_.ask(ctx);
}

void MnasReward::tell(const Observation& obs, SearchContext& ctx) {
  if (!checked_) return;  // nothing was asked
  const ArchConstraint& c = ctx.constraints().front();
  const double objective = model_free::objective_of(obs);
  const double lat = (*c.values)[obs.trial.arch];
  scratch_.trial = obs.trial;
  scratch_.cost_seconds = obs.cost_seconds;
  scratch_.objectives.assign(1, std::numeric_limits<double>::infinity());
  if (std::isfinite(objective) && std::isfinite(lat) && lat > 0.0) {
    scratch_.objectives[0] = -reward(-objective, lat, c.max, alpha_, beta_);
  }
  policy_.tell(scratch_, ctx);  // +inf skips the update, as for a missing value
}

}  // namespace tabnas
