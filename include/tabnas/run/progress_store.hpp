#pragma once
/// @file Crash-safe record of finished runs: `<out>/progress.sqlite` (WAL, 64 KiB pages).
/// Finished runs are committed in groups as the runner hands them over (Runner::execute_all:
/// at most 0.1 s after they finish), so a killed experiment loses at most the runs that were
/// still executing or waiting for that commit; rerunning the same spec skips the runs
/// recorded here. Readers may open the file while a run writes (WAL gives them a consistent
/// snapshot): table `finished` has one row per commit group, with its number of runs (`runs`,
/// `ok`) and the runs in a binary record (`data`, read by load_finished).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tabnas/run/run_result.hpp"
#include "tabnas/store/sqlite_database.hpp"

namespace tabnas {

class ProgressStore {
 public:
  /// Opens or creates the progress file for an experiment identified by `spec_hash`.
  /// @throws ConfigError when the file belongs to a different spec (or a different store).
  ProgressStore(const std::string& path, const std::string& spec_hash);

  /// Finished runs by run index (status ok only; failed runs are retried).
  [[nodiscard]] std::map<std::size_t, RunResult> load_finished();
  /// The same, read-only, for a reader beside a running experiment.
  /// @throws StoreError when the file cannot be opened, DataError when a record is damaged.
  [[nodiscard]] static std::map<std::size_t, RunResult> read(const std::string& path);
  /// Commits finished runs (ok or failed) in one transaction, as one table row per 1 MiB of
  /// records.
  void record(const std::vector<RunResult>& runs);

 private:
  std::string path_;
  std::unique_ptr<SqliteDatabase> db_;
  std::string buffer_;  ///< records of the group being committed (reused)
};

}  // namespace tabnas
