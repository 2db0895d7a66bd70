#include "tabnas/report/metric.hpp"

#include <array>
#include <utility>

#include "tabnas/core/errors.hpp"

namespace tabnas::report {

namespace {

constexpr std::array<std::pair<std::string_view, Metric>, 7> kNames = {{
    {"observed", Metric::kObserved},
    {"reported", Metric::kReported},
    {"incumbent_observed", Metric::kIncumbentObserved},
    {"incumbent_reported", Metric::kIncumbentReported},
    {"regret", Metric::kRegret},
    {"hypervolume", Metric::kHypervolume},
    {"hypervolume_regret", Metric::kHypervolumeRegret},
}};

}  // namespace

Metric parse_metric(std::string_view name) {
  std::string allowed;
  for (const auto& [n, m] : kNames) {
    if (n == name) return m;
    allowed += (allowed.empty() ? "" : ", ") + std::string(n);
  }
  throw ConfigError("unknown metric '" + std::string(name) + "' (allowed: " + allowed + ")");
}

std::string metric_name(Metric m) {
  for (const auto& [n, v] : kNames) {
    if (v == m) return std::string(n);
  }
  return "unknown";
}

}  // namespace tabnas::report
