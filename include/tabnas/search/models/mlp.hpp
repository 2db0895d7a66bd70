#pragma once
/// @file A fully connected ReLU network trained with Adam on the mean absolute error
/// (the BANANAS "meta neural network", White, Neiswanger & Savani, AAAI 2021).
#include <Eigen/Core>
#include <cstddef>
#include <vector>

#include "tabnas/core/rng.hpp"

namespace tabnas {

/// Feed-forward regressor: `num_layers` hidden Dense+ReLU layers of `layer_width` units and one
/// linear output. Initialisation as Keras' defaults (Glorot-uniform weights, zero biases), loss
/// MAE, Adam with Keras' update rule, mini-batches of a fresh random permutation every epoch.
/// Single precision, single thread; every draw comes from the Rng passed to fit().
class Mlp {
 public:
  /// Defaults: naszilla's "standard" meta neural net (10 layers of width 20, 150 epochs,
  /// batch 32, Adam lr 0.01, beta1 0.9, beta2 0.99).
  struct Options {
    std::size_t num_layers = 10;  ///< hidden layers
    std::size_t layer_width = 20;
    std::size_t epochs = 150;
    std::size_t batch_size = 32;
    double learning_rate = 0.01;
    double beta1 = 0.9;
    double beta2 = 0.99;
    double epsilon = 1e-7;  ///< Keras' Adam default
  };

  /// Trains a fresh network. @param x D x N inputs (one column per sample). @param y N targets.
  /// @throws InternalError on size mismatch, N == 0 or a zero layer width.
  void fit(const Eigen::MatrixXf& x, const Eigen::VectorXf& y, const Options& options, Rng& rng);

  /// Predictions for D x M inputs. @throws InternalError if not fitted or D differs.
  [[nodiscard]] Eigen::VectorXf predict(const Eigen::MatrixXf& x) const;

  /// Mean absolute error on (x, y).
  [[nodiscard]] double mean_absolute_error(const Eigen::MatrixXf& x,
                                           const Eigen::VectorXf& y) const;

  [[nodiscard]] bool fitted() const noexcept { return !weights_.empty(); }

 private:
  void forward(const Eigen::MatrixXf& input) const;
  /// Layers first.. given pre_[first - 1] (ReLU applied here).
  void forward_from(std::size_t first) const;

  std::vector<Eigen::MatrixXf> weights_;  ///< layer l: out x in
  std::vector<Eigen::VectorXf> biases_;
  // Work buffers (per layer), reused across batches.
  mutable std::vector<Eigen::MatrixXf> pre_;  ///< pre-activations
  mutable std::vector<Eigen::MatrixXf> act_;  ///< act_[l] = input of layer l (l >= 1)
};

}  // namespace tabnas
