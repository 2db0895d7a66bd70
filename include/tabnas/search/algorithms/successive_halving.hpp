#pragma once
/// @file Successive halving: Jamieson & Talwalkar, "Non-stochastic Best Arm Identification and
/// Hyperparameter Optimization", AISTATS 2016 (after Karnin, Koren & Somekh, ICML 2013), in the
/// form Hyperband uses as its inner loop (Li et al., JMLR 2018, Algorithm 1).
#include <cstddef>
#include <optional>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/arch_set.hpp"
#include "tabnas/search/algorithms/detail/bracket_scheduler.hpp"
#include "tabnas/search/algorithms/detail/ladder_schedule.hpp"

namespace tabnas {

/// Repeated successive-halving iterations on the fidelity ladder. Each iteration is Hyperband's
/// most exploratory bracket s = s_max for R = (top rung epochs) / (lowest rung epochs): n_0
/// new random architectures (never started before in the run) at the lowest level; after every
/// stage the best n_(i+1) = floor(n_i / eta) (ranked by objective, ties to the lower trial id)
/// are promoted to the next level with Trial::resume_from = their trial at the lower rung; when
/// the last stage has reported, a new iteration starts. Levels are mapped onto the ladder as in
/// detail/ladder_schedule.hpp: on NB201's hp12 -> hp200 ladder with eta = 3 an iteration is
/// "9 architectures at hp12, the best one at hp200".
///
/// `num_configs` = 0 (default) gives n_0 = ceil(eta^s_max) as in Hyperband's bracket s_max;
/// a positive value sets n_0 (later stages keep floor(n_0 / eta^i), at least 1).
///
/// Parallel workers: when the running iteration waits for results, the next iteration starts
/// (HpBandSter's parallel SH iterations); with one worker iterations run one after another.
/// The run ends when every architecture has been started and nothing is pending.
class SuccessiveHalving final : public Algorithm, private mf::BracketPolicy {
 public:
  explicit SuccessiveHalving(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// The scheduler (after the first ask), for tests.
  [[nodiscard]] const mf::BracketScheduler* scheduler() const noexcept {
    return scheduler_ ? &*scheduler_ : nullptr;
  }

 private:
  std::optional<mf::Job> propose(SearchContext& ctx, const mf::JobSlot& slot,
                                 std::span<const mf::StageResult> previous) override;
  void observe(const Observation& obs, const mf::JobSlot& slot) override;

  double eta_;
  std::size_t num_configs_;
  std::optional<mf::BracketScheduler> scheduler_;
  mf::ArchSet started_;
};

}  // namespace tabnas
