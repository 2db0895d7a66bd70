#pragma once
/// @file Reader of the flat CSV layouts of hardware cost tables (docs/hardware.md).
///
/// Layouts, recognised from the first line:
///   help     `nb201_index,arch_str,<col>...`: HELP's 26 device configurations, ms. A column
///            `<name>_<B>` is device <name> at batch B when B is a power of two and the header
///            has another `<name>_<B'>` (GPUs at 1/32/256); otherwise the whole name is the
///            device (essential_ph_1, gold_6226, gold_6240), batch 1 assumed.
///   brp      `nb201_index,arch_str,latency_s`: BRP-NAS desktop CPU, seconds.
///   nnmeter  no header: `,nasbench201_<index>,<latency ms>,...` (further columns undocumented,
///            ignored); the device comes from the file name `<dev>-nasbench201-log.csv`.
///   wide     `index|nb201_index[,arch_str],<device>_<metric>_b<batch>_<unit>...` with unit
///            ms, s or us; empty cells = not measured. The data directory's H100 table and
///            tools/measure_latency.py write this layout; a `<stem>.meta.json` beside the file
///            is recorded in the import report.
#include <string>

#include "hw/hw_table.hpp"

namespace tabnas {

/// Description of a HELP device configuration name ("pixel3" -> "Google Pixel 3 phone ..."),
/// shared with the `.pt` reader (hw_pickle_reader.hpp).
[[nodiscard]] std::string help_device_description(const std::string& device);

class HwCsvReader {
 public:
  /// Parses `path` completely. Checks syntax, numbers (finite, > 0), duplicate indexes within a
  /// column; the architecture checks against the space are HwTableImporter's.
  /// @throws DataError naming file:line (and column) on any malformed content.
  static HwTable read(const std::string& path);
};

}  // namespace tabnas
