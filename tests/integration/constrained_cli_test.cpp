// Whole-process tests of the hardware-constrained search: a small version of
// experiments/constrained_pixel3.json whose every incumbent must be feasible, and
// `tabnas info devices` (the alias of `tabnas hw devices`).
#include <catch2/catch.hpp>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tabnas/hw/hw_columns.hpp"
#include "test_support.hpp"
#include "unit/hw/hw_test_support.hpp"

using namespace tabnas;

namespace {

std::string q(const std::string& s) {
  return "'" + s + "'";
}

std::string tabnas_cmd(const std::string& store) {
  return q(test::tabnas_binary()) + " --quiet --store " + q(store) + " --data " +
         q(test::data_dir());
}

}  // namespace

TEST_CASE("a 3-seed constrained_pixel3 experiment reports only feasible incumbents",
          "[constrained][integration]") {
  const std::string store = test::hw::hw_default_store_path();
  test::TempDir dir;
  nlohmann::ordered_json spec = nlohmann::ordered_json::parse(
      test::read_file(std::string(TABNAS_SOURCE_DIR) + "/experiments/constrained_pixel3.json"));
  REQUIRE(spec.at("constraints").size() == 1);
  const double max = spec.at("constraints")[0].at("max").get<double>();
  spec["seeds"] = {{"count", 3}, {"start", 0}};
  std::ofstream(dir.str("spec.json")) << spec.dump(2);
  const auto run = test::run_command(tabnas_cmd(store) + " run " + q(dir.str("spec.json")) +
                                     " --out " + q(dir.str("out")) + " --threads 1");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);

  Store s(store, Store::Mode::kRead);
  const HwColumnData pixel3 = load_hw_column(s, {"nb201", "pixel3", "latency", 1});
  REQUIRE(pixel3.archs.size() == 15625);
  std::vector<double> lat(15625, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < pixel3.archs.size(); ++i) lat[pixel3.archs[i]] = pixel3.values[i];
  // The constraint is the median: 7813 of 15625 architectures are feasible.
  std::size_t feasible_archs = 0;
  for (const double v : lat) feasible_archs += v <= max ? 1U : 0U;
  CHECK(feasible_archs == 7813);

  std::ifstream in(dir.str("out/trajectory.jsonl"));
  std::string line;
  std::map<std::string, std::size_t> rows;
  std::map<std::string, std::size_t> with_incumbent;
  while (std::getline(in, line)) {
    const auto row = nlohmann::json::parse(line);
    const std::string algorithm = row.at("algorithm").get<std::string>();
    ++rows[algorithm];
    const auto arch = row.at("arch").get<std::size_t>();
    REQUIRE(row.at("feasible").get<bool>() == (lat[arch] <= max));
    if (algorithm == "constrained_random_search" || algorithm == "constrained_evolution") {
      REQUIRE(row.at("feasible").get<bool>());
    }
    if (!row.at("incumbent_reported").is_null()) {
      ++with_incumbent[algorithm];
      INFO(algorithm << " seed " << row.at("seed") << " step " << row.at("step"));
      REQUIRE(lat[row.at("incumbent").get<std::size_t>()] <= max);
    }
  }
  const std::set<std::string> expected = {"constrained_random_search", "constrained_evolution",
                                          "lagrangian_search", "mnas_reward",
                                          "regularized_evolution"};
  REQUIRE(rows.size() == expected.size());
  for (const auto& [algorithm, n] : rows) {
    CHECK(expected.count(algorithm) == 1);
    CHECK(n == 3 * 150);
    CHECK(with_incumbent[algorithm] > 0);
  }
  CHECK(with_incumbent["constrained_random_search"] == 3 * 150);
  CHECK(with_incumbent["constrained_evolution"] == 3 * 150);
  // The runs' final incumbents in results.sqlite are the trajectory's last rows: summary ok.
  const auto summary = nlohmann::json::parse(test::read_file(dir.str("out/summary.json")));
  CHECK(summary.dump().find("constrained_evolution") != std::string::npos);
}

TEST_CASE("tabnas info devices lists the device tables like tabnas hw devices",
          "[hw][integration]") {
  const std::string store = test::hw::hw_default_store_path();
  const auto info = test::run_command(tabnas_cmd(store) + " info devices");
  const auto hw = test::run_command(tabnas_cmd(store) + " hw devices");
  REQUIRE(info.exit_code == 0);
  REQUIRE(hw.exit_code == 0);
  CHECK(info.out == hw.out);
  CHECK(info.out.find("pixel3") != std::string::npos);
  const auto info_json = test::run_command(tabnas_cmd(store) + " --json info devices");
  const auto hw_json = test::run_command(tabnas_cmd(store) + " --json hw devices");
  REQUIRE(info_json.exit_code == 0);
  CHECK(info_json.out == hw_json.out);
  CHECK(nlohmann::json::parse(info_json.out).size() >= 34);
  const auto help = test::run_command(tabnas_cmd(store) + " info devices --help");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("info devices") != std::string::npos);
  CHECK(help.out.find("same command") != std::string::npos);
  const auto info_help = test::run_command(tabnas_cmd(store) + " info --help");
  CHECK(info_help.out.find("info devices") != std::string::npos);
  const auto bad = test::run_command(tabnas_cmd(store) + " info devices --bogus");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("info devices") != std::string::npos);
}
