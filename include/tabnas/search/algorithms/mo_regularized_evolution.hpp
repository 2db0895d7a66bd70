#pragma once
/// @file Multi-objective regularized (aging) evolution, after syne-tune's
/// MultiObjectiveRegularizedEvolution (Salinas, Perrone, Archambeau & Cruchant, "A
/// multi-objective perspective on jointly tuning hardware and hyperparameters", NAS workshop at
/// ICLR 2021) on top of Real, Aggarwal, Huang & Le, "Regularized Evolution for Image Classifier
/// Architecture Search", AAAI 2019.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"

namespace tabnas {

/// Aging population of the `population_size` most recent results. The first population_size
/// proposals are uniformly random; afterwards `sample_size` distinct members are drawn
/// uniformly, the winner is the one with the lowest non-domination rank within the current
/// population (NSGA-II's fast non-dominated sort over all objectives, all minimised), then the
/// largest crowding distance within its front, then the lowest trial id (the oldest), and its
/// one-variable mutation is proposed. Every result joins the population and evicts the oldest.
///
/// Deviations from syne-tune: ties within a front are broken by crowding distance (syne-tune
/// orders a front by an epsilon-net on the first objective); the sample is drawn without
/// replacement; defaults population 20 / sample 5 (syne-tune: 100 / 10, for large budgets;
/// here ~13% of a 150-query budget is random and the tournament keeps Real et al.'s P/S = 4).
class MoRegularizedEvolution final : public Algorithm {
 public:
  explicit MoRegularizedEvolution(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  struct Member {
    ArchId arch = 0;
    std::uint64_t trial = 0;
    std::vector<double> objectives;
  };
  /// Population in age order (oldest first), for tests.
  [[nodiscard]] const std::deque<Member>& population() const noexcept { return population_; }

 private:
  void rank_population();

  std::size_t population_size_;
  std::size_t sample_size_;
  std::size_t proposed_ = 0;
  std::deque<Member> population_;
  bool ranks_valid_ = false;
  std::vector<std::size_t> rank_;
  std::vector<double> crowding_;
  std::vector<std::size_t> scratch_;
};

}  // namespace tabnas
