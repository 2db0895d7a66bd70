#pragma once
/// @file Crash-safe record of finished runs: `<out>/progress.bin`, an append-only log.
///
/// Finished runs are committed in groups as the runner hands them over (Runner::execute_all:
/// at most 0.1 s after they finish), each group one record appended with one write(), so a
/// killed experiment loses at most the runs that were still executing or waiting for that
/// commit; rerunning the same spec skips the runs recorded here.
///
/// Layout (host byte order; docs/experiment_spec.md, "Resuming"): a header (magic
/// "tabnas progress\n", format version, byte-order mark, the experiment's identity hash),
/// then records of [magic "RUNS", number of runs, payload length, checksum of the payload,
/// payload]. A write cut short by a kill leaves an incomplete last record: readers stop before
/// it and the next writer truncates it. Readers may open the file while a run writes
/// (ProgressStore::read). One writer at a time (an exclusive lock on the file).
///
/// Why not SQLite: a commit there wrote whole pages (B-tree, header, overflow) into its WAL,
/// about ten times the bytes of the runs; 1000 finished 150-query runs cost about 1 ms of
/// commits, as much as 10% of the search (perf/README.md).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tabnas/run/run_result.hpp"

namespace tabnas {

class ProgressStore {
 public:
  /// Opens or creates the progress file for an experiment identified by `spec_hash`, reads the
  /// runs it holds (take_finished()) and drops an incomplete or damaged tail left by a killed
  /// writer (discarded_bytes()): one pass over the file.
  /// @throws ConfigError when the file belongs to a different spec (or store, or recording
  /// mode), another format, or another writer holds it; DataError on an I/O error or a
  /// damaged run inside an intact record.
  ProgressStore(const std::string& path, const std::string& spec_hash);
  ~ProgressStore();
  ProgressStore(const ProgressStore&) = delete;
  ProgressStore& operator=(const ProgressStore&) = delete;

  /// The finished runs the file held when it was opened, by run index (status ok only; failed
  /// runs are retried; a run recorded twice keeps its latest record). Moved out: a second call
  /// returns an empty map. (Runs recorded since are in the file: read().)
  [[nodiscard]] std::map<std::size_t, RunResult> take_finished();
  /// The same, read-only, for a reader beside a running experiment (an incomplete last record
  /// is not read). @throws ConfigError when `path` is not a progress file, DataError when it
  /// cannot be read.
  [[nodiscard]] static std::map<std::size_t, RunResult> read(const std::string& path);
  /// Appends finished runs (ok or failed) as one record, with one write().
  /// @throws DataError naming the file on a write error.
  void record(const std::vector<RunResult>& runs);
  /// Bytes of an incomplete or damaged tail dropped when the file was opened (their runs are
  /// recomputed).
  [[nodiscard]] std::uint64_t discarded_bytes() const noexcept { return discarded_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t discarded_ = 0;
  std::map<std::size_t, RunResult> finished_;  ///< read by the constructor
  std::string buffer_;                         ///< the record being committed (reused)
};

}  // namespace tabnas
