#pragma once
/// @file Population-based incremental learning: Baluja, "Population-Based Incremental
/// Learning: A Method for Integrating Genetic Search Based Function Optimization and
/// Competitive Learning", CMU-CS-94-163, 1994; negative learning rate and probability-vector
/// mutation as in Baluja & Caruana, "Removing the Genetics from the Standard Genetic
/// Algorithm", ICML 1995.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/model_free_common.hpp"

namespace tabnas {

/// PBIL generalised from bits to categorical variables: one probability vector p_v over the
/// choices of each variable, uniform at the start. Each generation samples `population_size`
/// architectures from the product distribution, evaluates them (one batch), and updates with
/// the best (B) and worst (W) of the batch (ties: lower arch id is better):
///   p_v <- (1 - lr) p_v + lr e(B_v)                             for every variable
///   p_v <- (1 - neg_lr) p_v + neg_lr e(B_v)                     where B_v != W_v
///   p_v <- (1 - mutation_shift) p_v + mutation_shift e(r)       with prob. mutation_prob,
/// where e(k) is the one-hot vector of choice k and r a uniformly drawn choice (the
/// categorical analogue of Baluja's bitwise mutation towards a random bit).
///
/// Architectures already evaluated cost no query (their value is reused); after
/// model_free::kMaxFreeGenerations generations in a row without a new query, one sample is
/// replaced by a random unrequested architecture so ask() always terminates.
///
/// Defaults (Baluja & Caruana 1995): learning rate 0.1, negative learning rate 0.075, mutation
/// probability 0.02, mutation shift 0.05. Deviation: 20 samples per generation instead of 200
/// (budgets of 10^2 queries).
class Pbil final : public Algorithm {
 public:
  explicit Pbil(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Probability of choice `k` of variable `var` (valid after the first ask()).
  [[nodiscard]] double probability(std::size_t var, std::size_t k) const;
  /// Number of completed generations (updates).
  [[nodiscard]] std::size_t generation() const noexcept { return generation_; }
  /// Samples of the generation being evaluated.
  [[nodiscard]] const std::vector<ArchId>& batch() const noexcept { return batch_; }

 private:
  void init(const SearchSpace& space);
  [[nodiscard]] bool batch_complete() const;
  void update(SearchContext& ctx);
  void sample_batch(SearchContext& ctx);

  std::size_t population_size_;
  double learning_rate_;
  double negative_learning_rate_;
  double mutation_prob_;
  double mutation_shift_;
  model_free::EvaluationMemo memo_;
  std::vector<std::size_t> offset_;  ///< start of each variable's probabilities in probs_
  std::vector<double> probs_;
  std::vector<ArchId> batch_;
  std::vector<ArchId> queue_;
  std::size_t queue_pos_ = 0;
  bool started_ = false;
  std::size_t generation_ = 0;
  int free_generations_ = 0;
  std::vector<double> weights_;
  std::vector<std::uint8_t> choices_;
  std::vector<std::uint8_t> best_;
  std::vector<std::uint8_t> worst_;
};

}  // namespace tabnas
