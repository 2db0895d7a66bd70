#pragma once
/// @file The search loop shared by BANANAS and NPENAS: fit an MLP ensemble on everything
/// evaluated, mutate the best architectures into a candidate pool, rank the pool with the
/// predictor and propose the top k before fitting again.
#include <cstddef>
#include <optional>
#include <vector>

#include "tabnas/search/models/arch_encoder.hpp"
#include "tabnas/search/models/mlp.hpp"
#include "tabnas/search/models/mlp_ensemble.hpp"
#include "tabnas/search/models/observation_archive.hpp"
#include "tabnas/search/search_context.hpp"

namespace tabnas {

/// Engine of the neural-predictor algorithms (not an Algorithm itself; bananas and npenas own
/// one and configure it).
///
/// Loop: `num_init` uniformly random distinct architectures; then, whenever the proposal queue
/// is empty, fit the ensemble on all results, build a candidate pool by mutating the best
/// evaluated architectures (best first, ties by arch id; at most `max_parents` parents, each
/// given `attempts_per_parent` mutation attempts, no new parent once the pool holds
/// `num_candidates`), drop anything already proposed or duplicated, score the pool with the
/// acquisition and queue the `k` best (ties by arch id). So the model is refitted every k
/// proposals. If the pool is smaller than k it is topped up with random unseen architectures.
/// With several simulated workers, asks that find the queue empty refit on the results told so
/// far; pending architectures are never proposed again.
class PredictorGuidedSearch {
 public:
  enum class Acquisition {
    kIndependentThompson,  ///< one draw from N(mean, sd^2) of the ensemble per candidate (BANANAS)
    kMean,                 ///< ensemble mean only (NPENAS-NP, NASLib "exploit_only")
  };
  enum class Mutation {
    kPerVariable,  ///< each variable changes with probability edit_probability (naszilla)
    kOneEdit,      ///< exactly one variable changes (SearchSpace::mutate; NPENAS' NB201 code)
  };
  struct Options {
    std::size_t num_init = 10;
    std::size_t k = 10;
    std::size_t num_ensemble = 5;
    Mlp::Options mlp;
    ArchEncoding encoding = ArchEncoding::kPath;
    std::size_t path_cutoff = 0;
    std::size_t num_candidates = 100;
    std::size_t max_parents = 5;
    std::size_t attempts_per_parent = 100;
    bool truncate_pool = false;  ///< keep only the first num_candidates candidates
    Mutation mutation = Mutation::kPerVariable;
    double edit_probability = 0.25;
    Acquisition acquisition = Acquisition::kIndependentThompson;
  };

  explicit PredictorGuidedSearch(Options options);

  std::optional<Trial> ask(SearchContext& ctx);
  void tell(const Observation& obs, SearchContext& ctx);

  /// Number of ensemble fits so far (for tests).
  [[nodiscard]] std::size_t num_fits() const noexcept { return num_fits_; }
  [[nodiscard]] const ObservationArchive& archive() const noexcept { return archive_; }

 private:
  void refill(SearchContext& ctx);
  ArchId mutate(const SearchSpace& space, ArchId parent, Rng& rng) const;
  std::optional<Trial> propose(SearchContext& ctx, ArchId arch);

  Options options_;
  ObservationArchive archive_;
  std::optional<ArchEncoder> encoder_;
  MlpEnsemble ensemble_;
  std::size_t num_random_proposed_ = 0;
  std::vector<ArchId> queue_;
  std::size_t queue_pos_ = 0;
  std::size_t num_fits_ = 0;
  std::vector<bool> in_pool_;
  mutable std::vector<std::uint8_t> choices_;
};

}  // namespace tabnas
