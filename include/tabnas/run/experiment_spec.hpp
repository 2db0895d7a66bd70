#pragma once
/// @file Experiment specification (JSON), see docs/experiment_spec.md.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
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

/// An extra objective (minimised) or a constraint on a per-architecture quantity.
/// kind: "params" (millions), "flops" (millions) or "hw" (device table, e.g. latency in ms).
struct ArchQuantitySpec {
  std::string kind;
  std::string device;              ///< hw only
  std::string metric = "latency";  ///< hw only
  int batch = 1;                   ///< hw only
  double max = 0.0;                ///< constraints only: feasible when value <= max
  /// Display name, e.g. "params", "hw:pixel3:latency:b1".
  [[nodiscard]] std::string name() const;
};

/// What the budget counts. kSeconds: simulated seconds ESTIMATED by the benchmark's training
/// time model (nb201: Nb201EpochTimeModel), never measured times.
enum class BudgetUnit { kQueries, kEpochs, kSeconds };

/// Name of a budget unit in outputs: "queries", "epochs", "estimated_seconds".
[[nodiscard]] std::string_view budget_unit_name(BudgetUnit unit);

struct ExperimentSpec {
  std::string name;
  std::string benchmark;  ///< space name in the store, e.g. "nb201"
  std::vector<std::string> datasets;
  SignalSpec search;
  SignalSpec report;
  std::uint64_t budget_queries = 0;  ///< budget amount in `budget_unit` (queries, epochs)
  BudgetUnit budget_unit = BudgetUnit::kQueries;
  double budget_seconds = 0.0;  ///< budget amount when budget_unit is kSeconds (> 0)
  /// The budget amount as a double, whatever the unit.
  [[nodiscard]] double budget_amount() const {
    return budget_unit == BudgetUnit::kSeconds ? budget_seconds
                                               : static_cast<double>(budget_queries);
  }
  std::uint32_t workers = 1;                  ///< simulated parallel workers
  std::vector<std::string> fidelities;        ///< search-signal ladder, lowest first (>= 1 entry)
  std::vector<ArchQuantitySpec> objectives;   ///< extra objectives after the search signal
  std::vector<ArchQuantitySpec> constraints;  ///< all must hold for a feasible architecture
  std::vector<double> reference_point;        ///< hypervolume reference (minimised objectives)
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
