#pragma once
/// @file Imports hardware cost tables (device latencies) into the store's hw_metric table.
#include <string>
#include <vector>

#include "csv/csv_importer.hpp"
#include "hw/hw_table.hpp"
#include "tabnas/store/store.hpp"

namespace tabnas {

/// Writes parsed hardware tables into the store (docs/hardware.md).
///
/// Every value is stored in ms (HwColumn::source_unit converted by hw_to_ms) with
/// predicted = 0. An import merges into existing columns: a row of the same (device, metric,
/// batch, arch) is replaced (measured and predicted alike; the import report counts them),
/// other rows stay.
class HwTableImporter {
 public:
  /// Reads `path` (HwCsvReader) and writes it. @throws DataError naming file:line.
  static ImportSummary import_csv(Store& store, const std::string& path,
                                  const SpaceFactory& spaces);
  /// Reads `path` with the reader its first bytes call for (a pickle, bzip2 or PyTorch
  /// container: HwPickleReader; anything else: HwCsvReader) and writes it.
  static ImportSummary import_file(Store& store, const std::string& path,
                                   const SpaceFactory& spaces);
  /// Checks `table` against the search space (index range, arch string <-> index, op tuple ->
  /// index) and writes it in one transaction with one `source` row (path + sha256) and an
  /// import-report note per device (coverage, unit conversion, batch). When the store has no
  /// architecture list for the space yet and the table states an arch string for every index,
  /// the list is created from the table. This is also the entry point for readers of the
  /// `.pt`/`.pkl` originals (see hw_table.hpp). @throws DataError naming file:line.
  static ImportSummary write(Store& store, const HwTable& table, const std::string& importer,
                             const SpaceFactory& spaces);
  /// The hardware tables of the data directory, in import order (HELP first: it lists every
  /// arch string).
  static std::vector<std::string> default_files(const std::string& data_dir);
  /// Reads every default file first (nothing is written when one is missing or malformed), then
  /// writes each in its own transaction. @throws DataError.
  static std::vector<ImportSummary> import_default(Store& store, const std::string& data_dir,
                                                   const SpaceFactory& spaces);
};

}  // namespace tabnas
