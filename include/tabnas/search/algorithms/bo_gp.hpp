#pragma once
/// @file Gaussian-process Bayesian optimisation over architectures, after the GP baseline of
/// White, Neiswanger & Savani (BANANAS, AAAI 2021; naszilla `gp_bayesopt`) and Kandasamy,
/// Neiswanger, Schneider, Poczos & Xing, "Neural Architecture Search with Bayesian Optimisation
/// and Optimal Transport" (NASBOT), NeurIPS 2018.
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/models/arch_encoder.hpp"
#include "tabnas/search/models/gaussian_process.hpp"
#include "tabnas/search/models/observation_archive.hpp"

namespace tabnas {

/// Sequential GP-BO: `num_init` random architectures, then after every result the GP is refitted
/// (kernel s2 * exp(-d / lengthscale) on d = number of differing variables ("adj", naszilla's
/// default distance) or the Hamming distance of path encodings ("path"); lengthscale and noise
/// by maximum marginal likelihood over a fixed grid, see GaussianProcess) and the candidate with
/// the largest expected improvement is proposed (ties: smaller arch id).
///
/// Candidate pool per fit (after naszilla's `get_arch_list`): for each of the `num_top` best
/// evaluated architectures and each edit count e = 1 .. num_variables, `num_repeats` mutants
/// that change exactly e variables; plus `num_random` uniformly random architectures; anything
/// already proposed is dropped. Several asks before a tell take the next-best EI candidates of
/// the last fit.
///
/// Deviations: naszilla fixes the kernel hyperparameters (ls 3, alpha 1.5) and uses UCB; here
/// they are fitted by marginal likelihood and EI is used, as in standard GP-BO (and NASBOT).
/// NASBOT's OTMANN distance is not implemented.
class BoGp final : public Algorithm {
 public:
  explicit BoGp(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Number of GP fits so far (for tests).
  [[nodiscard]] std::size_t num_fits() const noexcept { return num_fits_; }
  /// The GP of the last fit (for tests).
  [[nodiscard]] const GaussianProcess& model() const noexcept { return gp_; }

 private:
  void refill(SearchContext& ctx);
  ArchId mutate_exact(const SearchSpace& space, ArchId parent, std::size_t edits, Rng& rng);
  std::optional<Trial> propose(SearchContext& ctx, ArchId arch);

  std::size_t num_init_;
  bool path_distance_;
  std::size_t num_top_;
  std::size_t num_repeats_;
  std::size_t num_random_;
  ObservationArchive archive_;
  std::optional<ArchEncoder> encoder_;
  GaussianProcess gp_;
  std::size_t num_random_proposed_ = 0;
  std::size_t fitted_size_ = 0;
  std::size_t num_fits_ = 0;
  std::vector<ArchId> queue_;
  std::size_t queue_pos_ = 0;
  std::vector<bool> in_pool_;
  std::vector<std::uint8_t> choices_;
  std::vector<std::size_t> variables_;
};

}  // namespace tabnas
