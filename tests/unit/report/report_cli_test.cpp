// Whole-process tests: `tabnas report` and `tabnas export` on real runs over the NB201 tables,
// and the exported notebook executed with Debian's python3-pandas + python3-matplotlib.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace {

std::string q(const std::string& s) {
  return "'" + s + "'";
}

std::string tabnas_cmd() {
  return q(tabnas::test::tabnas_binary()) + " --quiet --store " +
         q(tabnas::test::nb201_store_path()) + " --data " + q(tabnas::test::data_dir());
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

/// Runs a spec into dir/out and returns the results directory.
std::string run_spec(const tabnas::test::TempDir& dir, const std::string& name,
                     const std::string& spec) {
  write_text(dir.str(name + ".json"), spec);
  const auto r = tabnas::test::run_command(tabnas_cmd() + " run " + q(dir.str(name + ".json")) +
                                           " --threads 2 --out " + q(dir.str(name)));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return dir.str(name);
}

/// A Python interpreter with pandas and matplotlib ($TABNAS_PYTHON, /usr/bin/python3, python3),
/// or "" when there is none.
std::string python_with_pandas() {
  std::vector<std::string> candidates;
  if (const char* p = std::getenv("TABNAS_PYTHON"); p != nullptr && *p != '\0')
    candidates.emplace_back(p);
  candidates.emplace_back("/usr/bin/python3");
  candidates.emplace_back("python3");
  for (const auto& c : candidates) {
    const auto r = tabnas::test::run_command(q(c) + " -c 'import pandas, matplotlib'");
    if (r.exit_code == 0) return c;
  }
  return "";
}

void execute_notebook(const std::string& export_dir) {
  const std::string py = python_with_pandas();
  if (py.empty()) {
    WARN(
        "python3 with pandas and matplotlib not found (Debian: python3-pandas "
        "python3-matplotlib): the exported notebook was not executed");
    return;
  }
  const std::string runner = std::string(TABNAS_SOURCE_DIR) + "/notebooks_export/run_notebook.py";
  const auto r = tabnas::test::run_command(q(py) + " " + q(runner) + " " +
                                           q(export_dir + "/tabnas_export.ipynb"));
  INFO(r.out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("all equal the exported data") != std::string::npos);
  CHECK(std::filesystem::exists(export_dir + "/notebook_figures"));
}

const char* const kSpec = R"({
  "name": "rtest",
  "benchmark": "nb201",
  "datasets": ["cifar10-valid", "cifar100"],
  "search": {"split": "valid", "fidelity": "hp12"},
  "report": {"split": "valid", "fidelity": "hp200"},
  "budget": {"queries": 30},
  "seeds": {"count": 8},
  "algorithms": ["random_search", "regularized_evolution", "local_search"]
})";

}  // namespace

TEST_CASE("tabnas report prints the tables and JSON of a real run", "[report][integration]") {
  tabnas::test::TempDir dir;
  const std::string res = run_spec(dir, "rtest", kSpec);
  const auto text = tabnas::test::run_command(tabnas_cmd() + " report " + q(res));
  INFO(text.err);
  REQUIRE(text.exit_code == 0);
  for (const char* s : {"Final value", "95% CI (bootstrap)", "Anytime: mean", "N=2", "N=10", "N=30",
                        "Mean rank across datasets", "Pairwise Wilcoxon", "cifar100",
                        "local_search", "exact distribution"}) {
    INFO(s);
    CHECK(text.out.find(s) != std::string::npos);
  }
  // deterministic output
  CHECK(tabnas::test::run_command(tabnas_cmd() + " report " + q(res)).out == text.out);

  const auto js = tabnas::test::run_command(tabnas_cmd() + " report " + q(res) +
                                            " --json --metric regret --steps 5,30");
  REQUIRE(js.exit_code == 0);
  const auto j = nlohmann::json::parse(js.out);
  CHECK(j["metric"] == "regret");
  CHECK(j["higher_is_better"] == false);
  CHECK(j["final"].size() == 6);
  CHECK(j["anytime_steps"]["grid"] == nlohmann::json::array({5, 30}));
  CHECK(j["ranks"]["rows"].size() == 3);
  CHECK(j["pairwise_wilcoxon"]["pairs"].size() == 6);
  for (const auto& row : j["final"]) CHECK(row["n"] == 8);
  // the final mean equals summary.json's
  const auto summary = nlohmann::json::parse(tabnas::test::read_file(res + "/summary.json"));
  const auto ir = nlohmann::json::parse(
      tabnas::test::run_command(tabnas_cmd() + " --json report " + q(res)).out);
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(ir["final"][i]["mean"].get<double>() ==
          Approx(summary["rows"][i]["mean"].get<double>()).epsilon(1e-12));
  }

  // the JSONL fallback gives the same tables
  std::filesystem::create_directories(dir.path() / "jsonl");
  for (const char* f : {"trajectory.jsonl", "summary.json", "manifest.json"}) {
    std::filesystem::copy_file(res + "/" + f, dir.str(std::string("jsonl/") + f));
  }
  const auto fallback =
      tabnas::test::run_command(tabnas_cmd() + " --json report " + q(dir.str("jsonl")));
  REQUIRE(fallback.exit_code == 0);
  auto a = nlohmann::json::parse(fallback.out);
  auto b = ir;
  for (auto* x : {&a, &b}) {
    x->erase("source");
  }
  CHECK(a == b);

  // usage and data errors
  CHECK(tabnas::test::run_command(tabnas_cmd() + " report " + q(res) + " --metric accuracy")
            .exit_code == 2);
  CHECK(tabnas::test::run_command(tabnas_cmd() + " report " + q(res) + " --steps 0,5").exit_code ==
        2);
  CHECK(tabnas::test::run_command(tabnas_cmd() + " report " + q(dir.str("missing"))).exit_code ==
        3);
}

