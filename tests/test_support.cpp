#include "test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
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
  const auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  const StepRow& x = a.steps.back();
  const StepRow& y = b.steps.front();
  CHECK(y.step == x.step);
  CHECK(y.arch == x.arch);
  CHECK(y.fidelity == x.fidelity);
  CHECK(same(y.observed, x.observed));
  CHECK(same(y.reported, x.reported));
  CHECK(y.incumbent == x.incumbent);
  CHECK(same(y.incumbent_observed, x.incumbent_observed));
  CHECK(same(y.incumbent_reported, x.incumbent_reported));
  CHECK(y.cost == x.cost);
  CHECK(y.time == x.time);
  CHECK(y.feasible == x.feasible);
  CHECK(same(y.hypervolume, x.hypervolume));
  REQUIRE(b.objectives.size() == a.num_objectives);
  for (std::uint32_t k = 0; k < a.num_objectives; ++k) {
    CHECK(same(b.objectives[k], a.objectives[a.objectives.size() - a.num_objectives + k]));
  }
}

}  // namespace tabnas::test
