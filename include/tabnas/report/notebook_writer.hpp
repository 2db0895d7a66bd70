#pragma once
/// @file The exported Jupyter notebook (nbformat 4.5): loads trajectory.csv with pandas,
/// redraws every figure listed in manifest.json["export"]["figures"] with matplotlib and checks
/// its numbers against curves.csv, final.csv and pareto.csv.
#include <nlohmann/json.hpp>
#include <string>

namespace tabnas::report {

class NotebookWriter {
 public:
  /// The notebook as JSON. `title` goes into the first markdown cell.
  static nlohmann::ordered_json notebook(const std::string& title, bool multi_objective);
  /// The code cells' sources, in order (exposed for tests).
  static std::vector<std::string> code_cells(bool multi_objective);
};

}  // namespace tabnas::report
