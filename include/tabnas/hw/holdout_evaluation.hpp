#pragma once
/// @file Fit a latency predictor on a random subset of measured architectures, test on the rest.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "tabnas/hw/prediction_metrics.hpp"
#include "tabnas/space/search_space.hpp"

namespace tabnas {

/// A random order of 0..n-1 from `seed`: Fisher-Yates through Rng(derive_seed(seed,
/// "hw_holdout_split")). The first n_train positions are the training set, so training sets
/// of increasing size drawn from one seed are nested.
[[nodiscard]] std::vector<std::size_t> holdout_permutation(std::size_t n, std::uint64_t seed);

/// Result of one hold-out evaluation.
struct HoldoutResult {
  std::string model;
  std::size_t n_train = 0;
  PredictionQuality test;  ///< on the measured architectures not used for fitting
};

/// Fits `model` on the architectures at perm[0..n_train) of (archs, values) and scores it on
/// the others. @throws ConfigError when n_train is 0 or leaves no test architecture.
[[nodiscard]] HoldoutResult evaluate_holdout(const SearchSpace& space,
                                             std::span<const ArchId> archs,
                                             std::span<const double> values,
                                             std::span<const std::size_t> perm,
                                             const std::string& model, std::size_t n_train);

}  // namespace tabnas
