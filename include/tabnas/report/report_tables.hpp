#pragma once
/// @file The tables of `tabnas report`: final statistics, anytime table, mean ranks across
/// datasets and pairwise Wilcoxon signed-rank tests, computed from ResultsData.
#include <cstdint>
#include <string>
#include <vector>

#include "tabnas/report/bootstrap.hpp"
#include "tabnas/report/metric.hpp"
#include "tabnas/report/rank_table.hpp"
#include "tabnas/report/results_data.hpp"
#include "tabnas/report/sample_summary.hpp"
#include "tabnas/report/wilcoxon.hpp"

namespace tabnas::report {

/// What to compute.
struct ReportOptions {
  Metric metric = Metric::kIncumbentReported;
  std::vector<std::uint32_t> steps;  ///< anytime table query counts (empty: default_steps)
  std::vector<double> times;         ///< anytime-over-time table (empty: default, if timed)
  std::uint64_t bootstrap_seed = Bootstrap::kDefaultSeed;
  std::size_t bootstrap_resamples = 2000;
};

/// Final-value statistics of one (dataset, algorithm).
struct FinalRow {
  std::string dataset;
  std::string algorithm;
  std::size_t runs = 0;    ///< runs in the results (successful or not)
  std::size_t failed = 0;  ///< failed runs (left out of the statistics)
  SampleSummary stats;     ///< of the runs' values at their last step
};

/// One anytime-table row: statistics at each grid point.
struct AnytimeRow {
  std::string dataset;
  std::string algorithm;
  std::vector<SampleSummary> at;
};

/// One pair of algorithms on one dataset, over the seeds both ran successfully.
struct PairwiseTest {
  std::string dataset;
  std::string a;
  std::string b;
  WilcoxonResult result;  ///< x = a's final values, y = b's, paired by seed
  double p_holm = 0.0;    ///< Holm-adjusted over all pairs of the dataset
  int better = 0;         ///< +1: a better than b (by W+ vs W-, metric direction), -1 worse, 0 tie
};

/// Everything `tabnas report` prints.
struct ReportTables {
  Metric metric = Metric::kIncumbentReported;
  bool higher_is_better = true;
  std::vector<std::string> datasets;
  std::vector<std::string> algorithms;
  std::vector<FinalRow> final_rows;
  std::vector<std::uint32_t> steps;
  std::vector<AnytimeRow> anytime;  ///< over query counts
  std::vector<double> times;
  std::vector<AnytimeRow> anytime_time;  ///< over simulated time (has_time only)
  RankTable ranks;
  std::vector<PairwiseTest> pairwise;
  ReportOptions options;

  /// Computes all tables. @throws ConfigError for a metric the results cannot give.
  static ReportTables build(const ResultsData& data, const ReportOptions& options);
  /// Default anytime steps: max/15, max/3 and max (rounded, deduplicated, >= 1), e.g. 10, 50,
  /// 150 for 150 queries.
  static std::vector<std::uint32_t> default_steps(std::uint32_t max_step);
};

}  // namespace tabnas::report
