#pragma once
/// @file Generational genetic algorithm: Holland, "Adaptation in Natural and Artificial
/// Systems", 1975; Goldberg, "Genetic Algorithms in Search, Optimization and Machine
/// Learning", 1989 (simple GA); binary tournament selection of Goldberg & Deb, FOGA 1991;
/// uniform crossover of Syswerda, ICGA 1989; elitism of De Jong, 1975.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/model_free_common.hpp"

namespace tabnas {

/// Generational GA over the categorical variables. Generation 0 is `population_size` distinct
/// random architectures. Each later generation keeps the `elitism` best members and breeds
/// population_size - elitism children: two parents by tournament selection (best of
/// `tournament_size` members drawn without replacement; ties to the lower arch id), uniform
/// crossover with probability `crossover_prob` (otherwise the child copies the first parent),
/// then each variable mutates with probability `mutation_rate` to a different uniformly drawn
/// choice (mutation_rate < 0: 1 / num_variables). A whole generation is proposed as one batch
/// (as many workers as there are children can run), and the next generation is bred when
/// every child's result is known.
///
/// A child that was already evaluated costs no query (its value is reused). After
/// model_free::kMaxFreeGenerations generations in a row without a new query, one child is
/// replaced by a random unrequested architecture so ask() always terminates.
///
/// Defaults: population 20, binary tournament (Goldberg & Deb 1991), crossover 0.9, mutation
/// 1/num_variables (Muehlenbein 1992), elitism 1. Deviation: small population for 10^2-query
/// budgets (Goldberg's examples use 30-100).
class GeneticAlgorithm final : public Algorithm {
 public:
  explicit GeneticAlgorithm(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  struct Member {
    ArchId arch;
    double objective;
  };
  /// Current population, best first (empty before generation 0 is evaluated).
  [[nodiscard]] const std::vector<Member>& population() const noexcept { return population_; }
  /// Architectures of the batch being evaluated (children of population()).
  [[nodiscard]] const std::vector<ArchId>& batch() const noexcept { return batch_; }
  /// Number of completed generations (0 while generation 0 is evaluated).
  [[nodiscard]] std::size_t generation() const noexcept { return generation_; }

  /// Uniform crossover: out[v] = a[v] or b[v], each with probability 1/2 (one draw per
  /// variable, in variable order).
  static void uniform_crossover(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b,
                                std::span<std::uint8_t> out, Rng& rng);

 private:
  [[nodiscard]] bool batch_complete() const;
  void complete_generation(SearchContext& ctx);
  void breed(SearchContext& ctx);
  std::size_t tournament(Rng& rng);

  std::size_t population_size_;
  std::size_t tournament_size_;
  double crossover_prob_;
  double mutation_rate_;
  std::size_t elitism_;
  model_free::EvaluationMemo memo_;
  std::vector<Member> population_;
  std::vector<ArchId> batch_;  ///< members of the generation being evaluated
  std::vector<ArchId> queue_;  ///< batch members that need a query, in proposal order
  std::size_t queue_pos_ = 0;
  bool started_ = false;
  std::size_t generation_ = 0;
  int free_generations_ = 0;
  std::vector<std::size_t> index_scratch_;
  std::vector<Member> next_scratch_;
  std::vector<std::uint8_t> parent_a_;
  std::vector<std::uint8_t> parent_b_;
  std::vector<std::uint8_t> child_;
};

}  // namespace tabnas
