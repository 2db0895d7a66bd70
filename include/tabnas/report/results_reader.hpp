#pragma once
/// @file Reads a `tabnas run` output directory into ResultsData.
#include <string>

#include "tabnas/report/results_data.hpp"

namespace tabnas::report {

/// Reads results.sqlite (tables experiment, run, step) of a results directory, or, when it is
/// missing, trajectory.jsonl (then failed runs, which have no rows, are not seen). summary.json
/// (best value in the table, for regret) and manifest.json (spec, seeds, versions) are read
/// when present. Runs written with --no-trajectory get one synthetic final step from the run
/// table (final values only; anytime curves are then unavailable).
class ResultsReader {
 public:
  /// @throws DataError when the directory holds neither file or a file is malformed;
  /// StoreError when SQLite fails.
  static ResultsData read(const std::string& directory);

  /// Parses one trajectory.jsonl text (exposed for tests). @throws DataError with the line.
  static void parse_jsonl(const std::string& text, const std::string& file, ResultsData& data);
};

}  // namespace tabnas::report
