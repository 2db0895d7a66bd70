#pragma once
/// @file NSGA-II: Deb, Pratap, Agarwal & Meyarivan, "A Fast and Elitist Multiobjective Genetic
/// Algorithm: NSGA-II", IEEE Transactions on Evolutionary Computation 6(2), 2002.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "tabnas/run/pareto.hpp"
#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/arch_set.hpp"

namespace tabnas {

/// Generational NSGA-II over the categorical variables, all objectives minimised:
///
///  - Generation 0: `population_size` distinct random architectures.
///  - Each later generation: population_size offspring, each from two parents chosen by
///    binary tournament (two distinct members drawn uniformly; the winner has the lower
///    non-domination rank, then the larger crowding distance, then the lower trial id),
///    uniform crossover with probability crossover_prob (each variable from either parent
///    with probability 1/2; otherwise a copy of the first parent), then mutation of each
///    variable with probability mutation_prob (0 = 1/d) to a different uniformly random
///    choice. Offspring are never architectures requested before in the run (up to 64
///    attempts, then a random unrequested architecture).
///  - (mu + lambda) survival once every offspring has reported: parents and offspring are
///    sorted into non-dominated fronts (fast_non_dominated_sort) and fronts are taken whole
///    while they fit; the last one by decreasing crowding distance (ties: lower trial id).
///
/// Defaults: population 20 (the paper uses 100 with 25,000 evaluations; with the 150-query
/// budgets of the NAS benchmarks 20 gives one random generation plus ~6 evolved ones),
/// crossover 0.9 and mutation 1/d as in the paper. Parallel workers: a generation's offspring
/// are proposed as fast as workers ask; ask() returns nullopt while the generation's results
/// are pending (synchronous generations, as in the paper).
class Nsga2 final : public Algorithm {
 public:
  explicit Nsga2(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Deb et al.'s fast non-dominated sort: the fronts F1, F2, ... of `points` (minimisation;
  /// dominance as in pareto.hpp's dominates, so equal points share a front); each front's
  /// indices ascending. NaN objectives must be replaced (e.g. by +inf) beforehand.
  static std::vector<std::vector<std::size_t>> fast_non_dominated_sort(const PointSet& points);
  /// Crowding distance of each member of `front` (indices into `points`), in front order: per
  /// objective, sort the front by value (ties: lower index), give both ends +inf and each
  /// interior member (next - previous) / (max - min); sum over objectives. An objective whose
  /// range is 0 or not finite adds nothing to interior members. Fronts of <= 2 points: all +inf.
  static std::vector<double> crowding_distance(const PointSet& points,
                                               const std::vector<std::size_t>& front);

  /// A population member.
  struct Member {
    ArchId arch = 0;
    std::uint64_t trial = 0;
    std::vector<double> objectives;
    std::size_t rank = 0;  ///< 0 = first front
    double crowding = 0.0;
  };
  [[nodiscard]] const std::vector<Member>& population() const noexcept { return population_; }
  /// Completed generations (0 while the random population is pending).
  [[nodiscard]] std::size_t generation() const noexcept { return generation_; }

 private:
  /// Assigns rank and crowding to `members` and, if `keep` < size, keeps the best `keep`.
  static void survive(std::vector<Member>& members, std::size_t keep);
  [[nodiscard]] const Member& tournament(Rng& rng) const;
  std::optional<ArchId> make_offspring(SearchContext& ctx);

  std::size_t population_size_;
  double crossover_prob_;
  double mutation_prob_param_;
  double mutation_prob_ = 0.0;
  bool initialised_ = false;
  mf::ArchSet requested_;
  std::vector<Member> population_;
  std::vector<Member> offspring_;  ///< results of the current generation
  std::size_t issued_ = 0;         ///< proposals of the current generation
  std::size_t target_ = 0;         ///< proposals planned for the current generation
  std::size_t generation_ = 0;
  std::vector<std::uint8_t> a_;
  std::vector<std::uint8_t> b_;
};

}  // namespace tabnas
