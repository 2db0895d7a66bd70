#include "tabnas/hw/lut_predictor.hpp"

#include <Eigen/Dense>
#include <algorithm>

#include "tabnas/core/errors.hpp"

namespace tabnas {

void LutPredictor::fit(const ArchFeatures& x, std::span<const double> y) {
  if (y.empty() || y.size() != x.rows()) {
    throw ConfigError("lut predictor: " + std::to_string(y.size()) + " targets for " +
                      std::to_string(x.rows()) + " architectures (need the same number, > 0)");
  }
  const auto n = static_cast<Eigen::Index>(x.rows());
  const auto p = static_cast<Eigen::Index>(x.one_hot_cols());
  Eigen::MatrixXd xm(n, p);
  for (Eigen::Index r = 0; r < n; ++r) {
    for (Eigen::Index c = 0; c < p; ++c) {
      xm(r, c) = x.at(static_cast<std::size_t>(r), static_cast<std::size_t>(c));
    }
  }
  double y_sum = 0.0;
  for (const double v : y) y_sum += v;
  const double y_mean = y_sum / static_cast<double>(y.size());
  const Eigen::RowVectorXd x_mean = xm.colwise().mean();
  xm.rowwise() -= x_mean;
  Eigen::VectorXd yc(n);
  for (Eigen::Index r = 0; r < n; ++r) yc(r) = y[static_cast<std::size_t>(r)] - y_mean;
  Eigen::MatrixXd a = xm.transpose() * xm;
  const double lambda =
      kRidge * std::max(1.0, a.trace() / static_cast<double>(std::max<Eigen::Index>(p, 1)));
  a.diagonal().array() += lambda;
  const Eigen::VectorXd w = a.ldlt().solve(xm.transpose() * yc);
  weights_.assign(w.data(), w.data() + w.size());
  intercept_ = y_mean - x_mean.dot(w);
}

double LutPredictor::predict_row(std::span<const std::uint8_t> features) const {
  if (weights_.empty()) throw InternalError("lut predictor used before fit()");
  double v = intercept_;
  for (std::size_t c = 0; c < weights_.size(); ++c) {
    if (features[c] != 0) v += weights_[c] * static_cast<double>(features[c]);
  }
  return v;
}

nlohmann::ordered_json LutPredictor::to_json() const {
  nlohmann::ordered_json j;
  j["model"] = "lut";
  j["ridge"] = kRidge;
  j["intercept_ms"] = intercept_;
  j["weights_ms"] = weights_;
  return j;
}

}  // namespace tabnas
