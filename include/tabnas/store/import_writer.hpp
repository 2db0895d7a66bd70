#pragma once
/// @file Atomic write of one import into the store.
///
/// An ImportWriter opens one SQLite transaction; nothing is visible until commit(). If the
/// process dies or an exception escapes before commit(), SQLite rolls the transaction back and
/// the previous store is intact.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tabnas/store/store.hpp"

namespace tabnas {

class ImportWriter {
 public:
  /// Starts the transaction and records provenance (path, sha256 of the file, importer, time).
  ImportWriter(Store& store, const std::string& importer, const std::string& source_path);
  ~ImportWriter() = default;
  ImportWriter(const ImportWriter&) = delete;
  ImportWriter& operator=(const ImportWriter&) = delete;

  [[nodiscard]] std::int64_t source_id() const noexcept { return source_id_; }
  /// Stores the architecture list of a space (index = position). If the space already has a
  /// list it must be identical. @throws DataError on a conflicting list.
  void set_arch_list(const std::string& space, const std::vector<std::string>& arch_strings,
                     const std::vector<std::uint32_t>& canonical_ids);
  /// One scalar value; run -1 = published seed-mean.
  void put_metric(const std::string& space, const MetricKey& key, std::uint32_t arch, int run,
                  std::optional<std::int64_t> seed, double value);
  /// One hardware value.
  void put_hw(const std::string& space, const std::string& device, const std::string& metric,
              int batch, std::uint32_t arch, double value, const std::string& unit, bool predicted);
  /// Registers an HDF5 curve dataset written by the importer.
  void put_curve(const std::string& space, const MetricKey& key, const std::string& h5_file,
                 const std::string& h5_dataset);
  /// Replaces the recorded sha256 of the source (e.g. a digest over a directory's files,
  /// which the constructor records as "directory").
  void set_source_sha256(const std::string& hex);
  /// Adds an import-report line (kind: missing, imputed, patched, note).
  void note(const std::string& kind, const std::string& item, const std::string& message);
  /// Rows written so far.
  [[nodiscard]] std::int64_t rows() const noexcept { return rows_; }
  /// Commits everything. After this the writer must not be used.
  void commit();

 private:
  void count_row();
  Store& store_;
  std::int64_t kill_after_rows_ = 0;
  SqliteTransaction tx_;
  std::int64_t source_id_ = 0;
  std::int64_t rows_ = 0;
  SqliteStatement metric_stmt_;
  SqliteStatement hw_stmt_;
  SqliteStatement note_stmt_;
};

}  // namespace tabnas
