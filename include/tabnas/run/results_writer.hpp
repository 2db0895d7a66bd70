#pragma once
/// @file Writes an experiment's outputs under --out DIR:
///   trajectory.jsonl  one row per (dataset, algorithm, seed, step)
///   results.sqlite    the same rows plus one row per run
///   summary.json / summary.txt   per (dataset, algorithm): stats of the incumbent's reported
///                     metric at the budget and its regret against the best architecture
///   manifest.json     spec, master and derived seeds, versions, store schema and sources
///   timing.json       real wall-clock seconds per run (mean, max) of each algorithm's
///                     ask/tell and look-ups on this machine: never simulated, not reproducible
/// Every file but timing.json is written atomically and is byte-identical for identical inputs,
/// whatever the thread count or working directory (no timestamps, no absolute paths). The
/// summary printed on stdout (summary_text) ends with the real-time table ("real seconds per
/// run"); summary.txt is that text without it (strip_real_time).
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tabnas/run/experiment_spec.hpp"
#include "tabnas/run/run_result.hpp"
#include "tabnas/run/runner.hpp"
#include "tabnas/store/store.hpp"

namespace tabnas {

/// One line of the summary table.
struct SummaryRow {
  std::string dataset;
  std::string algorithm;
  std::size_t runs = 0;
  std::size_t failed = 0;
  double mean = 0.0;
  double std = 0.0;
  double ci_low = 0.0;
  double ci_high = 0.0;
  double median = 0.0;
  double best_in_table = 0.0;
  double regret = 0.0;   ///< best_in_table - mean (for a maximised metric)
  double hv_mean = 0.0;  ///< final hypervolume (multi-objective experiments; NaN otherwise)
  double hv_std = 0.0;
  double hv_ci_low = 0.0;
  double hv_ci_high = 0.0;
  double true_hv = 0.0;  ///< hypervolume of the whole table's true Pareto front (NaN if single)
  double algorithm_seconds_mean = 0.0;  ///< real seconds per run (all runs of the row)
  double algorithm_seconds_max = 0.0;
  /// Mean simulated clock at the end of the ok runs (budget units; seconds budgets: estimated
  /// seconds). NaN for query budgets with one worker, where there is no clock.
  double final_time_mean = 0.0;
};

/// First line of the real-time section of summary.txt.
inline constexpr std::string_view kRealTimeHeading = "real seconds per run";

/// summary.txt or summary.json without its real-time section (the part that differs between
/// two runs of the same spec): for tests and for comparing outputs.
[[nodiscard]] std::string strip_real_time(const std::string& summary_text_or_json);

class ResultsWriter {
 public:
  /// @param trajectory write per-step rows (trajectory.jsonl and the step table).
  ResultsWriter(const ExperimentSpec& spec, const Runner& runner, std::string out_dir,
                bool trajectory = true);

  /// Description of the training time model behind a seconds budget (name, formula,
  /// coefficients, source files); written to manifest.json, summary.json and results.sqlite.
  void set_time_model(nlohmann::ordered_json model) { time_model_ = std::move(model); }

  /// Summary rows from results sorted by run index.
  [[nodiscard]] std::vector<SummaryRow> summarize(const std::vector<RunResult>& results) const;
  /// Writes all files. `sources` go into the manifest.
  void write_all(const std::vector<RunResult>& results, const std::vector<SourceRecord>& sources,
                 const std::vector<SummaryRow>& summary) const;
  /// The summary as a fixed-width text table.
  [[nodiscard]] std::string summary_text(const std::vector<SummaryRow>& summary) const;

 private:
  /// Rows carry a simulated clock (several workers, or an epoch or seconds budget).
  [[nodiscard]] bool timed() const;
  [[nodiscard]] std::string time_model_name() const;
  void write_jsonl(const std::vector<RunResult>& results) const;
  void write_sqlite(const std::vector<RunResult>& results) const;
  const ExperimentSpec& spec_;
  const Runner& runner_;
  std::string out_dir_;
  bool trajectory_;
  nlohmann::ordered_json time_model_;
};

}  // namespace tabnas
