// Whole-process tests of the tabnas CLI: byte-identical outputs, errors and exit codes.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tabnas/core/errors.hpp"
#include "tabnas/run/results_writer.hpp"
#include "test_support.hpp"

using namespace tabnas;

namespace {

std::string q(const std::string& s) {
  return "'" + s + "'";
}

std::string tabnas_cmd(const std::string& store) {
  return q(test::tabnas_binary()) + " --quiet --store " + q(store) + " --data " +
         q(test::data_dir());
}

const char* const kSpec = R"({
  "name": "itest",
  "benchmark": "nb201",
  "datasets": ["cifar10-valid", "cifar100"],
  "search": {"split": "valid", "fidelity": "hp12"},
  "report": {"split": "valid", "fidelity": "hp200", "seed_policy": "random"},
  "budget": {"queries": 40},
  "seeds": {"count": 6},
  "algorithms": ["random_search", "regularized_evolution", "local_search"]
})";

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

const std::vector<std::string> kOutputs = {"trajectory.jsonl", "results.sqlite", "summary.json",
                                           "summary.txt", "manifest.json"};

/// Runs `run --out out` killed (SIGKILL) after 13 committed runs, checks that no summary was
/// written, then runs it again to completion (the resume).
void kill_and_resume(const std::string& run, const std::string& out) {
  const auto killed =
      test::run_command("TABNAS_TEST_KILL_AFTER_RUNS=13 " + run + " --out " + q(out));
  CHECK(killed.exit_code == 128 + 9);
  CHECK_FALSE(std::filesystem::exists(out + "/summary.json"));
  const auto resumed = test::run_command(run + " --out " + q(out));
  REQUIRE(resumed.exit_code == 0);
}

}  // namespace

TEST_CASE("run outputs are byte-identical with 1 and 2 threads and from any directory",
          "[integration]") {
  test::TempDir dir;
  const std::string store = test::nb201_store_path();
  write_text(dir.str("spec.json"), kSpec);
  const auto one = test::run_command(tabnas_cmd(store) + " run " + q(dir.str("spec.json")) +
                                     " --threads 1 --out " + q(dir.str("t1")));
  REQUIRE(one.exit_code == 0);
  INFO(one.err);
  CHECK(one.out.find("regularized_evolution") != std::string::npos);
  const auto two = test::run_command(tabnas_cmd(store) + " run " + q(dir.str("spec.json")) +
                                     " --threads 2 --out " + q(dir.str("t2")));
  REQUIRE(two.exit_code == 0);
  std::filesystem::create_directories(dir.path() / "a" / "deeper");
  std::filesystem::create_directories(dir.path() / "b");
  const auto in_a = test::run_command("cd " + q(dir.str("a/deeper")) + " && " + tabnas_cmd(store) +
                                      " run " + q(dir.str("spec.json")));
  const auto in_b = test::run_command("cd " + q(dir.str("b")) + " && " + tabnas_cmd(store) +
                                      " run ../spec.json --threads 2");
  REQUIRE(in_a.exit_code == 0);
  REQUIRE(in_b.exit_code == 0);
  for (const auto& f : kOutputs) {
    INFO(f);
    const auto read = [&](const std::string& path) { return test::read_file(path); };
    const std::string ref = read(dir.str("t1/" + f));
    REQUIRE(!ref.empty());
    CHECK(ref == read(dir.str("t2/" + f)));
    CHECK(ref == read(dir.str("a/deeper/itest/" + f)));
    CHECK(ref == read(dir.str("b/itest/" + f)));
  }
  // Real time lives in timing.json (and on stdout), never in the byte-identical files.
  CHECK(test::read_file(dir.str("t1/summary.txt")).find("real seconds per run") ==
        std::string::npos);
  CHECK_FALSE(
      nlohmann::json::parse(test::read_file(dir.str("t1/summary.json"))).contains("real_time"));
  CHECK(nlohmann::json::parse(test::read_file(dir.str("t1/timing.json")))["real_time"]["rows"]
            .size() == 6);
  // 2 datasets x 3 algorithms x 6 seeds x 40 queries.
  const std::string jsonl = test::read_file(dir.str("t1/trajectory.jsonl"));
  CHECK(std::count(jsonl.begin(), jsonl.end(), '\n') == 2 * 3 * 6 * 40);
}

