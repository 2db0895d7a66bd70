#pragma once
/// @file Experiment specification (JSON), see docs/experiment_spec.md.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tabnas/eval/evaluator.hpp"
#include "tabnas/search/params.hpp"

namespace tabnas {

/// Which column a run reads and how (split, fidelity, metric, seed policy); the dataset comes
/// from the experiment.
struct SignalSpec {
  std::string split;
  std::string fidelity;
  std::string metric = "accuracy";
  SeedPolicy policy = SeedPolicy::kMean;
  std::uint32_t fixed_run = 0;
  bool maximize = true;
};

/// One algorithm entry of the spec.
struct AlgorithmEntry {
  std::string name;
  std::string label;  ///< unique within the experiment (default: name)
  nlohmann::json params;
};

struct ExperimentSpec {
  std::string name;
  std::string benchmark;  ///< space name in the store, e.g. "nb201"
  std::vector<std::string> datasets;
  SignalSpec search;
  SignalSpec report;
  std::uint64_t budget_queries = 0;
  std::vector<std::int64_t> seeds;
  std::uint64_t master_seed = 0;
  std::vector<AlgorithmEntry> algorithms;
  nlohmann::ordered_json source;  ///< the spec as given

  /// Parses and validates (structure, types, algorithm names and parameters).
  /// @throws ConfigError pointing at the JSON path of the bad field.
  static ExperimentSpec from_json(const nlohmann::ordered_json& j, const std::string& file);
  /// Reads a spec file. @throws ConfigError (missing file, invalid JSON with line/column).
  static ExperimentSpec from_file(const std::string& path);
};

}  // namespace tabnas
