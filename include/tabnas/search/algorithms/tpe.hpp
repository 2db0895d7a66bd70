#pragma once
/// @file Tree-structured Parzen Estimator for categorical variables: Bergstra, Bardenet,
/// Bengio & Kegl, "Algorithms for Hyper-Parameter Optimization", NeurIPS 2011; defaults and
/// categorical estimator of hyperopt (Bergstra, Yamins & Cox, ICML 2013).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/model_free_common.hpp"

namespace tabnas {

/// The first `n_startup` proposals are uniformly random (never-requested) architectures.
/// Afterwards the n observed results are sorted by (objective, trial id); the best n_below
/// form the "good" set and the rest the "bad" set, with n_below = ceil(gamma n) (`gamma_rule`
/// "quantile", the paper's definition) or min(ceil(gamma sqrt(n)), 25) ("sqrt", hyperopt's
/// rule), at least 1. For every variable, l(x_v) and g(x_v) are categorical densities with
/// pseudo-counts: p(k) = (count_k + prior_weight) / (n_set + K prior_weight) (hyperopt's
/// categorical estimator with a uniform prior). `n_ei_candidates` architectures are drawn from
/// l = prod_v l(x_v) and the one maximising l(x)/g(x) (the expected-improvement criterion of
/// the paper) that was not requested yet is proposed (ties: lower arch id); if every candidate
/// was requested, a random unrequested architecture is proposed instead.
///
/// Parallel workers: pending trials are simply not in the model (they are excluded as
/// candidates), so ask() never waits.
///
/// Defaults (hyperopt): gamma 0.25, 24 EI candidates, 20 startup trials, prior weight 1.
/// Deviations: no linear forgetting of old observations (hyperopt's LF = 25 only matters
/// beyond 25 observations per set); no repeated proposals.
class Tpe final : public Algorithm {
 public:
  explicit Tpe(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Number of results in the model.
  [[nodiscard]] std::size_t num_observations() const noexcept { return obs_.size(); }
  /// Size of the good set for n observations.
  [[nodiscard]] std::size_t num_below(std::size_t n) const;
  /// After a model-based ask(): l(k) and g(k) of variable `var` (for tests).
  [[nodiscard]] double density_below(std::size_t var, std::size_t k) const {
    return l_.at(offset_.at(var) + k);
  }
  [[nodiscard]] double density_above(std::size_t var, std::size_t k) const {
    return g_.at(offset_.at(var) + k);
  }

 private:
  struct Obs {
    double value;
    std::uint64_t trial;
    ArchId arch;
  };
  void build_model(const SearchSpace& space);
  [[nodiscard]] std::size_t sample_below(std::size_t var, Rng& rng) const;

  std::size_t n_startup_;
  double gamma_;
  bool sqrt_rule_;
  std::size_t n_ei_candidates_;
  double prior_weight_;
  model_free::EvaluationMemo memo_;
  std::size_t proposed_ = 0;
  std::vector<Obs> obs_;
  std::vector<std::uint8_t> obs_choices_;  ///< num_variables entries per observation
  std::vector<std::size_t> order_;         ///< observation indices sorted by (value, trial id)
  std::vector<std::size_t> offset_;
  std::vector<double> l_;
  std::vector<double> g_;
  std::vector<double> score_;  ///< log l - log g per (variable, choice)
  std::vector<double> cum_l_;  ///< cumulative l per variable (for sampling)
  std::vector<std::uint8_t> choices_;
};

}  // namespace tabnas