TEST_CASE("tabnas export writes every file and the notebook reproduces the figures",
          "[report][integration]") {
  tabnas::test::TempDir dir;
  const std::string res = run_spec(dir, "rtest", kSpec);
  const auto r = tabnas::test::run_command(tabnas_cmd() + " export " + q(res) + " --out " +
                                           q(dir.str("ex")) + " --png-scale 1");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string csv = tabnas::test::read_file(dir.str("ex/trajectory.csv"));
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 2 * 3 * 8 * 30);
  for (const char* f :
       {"figures/anytime_regret_cifar10-valid.svg", "figures/anytime_regret_cifar100.png",
        "figures/final_regret_cifar100.svg", "report.html", "tabnas_export.ipynb", "manifest.json",
        "curves.csv", "final.csv", "runs.csv", "report.txt"}) {
    INFO(f);
    CHECK(std::filesystem::exists(dir.str("ex/") + f));
  }
  const auto m = nlohmann::json::parse(tabnas::test::read_file(dir.str("ex/manifest.json")));
  CHECK(m.contains("store_sources"));  // copied from the run's manifest
  CHECK(m.contains("derived_seeds"));
  CHECK(m["export"]["runs"].size() == 6);
  execute_notebook(dir.str("ex"));
}

TEST_CASE("export of runs with a simulated clock and of multi-objective runs",
          "[report][integration]") {
  tabnas::test::TempDir dir;
  const std::string timed = run_spec(dir, "timed", R"({
    "name": "timed", "benchmark": "nb201", "dataset": "cifar10-valid",
    "search": {"split": "valid", "fidelity": "hp12"},
    "report": {"split": "valid", "fidelity": "hp200"},
    "budget": {"queries": 24}, "workers": 3, "seeds": {"count": 5},
    "algorithms": ["random_search", "regularized_evolution"]})");
  const auto rep = tabnas::test::run_command(tabnas_cmd() + " report " + q(timed));
  REQUIRE(rep.exit_code == 0);
  CHECK(rep.out.find("simulated time") != std::string::npos);
  const auto ex =
      tabnas::test::run_command(tabnas_cmd() + " export " + q(timed) + " --png-scale 1");
  INFO(ex.err);
  REQUIRE(ex.exit_code == 0);
  CHECK(std::filesystem::exists(timed + "/export/figures/anytime_time_regret_cifar10-valid.svg"));
  CHECK(tabnas::test::read_file(timed + "/export/trajectory.csv").find(",time") !=
        std::string::npos);
  execute_notebook(timed + "/export");

  const auto algs = tabnas::test::run_command(tabnas_cmd() + " --json list algorithms");
  if (algs.out.find("\"mo_random_search\"") == std::string::npos) {
    WARN("mo_random_search is not registered: multi-objective export not tested");
    return;
  }
  const std::string mo = run_spec(dir, "mo", R"({
    "name": "mo", "benchmark": "nb201", "dataset": "cifar10-valid",
    "search": {"split": "valid", "fidelity": "hp12"},
    "report": {"split": "valid", "fidelity": "hp200"},
    "budget": {"queries": 40}, "seeds": {"count": 5},
    "objectives": [{"kind": "params"}],
    "algorithms": ["mo_random_search", "mo_regularized_evolution"]})");
  const auto hv =
      tabnas::test::run_command(tabnas_cmd() + " report " + q(mo) + " --metric hypervolume");
  REQUIRE(hv.exit_code == 0);
  const auto mex = tabnas::test::run_command(tabnas_cmd() + " export " + q(mo) + " --png-scale 1");
  INFO(mex.err);
  REQUIRE(mex.exit_code == 0);
  CHECK(std::filesystem::exists(mo + "/export/figures/pareto_cifar10-valid.png"));
  CHECK(std::filesystem::exists(mo + "/export/figures/anytime_hypervolume_cifar10-valid.svg"));
  const std::string pareto = tabnas::test::read_file(mo + "/export/pareto.csv");
  CHECK(std::count(pareto.begin(), pareto.end(), '\n') > 2);
  execute_notebook(mo + "/export");
}
