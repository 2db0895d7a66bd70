#include "tabnas/search/models/gaussian_process.hpp"

#include <cmath>
#include <limits>
#include <numbers>

#include "tabnas/core/errors.hpp"

namespace tabnas {

GaussianProcess::GaussianProcess() : GaussianProcess(Options{}) {}

GaussianProcess::GaussianProcess(Options options) : options_(std::move(options)) {}

void GaussianProcess::fit(const Eigen::MatrixXd& distances, const Eigen::VectorXd& y) {
  const Eigen::Index n = y.size();
  if (n == 0 || distances.rows() != n || distances.cols() != n) {
    throw InternalError("GaussianProcess::fit: need N x N distances and N > 0 targets");
  }
  if (options_.lengthscales.empty() || options_.noise_ratios.empty()) {
    throw InternalError("GaussianProcess::fit: empty hyperparameter grid");
  }
  // Standardise the targets (fixed-order reductions).
  double sum = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) sum += y[i];
  y_mean_ = sum / static_cast<double>(n);
  double ss = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) ss += (y[i] - y_mean_) * (y[i] - y_mean_);
  const double sd = std::sqrt(ss / static_cast<double>(n));
  y_scale_ = sd > 0.0 ? sd : 1.0;
  const Eigen::VectorXd ys = (y.array() - y_mean_) / y_scale_;

  const double dn = static_cast<double>(n);
  double best_lml = -std::numeric_limits<double>::infinity();
  bool found = false;
  Eigen::MatrixXd k(n, n);
  for (const double ls : options_.lengthscales) {
    for (const double noise : options_.noise_ratios) {
      k = (-distances.array() / ls).exp().matrix();
      k.diagonal().array() += noise;
      Eigen::LLT<Eigen::MatrixXd> llt(k);
      if (llt.info() != Eigen::Success) continue;
      const Eigen::VectorXd a = llt.solve(ys);
      const double quad = ys.dot(a);
      double logdet = 0.0;
      const auto& l = llt.matrixLLT();
      for (Eigen::Index i = 0; i < n; ++i) logdet += std::log(l(i, i));
      logdet *= 2.0;
      // Profile out s2: s2* = quad / n.
      const double s2 = std::max(quad / dn, 1e-12);
      const double lml = -0.5 * dn - 0.5 * dn * std::log(s2) - 0.5 * logdet -
                         0.5 * dn * std::log(2.0 * std::numbers::pi);
      if (!std::isfinite(lml)) continue;
      if (!found || lml > best_lml) {
        found = true;
        best_lml = lml;
        lengthscale_ = ls;
        noise_ratio_ = noise;
        s2_ = s2;
        llt_ = std::move(llt);
        alpha_ = a;
      }
    }
  }
  if (!found) {
    throw InternalError("GaussianProcess::fit: no grid point gives a positive-definite kernel");
  }
  lml_ = best_lml;
  fitted_ = true;
}

void GaussianProcess::predict(const Eigen::MatrixXd& cross, Eigen::VectorXd& mean,
                              Eigen::VectorXd& sd) const {
  if (!fitted_ || cross.cols() != alpha_.size()) {
    throw InternalError("GaussianProcess::predict: not fitted or wrong number of columns");
  }
  const Eigen::MatrixXd c = (-cross.array() / lengthscale_).exp().matrix();  // M x N
  mean = (c * alpha_).array() * y_scale_ + y_mean_;
  const Eigen::MatrixXd v = llt_.matrixL().solve(c.transpose());  // N x M
  sd.resize(cross.rows());
  for (Eigen::Index j = 0; j < cross.rows(); ++j) {
    const double var = s2_ * (1.0 - v.col(j).squaredNorm());
    sd[j] = var > 0.0 ? std::sqrt(var) * y_scale_ : 0.0;
  }
}

}  // namespace tabnas
