#pragma once
/// @file Gaussian-process regression on a precomputed architecture distance.
#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <vector>

namespace tabnas {

/// Zero-mean GP on standardised targets with the exponential kernel of an architecture
/// distance d (e.g. the number of differing edges, or the Hamming distance of path encodings):
///
///   k(a, b) = s2 * exp(-d(a, b) / lengthscale),  y = f + noise,  noise ~ N(0, s2 * noise_ratio).
///
/// On 0/1 encodings the Hamming distance is the squared Euclidean distance, so this is the RBF
/// kernel of the encoding and positive definite. naszilla's gp_bayesopt (White et al.) uses the
/// same form with fixed hyperparameters; here lengthscale and noise_ratio are chosen by maximising
/// the log marginal likelihood over a fixed grid (first maximum in grid order wins, so the fit is
/// deterministic) and s2 by its closed-form maximiser given the other two.
class GaussianProcess {
 public:
  struct Options {
    std::vector<double> lengthscales{0.5, 1.0, 2.0, 4.0, 8.0, 16.0};  ///< grid, distance units
    std::vector<double> noise_ratios{1e-6, 1e-3, 1e-2, 1e-1};  ///< grid, noise var / signal var
  };

  GaussianProcess();
  explicit GaussianProcess(Options options);

  /// Fits the model. @param distances N x N symmetric training distances (zero diagonal).
  /// @param y N targets. @throws InternalError on size mismatch, N == 0, an empty grid, or when
  /// no grid point gives a positive-definite kernel matrix.
  void fit(const Eigen::MatrixXd& distances, const Eigen::VectorXd& y);

  /// Posterior of the latent function. @param cross M x N distances (candidates x training).
  /// @param mean, sd resized to M; sd excludes observation noise.
  void predict(const Eigen::MatrixXd& cross, Eigen::VectorXd& mean, Eigen::VectorXd& sd) const;

  [[nodiscard]] bool fitted() const noexcept { return fitted_; }
  [[nodiscard]] double lengthscale() const noexcept { return lengthscale_; }
  [[nodiscard]] double noise_ratio() const noexcept { return noise_ratio_; }
  /// Signal variance s2 in the units of y squared.
  [[nodiscard]] double signal_variance() const noexcept { return s2_ * y_scale_ * y_scale_; }
  /// Log marginal likelihood of the standardised targets at the chosen hyperparameters.
  [[nodiscard]] double log_marginal_likelihood() const noexcept { return lml_; }

 private:
  Options options_;
  bool fitted_ = false;
  double y_mean_ = 0.0;
  double y_scale_ = 1.0;
  double lengthscale_ = 1.0;
  double noise_ratio_ = 0.0;
  double s2_ = 1.0;  ///< standardised units
  double lml_ = 0.0;
  Eigen::LLT<Eigen::MatrixXd> llt_;  ///< of C + noise_ratio * I (C = correlation matrix)
  Eigen::VectorXd alpha_;            ///< (C + noise_ratio * I)^-1 y_std
};

}  // namespace tabnas
