#pragma once
/// @file REINFORCE policy gradient: Williams, "Simple Statistical Gradient-Following
/// Algorithms for Connectionist Reinforcement Learning", Machine Learning 8, 1992; configured
/// as the REINFORCE baseline of Dong & Yang, "NAS-Bench-201: Extending the Scope of
/// Reproducible Neural Architecture Search", ICLR 2020.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"

namespace tabnas {

/// A factorised categorical policy: one softmax over the logits of each variable's choices.
/// ask() samples every variable independently from the current policy (never waits; repeats
/// are possible, as in the reference). tell() uses reward R = -objective (the accuracy when
/// searching on accuracy), updates a bias-corrected exponential moving-average baseline b
/// with momentum `ema_momentum` (b_num <- m b_num + (1-m) R, b_den <- m b_den + (1-m),
/// b = b_num / b_den), then takes one Adam step (Kingma & Ba 2015, beta 0.9/0.999,
/// eps 1e-8) on the loss -(R - b) log pi(a), whose gradient for the logits of variable v is
/// (R - b) (softmax_v - e(a_v)). The baseline is updated before the advantage is computed,
/// as in the NAS-Bench-201 reference code. Logits start at 1e-3 * N(0, 1), as there.
///
/// A missing value (+inf objective) gives no reward: the update is skipped.
///
/// Defaults from the NAS-Bench-201 scripts: learning rate 0.001, EMA momentum 0.9 (NATS-Bench
/// uses learning rate 0.01). Parallel workers: results update the current policy whenever
/// they arrive (the gradient uses the policy at tell time).
class Reinforce final : public Algorithm {
 public:
  explicit Reinforce(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Policy probability of choice `k` of variable `var` (valid after the first ask()).
  [[nodiscard]] double probability(std::size_t var, std::size_t k) const;
  /// Current baseline (0 before the first reward).
  [[nodiscard]] double baseline() const noexcept {
    return baseline_den_ > 0.0 ? baseline_num_ / baseline_den_ : 0.0;
  }

 private:
  void init(SearchContext& ctx);
  void softmax();

  double learning_rate_;
  double ema_momentum_;
  bool started_ = false;
  std::vector<std::size_t> offset_;
  std::vector<double> logits_;
  std::vector<double> probs_;
  std::vector<double> adam_m_;
  std::vector<double> adam_v_;
  std::uint64_t adam_t_ = 0;
  double baseline_num_ = 0.0;
  double baseline_den_ = 0.0;
  std::vector<double> weights_;
  std::vector<std::uint8_t> choices_;
};

}  // namespace tabnas
