#pragma once
/// @file An experiment's results in memory: one record per run, one per step (the rows of
/// trajectory.jsonl / the step table of results.sqlite), plus what the report needs from the
/// spec, summary.json and manifest.json.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tabnas/report/metric.hpp"

namespace tabnas::report {

/// One query of one run (the columns of trajectory.jsonl).
struct StepRecord {
  std::uint32_t step = 0;  ///< 1-based query count
  std::uint32_t arch = 0;
  std::uint32_t fidelity = 0;
  std::uint32_t incumbent = 0;
  bool feasible = true;
  double observed = 0.0;
  double reported = 0.0;
  double incumbent_observed = 0.0;
  double incumbent_reported = 0.0;
  double cost = 0.0;
  double cumulative_cost = 0.0;
  double time = 0.0;         ///< simulated clock (budget units); = step where the run has no clock
  double hypervolume = 0.0;  ///< NaN in single-objective runs
};

/// One (dataset, algorithm, seed) run.
struct RunRecord {
  std::size_t index = 0;  ///< position in the experiment's run list
  std::string dataset;
  std::string algorithm;  ///< label
  std::int64_t seed = 0;
  bool ok = true;
  std::string error;
  std::vector<StepRecord> steps;   ///< ordered by step
  std::vector<double> objectives;  ///< [step x num_objectives] (multi-objective runs only)
};

/// The whole results directory.
struct ResultsData {
  std::string directory;
  std::string source_file;                      ///< "results.sqlite" or "trajectory.jsonl"
  std::string name;                             ///< experiment name
  nlohmann::ordered_json spec;                  ///< the spec as given (null when unknown)
  nlohmann::ordered_json manifest;              ///< manifest.json (null when absent)
  std::vector<std::string> datasets;            ///< in run order
  std::vector<std::string> algorithms;          ///< labels, in run order
  std::map<std::string, double> best_in_table;  ///< per dataset, from summary.json
  /// Per dataset: hypervolume of the whole table's true Pareto front (manifest.json's
  /// `true_pareto_fronts`; multi-objective experiments only).
  std::map<std::string, double> true_front_hypervolume;
  bool search_maximize = true;
  bool report_maximize = true;
  std::string report_description;            ///< e.g. "valid/hp200/accuracy"
  bool has_trajectory = true;                ///< per-step rows exist (not a --no-trajectory run)
  bool has_time = false;                     ///< rows carry a simulated clock (`time`)
  bool has_feasible = false;                 ///< rows carry `feasible` (constrained experiments)
  std::uint32_t num_objectives = 1;          ///< > 1: rows carry `objectives` and `hypervolume`
  std::vector<std::string> objective_names;  ///< one per objective ("search" first)
  std::vector<RunRecord> runs;               ///< ordered by run index

  /// Value of `metric` at one step of a run; NaN where it is undefined (e.g. no feasible
  /// incumbent yet). @throws ConfigError for regret without summary.json or hypervolume in a
  /// single-objective experiment (see check_metric).
  [[nodiscard]] double value(const RunRecord& run, const StepRecord& step, Metric metric) const;
  /// @throws ConfigError when `metric` cannot be computed from these results.
  void check_metric(Metric metric) const;
  /// True when larger values of `metric` are better.
  [[nodiscard]] bool higher_is_better(Metric metric) const;
  /// Human description of a metric, e.g. "regret of valid/hp200/accuracy".
  [[nodiscard]] std::string describe(Metric metric) const;
  /// Largest step of any run (0 when there are no steps).
  [[nodiscard]] std::uint32_t max_step() const;
  /// Largest simulated time of any run.
  [[nodiscard]] double max_time() const;
  /// Seeds present for (dataset, algorithm) among successful runs, ascending.
  [[nodiscard]] std::vector<std::int64_t> seeds(const std::string& dataset,
                                                const std::string& algorithm) const;
  /// Runs of (dataset, algorithm) (successful or not), in run order.
  [[nodiscard]] std::vector<const RunRecord*> runs_of(const std::string& dataset,
                                                      const std::string& algorithm) const;
};

}  // namespace tabnas::report
