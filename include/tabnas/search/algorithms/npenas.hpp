#pragma once
/// @file NPENAS: Wei, Niu, Tang, Wang, Hu & Liang, "NPENAS: Neural Predictor Guided
/// Evolution for Neural Architecture Search", IEEE TNNLS 2022 (arXiv:2003.12857, 2020).
#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/models/predictor_guided_search.hpp"

namespace tabnas {

/// Predictor-guided evolution: every generation the best evaluated architectures (parents, best
/// first) each produce many one-edit mutants, a neural predictor trained on all results scores
/// the offspring, and only the k best-predicted offspring are evaluated.
///
/// Defaults follow the authors' code: num_init 10, k 10 evaluations per generation (predictor
/// refitted every generation), 100 candidates (each parent gets 100 one-edit mutation attempts,
/// new parents are taken until 100 distinct unseen children exist, the pool is cut to 100),
/// acquisition = predicted value (NPENAS-NP).
///
/// Deviations: the predictor is an ensemble of 3 MLPs (NASLib's num_ensemble; BANANAS' network
/// settings) on the one-hot encoding of the cell's ops instead of the paper's graph networks
/// (NPENAS-NP: a GIN regressor; NPENAS-BO: a graph uncertainty-estimation network with Thompson
/// sampling). On NB201 every cell has the same DAG, so the one-hot ops carry the same
/// information a graph network sees. `acquisition=its` (Thompson draw from the ensemble's mean
/// and spread) is offered as the analogue of NPENAS-BO.
class Npenas final : public Algorithm {
 public:
  explicit Npenas(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Number of predictor fits so far (for tests).
  [[nodiscard]] std::size_t num_fits() const noexcept { return engine_.num_fits(); }

 private:
  PredictorGuidedSearch engine_;
};

}  // namespace tabnas
