#pragma once
/// @file SMAC: Hutter, Hoos & Leyton-Brown, "Sequential Model-Based Optimization for General
/// Algorithm Configuration", LION 5, 2011 (random-forest surrogate, EI, local search).
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/models/arch_encoder.hpp"
#include "tabnas/search/models/observation_archive.hpp"
#include "tabnas/search/models/random_forest.hpp"

namespace tabnas {

/// SMAC on a tabular space: `num_init` random architectures, then after every result a random
/// forest (RandomForest: 10 trees, bootstrap, 5/6 of the features per split, SMAC3's
/// min_samples_split 3 / min_samples_leaf 3) is refitted on the one-hot encoding and the next
/// architecture maximises expected improvement over: (a) a best-improvement local search in the
/// one-edit neighbourhood on EI, started from the `num_local_starts` evaluated architectures
/// with the highest EI, every architecture it scores being a candidate, and (b) `num_random`
/// random architectures. Every `random_every`-th proposal after the initial design is uniformly
/// random instead (SMAC's interleaving of random configurations; SMAC 2011 alternates, i.e. 2).
/// Ties in EI go to the smaller arch id; nothing is proposed twice.
///
/// Deviations: SMAC starts from the target algorithm's default configuration, which a NAS space
/// does not have, so it starts from `num_init` random ones; there are no instances, no
/// intensification (a tabular look-up is noise-free for a fixed seed policy), and interleaving
/// is deterministic (every n-th proposal) rather than by coin flip (SMAC3).
class SmacRf final : public Algorithm {
 public:
  explicit SmacRf(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Number of forest fits so far (for tests).
  [[nodiscard]] std::size_t num_fits() const noexcept { return num_fits_; }

 private:
  void refill(SearchContext& ctx);
  double score(ArchId arch);
  std::optional<Trial> propose(SearchContext& ctx, ArchId arch);
  std::optional<Trial> propose_random(SearchContext& ctx);

  std::size_t num_init_;
  RandomForest::Options forest_options_;
  std::size_t num_random_;
  std::size_t num_local_starts_;
  std::size_t max_local_steps_;
  std::size_t random_every_;
  ObservationArchive archive_;
  std::optional<ArchEncoder> encoder_;
  RandomForest forest_;
  std::size_t num_random_proposed_ = 0;
  std::size_t num_model_phase_ = 0;  ///< proposals after the initial design
  std::size_t fitted_size_ = 0;
  std::size_t num_fits_ = 0;
  std::vector<ArchId> queue_;
  std::size_t queue_pos_ = 0;
  // Per-fit EI cache (NaN = not scored) and the list of scored architectures.
  std::vector<double> ei_;
  std::vector<ArchId> scored_;
  double incumbent_ = 0.0;
  std::vector<float> features_;
  std::vector<ArchId> neighbours_;
};

}  // namespace tabnas
