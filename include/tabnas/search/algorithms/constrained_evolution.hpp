#pragma once
/// @file Constrained regularized evolution: regularized (aging) evolution (Real, Aggarwal,
/// Huang & Le, "Regularized Evolution for Image Classifier Architecture Search", AAAI 2019)
/// whose random initial samples and mutations are re-drawn until they are feasible.
#include <cstdint>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/aging_population.hpp"

namespace tabnas {

/// Regularized evolution over the FEASIBLE architectures only. The first population_size
/// proposals are uniform feasible samples (bounded rejection with an exact fallback, as in
/// constrained_random_search); afterwards each proposal mutates the best of `sample_size`
/// members drawn uniformly without replacement (ties to the older member), re-drawing the
/// one-edge mutation until the child is feasible. Every new result evicts the oldest member.
/// Defaults are NATS-Bench's (population 10, sample 3).
///
/// Two additions, both measured on pilot seeds (experiments/constrained_pixel3/README.md):
/// - `dedup` (default true): architectures proposed before are re-drawn too, as
///   constrained_random_search does (without it about 20 % of 150 queries repeat an
///   architecture: near the constraint boundary few neighbours of a parent are feasible).
/// - `repair_steps` (default 2): an infeasible mutant is mutated again, up to repair_steps
///   more one-edge edits, before the mutation is re-drawn from the parent (a repair walk;
///   Salcedo-Sanz 2009). With one-edge mutations only, moving an expensive operation to
///   another edge at the latency boundary needs an infeasible intermediate, so plain re-draw
///   (repair_steps 0) traps runs in local optima.
///
/// Bounded: at most `max_draws` mutation draws per proposal; then the child is drawn
/// uniformly from the parent's acceptable one-edge neighbours, and when there are none it is
/// a uniform feasible sample. ask() returns nullopt when no feasible architecture is left
/// (dedup). Without constraints and with dedup false it proposes exactly what
/// regularized_evolution would from the same stream.
/// @throws ConfigError (from ask) when no architecture satisfies the constraints.
class ConstrainedEvolution final : public Algorithm {
 public:
  explicit ConstrainedEvolution(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  struct Member {
    ArchId arch;
    double objective;
  };
  /// Current population in age order (oldest first), for tests.
  [[nodiscard]] std::vector<Member> population() const;

 private:
  /// A uniform feasible (and, with dedup, new) architecture; nullopt when none is left.
  std::optional<ArchId> random_feasible(SearchContext& ctx) const;
  /// A feasible (new) mutant of `parent`, else random_feasible().
  std::optional<ArchId> feasible_mutation(ArchId parent, SearchContext& ctx);
  std::optional<Trial> propose(std::optional<ArchId> arch, SearchContext& ctx);

  std::size_t population_size_;
  std::size_t sample_size_;
  bool dedup_;
  std::uint64_t repair_steps_;
  std::uint64_t max_draws_;
  std::vector<bool> seen_;  ///< proposed architectures (dedup only)
  std::size_t proposed_ = 0;
  detail::AgingPopulation<Member> members_;
  std::vector<ArchId> neighbours_;
};

}  // namespace tabnas
