#include "tabnas/search/models/mlp_ensemble.hpp"

#include <cmath>

#include "tabnas/core/errors.hpp"

namespace tabnas {

void MlpEnsemble::fit(const Eigen::MatrixXf& x, const std::vector<double>& y, std::size_t size,
                      const Mlp::Options& options, Rng& rng) {
  const std::size_t n = y.size();
  if (size == 0 || n == 0 || static_cast<std::size_t>(x.cols()) != n) {
    throw InternalError("MlpEnsemble::fit: need members, D x N inputs and N > 0 targets");
  }
  double sum = 0.0;
  for (const double v : y) sum += v;
  y_mean_ = sum / static_cast<double>(n);
  double ss = 0.0;
  for (const double v : y) ss += (v - y_mean_) * (v - y_mean_);
  const double sd = std::sqrt(ss / static_cast<double>(n));
  y_scale_ = sd > 0.0 ? sd : 1.0;
  Eigen::VectorXf ys(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) {
    ys[static_cast<Eigen::Index>(i)] = static_cast<float>(standardise(y[i]));
  }
  members_.assign(size, Mlp());
  for (Mlp& m : members_) m.fit(x, ys, options, rng);
}

Eigen::MatrixXd MlpEnsemble::predict(const Eigen::MatrixXf& x) const {
  if (members_.empty()) throw InternalError("MlpEnsemble::predict: not fitted");
  Eigen::MatrixXd out(static_cast<Eigen::Index>(members_.size()), x.cols());
  for (std::size_t i = 0; i < members_.size(); ++i) {
    const Eigen::VectorXf p = members_[i].predict(x);
    out.row(static_cast<Eigen::Index>(i)) =
        (p.cast<double>().array() * y_scale_ + y_mean_).matrix().transpose();
  }
  return out;
}

void MlpEnsemble::mean_and_sd(const Eigen::MatrixXd& predictions, Eigen::VectorXd& mean,
                              Eigen::VectorXd& sd) {
  const Eigen::Index m = predictions.rows();
  const Eigen::Index c = predictions.cols();
  mean.resize(c);
  sd.resize(c);
  for (Eigen::Index j = 0; j < c; ++j) {
    double s = 0.0;
    for (Eigen::Index i = 0; i < m; ++i) s += predictions(i, j);
    const double mu = m > 0 ? s / static_cast<double>(m) : 0.0;
    double ss = 0.0;
    for (Eigen::Index i = 0; i < m; ++i) ss += (predictions(i, j) - mu) * (predictions(i, j) - mu);
    mean[j] = mu;
    sd[j] = m > 0 ? std::sqrt(ss / static_cast<double>(m)) : 0.0;
  }
}

}  // namespace tabnas
