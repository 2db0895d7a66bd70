#pragma once
/// @file A small deterministic random-forest regressor with predictive variance (SMAC's model).
#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tabnas/core/rng.hpp"

namespace tabnas {

/// Random forest for regression as used by SMAC (Hutter, Hoos & Leyton-Brown, LION 2011;
/// predictive variance as in Hutter, Xu, Hoos & Leyton-Brown, "Algorithm runtime prediction",
/// AIJ 2014, Sec. 4.3.2): each tree is grown on a bootstrap sample; every node considers a
/// random subset of ceil(ratio_features * D) features and takes the threshold split with the
/// largest reduction of squared error, subject to min_samples_split / min_samples_leaf; nodes
/// whose targets are all within 1e-8 become leaves. A leaf stores the mean and variance of its
/// targets. The forest predicts mean = average of tree means and, by the law of total variance,
/// variance = average over trees of (leaf variance + leaf mean^2) - mean^2.
///
/// Determinism: all draws come from the Rng passed to fit(); split ties go to the smaller feature
/// index, then the smaller threshold.
class RandomForest {
 public:
  struct Options {
    std::size_t num_trees = 10;         ///< SMAC: 10
    double ratio_features = 5.0 / 6.0;  ///< SMAC: 5/6
    std::size_t min_samples_split = 3;  ///< SMAC3 (pyrfr) default
    std::size_t min_samples_leaf = 3;   ///< SMAC3 (pyrfr) default
    bool bootstrap = true;
    std::size_t max_depth = 64;
  };

  RandomForest();
  explicit RandomForest(Options options);

  /// Fits the forest. @param x D x N features (one column per sample). @param y N targets.
  /// @throws InternalError on size mismatch or N == 0.
  void fit(const Eigen::MatrixXf& x, const std::vector<double>& y, Rng& rng);

  /// Predictive mean and variance of one feature vector (size D).
  void predict(const float* x, double& mean, double& variance) const;

  [[nodiscard]] bool fitted() const noexcept { return !trees_.empty(); }
  /// Total number of nodes over all trees (for tests).
  [[nodiscard]] std::size_t num_nodes() const noexcept;

 private:
  struct Node {
    std::int32_t feature = -1;  ///< -1 = leaf
    float threshold = 0.0F;     ///< go left if x[feature] <= threshold (a training value)
    std::int32_t left = -1;
    std::int32_t right = -1;
    double mean = 0.0;
    double variance = 0.0;
  };
  using Tree = std::vector<Node>;

  void grow(Tree& tree, std::vector<std::size_t>& samples, std::size_t begin, std::size_t end,
            std::size_t depth, Rng& rng);

  Options options_;
  std::vector<Tree> trees_;
  // Training data during fit().
  const Eigen::MatrixXf* x_ = nullptr;
  const std::vector<double>* y_ = nullptr;
  std::vector<std::size_t> features_;
  std::vector<std::pair<float, std::size_t>> order_;
};

}  // namespace tabnas
