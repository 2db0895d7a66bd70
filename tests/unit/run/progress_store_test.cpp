// ProgressStore (<out>/progress.sqlite): finished runs round-trip exactly, large groups are split
// over several table rows, failed runs are not loaded (they are retried), and a file of another
// spec, of another record format, or with a damaged record is refused with a message naming it.
#include <catch2/catch.hpp>
#include <cstring>
#include <limits>

#include "tabnas/core/errors.hpp"
#include "tabnas/run/progress_store.hpp"
#include "tabnas/store/sqlite_database.hpp"
#include "test_support.hpp"

using namespace tabnas;

namespace {

RunResult make_run(std::size_t index, std::uint32_t steps, std::uint32_t objectives) {
  RunResult r;
  r.index = index;
  r.dataset = "cifar10-valid";
  r.algorithm = "regularized_evolution(population_size=" + std::to_string(index) + ")";
  r.seed = -static_cast<std::int64_t>(index) - 7;
  r.run_seed = 0xfedcba9876543210ULL ^ index;
  r.algorithm_seconds = 0.25 + static_cast<double>(index);
  r.num_objectives = objectives;
  for (std::uint32_t k = 1; k <= steps; ++k) {
    StepRow s;
    s.step = k;
    s.arch = static_cast<ArchId>(index * 1000 + k);
    s.fidelity = k % 3;
    s.observed = 90.0 + 1e-9 * k;
    s.reported = std::numeric_limits<double>::quiet_NaN();
    s.incumbent = static_cast<ArchId>(k / 2);
    s.incumbent_observed = -0.0;
    s.incumbent_reported = std::numeric_limits<double>::infinity();
    s.cost = 0.5 * k;
    s.time = 1.0 / k;
    s.feasible = k % 2 == 0;
    s.hypervolume = 3.0 * k;
    r.steps.push_back(s);
    for (std::uint32_t o = 0; o < objectives; ++o) r.objectives.push_back(k + 0.125 * o);
  }
  return r;
}

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void check_equal(const RunResult& got, const RunResult& want) {
  CHECK(got.index == want.index);
  CHECK(got.dataset == want.dataset);
  CHECK(got.algorithm == want.algorithm);
  CHECK(got.seed == want.seed);
  CHECK(got.run_seed == want.run_seed);
  CHECK(got.status == want.status);
  CHECK(got.error == want.error);
  CHECK(same_bits(got.algorithm_seconds, want.algorithm_seconds));
  CHECK(got.num_objectives == want.num_objectives);
  REQUIRE(got.steps.size() == want.steps.size());
  for (std::size_t k = 0; k < got.steps.size(); ++k) {
    const StepRow& a = got.steps[k];
    const StepRow& b = want.steps[k];
    CHECK(a.step == b.step);
    CHECK(a.arch == b.arch);
    CHECK(a.fidelity == b.fidelity);
    CHECK(same_bits(a.observed, b.observed));
    CHECK(same_bits(a.reported, b.reported));
    CHECK(a.incumbent == b.incumbent);
    CHECK(same_bits(a.incumbent_observed, b.incumbent_observed));
    CHECK(same_bits(a.incumbent_reported, b.incumbent_reported));
    CHECK(same_bits(a.cost, b.cost));
    CHECK(same_bits(a.time, b.time));
    CHECK(a.feasible == b.feasible);
    CHECK(same_bits(a.hypervolume, b.hypervolume));
  }
  REQUIRE(got.objectives.size() == want.objectives.size());
  for (std::size_t k = 0; k < got.objectives.size(); ++k) {
    CHECK(same_bits(got.objectives[k], want.objectives[k]));
  }
}

std::int64_t count_rows(const std::string& path) {
  SqliteDatabase db(path, false, true);
  auto st = db.prepare("SELECT COUNT(*) FROM finished");
  REQUIRE(st.step());
  return st.column_int(0);
}

}  // namespace

