#pragma once
/// @file Differential evolution, DE/rand/1/bin: Storn & Price, "Differential Evolution - A
/// Simple and Efficient Heuristic for Global Optimization over Continuous Spaces", J. Global
/// Optimization 11, 1997; discrete NAS encoding of Awad, Mallik & Hutter, "Differential
/// Evolution for Neural Architecture Search", NAS workshop at ICLR 2020 (and DEHB, Awad,
/// Mallik & Hutter, IJCAI 2021).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/model_free_common.hpp"

namespace tabnas {

/// Each individual is a vector x in [0,1]^d (d = num_variables); variable v with k_v choices
/// decodes to choice min(k_v - 1, floor(x_v k_v)) (equal-width bins, as in Awad et al.).
/// Generation 0 is `population_size` uniform vectors. Every generation then builds, for each
/// member i, a mutant x_r1 + F (x_r2 - x_r3) from three distinct members r1, r2, r3 != i
/// (components leaving [0,1] are redrawn uniformly, the "random" boundary repair of DEHB),
/// a binomial-crossover trial (each component from the mutant with probability `crossover_prob`,
/// one forced component j_rand), and after the whole batch is evaluated keeps the trial if it
/// is not worse than member i (Storn & Price selection, synchronous/generational).
///
/// A trial that decodes to an already evaluated architecture costs no query (its value is
/// reused); after model_free::kMaxFreeGenerations generations in a row without a new query,
/// the last trial is replaced by a random unrequested architecture so ask() always terminates.
///
/// Defaults (Awad et al. 2020): population 20, F 0.5, CR 0.5.
class DifferentialEvolution final : public Algorithm {
 public:
  explicit DifferentialEvolution(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Architectures of the population (index = member), valid after generation 0.
  [[nodiscard]] const std::vector<ArchId>& population() const noexcept { return pop_arch_; }
  [[nodiscard]] const std::vector<double>& population_values() const noexcept { return pop_value_; }
  /// Trial architectures being evaluated (index = member they compete with); in generation 0
  /// the initial population.
  [[nodiscard]] const std::vector<ArchId>& trials() const noexcept { return trial_arch_; }
  /// Number of completed generations (0 while the initial population is evaluated).
  [[nodiscard]] std::size_t generation() const noexcept { return generation_; }
  /// Continuous position of member i, variable v.
  [[nodiscard]] double position(std::size_t i, std::size_t v) const {
    return pop_x_.at(i * dims_ + v);
  }

  /// Decodes a point of [0,1]^d into choices (equal-width bins per variable).
  static void decode_vector(const SearchSpace& space, const double* x,
                            std::vector<std::uint8_t>& out);

 private:
  [[nodiscard]] bool batch_complete() const;
  void complete_generation(SearchContext& ctx);
  void make_trials(SearchContext& ctx);
  ArchId map(const SearchSpace& space, const double* x);

  std::size_t population_size_;
  double mutation_factor_;
  double crossover_prob_;
  model_free::EvaluationMemo memo_;
  bool started_ = false;
  std::size_t dims_ = 0;
  std::vector<double> pop_x_;
  std::vector<ArchId> pop_arch_;
  std::vector<double> pop_value_;
  std::vector<double> trial_x_;
  std::vector<ArchId> trial_arch_;
  std::vector<ArchId> queue_;
  std::size_t queue_pos_ = 0;
  std::size_t generation_ = 0;
  int free_generations_ = 0;
  std::vector<std::size_t> index_scratch_;
  std::vector<double> donor_;
  std::vector<std::uint8_t> choices_;
};

}  // namespace tabnas
