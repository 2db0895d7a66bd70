#pragma once
/// @file An ensemble of independently initialised MLPs (BANANAS' predictor).
#include <Eigen/Core>
#include <cstddef>
#include <vector>

#include "tabnas/core/rng.hpp"
#include "tabnas/search/models/mlp.hpp"

namespace tabnas {

/// `size` MLPs trained on the same data from different random initialisations and batch orders
/// (White, Neiswanger & Savani, BANANAS, AAAI 2021). Targets are standardised before training
/// and predictions mapped back, so the MAE/Adam settings do not depend on the objective's units.
class MlpEnsemble {
 public:
  /// Trains `size` members in order, each drawing from `rng`.
  /// @param x D x N inputs. @param y N targets. @throws InternalError on bad sizes / size == 0.
  void fit(const Eigen::MatrixXf& x, const std::vector<double>& y, std::size_t size,
           const Mlp::Options& options, Rng& rng);

  /// Predictions: one row per member, one column per input column (original target units).
  [[nodiscard]] Eigen::MatrixXd predict(const Eigen::MatrixXf& x) const;

  /// Column means and population standard deviations of a member x input prediction matrix.
  static void mean_and_sd(const Eigen::MatrixXd& predictions, Eigen::VectorXd& mean,
                          Eigen::VectorXd& sd);

  [[nodiscard]] std::size_t size() const noexcept { return members_.size(); }
  [[nodiscard]] const Mlp& member(std::size_t i) const { return members_.at(i); }
  /// Maps original targets to the standardised scale the members were trained on.
  [[nodiscard]] double standardise(double y) const noexcept { return (y - y_mean_) / y_scale_; }

 private:
  std::vector<Mlp> members_;
  double y_mean_ = 0.0;
  double y_scale_ = 1.0;
};

}  // namespace tabnas
