#pragma once
/// @file Declared column mapping of a flat CSV table (see docs/csv_import.md).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tabnas {

/// Where one CSV value column goes.
struct CsvValueColumn {
  std::string column;
  std::string dataset;  ///< empty when the dataset comes from `dataset_column`
  std::string split;    ///< canonical split (train, valid, test, valtest)
  std::string source_split;  ///< the source's name for it (x-valid, ori-test, ...), documentation
  std::string fidelity;
  std::string metric;
  int run = -1;  ///< -1 = the value is a published seed-mean
};

/// A whole mapping. JSON form:
/// {"space": "nb201", "index_column": "index", "arch_column": "arch_str",
///  "dataset_column": "dataset" (optional),
///  "values": [{"column": "...", "dataset": "...", "split": "valid", "source_split": "x-valid",
///              "fidelity": "hp12", "metric": "accuracy", "run": -1}, ...]}
struct CsvMapping {
  std::string name;
  std::string space;
  std::string index_column;
  std::string arch_column;
  std::string dataset_column;
  std::vector<CsvValueColumn> values;

  /// @throws ConfigError naming the JSON path of a bad field.
  static CsvMapping from_json(const nlohmann::json& j, const std::string& where);
  /// Built-in mapping whose columns equal `header` exactly, if any.
  static std::optional<CsvMapping> builtin_for_header(const std::vector<std::string>& header);
  /// Names of the built-in mappings.
  static std::vector<std::string> builtin_names();
  /// JSON text of all built-in mappings (for docs and `tabnas list mappings`).
  static nlohmann::json builtin_json();
};

}  // namespace tabnas
