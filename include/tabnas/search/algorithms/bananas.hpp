#pragma once
/// @file BANANAS: White, Neiswanger & Savani, "BANANAS: Bayesian Optimization with Neural
/// Architectures for Neural Architecture Search", AAAI 2021.
#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/models/predictor_guided_search.hpp"

namespace tabnas {

/// Bayesian optimisation with an ensemble of feed-forward networks on the path encoding,
/// independent Thompson sampling, and a candidate pool of mutations of the best architectures.
///
/// Defaults follow the authors' code (naszilla `bananas` + "standard" meta neural net):
/// num_init 10, k 10 proposals per model fit (the model is refitted every 10 queries), 5
/// networks of 10 layers x 20 units (batch 32, Adam lr 0.01, beta2 0.99, MAE), ITS acquisition,
/// 100 candidates from mutations of the best architecture (up to 5 parents, each edge changed
/// with probability 1/4 as naszilla does on NB201), no architecture proposed twice.
/// Deviations: 100 training epochs per fit instead of 150 (keeps a 150-query NB201 run under
/// 2 s on one core; `epochs=150` restores the paper setting); targets are standardised before
/// training (naszilla trains on raw validation loss); the default encoding is the full path
/// encoding (naszilla's NB201 default truncates it to 30 features, see `path_cutoff`). Mutations
/// that leave the parent unchanged are discarded, as naszilla discards them as duplicates.
class Bananas final : public Algorithm {
 public:
  explicit Bananas(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Number of ensemble fits so far (for tests).
  [[nodiscard]] std::size_t num_fits() const noexcept { return engine_.num_fits(); }

 private:
  PredictorGuidedSearch engine_;
};

}  // namespace tabnas
