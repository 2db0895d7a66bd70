#pragma once
/// @file Tidy CSV exports of ResultsData (RFC 4180 quoting; numbers in shortest round-trip
/// form; missing values as empty cells, which pandas reads as NaN).
#include <string>
#include <vector>

#include "tabnas/report/results_data.hpp"

namespace tabnas::report {

class TidyCsv {
 public:
  /// One row per (dataset, algorithm, seed, step), the columns of trajectory.jsonl: dataset,
  /// algorithm, seed, step, arch, fidelity, observed, reported, incumbent, incumbent_observed,
  /// incumbent_reported, cost, cumulative_cost, then `time` when the runs have a clock,
  /// `feasible` (0/1) when constrained, and objective_0..k-1 plus hypervolume when
  /// multi-objective (the JSON array `objectives` spread over columns).
  static std::string trajectory(const ResultsData& data);
  /// Column names of trajectory().
  static std::vector<std::string> trajectory_columns(const ResultsData& data);
  /// One row per run: index, dataset, algorithm, seed, status, queries, error.
  static std::string runs(const ResultsData& data);
  /// A CSV cell: quoted when it holds a comma, quote, CR or LF.
  static std::string cell(const std::string& text);
  /// A number cell ("" for NaN/inf).
  static std::string number(double v);
};

}  // namespace tabnas::report
