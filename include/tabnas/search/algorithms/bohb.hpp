#pragma once
/// @file BOHB: Falkner, Klein & Hutter, "BOHB: Robust and Efficient Hyperparameter
/// Optimization at Scale", ICML 2018 (defaults of the authors' HpBandSter implementation).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/arch_set.hpp"
#include "tabnas/search/algorithms/detail/bracket_scheduler.hpp"
#include "tabnas/search/algorithms/detail/categorical_kde.hpp"
#include "tabnas/search/algorithms/detail/ladder_schedule.hpp"

namespace tabnas {

/// Hyperband (same brackets, ladder mapping and promotions as `hyperband`) whose new
/// architectures come from a TPE-like model instead of uniform sampling:
///
///  - Every result is stored with its rung. A model exists for a rung with m results when,
///    after sorting them by (objective, trial id), the good set (the first n_good =
///    max(N_min, floor(top_n_percent m / 100))) and the bad set (the next up to n_bad =
///    max(N_min, floor((100 - top_n_percent) m / 100))) both hold more than d points
///    (d = number of variables, N_min = min_points_in_model, at least d + 1), as in HpBandSter.
///  - A new architecture is uniformly random when no rung has a model or, with probability
///    random_fraction, anyway. Otherwise the model of the HIGHEST rung that has one is used:
///    l(x) and g(x) are categorical KDEs (Aitchison-Aitken kernel, detail/categorical_kde.hpp)
///    of the good and bad sets; num_samples candidates are drawn from l (HpBandSter's sampler)
///    and the one minimising g(x)/l(x) (both floored at 1e-32) is proposed; ties keep the
///    candidate drawn first (as HpBandSter; the draw order is the run's random stream).
///
/// Deviations: architectures are never started twice (a candidate already started is
/// skipped; when all were, a random unstarted one is used); the KDE bandwidth is clipped at
/// (c-1)/c (see CategoricalKde); the continuous-variable bandwidth_factor of HpBandSter has no
/// effect on categorical variables and is not exposed.
class Bohb final : public Algorithm, private mf::BracketPolicy {
 public:
  explicit Bohb(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Rung whose model would propose the next architecture (nullopt: no model yet), for tests.
  [[nodiscard]] std::optional<std::uint32_t> model_rung() const;
  /// Number of model-based proposals so far, for tests.
  [[nodiscard]] std::size_t num_model_proposals() const noexcept { return model_proposals_; }
  /// The scheduler (after the first ask), for tests.
  [[nodiscard]] const mf::BracketScheduler* scheduler() const noexcept {
    return scheduler_ ? &*scheduler_ : nullptr;
  }

 private:
  struct RungData {
    std::vector<std::uint8_t> choices;  ///< d codes per result
    std::vector<double> values;
    std::vector<std::uint64_t> trials;
  };
  std::optional<mf::Job> propose(SearchContext& ctx, const mf::JobSlot& slot,
                                 std::span<const mf::StageResult> previous) override;
  void observe(const Observation& obs, const mf::JobSlot& slot) override;
  /// Sizes of the good and bad sets for m results (bad may be < n_bad).
  [[nodiscard]] std::pair<std::size_t, std::size_t> split_sizes(std::size_t m) const;
  std::optional<ArchId> model_proposal(SearchContext& ctx, std::uint32_t rung);

  double eta_;
  long long min_points_param_;
  double top_n_percent_;
  std::size_t num_samples_;
  double random_fraction_;
  double min_bandwidth_;
  const SearchSpace* space_ = nullptr;
  std::size_t d_ = 0;
  std::size_t min_points_ = 0;
  std::vector<std::size_t> cardinalities_;
  std::vector<RungData> rungs_;
  std::optional<mf::BracketScheduler> scheduler_;
  mf::ArchSet started_;
  mf::CategoricalKde good_;
  mf::CategoricalKde bad_;
  std::size_t model_proposals_ = 0;
  std::vector<std::uint8_t> scratch_;
};

}  // namespace tabnas