TEST_CASE("bad input gives a one-line error naming the item, with the documented exit code",
          "[integration]") {
  test::TempDir dir;
  const std::string store = test::nb201_store_path();
  int spec_count = 0;
  const auto spec_with = [&](const std::string& from, const std::string& to) {
    std::string s = kSpec;
    const auto pos = s.find(from);
    REQUIRE(pos != std::string::npos);
    s.replace(pos, from.size(), to);
    const std::string file = dir.str("bad" + std::to_string(spec_count++) + ".json");
    write_text(file, s);
    return tabnas_cmd(store) + " run " + q(file) + " --out " + q(dir.str("o"));
  };
  struct Case {
    std::string command;
    int code;
    std::string needle;
  };
  const std::vector<Case> cases = {
      {spec_with("\"random_search\"", "\"grid_search\""), 2, "grid_search"},
      {spec_with("\"random_search\"", R"({"name": "random_search", "params": {"dedupe": true}})"),
       2, "allowed: dedup"},
      {spec_with("\"cifar100\"", "\"mnist\""), 2, "mnist"},
      {spec_with(R"("split": "valid", "fidelity": "hp12")",
                 R"("split": "x-valid", "fidelity": "hp12")"),
       2, "x-valid"},
      {spec_with("\"queries\": 40", "\"queries\": 0"), 2, "budget.queries"},
      {spec_with("\"queries\": 40", "\"queries\": -5"), 2, "budget.queries"},
      {spec_with("\"fidelity\": \"hp12\"", "\"fidelity\": \"hp13\""), 2, "hp13"},
      // A constraint on a device the store lacks is caught by --dry-run already.
      {spec_with(
           "\"budget\"",
           R"("constraints": [{"device": "pixel3", "metric": "latency", "max": 5.0}], "budget")") +
           " --dry-run",
       2, "pixel3"},
      {tabnas_cmd(store) + " run " + q(dir.str("missing.json")), 2, "missing.json"},
      {tabnas_cmd(store) + " frobnicate", 2, "frobnicate"},
      {tabnas_cmd(dir.str("nostore.sqlite")) + " info", 3, "does not exist"},
      {tabnas_cmd(dir.str("s2.sqlite")) + " import csv " + q(dir.str("missing.csv")), 3,
       "missing.csv"},
      {tabnas_cmd(store) + " query --dataset cifar10-valid --split valid --fidelity hp200 99999", 2,
       "out of range"},
  };
  for (const auto& c : cases) {
    INFO(c.command);
    const auto r = test::run_command(c.command);
    INFO(r.err);
    CHECK(r.exit_code == c.code);
    CHECK(r.err.find(c.needle) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.find("internal") == std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(dir.str("o")));
}

TEST_CASE("query, list, info and --help work as documented", "[integration]") {
  const std::string store = test::nb201_store_path();
  const auto q0 = test::run_command(
      tabnas_cmd(store) + " query --dataset cifar10-valid --split valid --fidelity hp12 0");
  REQUIRE(q0.exit_code == 0);
  CHECK(q0.out.find("63.36399998046875") != std::string::npos);
  CHECK(q0.out.find("params 0.129306 M, FLOPs 15.64737 M") != std::string::npos);
  const auto by_string =
      test::run_command(tabnas_cmd(store) +
                        " --json query --dataset cifar100 --split valid --fidelity 200 "
                        "'|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_"
                        "connect~1|skip_connect~2|'");
  REQUIRE(by_string.exit_code == 0);
  CHECK(by_string.out.find("\"index\": 0") != std::string::npos);
  const auto list = test::run_command(tabnas_cmd(store) + " list algorithms");
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("Real, Aggarwal, Huang & Le") != std::string::npos);
  // --json: every list is valid JSON with structured entries.
  const auto spaces = test::run_command(tabnas_cmd(store) + " --json list spaces");
  REQUIRE(spaces.exit_code == 0);
  CHECK(nlohmann::json::parse(spaces.out) == nlohmann::json::array({"nb201"}));
  const auto datasets = test::run_command(tabnas_cmd(store) + " --json list datasets");
  REQUIRE(datasets.exit_code == 0);
  const auto ds = nlohmann::json::parse(datasets.out);
  CHECK(ds.size() == 4);
  CHECK(ds[0].contains("space"));
  CHECK(ds[0].contains("dataset"));
  const auto metrics = test::run_command(tabnas_cmd(store) + " --json list metrics");
  REQUIRE(metrics.exit_code == 0);
  for (const auto& m : nlohmann::json::parse(metrics.out)) {
    CHECK(m["archs"].get<int>() == 15625);
    CHECK(m.contains("fidelity"));
  }
  const auto algs = test::run_command(tabnas_cmd(store) + " --json list algorithms");
  REQUIRE(algs.exit_code == 0);
  CHECK(nlohmann::json::parse(algs.out).size() >= 27);
  const auto info = test::run_command(tabnas_cmd(store) + " --json info");
  CHECK(info.exit_code == 0);
  CHECK(info.out.find("\"sha256\"") != std::string::npos);
  for (const std::string cmd : {"import", "info", "query", "list", "run"}) {
    const auto h = test::run_command(tabnas_cmd(store) + " " + cmd + " --help");
    CHECK(h.exit_code == 0);
    CHECK(h.out.find("usage: tabnas") != std::string::npos);
  }
  const auto dry = test::run_command(
      tabnas_cmd(store) + " run " +
      q(std::string(TABNAS_SOURCE_DIR) + "/experiments/quickstart.json") + " --dry-run");
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("300 runs, up to 45000 queries") != std::string::npos);
}

