#pragma once
/// @file One scalar metric column of a benchmark, laid out contiguously for O(1) queries.
#include <cstdint>
#include <vector>

#include "tabnas/store/store.hpp"

namespace tabnas {

/// Values of one (dataset, split, fidelity, metric) for every architecture and run.
/// `values[arch * max_runs + run]`, NaN where a run is missing. `mean[arch]` is the mean of the
/// present runs (NaN when none). A column imported from a published seed-mean has max_runs = 1
/// and `seed_mean_only` set. A column with per-run rows may also hold seed-means (run -1) for
/// some architectures: for those, `mean[arch]` is the run -1 value, and an architecture with
/// no runs gets it as its only run (so every seed policy answers with it).
struct MetricColumn {
  MetricKey key;
  std::uint32_t num_archs = 0;
  std::uint32_t max_runs = 0;
  bool seed_mean_only = false;
  std::vector<double> values;
  std::vector<double> mean;
  std::vector<std::uint8_t> count;  ///< present runs per arch

  [[nodiscard]] double value(std::uint32_t arch, std::uint32_t run) const {
    return values[static_cast<std::size_t>(arch) * max_runs + run];
  }
  /// Architectures with at least one value.
  [[nodiscard]] std::uint32_t coverage() const;
};

}  // namespace tabnas
