#include "tabnas/search/algorithms/reinforce.hpp"

#include <algorithm>
#include <cmath>

#include "tabnas/search/algorithms/detail/model_free_common.hpp"

namespace tabnas {

namespace {
constexpr double kAdamBeta1 = 0.9;
constexpr double kAdamBeta2 = 0.999;
constexpr double kAdamEps = 1e-8;
constexpr double kInitScale = 1e-3;
}  // namespace

AlgorithmInfo Reinforce::info() {
  AlgorithmInfo i;
  i.name = "reinforce";
  i.description = "REINFORCE: factorised softmax policy over the choices, EMA baseline, Adam";
  i.citation =
      "Williams, Simple Statistical Gradient-Following Algorithms for Connectionist "
      "Reinforcement Learning, Machine Learning 8, 1992; configured as the REINFORCE "
      "baseline of Dong & Yang, NAS-Bench-201, ICLR 2020";
  i.deviation = "missing values (+inf objective) skip the update";
  i.params = {
      {"learning_rate", ParamType::kDouble, 0.001, "Adam learning rate", 1e-12, 1e6},
      {"ema_momentum", ParamType::kDouble, 0.9, "momentum of the reward baseline", 0.0, 0.999999}};
  i.make = [](const Params& p) { return std::make_unique<Reinforce>(p); };
  return i;
}

Reinforce::Reinforce(const Params& params)
    : learning_rate_(params.get_double("learning_rate")),
      ema_momentum_(params.get_double("ema_momentum")) {}

double Reinforce::probability(std::size_t var, std::size_t k) const {
  return probs_.at(offset_.at(var) + k);
}

void Reinforce::init(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  const std::size_t nv = space.num_variables();
  offset_.assign(nv + 1, 0);
  for (std::size_t v = 0; v < nv; ++v) offset_[v + 1] = offset_[v] + space.num_choices(v);
  const std::size_t n = offset_[nv];
  logits_.resize(n);
  for (std::size_t j = 0; j < n; ++j) logits_[j] = kInitScale * ctx.rng().normal();
  probs_.assign(n, 0.0);
  adam_m_.assign(n, 0.0);
  adam_v_.assign(n, 0.0);
  choices_.resize(nv);
  softmax();
}

void Reinforce::softmax() {
  const std::size_t nv = offset_.size() - 1;
  for (std::size_t v = 0; v < nv; ++v) {
    const std::size_t lo = offset_[v];
    const std::size_t hi = offset_[v + 1];
    double mx = logits_[lo];
    for (std::size_t j = lo + 1; j < hi; ++j) mx = std::max(mx, logits_[j]);
    double sum = 0.0;
    for (std::size_t j = lo; j < hi; ++j) {
      probs_[j] = std::exp(logits_[j] - mx);
      sum += probs_[j];
    }
    for (std::size_t j = lo; j < hi; ++j) probs_[j] /= sum;
  }
}

std::optional<Trial> Reinforce::ask(SearchContext& ctx) {
  if (!started_) {
    started_ = true;
    init(ctx);
  }
  const std::size_t nv = offset_.size() - 1;
  for (std::size_t v = 0; v < nv; ++v) {
    const auto first = probs_.begin() + static_cast<std::ptrdiff_t>(offset_[v]);
    const auto last = probs_.begin() + static_cast<std::ptrdiff_t>(offset_[v + 1]);
    weights_.assign(first, last);
    choices_[v] = static_cast<std::uint8_t>(ctx.rng().categorical(weights_));
  }
  return ctx.propose(ctx.space().encode(choices_));
}

void Reinforce::tell(const Observation& obs, SearchContext& ctx) {
  if (!started_) return;  // nothing was asked
  const double objective = model_free::objective_of(obs);
  if (!std::isfinite(objective)) return;
  const double reward = -objective;
  baseline_num_ = ema_momentum_ * baseline_num_ + (1.0 - ema_momentum_) * reward;
  baseline_den_ = ema_momentum_ * baseline_den_ + (1.0 - ema_momentum_);
  const double advantage = reward - baseline();
  ctx.space().decode(obs.trial.arch, choices_);
  ++adam_t_;
  const double t = static_cast<double>(adam_t_);
  const double correction1 = 1.0 - std::pow(kAdamBeta1, t);
  const double correction2 = 1.0 - std::pow(kAdamBeta2, t);
  const std::size_t nv = offset_.size() - 1;
  for (std::size_t v = 0; v < nv; ++v) {
    for (std::size_t j = offset_[v]; j < offset_[v + 1]; ++j) {
      const double onehot = (j - offset_[v] == choices_[v]) ? 1.0 : 0.0;
      const double g = advantage * (probs_[j] - onehot);  // d(-(R-b) log pi)/d logit
      adam_m_[j] = kAdamBeta1 * adam_m_[j] + (1.0 - kAdamBeta1) * g;
      adam_v_[j] = kAdamBeta2 * adam_v_[j] + (1.0 - kAdamBeta2) * g * g;
      const double m_hat = adam_m_[j] / correction1;
      const double v_hat = adam_v_[j] / correction2;
      logits_[j] -= learning_rate_ * m_hat / (std::sqrt(v_hat) + kAdamEps);
    }
  }
  softmax();
}

}  // namespace tabnas
