#pragma once
/// @file Generic importer of flat CSV tables through a declared CsvMapping.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "csv/csv_mapping.hpp"
#include "tabnas/space/search_space.hpp"
#include "tabnas/store/store.hpp"

namespace tabnas {

/// What an import did (printed by `tabnas import`).
struct ImportSummary {
  std::string importer;
  std::string path;
  std::int64_t source_id = 0;
  std::int64_t rows = 0;             ///< values written
  std::int64_t archs = 0;            ///< distinct architectures seen
  std::int64_t missing = 0;          ///< empty cells (recorded in the import report)
  std::vector<std::string> columns;  ///< "dataset/split/fidelity/metric" written
  std::vector<std::string> notes;
};

/// Builds a space from arch strings (the space registry, injected so the importer stays
/// independent of concrete spaces).
using SpaceFactory = std::function<std::shared_ptr<const SearchSpace>(
    const std::string& space, const std::vector<std::string>& arch_strings)>;

class CsvImporter {
 public:
  /// Imports `path` atomically (one transaction). Without a mapping, a built-in one is chosen
  /// by the header. @throws DataError (bad file, naming file:line and column) or ConfigError.
  static ImportSummary run(Store& store, const std::string& path,
                           const std::optional<CsvMapping>& mapping, const SpaceFactory& spaces);
  /// The same for a table already in memory (e.g. a pandas DataFrame as text rows): `path`
  /// names the source in the provenance row and in messages ("<path>: row N"); the importer is
  /// recorded as "<importer_kind>:<mapping name>".
  static ImportSummary run_table(Store& store, const std::string& path,
                                 const std::vector<std::string>& header,
                                 const std::vector<std::vector<std::string>>& rows,
                                 const std::optional<CsvMapping>& mapping,
                                 const SpaceFactory& spaces, const std::string& importer_kind);
};

}  // namespace tabnas
