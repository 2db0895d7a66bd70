// A reader polling <out>/progress.bin while `tabnas run` appends finished runs always sees
// whole runs only (every recorded run has all its step rows), counts that never go down, and no
// errors; the final outputs equal an undisturbed run's.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tabnas/core/errors.hpp"
#include "tabnas/run/progress_store.hpp"
#include "test_support.hpp"

using namespace tabnas;

namespace {

std::string q(const std::string& s) {
  return "'" + s + "'";
}

// ~0.3-1 s per run (a GP fit per query), so the run lasts several seconds.
const char* const kSpec = R"({
  "name": "concurrent",
  "benchmark": "nb201",
  "dataset": "cifar10-valid",
  "search": {"split": "valid", "fidelity": "hp12"},
  "report": {"split": "valid", "fidelity": "hp200"},
  "budget": {"queries": 60},
  "seeds": {"count": 12},
  "algorithms": ["smac_rf"]
})";

}  // namespace

TEST_CASE("readers of progress.bin see whole runs while tabnas run writes", "[integration]") {
  test::TempDir dir;
  std::ofstream(dir.str("spec.json")) << kSpec;
  const std::string cmd = q(test::tabnas_binary()) + " --quiet --store " +
                          q(test::nb201_store_path()) + " run " + q(dir.str("spec.json")) +
                          " --threads 1 --out ";
  // Background run; its exit status lands in a file. The shell creates a redirection target
  // before writing to it, so the status is written under another name and renamed: the file
  // appears only once it holds the status.
  const std::string status = dir.str("status");
  const std::string status_tmp = dir.str("status.tmp");
  REQUIRE(std::system(("(" + cmd + q(dir.str("live")) + " > /dev/null 2>&1; echo $? > " +
                       q(status_tmp) + "; mv " + q(status_tmp) + " " + q(status) + ") &")
                          .c_str()) == 0);
  const std::string db = dir.str("live/progress.bin");
  std::int64_t last = 0;
  std::size_t polls = 0;
  std::size_t partial_views = 0;  // polls that saw some but not all runs
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
  while (!std::filesystem::exists(status) && std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(db)) {
      try {
        const auto runs = ProgressStore::read(db);
        const auto n = static_cast<std::int64_t>(runs.size());
        CHECK(n >= last);
        // Whole runs only: every committed run has its complete 60-step record.
        for (const auto& [index, r] : runs) {
          REQUIRE(r.steps.size() == 60);
          CHECK(r.steps.front().step == 1);
          CHECK(r.steps.back().step == 60);
        }
        if (n > 0 && n < 12) ++partial_views;
        last = n;
        ++polls;
      } catch (const Error& e) {
        FAIL("reading the progress file failed: " << e.what());
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(std::filesystem::exists(status));
  CHECK(test::read_file(status) == "0\n");
  CHECK(last <= 12);
  CHECK(polls > 10);
  CHECK(partial_views > 0);  // the reader really overlapped the writer
  // Same outputs as an undisturbed run.
  REQUIRE(std::system((cmd + q(dir.str("quiet")) + " > /dev/null 2>&1").c_str()) == 0);
  for (const char* f : {"trajectory.jsonl", "results.sqlite"}) {
    CHECK(test::read_file(dir.str(std::string("live/") + f)) ==
          test::read_file(dir.str(std::string("quiet/") + f)));
  }
}
