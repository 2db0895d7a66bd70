#pragma once
// Helpers shared by the tests: data directory, temporary directories, a store built once from
// the real NB201 CSV tables, and running the tabnas binary as a whole process.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tabnas/eval/benchmark.hpp"
#include "tabnas/store/store.hpp"

#include "tabnas/run/runner.hpp"

namespace tabnas::test {

/// $TABNAS_DATA or <source>/../shared/data.
std::string data_dir();
/// Path of the built tabnas executable.
std::string tabnas_binary();

/// A fresh temporary directory removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::string str(const std::string& name = "") const {
    return name.empty() ? path_.string() : (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

/// Path of a store holding the data directory's two NB201 CSV tables, imported once per test
/// process (read-only for tests).
const std::string& nb201_store_path();
/// The NB201 benchmark with the given columns, loaded from nb201_store_path().
std::shared_ptr<const Benchmark> nb201_benchmark(const std::vector<MetricKey>& keys);

/// Result of running a command through /bin/sh.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
/// Runs `command` with /bin/sh, capturing stdout and stderr.
CommandResult run_command(const std::string& command);
/// Reads a whole file.
std::string read_file(const std::string& path);

/// CHECKs that two step rows are equal field by field, doubles bit for bit.
void check_same_step(const StepRow& got, const StepRow& want);
/// True when two doubles have the same bits (NaN equals NaN, -0 differs from 0).
bool same_bits(double a, double b);

/// Checks that a run recorded with StepRecording::kLastOnly kept exactly the final row and
/// final objectives of the same run recorded with kAll (bit for bit), for `plan`.
void check_last_only_matches(const ExperimentSpec& spec, std::shared_ptr<const Benchmark> bench,
                             const RunPlan& plan);
/// Checks that the search loop compiled for the algorithm's class (what `tabnas run` uses) and
/// the virtual Algorithm loop (Runner::set_virtual_dispatch) give the same run, every step row
/// and objective bit for bit, for `plan`.
void check_dispatch_matches(const ExperimentSpec& spec, std::shared_ptr<const Benchmark> bench,
                            const RunPlan& plan);

}  // namespace tabnas::test
