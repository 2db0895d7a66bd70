#include "test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#include <catch2/catch.hpp>

#include "csv/csv_importer.hpp"
#include "tabnas/app/space_registry.hpp"

namespace tabnas::test {

std::string data_dir() {
  const char* d = std::getenv("TABNAS_DATA");
  if (d != nullptr && *d != '\0') return d;
  return std::string(TABNAS_SOURCE_DIR) + "/../shared/data";
}

std::string tabnas_binary() {
  return TABNAS_BINARY_PATH;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "tabnas-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

const std::string& nb201_store_path() {
  static TempDir dir;
  static std::string path;
  static std::once_flag once;
  std::call_once(once, [] {
    path = dir.str("nb201.sqlite");
    Store store(path, Store::Mode::kWrite);
    const SpaceFactory spaces = [](const std::string& n, const std::vector<std::string>& l) {
      return make_space(n, l);
    };
    CsvImporter::run(store, data_dir() + "/nb201/nb201_hp12_accuracy.csv", std::nullopt, spaces);
    CsvImporter::run(store, data_dir() + "/nb201/nb201_hp200_xvalid_runs.csv", std::nullopt,
                     spaces);
  });
  return path;
}

std::shared_ptr<const Benchmark> nb201_benchmark(const std::vector<MetricKey>& keys) {
  Store store(nb201_store_path(), Store::Mode::kRead);
  auto space = make_space("nb201", store.arch_strings("nb201"));
  return Benchmark::load(store, "nb201", space, keys);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

CommandResult run_command(const std::string& command) {
  TempDir dir;
  const std::string out = dir.str("out");
  const std::string err = dir.str("err");
  const std::string full = "(" + command + ") >" + out + " 2>" + err;
  const int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void check_same_step(const StepRow& got, const StepRow& want) {
  CHECK(got.step == want.step);
  CHECK(got.arch == want.arch);
  CHECK(got.fidelity == want.fidelity);
  CHECK(same_bits(got.observed, want.observed));
  CHECK(same_bits(got.reported, want.reported));
  CHECK(got.incumbent == want.incumbent);
  CHECK(same_bits(got.incumbent_observed, want.incumbent_observed));
  CHECK(same_bits(got.incumbent_reported, want.incumbent_reported));
  CHECK(same_bits(got.cost, want.cost));
  CHECK(same_bits(got.time, want.time));
  CHECK(got.feasible == want.feasible);
  CHECK(same_bits(got.hypervolume, want.hypervolume));
}

void check_last_only_matches(const ExperimentSpec& spec, std::shared_ptr<const Benchmark> bench,
                             const RunPlan& plan) {
  const Runner all(spec, bench, StepRecording::kAll);
  const Runner last(spec, std::move(bench), StepRecording::kLastOnly);
  const RunResult a = all.execute(plan);
  const RunResult b = last.execute(plan);
  REQUIRE(a.status == RunStatus::kOk);
  REQUIRE(b.status == RunStatus::kOk);
  REQUIRE(!a.steps.empty());
  REQUIRE(b.steps.size() == 1);
  check_same_step(b.steps.front(), a.steps.back());
  REQUIRE(b.objectives.size() == a.num_objectives);
  for (std::uint32_t k = 0; k < a.num_objectives; ++k) {
    CHECK(same_bits(b.objectives[k], a.objectives[a.objectives.size() - a.num_objectives + k]));
  }
}

void check_dispatch_matches(const ExperimentSpec& spec, std::shared_ptr<const Benchmark> bench,
                            const RunPlan& plan) {
  const Runner typed(spec, bench);
  Runner by_virtual(spec, std::move(bench));
  by_virtual.set_virtual_dispatch(true);
  const RunResult a = typed.execute(plan);
  const RunResult b = by_virtual.execute(plan);
  INFO(a.error << b.error);
  REQUIRE(a.status == RunStatus::kOk);
  REQUIRE(b.status == RunStatus::kOk);
  REQUIRE(!a.steps.empty());
  REQUIRE(a.steps.size() == b.steps.size());
  for (std::size_t i = 0; i < a.steps.size(); ++i) check_same_step(b.steps[i], a.steps[i]);
  REQUIRE(a.objectives.size() == b.objectives.size());
  for (std::size_t i = 0; i < a.objectives.size(); ++i) {
    CHECK(same_bits(b.objectives[i], a.objectives[i]));
  }
}

}  // namespace tabnas::test
