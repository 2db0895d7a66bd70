#pragma once
/// @file The tabnas store: one SQLite file (index, scalars, provenance, import reports) plus
/// HDF5 files beside it for dense curves.
///
/// Schema (version kSchemaVersion), see docs/store.md:
///   meta(key, value)                         schema_version, created_at
///   source(id, path, sha256, importer, imported_at, rows)
///   arch(space, idx, arch_str, canonical_id) architectures in official index order
///   metric(space, dataset, split, fidelity, metric, arch, run, seed, value, source_id)
///       run = 0.. for per-run values; run = -1 for a published seed-mean (seed NULL)
///   hw_metric(space, device, metric, batch, arch, value, unit, predicted, source_id)
///   import_report(source_id, kind, item, message)
///   column_index(space, dataset, split, fidelity, metric, archs, rows, max_run, min_run)
///       summary of `metric`, rebuilt in the same transaction by every import
///   curve(space, dataset, split, fidelity, metric, h5_file, h5_dataset, source_id)
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tabnas/store/sqlite_database.hpp"

namespace tabnas {

constexpr int kSchemaVersion = 1;

/// Key of one scalar metric column.
struct MetricKey {
  std::string dataset;
  std::string split;
  std::string fidelity;
  std::string metric;
  friend bool operator==(const MetricKey&, const MetricKey&) = default;
  friend auto operator<=>(const MetricKey&, const MetricKey&) = default;
};

/// One row of the `source` table.
struct SourceRecord {
  std::int64_t id = 0;
  std::string path;
  std::string sha256;
  std::string importer;
  std::string imported_at;
  std::int64_t rows = 0;
};

/// Count of rows per metric column (for `tabnas info`).
struct ColumnSummary {
  std::string space;
  MetricKey key;
  std::int64_t archs = 0;
  std::int64_t rows = 0;
  std::int64_t runs = 0;  ///< max runs per arch (0 when only seed-means)
  bool seed_mean = false;
};

/// Opened store. Reading is safe from one thread at a time; the evaluator never uses it.
class Store {
 public:
  enum class Mode { kRead, kWrite };
  /// Opens the store at `path`; kWrite creates it and its schema when missing.
  /// @throws StoreError (cannot open, newer schema) or DataError (not a tabnas store).
  Store(const std::string& path, Mode mode);

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] SqliteDatabase& db() noexcept { return *db_; }
  /// Directory where this store keeps its HDF5 files ("<store>.h5.d").
  [[nodiscard]] std::string curve_dir() const;

  /// Spaces with an architecture list.
  [[nodiscard]] std::vector<std::string> spaces();
  /// Arch strings of `space` in index order. @throws ConfigError when the space is absent.
  [[nodiscard]] std::vector<std::string> arch_strings(const std::string& space);
  /// All metric columns with counts.
  [[nodiscard]] std::vector<ColumnSummary> columns();
  /// Provenance rows.
  [[nodiscard]] std::vector<SourceRecord> sources();
  /// Import-report rows of one source: (kind, item, message).
  [[nodiscard]] std::vector<std::array<std::string, 3>> import_report(std::int64_t source_id);

  /// HDF5 file (absolute path) and dataset of the curve of one key, or nullopt when the store
  /// has no curve for it (docs/nats_import.md).
  [[nodiscard]] std::optional<std::pair<std::string, std::string>> curve_location(
      const std::string& space, const MetricKey& key);

  /// Calls fn(arch, run, value) for every row of one column, ordered by arch then run.
  /// @returns the number of rows.
  std::int64_t for_each_value(const std::string& space, const MetricKey& key,
                              const std::function<void(std::uint32_t, int, double)>& fn);
  /// Calls fn(arch, value) for every row of one hardware column (device, metric, batch).
  std::int64_t for_each_hw_value(const std::string& space, const std::string& device,
                                 const std::string& metric, int batch,
                                 const std::function<void(std::uint32_t, double)>& fn);

 private:
  void create_schema();
  void check_schema();
  std::string path_;
  std::unique_ptr<SqliteDatabase> db_;
};

}  // namespace tabnas
