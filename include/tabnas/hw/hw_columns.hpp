#pragma once
/// @file Reading the store's hardware columns (table hw_metric).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tabnas/space/search_space.hpp"
#include "tabnas/store/store.hpp"

namespace tabnas {

/// One hardware column: (space, device, metric, batch).
struct HwColumnKey {
  std::string space = "nb201";
  std::string device;
  std::string metric = "latency";
  int batch = 1;
  /// "device latency b1" (for messages and tables).
  [[nodiscard]] std::string label() const;
  friend bool operator==(const HwColumnKey&, const HwColumnKey&) = default;
};

/// Summary of one column for `tabnas hw devices`.
struct HwColumnInfo {
  HwColumnKey key;
  std::string unit;
  std::int64_t measured = 0;             ///< rows with predicted = 0
  std::int64_t predicted = 0;            ///< rows with predicted = 1
  std::vector<std::int64_t> source_ids;  ///< sources of the rows, ascending
};

/// Every hardware column of the store, ordered by space, device, metric, batch.
[[nodiscard]] std::vector<HwColumnInfo> list_hw_columns(Store& store);

/// The key of a device column. `batch` may be omitted when the device has exactly one batch
/// size for the metric. @throws ConfigError naming the device and what the store holds.
[[nodiscard]] HwColumnKey resolve_hw_column(Store& store, const std::string& space,
                                            const std::string& device, const std::string& metric,
                                            std::optional<int> batch);

/// All rows of one column, ordered by architecture.
struct HwColumnData {
  HwColumnKey key;
  std::string unit;
  std::vector<ArchId> archs;
  std::vector<double> values;
  std::vector<std::uint8_t> predicted;  ///< 1 where the row is a prediction
  /// The measured rows only (predicted = 0), in architecture order.
  void measured(std::vector<ArchId>& archs_out, std::vector<double>& values_out) const;
};
/// Loads one column (measured and predicted rows). @throws ConfigError when it has no rows.
[[nodiscard]] HwColumnData load_hw_column(Store& store, const HwColumnKey& key);

}  // namespace tabnas
