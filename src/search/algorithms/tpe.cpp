#include "tabnas/search/algorithms/tpe.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {
constexpr std::size_t kHyperoptGammaCap = 25;  // hyperopt's DEFAULT_LF cap on the good set
}  // namespace

AlgorithmInfo Tpe::info() {
  AlgorithmInfo i;
  i.name = "tpe";
  i.description = "tree-structured Parzen estimator with categorical densities l(x), g(x)";
  i.citation =
      "Bergstra, Bardenet, Bengio & Kegl, Algorithms for Hyper-Parameter Optimization, "
      "NeurIPS 2011; defaults of hyperopt (Bergstra, Yamins & Cox, ICML 2013)";
  i.deviation =
      "no linear forgetting of old observations; never proposes an architecture "
      "twice (falls back to a random unevaluated one)";
  i.params = {
      {"n_startup", ParamType::kInt, 20, "random proposals before the model is used", 0, 1e9},
      {"gamma", ParamType::kDouble, 0.25, "fraction of observations in the good set", 1e-9, 1.0},
      {"gamma_rule", ParamType::kString, "quantile",
       "quantile: n_below = ceil(gamma n) (paper); sqrt: min(ceil(gamma sqrt n), 25) "
       "(hyperopt)"},
      {"n_ei_candidates", ParamType::kInt, 24, "candidates drawn from l(x) per proposal", 1, 1e6},
      {"prior_weight", ParamType::kDouble, 1.0, "pseudo-count added to every choice", 1e-12, 1e12}};
  i.make = [](const Params& p) { return std::make_unique<Tpe>(p); };
  return i;
}

Tpe::Tpe(const Params& params)
    : n_startup_(static_cast<std::size_t>(params.get_int("n_startup"))),
      gamma_(params.get_double("gamma")),
      sqrt_rule_(false),
      n_ei_candidates_(static_cast<std::size_t>(params.get_int("n_ei_candidates"))),
      prior_weight_(params.get_double("prior_weight")) {
  const std::string rule = params.get_string("gamma_rule");
  if (rule == "sqrt") {
    sqrt_rule_ = true;
  } else if (rule != "quantile") {
    throw ConfigError("tpe: gamma_rule '" + rule + "' is not allowed (allowed: quantile, sqrt)");
  }
}

std::size_t Tpe::num_below(std::size_t n) const {
  if (n == 0) return 0;
  std::size_t nb = 0;
  if (sqrt_rule_) {
    nb = static_cast<std::size_t>(std::ceil(gamma_ * std::sqrt(static_cast<double>(n))));
    nb = std::min(nb, kHyperoptGammaCap);
  } else {
    nb = static_cast<std::size_t>(std::ceil(gamma_ * static_cast<double>(n)));
  }
  return std::clamp<std::size_t>(nb, 1, n);
}

void Tpe::build_model(const SearchSpace& space) {
  const std::size_t nv = space.num_variables();
  const std::size_t n = obs_.size();
  // order_ holds the observations sorted by (value, trial id); tell() keeps it sorted.
  const std::size_t nb = num_below(n);
  std::fill(l_.begin(), l_.end(), 0.0);
  std::fill(g_.begin(), g_.end(), 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    const std::uint8_t* c = obs_choices_.data() + order_[r] * nv;
    std::vector<double>& counts = r < nb ? l_ : g_;
    for (std::size_t v = 0; v < nv; ++v) counts[offset_[v] + c[v]] += 1.0;
  }
  for (std::size_t v = 0; v < nv; ++v) {
    const std::size_t lo = offset_[v];
    const std::size_t hi = offset_[v + 1];
    const double kw = static_cast<double>(hi - lo) * prior_weight_;
    const double den_l = static_cast<double>(nb) + kw;
    const double den_g = static_cast<double>(n - nb) + kw;
    for (std::size_t j = lo; j < hi; ++j) {
      l_[j] = (l_[j] + prior_weight_) / den_l;
      g_[j] = (g_[j] + prior_weight_) / den_g;
      score_[j] = std::log(l_[j]) - std::log(g_[j]);
      cum_l_[j] = (j == lo ? 0.0 : cum_l_[j - 1]) + l_[j];
    }
  }
}

std::size_t Tpe::sample_below(std::size_t var, Rng& rng) const {
  // Inverse CDF of l for `var` (same rule as Rng::categorical, without copying weights).
  const std::size_t lo = offset_[var];
  const std::size_t hi = offset_[var + 1];
  const double u = rng.uniform01() * cum_l_[hi - 1];
  for (std::size_t j = lo; j < hi; ++j) {
    if (u < cum_l_[j]) return j - lo;
  }
  return hi - 1 - lo;  // rounding
}

std::optional<Trial> Tpe::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  memo_.ensure(space);
  if (offset_.empty()) {
    const std::size_t nv = space.num_variables();
    offset_.assign(nv + 1, 0);
    for (std::size_t v = 0; v < nv; ++v) offset_[v + 1] = offset_[v] + space.num_choices(v);
    l_.assign(offset_[nv], 0.0);
    g_.assign(offset_[nv], 0.0);
    score_.assign(offset_[nv], 0.0);
    cum_l_.assign(offset_[nv], 0.0);
    choices_.resize(nv);
  }
  if (memo_.exhausted()) return std::nullopt;
  std::optional<ArchId> pick;
  if (proposed_ >= n_startup_ && !obs_.empty()) {
    build_model(space);
    const std::size_t nv = space.num_variables();
    double best_score = -std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < n_ei_candidates_; ++c) {
      double s = 0.0;
      for (std::size_t v = 0; v < nv; ++v) {
        const std::size_t k = sample_below(v, ctx.rng());
        choices_[v] = static_cast<std::uint8_t>(k);
        s += score_[offset_[v] + k];
      }
      const ArchId a = space.encode(choices_);
      if (memo_.requested(a)) continue;
      if (!pick || s > best_score || (s == best_score && a < *pick)) {
        pick = a;
        best_score = s;
      }
    }
  }
  if (!pick) pick = memo_.random_unrequested(space, ctx.rng());
  if (!pick) return std::nullopt;
  memo_.mark_requested(*pick);
  ++proposed_;
  return ctx.propose(*pick);
}

void Tpe::tell(const Observation& obs, SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  memo_.ensure(space);
  const double v = model_free::objective_of(obs);
  memo_.record(obs.trial.arch, v);
  obs_.push_back({v, obs.trial.id, obs.trial.arch});
  // Insert the new observation's index into order_, sorted by (value, trial id).
  const std::size_t idx = obs_.size() - 1;
  const auto pos =
      std::upper_bound(order_.begin(), order_.end(), idx, [this](std::size_t a, std::size_t b) {
        if (obs_[a].value != obs_[b].value) {
          return obs_[a].value < obs_[b].value;
        }
        return obs_[a].trial < obs_[b].trial;
      });
  order_.insert(pos, idx);
  const std::size_t nv = space.num_variables();
  const std::size_t at = obs_choices_.size();
  obs_choices_.resize(at + nv);
  space.decode(obs.trial.arch, std::span<std::uint8_t>(obs_choices_.data() + at, nv));
}

}  // namespace tabnas