TEST_CASE("an experiment killed with SIGKILL resumes to byte-identical outputs", "[integration]") {
  test::TempDir dir;
  const std::string store = test::nb201_store_path();
  write_text(dir.str("spec.json"), kSpec);
  const std::string run = tabnas_cmd(store) + " run " + q(dir.str("spec.json"));
  REQUIRE(test::run_command(run + " --out " + q(dir.str("ref"))).exit_code == 0);
  kill_and_resume(run + " --threads 2", dir.str("res"));
  for (const auto& f : kOutputs) {
    INFO(f);
    CHECK(test::read_file(dir.str("ref/" + f)) == test::read_file(dir.str("res/" + f)));
  }
  // A different spec may not reuse the directory; --fresh starts over.
  std::string other = kSpec;
  other.replace(other.find("\"count\": 6"), 10, "\"count\": 5");
  write_text(dir.str("other.json"), other);
  const auto clash = test::run_command(tabnas_cmd(store) + " run " + q(dir.str("other.json")) +
                                       " --out " + q(dir.str("res")));
  CHECK(clash.exit_code == 2);
  CHECK(clash.err.find("--fresh") != std::string::npos);
  // Nor may another tabnas build (its draws may differ): runs of two builds never mix.
  const auto rebuilt =
      test::run_command("TABNAS_TEST_BUILD_ID=other " + run + " --out " + q(dir.str("res")));
  CHECK(rebuilt.exit_code == 2);
  CHECK(rebuilt.err.find("tabnas build") != std::string::npos);
  CHECK(test::run_command(tabnas_cmd(store) + " run " + q(dir.str("other.json")) +
                          " --fresh --out " + q(dir.str("res")))
            .exit_code == 0);
}

TEST_CASE("run --no-trajectory gives the summary of a full run also after kill and resume",
          "[integration]") {
  // Without per-step outputs the runs keep only their final row; the summary must not change.
  test::TempDir dir;
  const std::string store = test::nb201_store_path();
  write_text(dir.str("spec.json"), kSpec);
  const std::string run = tabnas_cmd(store) + " run " + q(dir.str("spec.json"));
  REQUIRE(test::run_command(run + " --out " + q(dir.str("ref"))).exit_code == 0);
  kill_and_resume(run + " --no-trajectory --threads 2", dir.str("nt"));
  for (const std::string f : {"summary.json", "summary.txt"}) {
    INFO(f);
    CHECK(test::read_file(dir.str("ref/" + f)) == test::read_file(dir.str("nt/" + f)));
  }
  CHECK_FALSE(std::filesystem::exists(dir.str("nt/trajectory.jsonl")));
  // Runs recorded without their steps cannot feed a full run's trajectory.
  const auto clash = test::run_command(run + " --out " + q(dir.str("nt")));
  CHECK(clash.exit_code == 2);
  CHECK(clash.err.find("--no-trajectory") != std::string::npos);
}

TEST_CASE("a 1000-run experiment killed mid-way loses no run", "[integration]") {
  test::TempDir dir;
  const std::string store = test::nb201_store_path();
  std::string spec = kSpec;
  spec.replace(spec.find("\"count\": 6"), 10, "\"count\": 167");  // 2 x 3 x 167 = 1002 runs
  spec.replace(spec.find("\"queries\": 40"), 13, "\"queries\": 20");
  write_text(dir.str("spec.json"), spec);
  const std::string run = tabnas_cmd(store) + " run " + q(dir.str("spec.json")) + " --out " +
                          q(dir.str("res")) + " --threads 2";
  CHECK(test::run_command("TABNAS_TEST_KILL_AFTER_RUNS=600 " + run).exit_code == 128 + 9);
  const auto resumed =
      test::run_command(run.substr(0, run.find(" --quiet")) + run.substr(run.find(" --quiet") + 8));
  REQUIRE(resumed.exit_code == 0);
  CHECK(resumed.err.find("resuming: 600 of 1002 runs") != std::string::npos);
  const std::string jsonl = test::read_file(dir.str("res/trajectory.jsonl"));
  CHECK(std::count(jsonl.begin(), jsonl.end(), '\n') == 1002 * 20);
}

TEST_CASE(
    "scripts/quickstart.sh's steps run twice: the re-import keeps one record per file "
    "and the run resumes",
    "[integration]") {
  // quickstart.sh imports the default tables and runs the experiment every time it is called.
  test::TempDir dir;
  const std::string store = dir.str("store.sqlite");
  write_text(dir.str("spec.json"), kSpec);
  const std::string import = tabnas_cmd(store) + " import default";
  const std::string run =
      tabnas_cmd(store) + " run " + q(dir.str("spec.json")) + " --out " + q(dir.str("out"));
  REQUIRE(test::run_command(import).exit_code == 0);
  REQUIRE(test::run_command(run).exit_code == 0);
  const std::string first = test::read_file(dir.str("out/summary.json"));
  REQUIRE(test::run_command(import).exit_code == 0);
  const auto again = test::run_command(run);
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(test::read_file(dir.str("out/summary.json")) == first);
  const auto info = test::run_command(tabnas_cmd(store) + " info");
  REQUIRE(info.exit_code == 0);
  std::size_t listed = 0;
  for (auto at = info.out.find("nb201_hp12_accuracy.csv\n"); at != std::string::npos;
       at = info.out.find("nb201_hp12_accuracy.csv\n", at + 1)) {
    ++listed;
  }
  CHECK(listed == 1);
}
