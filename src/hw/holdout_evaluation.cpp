#include "tabnas/hw/holdout_evaluation.hpp"

#include <numeric>

#include "tabnas/core/errors.hpp"
#include "tabnas/core/rng.hpp"
#include "tabnas/hw/arch_features.hpp"
#include "tabnas/hw/latency_predictor.hpp"

namespace tabnas {

std::vector<std::size_t> holdout_permutation(std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  Rng rng(derive_seed(seed, "hw_holdout_split"));
  rng.shuffle(perm);
  return perm;
}

HoldoutResult evaluate_holdout(const SearchSpace& space, std::span<const ArchId> archs,
                               std::span<const double> values, std::span<const std::size_t> perm,
                               const std::string& model, std::size_t n_train) {
  if (archs.size() != values.size() || perm.size() != archs.size()) {
    throw InternalError("evaluate_holdout: archs, values and permutation differ in size");
  }
  if (n_train == 0 || n_train >= archs.size()) {
    throw ConfigError("--train " + std::to_string(n_train) + ": need 1 .. " +
                      std::to_string(archs.size() > 0 ? archs.size() - 1 : 0) +
                      " training architectures (the column has " + std::to_string(archs.size()) +
                      " measured; the rest is the test set)");
  }
  std::vector<ArchId> train_archs;
  std::vector<double> train_y;
  std::vector<ArchId> test_archs;
  std::vector<double> test_y;
  for (std::size_t k = 0; k < perm.size(); ++k) {
    const std::size_t i = perm[k];
    if (k < n_train) {
      train_archs.push_back(archs[i]);
      train_y.push_back(values[i]);
    } else {
      test_archs.push_back(archs[i]);
      test_y.push_back(values[i]);
    }
  }
  auto predictor = make_latency_predictor(model);
  predictor->fit(ArchFeatures(space, train_archs), train_y);
  const std::vector<double> pred = predictor->predict(ArchFeatures(space, test_archs));
  HoldoutResult r;
  r.model = model;
  r.n_train = n_train;
  r.test = prediction_quality(pred, test_y);
  return r;
}

}  // namespace tabnas
