#pragma once
/// @file Writes an experiment's outputs under --out DIR:
///   trajectory.jsonl  one row per (dataset, algorithm, seed, step)
///   results.sqlite    the same rows plus one row per run
///   summary.json / summary.txt   per (dataset, algorithm): stats of the incumbent's reported
///                     metric at the budget and its regret against the best architecture
///   manifest.json     spec, master and derived seeds, versions, store schema and sources
/// Every file is written atomically and is byte-identical for identical inputs, whatever the
/// thread count or working directory (no timestamps, no absolute paths, no wall times).
#include <string>
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
};

class ResultsWriter {
 public:
  /// @param trajectory write per-step rows (trajectory.jsonl and the step table).
  ResultsWriter(const ExperimentSpec& spec, const Runner& runner, std::string out_dir,
                bool trajectory = true);

  /// Summary rows from results sorted by run index.
  [[nodiscard]] std::vector<SummaryRow> summarize(const std::vector<RunResult>& results) const;
  /// Writes all files. `sources` go into the manifest.
  void write_all(const std::vector<RunResult>& results, const std::vector<SourceRecord>& sources,
                 const std::vector<SummaryRow>& summary) const;
  /// The summary as a fixed-width text table.
  [[nodiscard]] std::string summary_text(const std::vector<SummaryRow>& summary) const;

 private:
  void write_jsonl(const std::vector<RunResult>& results) const;
  void write_sqlite(const std::vector<RunResult>& results) const;
  const ExperimentSpec& spec_;
  const Runner& runner_;
  std::string out_dir_;
  bool trajectory_;
};

}  // namespace tabnas
