#pragma once
/// @file DEHB: Awad, Mallik & Hutter, "DEHB: Evolutionary Hyperband for Scalable, Robust and
/// Efficient Hyperparameter Optimization", IJCAI 2021.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/bracket_scheduler.hpp"
#include "tabnas/search/algorithms/detail/ladder_schedule.hpp"

namespace tabnas {

/// Differential evolution inside Hyperband's brackets (same brackets and ladder mapping as
/// `hyperband`). Architectures are points of [0,1]^d (d = number of variables); a point maps
/// to choice min(c_v - 1, floor(x_v c_v)) of each variable (DEHB's continuous relaxation of
/// categorical hyperparameters).
///
///  - Each rung used by the brackets has a subpopulation of size = the most configurations
///    any bracket evaluates at that rung (NB201, eta = 3: 9 at hp12, 3 at hp200), initialised
///    with uniformly random points, not yet evaluated. Each job targets the rung's next
///    member in round-robin order.
///  - A job for an unevaluated, not pending target evaluates that target's own point.
///  - In the first Hyperband iteration (the first s_max + 1 brackets), stages after the first
///    promote the best results of the previous stage as successive halving does
///    (Trial::resume_from set); this seeds the higher rungs' subpopulations.
///  - Every other job evaluates a DE child: rand/1 mutation v = x_r1 + F (x_r2 - x_r3) with
///    three distinct parents from the parent pool, binomial crossover with the target
///    (rate CR, one forced dimension), components outside [0,1] redrawn uniformly (DEHB's
///    "random" boundary fix). Parent pool: for a stage after the first, the best results of
///    the previous stage (as many as the stage has slots); for a bracket's first stage, the
///    rung's own subpopulation on the lowest rung, else the best members of the next lower
///    rung's subpopulation (as many as this rung's subpopulation holds). Pools with fewer
///    than 3 points are filled from the global population (all evaluated members, drawn
///    uniformly), then with random points.
///  - Selection: a result replaces its target when its objective is <= the target's (or the
///    target was not evaluated).
///
/// Simplifications (stated honestly): synchronous brackets (the scheduler's parallel brackets
/// stand in for DEHB's asynchronous variant); the parent-pool rules above are our reading of
/// the paper's description, not a port of its code; children are not de-duplicated (a child
/// equal to an already evaluated architecture is evaluated again, as in DEHB).
class Dehb final : public Algorithm, private mf::BracketPolicy {
 public:
  explicit Dehb(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// A subpopulation member.
  struct Member {
    std::vector<double> point;
    ArchId arch = 0;
    double value = 0.0;
    std::uint64_t trial = 0;
    bool evaluated = false;
    bool pending = false;
  };
  /// Subpopulation of each rung (empty for rungs no bracket uses), after the first ask.
  [[nodiscard]] const std::vector<std::vector<Member>>& subpopulations() const noexcept {
    return pop_;
  }
  /// Architecture of a point of [0,1]^d.
  [[nodiscard]] static ArchId arch_of(const SearchSpace& space, const std::vector<double>& x);
  /// Number of DE children proposed so far, for tests.
  [[nodiscard]] std::size_t num_children() const noexcept { return children_; }

 private:
  struct JobInfo {
    std::vector<double> point;
    std::uint32_t rung = 0;
    std::size_t target = 0;
  };
  std::optional<mf::Job> propose(SearchContext& ctx, const mf::JobSlot& slot,
                                 std::span<const mf::StageResult> previous) override;
  void observe(const Observation& obs, const mf::JobSlot& slot) override;
  std::vector<double> random_point(Rng& rng) const;
  std::vector<std::vector<double>> parent_pool(SearchContext& ctx, const mf::JobSlot& slot,
                                               std::span<const mf::StageResult> previous);
  std::vector<double> child(Rng& rng, const std::vector<double>& target,
                            const std::vector<std::vector<double>>& pool) const;

  double eta_;
  double mutation_factor_;
  double crossover_prob_;
  const SearchSpace* space_ = nullptr;
  std::size_t d_ = 0;
  std::size_t first_iteration_brackets_ = 0;
  std::vector<std::uint32_t> used_rungs_;  ///< ascending
  std::vector<std::vector<Member>> pop_;   ///< per rung
  std::vector<std::size_t> cursor_;        ///< per rung: next target
  std::map<std::uint64_t, JobInfo> jobs_;  ///< trial id -> what it evaluates
  JobInfo last_;                           ///< of the latest proposal, keyed once issued
  std::optional<mf::BracketScheduler> scheduler_;
  std::size_t children_ = 0;
};

}  // namespace tabnas
