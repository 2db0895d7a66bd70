#pragma once
/// @file Per-epoch training times of one NATS-Bench tss per-arch file
/// (`NATS-tss-v1_0-3ffb9-simple/<index>.pickle.pbz2`, docs/inspect_json.md for its tree).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tabnas::nats {

/// Training time of one dataset in one file, over every run (hp '12' and '200', every seed).
struct DatasetEpochTime {
  std::string dataset;
  double mean_seconds = 0.0;  ///< mean of all `train_times` values (s/epoch; exact if constant)
  double min_seconds = 0.0;
  double max_seconds = 0.0;
  std::size_t values = 0;        ///< number of per-epoch values averaged
  double recorded_mflops = 0.0;  ///< the file's `flop` of the first run (for cross-checks)
};

/// One file's architecture and per-dataset epoch times.
struct TssEpochTimes {
  std::int64_t arch_index = 0;
  std::string arch_str;
  std::vector<DatasetEpochTime> datasets;  ///< order of first appearance ('12' before '200')
};

/// Reads `train_times` of every (hp, dataset, seed) run of a tss per-arch file.
/// @throws DataError naming the file and the path in the pickle when the layout differs.
[[nodiscard]] TssEpochTimes read_tss_epoch_times(const std::filesystem::path& file);

}  // namespace tabnas::nats
