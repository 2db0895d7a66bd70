#pragma once
/// @file Anytime curves: a metric's distribution over runs as a function of the number of
/// queries (step) or of the simulated clock (time).
///
/// Interpolation (both axes): a run's value at x is the value of its last completed query at or
/// before x (a right-continuous step function); before its first completed query it is
/// undefined and the run is left out of that point (n shrinks). After its last query a run
/// keeps its last value, so runs of different lengths (epoch budgets) all count at the end.
#include <cstdint>
#include <string>
#include <vector>

#include "tabnas/report/metric.hpp"
#include "tabnas/report/results_data.hpp"
#include "tabnas/report/sample_summary.hpp"

namespace tabnas::report {

class Bootstrap;

/// One point of a curve.
struct CurvePoint {
  double x = 0.0;  ///< query count or simulated time
  SampleSummary stats;
};

/// The curve of one (dataset, algorithm).
struct AnytimeCurve {
  std::string dataset;
  std::string algorithm;
  std::vector<CurvePoint> points;
};

class AnytimeCurves {
 public:
  /// Values of every successful run of (dataset, algorithm) at each query count of `grid`
  /// (ascending): result[g][r] for run r (in run order) at grid point g.
  static std::vector<std::vector<double>> values_at_steps(const ResultsData& data,
                                                          const std::string& dataset,
                                                          const std::string& algorithm,
                                                          Metric metric,
                                                          const std::vector<std::uint32_t>& grid);
  /// The same over simulated time (data.has_time; otherwise time = step).
  static std::vector<std::vector<double>> values_at_times(const ResultsData& data,
                                                          const std::string& dataset,
                                                          const std::string& algorithm,
                                                          Metric metric,
                                                          const std::vector<double>& grid);
  /// Final value (last step) of every successful run, in run order, with its seed.
  static std::vector<std::pair<std::int64_t, double>> final_values(const ResultsData& data,
                                                                   const std::string& dataset,
                                                                   const std::string& algorithm,
                                                                   Metric metric);
  /// Curve over query counts. With `bootstrap`, each point also gets a bootstrap CI from
  /// bootstrap->cell(dataset, algorithm, step).
  static AnytimeCurve over_steps(const ResultsData& data, const std::string& dataset,
                                 const std::string& algorithm, Metric metric,
                                 const std::vector<std::uint32_t>& grid,
                                 const Bootstrap* bootstrap = nullptr);
  /// Curve over simulated time (bootstrap cells use algorithm "<label>@time" and the grid index).
  static AnytimeCurve over_time(const ResultsData& data, const std::string& dataset,
                                const std::string& algorithm, Metric metric,
                                const std::vector<double>& grid,
                                const Bootstrap* bootstrap = nullptr);
  /// 1, 2, ..., data.max_step().
  static std::vector<std::uint32_t> full_step_grid(const ResultsData& data);
  /// `points` equally spaced times in (0, data.max_time()]: max_time * i / points, i = 1..points.
  static std::vector<double> time_grid(const ResultsData& data, std::size_t points);
};

}  // namespace tabnas::report
