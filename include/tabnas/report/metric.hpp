#pragma once
/// @file The per-step quantities `tabnas report` and `tabnas export` aggregate.
#include <string>
#include <string_view>

namespace tabnas::report {

/// A per-step quantity of a trajectory row.
enum class Metric {
  kObserved,           ///< search signal of this step's query
  kReported,           ///< report metric of this step's query
  kIncumbentObserved,  ///< search signal of the incumbent after this step
  kIncumbentReported,  ///< report metric of the incumbent after this step (the default)
  kRegret,             ///< |best report value in the table - incumbent_reported| (lower is better)
  kHypervolume,        ///< hypervolume of the feasible front so far (multi-objective runs)
  kHypervolumeRegret,  ///< true Pareto front's hypervolume - kHypervolume (lower is better)
};

/// Parses a metric name (`observed`, `reported`, `incumbent_observed`, `incumbent_reported`,
/// `regret`, `hypervolume`, `hypervolume_regret`). @throws ConfigError naming the allowed names.
[[nodiscard]] Metric parse_metric(std::string_view name);
/// The CLI / column name of a metric.
[[nodiscard]] std::string metric_name(Metric m);

}  // namespace tabnas::report
