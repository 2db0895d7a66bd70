#include "tabnas/hw/latency_predictor.hpp"

#include "tabnas/core/errors.hpp"
#include "tabnas/hw/gbt_predictor.hpp"
#include "tabnas/hw/lut_predictor.hpp"

namespace tabnas {

std::vector<double> LatencyPredictor::predict(const ArchFeatures& x) const {
  std::vector<double> out(x.rows());
  for (std::size_t r = 0; r < x.rows(); ++r) out[r] = predict_row(x.row(r));
  return out;
}

std::vector<std::string> latency_predictor_names() {
  return {"lut", "gbt"};
}

std::unique_ptr<LatencyPredictor> make_latency_predictor(const std::string& name) {
  if (name == "lut") return std::make_unique<LutPredictor>();
  if (name == "gbt") return std::make_unique<GbtPredictor>();
  throw ConfigError("unknown latency predictor '" + name + "' (allowed: lut, gbt)");
}

}  // namespace tabnas
