#pragma once
/// @file REINFORCE with the MnasNet reward: Tan, Chen, Pang, Vasudevan, Sandler, Howard & Le,
/// "MnasNet: Platform-Aware Neural Architecture Search for Mobile", CVPR 2019, eq. (2):
/// reward = ACC(m) * (LAT(m) / T)^w, w = alpha if LAT(m) <= T, else beta.
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/reinforce.hpp"

namespace tabnas {

/// The policy, baseline and Adam update are those of `reinforce` (same defaults: learning
/// rate 0.001, EMA momentum 0.9); only the reward changes. LAT and T come from the FIRST
/// constraint of the experiment (its per-architecture values and its max), ACC = -objective
/// (the search accuracy). The multiplicative factor (LAT/T)^w uses alpha below or at the
/// target and beta above it. Defaults alpha = 0, beta = -0.07: the paper's soft penalty above
/// the target (its beta = -0.07) with no reward for being faster than T (its hard-constraint
/// alpha = 0), i.e. between the paper's two settings (soft alpha = beta = -0.07; hard
/// alpha = 0, beta = -1), which both remain available as parameters. A negative ACC (a
/// minimised metric) is divided by the factor instead, so the penalty always lowers the
/// reward. A missing accuracy or a missing or non-positive latency skips the update, as in
/// `reinforce`.
/// @throws ConfigError (from the first ask) without constraints or when the first
/// constraint's max is not positive.
class MnasReward final : public Algorithm {
 public:
  explicit MnasReward(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// The MnasNet reward of accuracy `acc` at latency `lat` for target `target`.
  [[nodiscard]] static double reward(double acc, double lat, double target, double alpha,
                                     double beta);
  /// The wrapped REINFORCE policy, for tests.
  [[nodiscard]] const Reinforce& policy() const noexcept { return policy_; }

 private:
  static void check_constraints(const SearchContext& ctx);

  double alpha_;
  double beta_;
  bool checked_ = false;
  Reinforce policy_;
  Observation scratch_;
};

}  // namespace tabnas
