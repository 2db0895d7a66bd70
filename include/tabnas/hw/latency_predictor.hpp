#pragma once
/// @file Latency predictors: fit on measured architectures, predict the others (docs/hardware.md).
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tabnas/hw/arch_features.hpp"

namespace tabnas {

/// A regression model from architecture features to a latency (ms). Deterministic: the same
/// training data give the same model bit for bit; no randomness is used.
class LatencyPredictor {
 public:
  virtual ~LatencyPredictor() = default;
  /// Registered name ("lut", "gbt").
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// Fits on every row of `x` with targets `y` (ms).
  /// @throws ConfigError when y is empty or its size differs from x.rows().
  virtual void fit(const ArchFeatures& x, std::span<const double> y) = 0;
  /// Prediction (ms) for one feature row. Requires fit().
  [[nodiscard]] virtual double predict_row(std::span<const std::uint8_t> features) const = 0;
  /// The fitted model's parameters (recorded as provenance of predicted rows).
  [[nodiscard]] virtual nlohmann::ordered_json to_json() const = 0;
  /// Predictions for every row of `x`.
  [[nodiscard]] std::vector<double> predict(const ArchFeatures& x) const;
};

/// Names of the predictors, in help order.
[[nodiscard]] std::vector<std::string> latency_predictor_names();
/// A fresh predictor with default parameters. @throws ConfigError for an unknown name,
/// listing the allowed ones.
[[nodiscard]] std::unique_ptr<LatencyPredictor> make_latency_predictor(const std::string& name);

}  // namespace tabnas
