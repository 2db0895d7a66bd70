// ProgressStore (<out>/progress.bin, an append-only log): finished runs round-trip exactly,
// failed runs are not loaded (they are retried), an incomplete or damaged tail (a killed writer)
// is dropped and later records follow whole ones, a second writer is refused, and a file of
// another spec or format is refused with a message naming it.
#include <catch2/catch.hpp>
#include <cstring>
#include <limits>

#include <filesystem>
#include <fstream>
#include "tabnas/core/errors.hpp"
#include "tabnas/run/progress_store.hpp"
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

void check_equal(const RunResult& got, const RunResult& want) {
  CHECK(got.index == want.index);
  CHECK(got.dataset == want.dataset);
  CHECK(got.algorithm == want.algorithm);
  CHECK(got.seed == want.seed);
  CHECK(got.run_seed == want.run_seed);
  CHECK(got.status == want.status);
  CHECK(got.error == want.error);
  CHECK(test::same_bits(got.algorithm_seconds, want.algorithm_seconds));
  CHECK(got.num_objectives == want.num_objectives);
  REQUIRE(got.steps.size() == want.steps.size());
  for (std::size_t k = 0; k < got.steps.size(); ++k)
    test::check_same_step(got.steps[k], want.steps[k]);
  REQUIRE(got.objectives.size() == want.objectives.size());
  for (std::size_t k = 0; k < got.objectives.size(); ++k) {
    CHECK(test::same_bits(got.objectives[k], want.objectives[k]));
  }
}

std::uintmax_t size_of(const std::string& path) {
  return std::filesystem::file_size(path);
}

/// Overwrites `n` bytes at `offset` of the file with 0xff.
void damage(const std::string& path, std::uintmax_t offset, std::size_t n) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  const std::string junk(n, '\xff');
  f.write(junk.data(), static_cast<std::streamsize>(n));
}

}  // namespace

TEST_CASE("progress store: runs round-trip bit for bit; failed runs are retried", "[run]") {
  test::TempDir dir;
  const std::string path = dir.str("progress.bin");
  std::vector<RunResult> first = {make_run(0, 150, 1), make_run(3, 1, 2), make_run(5, 0, 1)};
  RunResult failed = make_run(4, 2, 1);
  failed.status = RunStatus::kFailed;
  failed.error = "algorithm 'x' proposed arch 99999 outside the space";
  first.push_back(failed);
  {
    ProgressStore store(path, "spec-a");
    CHECK(store.take_finished().empty());
    store.record(first);
    store.record({make_run(1, 7, 3)});
    const auto before = size_of(path);
    store.record({});  // nothing to commit: nothing written
    CHECK(size_of(path) == before);
  }
  ProgressStore reopened(path, "spec-a");
  const auto loaded = reopened.take_finished();
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

TEST_CASE("progress store: a tail cut short by a kill is dropped, later records follow", "[run]") {
  test::TempDir dir;
  const std::string path = dir.str("progress.bin");
  {
    ProgressStore store(path, "spec-a");
    store.record({make_run(0, 150, 1), make_run(1, 150, 1)});
  }
  const auto whole = size_of(path);
  {
    ProgressStore store(path, "spec-a");
    store.record({make_run(2, 150, 1)});
  }
  // A kill during the second write leaves part of its record: every cut is dropped.
  for (const std::uintmax_t cut : {whole + 1, whole + 23, whole + 24, size_of(path) - 1}) {
    std::filesystem::resize_file(path, cut);
    CHECK(ProgressStore::read(path).size() == 2);  // a reader stops before the partial record
    ProgressStore store(path, "spec-a");
    CHECK(store.discarded_bytes() == cut - whole);
    CHECK(size_of(path) == whole);  // cut off, so the next record follows whole ones
    CHECK(store.take_finished().size() == 2);  // the runs before the cut
    store.record({make_run(2, 150, 1)});
    const auto loaded = ProgressStore::read(path);  // with the run just recorded
    REQUIRE(loaded.size() == 3);
    check_equal(loaded.at(2), make_run(2, 150, 1));
    CHECK(store.discarded_bytes() == cut - whole);
  }
  // Damaged bytes inside the last record (an OS crash): its checksum fails, it is dropped.
  damage(path, whole + 100, 8);
  ProgressStore store(path, "spec-a");
  CHECK(store.discarded_bytes() > 0);
  CHECK(size_of(path) == whole);
  CHECK(store.take_finished().size() == 2);
}

TEST_CASE("progress store: one writer at a time", "[run]") {
  test::TempDir dir;
  const std::string path = dir.str("progress.bin");
  ProgressStore first(path, "spec-a");
  REQUIRE_THROWS_AS(ProgressStore(path, "spec-a"), ConfigError);
  try {
    ProgressStore second(path, "spec-a");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("another tabnas run") != std::string::npos);
  }
  first.record({make_run(0, 2, 1)});
  CHECK(ProgressStore::read(path).size() == 1);  // readers are not locked out
}

TEST_CASE("progress store: another spec, another format or a damaged record is refused", "[run]") {
  test::TempDir dir;
  const std::string path = dir.str("progress.bin");
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
  SECTION("another format (an older tabnas)") {
    damage(path, 16, 1);  // the format version
    REQUIRE_THROWS_AS(ProgressStore(path, "spec-a"), ConfigError);
    try {
      ProgressStore(path, "spec-a");
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()).find("another tabnas version") != std::string::npos);
    }
  }
  SECTION("not a progress file") {
    std::ofstream(path, std::ios::trunc) << "SQLite format 3";
    REQUIRE_THROWS_AS(ProgressStore::read(path), ConfigError);
    try {
      ProgressStore(path, "spec-a");
    } catch (const ConfigError& e) {
      CHECK(std::string(e.what()).find("not a tabnas progress file") != std::string::npos);
      CHECK(std::string(e.what()).find(path) != std::string::npos);
    }
  }
  SECTION("a record whose run count disagrees with its runs") {
    // The header's run count (bytes 4-7 of the first record) no longer matches; the checksum
    // covers the payload only, so the record is read and the mismatch reported.
    const std::uintmax_t first_record = 16 + 12 + 6;  // magic, 3 fields, "spec-a"
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(first_record + 4));
    const std::uint32_t three = 3;
    f.write(reinterpret_cast<const char*>(&three), sizeof three);
    f.close();
    REQUIRE_THROWS_AS(ProgressStore::read(path), DataError);
    try {
      (void)ProgressStore::read(path);
    } catch (const DataError& e) {
      CHECK(std::string(e.what()).find("holds 2 runs, its header says 3") != std::string::npos);
    }
  }
}
