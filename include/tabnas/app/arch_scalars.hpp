#pragma once
/// @file Builds the per-architecture quantities (params, FLOPs, device tables) an experiment's
/// objectives and constraints need.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tabnas/eval/benchmark.hpp"
#include "tabnas/run/experiment_spec.hpp"
#include "tabnas/store/store.hpp"

namespace tabnas {

/// One ArchScalar per (quantity, dataset) named Runner::scalar_name(q, dataset).
/// params/flops are computed from the network definition; hw quantities come from the store's
/// hardware tables. With a seconds budget, also one Runner::epoch_seconds_scalar(dataset) per
/// dataset from the benchmark's training time model (nb201: Nb201EpochTimeModel). @throws
/// ConfigError naming the device/metric/batch and what exists.
std::vector<ArchScalar> build_arch_scalars(Store& store, const std::string& space_name,
                                           const SearchSpace& space, const ExperimentSpec& spec);

/// The training time model behind seconds budgets of space `space_name` as recorded in
/// manifest.json (name, "estimated": true, formula, unit, one line per dataset with its
/// coefficients and largest relative residual, the files it was fitted on with their sha256,
/// documentation).
/// @throws ConfigError when the space has no time model.
nlohmann::ordered_json time_model_description(const std::string& space_name);

/// Refits the nb201 training time model from the NATS-Bench files it was fitted on, found
/// under `data_dir` (Nb201EpochTimeModel::sources()): per dataset the refit line, each
/// architecture's recorded and fitted seconds per epoch and residual, whether the refit equals
/// the compiled-in line to the bit, and each file's sha256 against the recorded one.
/// @throws DataError when a file is missing or unreadable.
nlohmann::ordered_json refit_time_model(const std::string& data_dir);

}  // namespace tabnas
