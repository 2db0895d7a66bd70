#pragma once
/// @file `tabnas export`: writes a results directory's tidy CSVs, figures (SVG + PNG),
/// notebook, HTML report and manifest into one directory (docs/report.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tabnas/report/bootstrap.hpp"
#include "tabnas/report/metric.hpp"
#include "tabnas/report/results_data.hpp"

namespace tabnas::report {

struct ExportOptions {
  std::string out_dir;
  /// Metric of the anytime and box figures; default regret where summary.json gives the best
  /// value in the table, else incumbent_reported.
  std::optional<Metric> metric;
  std::uint64_t bootstrap_seed = Bootstrap::kDefaultSeed;
  std::size_t bootstrap_resamples = 2000;
  double png_scale = 2.0;  ///< PNG pixels per figure unit
};

class Exporter {
 public:
  /// Writes every file (atomically) and returns their paths relative to out_dir, manifest last.
  /// @throws ConfigError when the results have no per-step rows (--no-trajectory) or the
  /// metric is not available; DataError when a file cannot be written.
  static std::vector<std::string> run(const ResultsData& data, const ExportOptions& options);
  /// The metric used when none is given.
  static Metric default_metric(const ResultsData& data);
};

}  // namespace tabnas::report
