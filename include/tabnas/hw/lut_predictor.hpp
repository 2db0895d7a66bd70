#pragma once
/// @file Per-operation lookup-table latency model: additive over (edge position, op).
#include "tabnas/hw/latency_predictor.hpp"

namespace tabnas {

/// latency(arch) = b + sum over variables v of w[v, choice_v(arch)]: the additive "latency
/// lookup table" of hardware-aware NAS (e.g. FBNet, ProxylessNAS), with one entry per (edge,
/// op) pair so position-dependent costs are kept.
///
/// Fitted by least squares on the one-hot columns of ArchFeatures with an unpenalised intercept
/// and a tiny ridge: with centred features X and targets y, w solves
/// (X'X + lambda I) w = X'y, b = mean(y) - mean(X) w, lambda = kRidge * max(1, trace(X'X)/p).
/// The ridge only resolves the rank deficiency of the one-hot design (each edge's columns sum
/// to 1, so per edge one op cost is confounded with the intercept; an (edge, op) pair absent
/// from a small training set has no data at all) by picking the smallest-norm weights; on an
/// exactly additive target the fitted predictions agree to about 1e-8 relative.
class LutPredictor final : public LatencyPredictor {
 public:
  static constexpr double kRidge = 1e-9;

  [[nodiscard]] std::string_view name() const override { return "lut"; }
  void fit(const ArchFeatures& x, std::span<const double> y) override;
  [[nodiscard]] double predict_row(std::span<const std::uint8_t> features) const override;
  [[nodiscard]] nlohmann::ordered_json to_json() const override;

  /// Intercept b (ms).
  [[nodiscard]] double intercept() const noexcept { return intercept_; }
  /// Weight per one-hot column (ms).
  [[nodiscard]] const std::vector<double>& weights() const noexcept { return weights_; }

 private:
  double intercept_ = 0.0;
  std::vector<double> weights_;
};

}  // namespace tabnas
