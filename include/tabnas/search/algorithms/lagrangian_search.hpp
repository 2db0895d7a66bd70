#pragma once
/// @file Lagrangian (dual-ascent) constrained search: regularized evolution (Real et al., AAAI
/// 2019) on the penalised objective f(a) + lambda * violation(a), with the multiplier lambda
/// updated by projected dual ascent after each observation (Boyd & Vandenberghe, "Convex
/// Optimization", 2004, section 5; Bertsekas, "Constrained Optimization and Lagrange
/// Multiplier Methods", 1982), the treatment of a latency constraint by a multiplier trained
/// by gradient ascent in hardware-aware NAS (Luo et al., "You Only Search Once: On Lightweight
/// Differentiable Architecture Search for Resource-Constrained Embedded Platforms"
/// (LightNAS), DAC 2022, arXiv:2208.14446).
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/aging_population.hpp"

namespace tabnas {

/// Proposals are unconstrained (infeasible architectures may be evaluated: the penalty, not a
/// filter, steers the search). The population, tournament and aging are those of
/// regularized_evolution (population 10, sample 3); members keep their objective f (minimised,
/// -accuracy) and relative violation v = SearchContext::violation (0 when feasible), and the
/// tournament compares f + lambda * v with the CURRENT lambda (ties to the older member; a
/// missing constraint value ranks last).
///
/// Dual ascent after every observation: lambda <- max(0, lambda + dual_step * g), where g is
/// the signed relative constraint value (constrained::signed_constraint_value): v > 0 for a
/// violating architecture, and minus the relative slack of the tightest constraint for a
/// feasible one, so lambda grows while proposals violate and decays back towards 0 while they
/// are feasible (g = (latency - T) / T for one latency constraint, LightNAS's LAT/T - 1). A
/// missing value (g = inf) skips the update. lambda is in objective units per unit of
/// relative violation; the defaults (lambda_init 0, dual_step 1) suit accuracies in percent
/// and are our choice (the cited works state none for this setting; on pilot seeds of
/// experiments/constrained_pixel3 dual_step 0.1 .. 3 and lambda_init 0 or 10 gave the same
/// result within noise). Without constraints it is regularized evolution.
class LagrangianSearch final : public Algorithm {
 public:
  explicit LagrangianSearch(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Current multiplier.
  [[nodiscard]] double lambda() const noexcept { return lambda_; }
  /// Penalised objective of (objective f, violation v) under the current lambda.
  [[nodiscard]] double penalised(double objective, double violation) const noexcept;

  struct Member {
    ArchId arch;
    double objective;  ///< minimised search objective (+inf when missing)
    double violation;  ///< relative violation, 0 when feasible, +inf when missing
  };
  /// Current population in age order (oldest first), for tests.
  [[nodiscard]] std::vector<Member> population() const;

 private:
  std::size_t population_size_;
  std::size_t sample_size_;
  double lambda_;
  double dual_step_;
  std::size_t proposed_ = 0;
  detail::AgingPopulation<Member> members_;
};

}  // namespace tabnas
