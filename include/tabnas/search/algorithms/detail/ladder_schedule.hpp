#pragma once
/// @file Hyperband's bracket table and its mapping onto an experiment's fidelity ladder, shared
/// by successive_halving, hyperband, bohb, asha and dehb. Implementation detail: not part of
/// the stable API.
///
/// Resource levels. Hyperband (Li et al., JMLR 2018) works with a maximum resource R (in units
/// of the minimum resource) and a reduction factor eta: s_max = floor(log_eta R) and the
/// nominal resource levels are R * eta^(k - s_max), k = 0 .. s_max (level s_max = R). An
/// experiment's ladder instead has F fixed rungs (for the NB201 tables: hp12 and hp200). Here:
///
///  - The resource of rung i is its epoch count when the ladder's epochs are positive and
///    strictly increasing (the usual case: "hp12" -> 12), else eta^i (every rung one level
///    apart). R = resource(F-1) / resource(0).
///  - Nominal level k runs on the HIGHEST rung whose resource does not exceed the level's
///    resource R * eta^(k - s_max) * resource(0) (never more training than the level asks for;
///    level 0 always maps to rung 0 and level s_max to rung F-1).
///  - A bracket's stages that land on the same rung are merged: the configurations are
///    evaluated once at that rung and the survivors of all merged stages are selected from
///    those results at once (the table values are identical at one rung, so keeping the top
///    n_i and then the top n_(i+1) of those equals keeping the top n_(i+1) directly).
///
/// Example (NB201, eta = 3): R = 200/12 = 16.7, s_max = 2, levels 22.2, 66.7, 200 epochs ->
/// rungs hp12, hp12, hp200. Bracket s=2 (n = 9, 3, 1) becomes "9 at hp12, the best 1 at
/// hp200"; s=1 (n = 5, 1) "5 at hp12, best 1 at hp200"; s=0 "3 at hp200". Rungs a ladder has
/// in between nominal levels are simply not used (as in Hyperband with integer resources).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tabnas/search/search_context.hpp"

namespace tabnas::mf {

/// One Hyperband bracket (Li et al. 2018, Algorithm 1): stage i evaluates n[i] configurations
/// with resource r[i] each, in units of the minimum resource (r[last] = R).
struct Bracket {
  std::uint32_t s = 0;
  std::vector<std::size_t> n;
  std::vector<double> r;
};

/// Largest s with eta^s <= R = max_resource (relative tolerance 1e-9, so log_3 81 = 4 exactly).
/// @throws ConfigError if R < 1 or eta <= 1.
[[nodiscard]] std::uint32_t hyperband_s_max(double max_resource, double eta);

/// Hyperband's brackets s = s_max .. 0 (in that order) for R = max_resource: n =
/// ceil((s_max+1)/(s+1) * eta^s), r = R eta^-s, n_i = floor(n eta^-i), r_i = r eta^i, i = 0 .. s.
/// @throws ConfigError if R < 1 or eta <= 1.
[[nodiscard]] std::vector<Bracket> hyperband_brackets(double max_resource, double eta);

/// The single bracket of successive halving with `n` starting configurations and s+1 stages:
/// n_i = max(1, floor(n eta^-i)), r_i = R eta^(i-s). @throws ConfigError if n == 0.
[[nodiscard]] Bracket successive_halving_bracket(std::uint32_t s, std::size_t n,
                                                 double max_resource, double eta);

/// One (merged) stage of a bracket on the ladder.
struct LadderStage {
  std::uint32_t rung = 0;   ///< fidelity index into the ladder
  std::size_t n = 0;        ///< configurations evaluated at this rung
  std::uint32_t level = 0;  ///< nominal level of the first merged stage (0 = lowest)
};

/// Nominal resource levels of Hyperband mapped onto a fidelity ladder (see the file comment).
class LadderSchedule {
 public:
  /// @throws ConfigError for an empty ladder or eta <= 1.
  LadderSchedule(const std::vector<Fidelity>& ladder, double eta);

  [[nodiscard]] double eta() const noexcept { return eta_; }
  /// resource(F-1) / resource(0).
  [[nodiscard]] double max_resource() const noexcept { return max_resource_; }
  [[nodiscard]] std::uint32_t s_max() const noexcept { return s_max_; }
  /// True when rung resources are the ladder's epochs (else eta^i).
  [[nodiscard]] bool uses_epochs() const noexcept { return uses_epochs_; }
  /// Resource of each rung (epochs, or eta^i).
  [[nodiscard]] const std::vector<double>& rung_resources() const noexcept { return resources_; }
  /// Rung on which nominal level k (0 .. s_max) runs.
  [[nodiscard]] std::uint32_t rung_of_level(std::uint32_t k) const { return level_rung_.at(k); }
  /// Hyperband's brackets for this ladder: hyperband_brackets(max_resource(), eta()).
  [[nodiscard]] std::vector<Bracket> brackets() const;
  /// Stages of bracket `b` on the ladder, merged where consecutive stages share a rung
  /// (stage i of bracket s runs at nominal level s_max - s + i).
  [[nodiscard]] std::vector<LadderStage> stages(const Bracket& b) const;

 private:
  double eta_;
  double max_resource_ = 1.0;
  std::uint32_t s_max_ = 0;
  bool uses_epochs_ = false;
  std::vector<double> resources_;
  std::vector<std::uint32_t> level_rung_;
};

}  // namespace tabnas::mf
