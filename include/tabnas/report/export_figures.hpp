#pragma once
/// @file The set of figures `tabnas export` writes, with the numbers behind each (so the CSVs,
/// the notebook check and the HTML report all use the same data).
#include <cstdint>
#include <string>
#include <vector>

#include "tabnas/report/anytime_curves.hpp"
#include "tabnas/report/figure.hpp"
#include "tabnas/report/metric.hpp"
#include "tabnas/report/results_data.hpp"

namespace tabnas::report {

/// Final values of one algorithm on one dataset: (seed, value) in run order.
struct FinalValues {
  std::string algorithm;
  std::vector<std::pair<std::int64_t, double>> values;
};

/// The 2-D Pareto front of one algorithm's representative run.
struct ParetoFront {
  std::string algorithm;
  std::int64_t seed = 0;     ///< the run with the median final hypervolume
  double hypervolume = 0.0;  ///< its final hypervolume
  /// Non-dominated (objective_0, objective_1) pairs (both minimised), ascending objective_1.
  std::vector<std::pair<double, double>> points;
};

/// One exported figure.
struct ExportedFigure {
  std::string name;  ///< file stem, e.g. "anytime_regret_cifar10-valid"
  std::string kind;  ///< "anytime", "box" or "pareto"
  std::string dataset;
  std::string metric;  ///< metric name (anytime, box)
  std::string axis;    ///< "step" or "time" (anytime)
  std::string title;
  std::string xlabel;
  std::string ylabel;
  std::string caption;
  Figure figure;
  std::vector<AnytimeCurve> curves;  ///< anytime: band = 95% t CI of the mean
  std::vector<FinalValues> finals;   ///< box
  std::vector<ParetoFront> fronts;   ///< pareto
  /// pareto: the whole table's true Pareto front (objective_0, objective_1), both minimised,
  /// ascending objective_1; empty when the results carry none (or have > 2 objectives).
  std::vector<std::pair<double, double>> true_front;
};

class ExportFigures {
 public:
  /// Simulated-time grid size of the anytime-over-time figures.
  static constexpr std::size_t kTimePoints = 200;

  /// Per dataset: anytime curve of `metric` over queries (and over simulated time when the
  /// runs have a clock), box plot of final values; multi-objective runs add the anytime
  /// hypervolume and the Pareto front of the median-hypervolume run (first two objectives).
  static std::vector<ExportedFigure> build(const ResultsData& data, Metric metric);
  /// The representative run's front (see ParetoFront); empty points when no run succeeded.
  static ParetoFront pareto_front(const ResultsData& data, const std::string& dataset,
                                  const std::string& algorithm);
  /// Non-dominated subset of (o0, o1) points, both minimised: unique points sorted by (o1, o0),
  /// kept when o0 is below every kept o0 so far.
  static std::vector<std::pair<double, double>> non_dominated(
      std::vector<std::pair<double, double>> points);
  /// Fidelity index whose results count for the Pareto front (the last of $.fidelities).
  static std::uint32_t top_fidelity(const ResultsData& data);
  /// Dataset name as a file-name part: [A-Za-z0-9._-] kept, others '_'.
  static std::string slug(const std::string& name);
};

}  // namespace tabnas::report
