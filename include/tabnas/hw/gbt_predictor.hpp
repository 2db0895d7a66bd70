#pragma once
/// @file Gradient-boosted regression trees (squared loss) on architecture features.
#include <cstdint>
#include <vector>

#include "tabnas/hw/latency_predictor.hpp"

namespace tabnas {

/// Gradient boosting with regression trees (Friedman 2001, "Greedy function approximation: a
/// gradient boosting machine"), squared loss, XGBoost-style L2-regularised leaves
/// (Chen & Guestrin 2016): a split maximises
///   G_L^2/(n_L+l2) + G_R^2/(n_R+l2) - G^2/(n+l2)
/// over the residual sums G, a leaf predicts learning_rate * G/(n+l2). Features are small
/// integers (ArchFeatures), so every threshold of every column is tried exactly (histograms,
/// no binning). Ties between splits go to the lower column, then the lower threshold. No row or
/// column subsampling: the model is a deterministic function of the training data.
///
/// With `log_target` the trees fit log(latency) and predictions are exp(.), so errors are
/// relative (what MAPE measures) and predictions stay positive.
class GbtPredictor final : public LatencyPredictor {
 public:
  struct Params {
    int rounds = 200;
    int max_depth = 4;
    double learning_rate = 0.1;
    int min_leaf = 2;  ///< minimum training rows per leaf
    double l2 = 1.0;   ///< leaf L2 regularisation
    bool log_target = true;
  };

  GbtPredictor() = default;
  explicit GbtPredictor(Params params) : params_(params) {}

  [[nodiscard]] std::string_view name() const override { return "gbt"; }
  void fit(const ArchFeatures& x, std::span<const double> y) override;
  [[nodiscard]] double predict_row(std::span<const std::uint8_t> features) const override;
  [[nodiscard]] nlohmann::ordered_json to_json() const override;
  [[nodiscard]] const Params& params() const noexcept { return params_; }

 private:
  /// Tree node: inner when feature >= 0 (rows with x[feature] <= threshold go left).
  struct Node {
    int feature = -1;
    std::uint8_t threshold = 0;
    std::int32_t left = -1;
    std::int32_t right = -1;
    double value = 0.0;
  };
  struct Tree {
    std::vector<Node> nodes;
  };
  std::int32_t grow(Tree& tree, const ArchFeatures& x, std::span<const double> residual,
                    std::vector<std::uint32_t>& rows, std::size_t begin, std::size_t end,
                    int depth) const;
  [[nodiscard]] static double eval_tree(const Tree& tree, std::span<const std::uint8_t> f);

  Params params_;
  double base_ = 0.0;
  std::vector<Tree> trees_;
};

}  // namespace tabnas
