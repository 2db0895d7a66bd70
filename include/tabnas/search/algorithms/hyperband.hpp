#pragma once
/// @file Hyperband: Li, Jamieson, DeSalvo, Rostamizadeh & Talwalkar, "Hyperband: A Novel
/// Bandit-Based Approach to Hyperparameter Optimization", JMLR 18(185), 2018.
#include <optional>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/arch_set.hpp"
#include "tabnas/search/algorithms/detail/bracket_scheduler.hpp"
#include "tabnas/search/algorithms/detail/ladder_schedule.hpp"

namespace tabnas {

/// Hyperband on the fidelity ladder: R = (top rung epochs) / (lowest rung epochs), s_max =
/// floor(log_eta R); brackets s = s_max, ..., 0 are run in turn (then the cycle repeats), each
/// a successive-halving run with n = ceil((s_max+1)/(s+1) eta^s) new random architectures
/// (never started before in the run) at resource r = R eta^-s, keeping floor(n_i / eta) per
/// stage (ties to the lower trial id); promotions resume the lower rung's trial
/// (Trial::resume_from). Resource levels are mapped onto the ladder as in
/// detail/ladder_schedule.hpp; on NB201's hp12 -> hp200 ladder with eta = 3 (R = 16.7,
/// s_max = 2) the brackets are "9 at hp12 -> 1 at hp200", "5 at hp12 -> 1 at hp200" and
/// "3 at hp200".
///
/// Parallel workers: when every running bracket waits for results the next bracket starts
/// (as HpBandSter runs several iterations at once); with one worker this is Algorithm 1.
class Hyperband final : public Algorithm, private mf::BracketPolicy {
 public:
  using Bracket = mf::Bracket;

  explicit Hyperband(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// The bracket table of Li et al. (2018) for maximum resource R = max_resource (in units of
  /// the minimum resource) and reduction factor eta, brackets s = s_max .. 0.
  /// @throws ConfigError if R < 1 or eta <= 1.
  static std::vector<Bracket> brackets(double max_resource, double eta) {
    return mf::hyperband_brackets(max_resource, eta);
  }

  /// The scheduler (after the first ask), for tests.
  [[nodiscard]] const mf::BracketScheduler* scheduler() const noexcept {
    return scheduler_ ? &*scheduler_ : nullptr;
  }

 private:
  std::optional<mf::Job> propose(SearchContext& ctx, const mf::JobSlot& slot,
                                 std::span<const mf::StageResult> previous) override;
  void observe(const Observation& obs, const mf::JobSlot& slot) override;

  double eta_;
  std::optional<mf::BracketScheduler> scheduler_;
  mf::ArchSet started_;
};

}  // namespace tabnas