TEST_CASE("progress store: runs round-trip bit for bit; failed runs are retried", "[run]") {
  test::TempDir dir;
  const std::string path = dir.str("progress.sqlite");
  std::vector<RunResult> first = {make_run(0, 150, 1), make_run(3, 1, 2), make_run(5, 0, 1)};
  RunResult failed = make_run(4, 2, 1);
  failed.status = RunStatus::kFailed;
  failed.error = "algorithm 'x' proposed arch 99999 outside the space";
  first.push_back(failed);
  {
    ProgressStore store(path, "spec-a");
    CHECK(store.load_finished().empty());
    store.record(first);
    store.record({make_run(1, 7, 3)});
    store.record({});  // nothing to commit: no row
  }
  CHECK(count_rows(path) == 2);
  ProgressStore reopened(path, "spec-a");
  const auto loaded = reopened.load_finished();
  REQUIRE(loaded.size() == 4);  // the failed run is not loaded
  CHECK(loaded.count(4) == 0);
  check_equal(loaded.at(0), first[0]);
  check_equal(loaded.at(1), make_run(1, 7, 3));
  check_equal(loaded.at(3), first[1]);
  check_equal(loaded.at(5), first[2]);
  // The read-only reader sees the same runs.
  const auto read = ProgressStore::read(path);
  REQUIRE(read.size() == 4);
  check_equal(read.at(0), first[0]);
}

TEST_CASE("progress store: a large group is split over rows of about 1 MiB", "[run]") {
  test::TempDir dir;
  const std::string path = dir.str("progress.sqlite");
  // 40 runs of 1000 steps: about 3 MB of records in one commit.
  std::vector<RunResult> runs;
  for (std::size_t i = 0; i < 40; ++i) runs.push_back(make_run(i, 1000, 1));
  {
    ProgressStore store(path, "spec-a");
    store.record(runs);
  }
  CHECK(count_rows(path) >= 3);
  CHECK(count_rows(path) <= 4);
  const auto loaded = ProgressStore::read(path);
  REQUIRE(loaded.size() == runs.size());
  for (const RunResult& r : runs) check_equal(loaded.at(r.index), r);
}

TEST_CASE("progress store: another spec, another format or a damaged record is refused", "[run]") {
  test::TempDir dir;
  const std::string path = dir.str("progress.sqlite");
  {
    ProgressStore store(path, "spec-a");
    store.record({make_run(0, 3, 1), make_run(1, 3, 1)});
  }
  SECTION("another spec") {
    REQUIRE_THROWS_AS(ProgressStore(path, "spec-b"), ConfigError);
    try {
      ProgressStore(path, "spec-b");
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()).find(path) != std::string::npos);
      CHECK(std::string(e.what()).find("--fresh") != std::string::npos);
    }
    CHECK(ProgressStore::read(path).size() == 2);  // left as it was
  }
  SECTION("another record format (an older tabnas)") {
    {
      SqliteDatabase db(path, false);
      db.exec("UPDATE meta SET value = '1' WHERE key = 'record_format'");
    }
    REQUIRE_THROWS_AS(ProgressStore(path, "spec-a"), ConfigError);
    try {
      ProgressStore(path, "spec-a");
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()).find("another tabnas version") != std::string::npos);
    }
  }
  SECTION("a truncated record") {
    {
      SqliteDatabase db(path, false);
      db.exec("UPDATE finished SET data = substr(data, 1, length(data) - 5)");
    }
    ProgressStore store(path, "spec-a");
    REQUIRE_THROWS_AS(store.load_finished(), DataError);
    try {
      (void)store.load_finished();
    } catch (const DataError& e) {
      CHECK(std::string(e.what()).find(path) != std::string::npos);
      CHECK(std::string(e.what()).find("truncated") != std::string::npos);
    }
  }
  SECTION("a row whose run count disagrees with its records") {
    {
      SqliteDatabase db(path, false);
      db.exec("UPDATE finished SET runs = 3");
    }
    REQUIRE_THROWS_AS(ProgressStore::read(path), DataError);
  }
}
