#pragma once
/// @file Builds the per-architecture quantities (params, FLOPs, device tables) an experiment's
/// objectives and constraints need.
#include <string>
#include <vector>

#include "tabnas/eval/benchmark.hpp"
#include "tabnas/run/experiment_spec.hpp"
#include "tabnas/store/store.hpp"

namespace tabnas {

/// One ArchScalar per (quantity, dataset) named Runner::scalar_name(q, dataset).
/// params/flops are computed from the network definition; hw quantities come from the store's
/// hardware tables. @throws ConfigError naming the device/metric/batch and what exists.
std::vector<ArchScalar> build_arch_scalars(Store& store, const std::string& space_name,
                                           const SearchSpace& space, const ExperimentSpec& spec);

}  // namespace tabnas
