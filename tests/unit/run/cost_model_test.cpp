// The simulated-seconds cost model (nb201 training time model, docs/experiment_spec.md,
// "Simulated seconds"): the fit reproduces the NATS-Bench files, seconds budgets stop on the
// simulated clock, and every output says the times are estimated.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "nats/nats_tss_times.hpp"
#include "nb201/nb201_epoch_time_model.hpp"
#include "nb201/nb201_network_cost.hpp"
#include "nb201/nb201_space.hpp"
#include "tabnas/app/arch_scalars.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/run/results_writer.hpp"
#include "tabnas/run/runner.hpp"
#include "tabnas/store/sqlite_database.hpp"
#include "test_support.hpp"

using namespace tabnas;
using nb201::Nb201EpochTimeModel;

namespace {

bool have_nats_files() {
  for (const auto& s : Nb201EpochTimeModel::sources()) {
    if (!std::filesystem::exists(std::filesystem::path(test::data_dir()) / s.file)) return false;
  }
  return true;
}

ExperimentSpec seconds_spec(double seconds, std::uint32_t workers,
                            const std::vector<std::string>& algorithms) {
  nlohmann::ordered_json j = {{"name", "seconds"},
                              {"benchmark", "nb201"},
                              {"datasets", {"cifar10-valid", "ImageNet16-120"}},
                              {"search", {{"split", "valid"}, {"fidelity", "hp12"}}},
                              {"report", {{"split", "valid"}, {"fidelity", "hp200"}}},
                              {"budget", {{"seconds", seconds}}},
                              {"workers", workers},
                              {"seeds", {4, 9}},
                              {"algorithms", algorithms}};
  return ExperimentSpec::from_json(j, "test");
}

std::shared_ptr<const Benchmark> load_with_scalars(const ExperimentSpec& spec) {
  Store store(test::nb201_store_path(), Store::Mode::kRead);
  auto space = make_space("nb201", store.arch_strings("nb201"));
  return Benchmark::load(store, "nb201", space, Runner::needed_columns(spec),
                         build_arch_scalars(store, "nb201", *space, spec));
}

}  // namespace

TEST_CASE("the epoch time fit reproduces the three NATS-Bench files within its residuals",
          "[cost_model][nats]") {
  if (!have_nats_files()) {
    WARN("NATS-Bench tss files not found under TABNAS_DATA: test skipped");
    return;
  }
  const nlohmann::ordered_json refit = refit_time_model(test::data_dir());
  for (const auto& f : refit["files"]) {
    INFO(f["file"].get<std::string>());
    CHECK(f["sha256_as_fitted"].get<bool>());
  }
  CHECK_FALSE(refit.contains("notes"));  // NATS epoch times are constant per dataset
  REQUIRE(refit["lines"].size() == 4);
  for (const auto& l : refit["lines"]) {
    const std::string dataset = l["dataset"].get<std::string>();
    INFO(dataset);
    const nb201::EpochTimeLine& line = Nb201EpochTimeModel::line(dataset);
    // The compiled-in coefficients are the refit's doubles, bit for bit.
    CHECK(l["equals_compiled_in"].get<bool>());
    CHECK(l["intercept_s"].get<double>() == line.intercept_s);
    CHECK(l["slope_s_per_mflop"].get<double>() == line.slope_s_per_mflop);
    REQUIRE(l["points"].size() == 3);
    for (const auto& p : l["points"]) {
      const double recorded = p["recorded_s"].get<double>();
      const double mflops = p["mflops"].get<double>();
      const double model = line.intercept_s + line.slope_s_per_mflop * mflops;
      // Within the stated residual (docs: at most 21.03 % of the recorded time).
      CHECK(std::abs(recorded - model) <= line.max_abs_relative_residual * recorded * (1 + 1e-12));
      CHECK(line.max_abs_relative_residual < 0.2103);
    }
  }
  // The documented numbers (docs/experiment_spec.md).
  const auto& c10 = Nb201EpochTimeModel::line("cifar10-valid");
  CHECK(c10.intercept_s == Approx(5.1444).margin(1e-4));
  CHECK(c10.slope_s_per_mflop == Approx(0.064577).margin(1e-6));
  const auto& in16 = Nb201EpochTimeModel::line("ImageNet16-120");
  CHECK(in16.intercept_s == Approx(31.2045).margin(1e-4));
  CHECK(in16.slope_s_per_mflop == Approx(1.567409).margin(1e-6));

  // The reader: arch 0's recorded cifar10-valid time, FLOPs as computed from the network.
  const auto t = nats::read_tss_epoch_times(std::filesystem::path(test::data_dir()) /
                                            Nb201EpochTimeModel::sources()[0].file);
  CHECK(t.arch_index == 0);
  REQUIRE(t.datasets.size() == 4);
  CHECK(t.datasets[0].dataset == "cifar10-valid");
  CHECK(t.datasets[0].mean_seconds == 7.221092998981476);
  CHECK(t.datasets[0].values == 2 * 12 + 3 * 200);  // hp12: 2 seeds, hp200: 3 seeds
  for (const auto& d : t.datasets) {
    CHECK(d.recorded_mflops ==
          nb201::Nb201NetworkCost::compute(nb201::Nb201Cell::parse(t.arch_str), d.dataset).flops_m);
  }
}

TEST_CASE("epoch seconds are positive for every NB201 cell and follow the line", "[cost_model]") {
  for (const auto& line : Nb201EpochTimeModel::lines()) {
    double lo = 1e300;
    double hi = 0.0;
    for (std::uint32_t code = 0; code < nb201::kNumCells; ++code) {
      const auto cell = nb201::Nb201Cell::from_code(code);
      const double s = Nb201EpochTimeModel::epoch_seconds(cell, line.dataset);
      lo = std::min(lo, s);
      hi = std::max(hi, s);
    }
    INFO(line.dataset);
    CHECK(lo > 0.0);
    CHECK(hi < 20.0 * lo);
  }
  const auto cell0 = nb201::Nb201Cell::parse(
      "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|"
      "skip_connect~2|");
  CHECK(Nb201EpochTimeModel::epoch_seconds(cell0, "cifar10-valid") ==
        5.14444567738442 + 0.06457683147030686 * 15.64737);
  CHECK_THROWS_AS(Nb201EpochTimeModel::line("mnist"), ConfigError);
  CHECK_THROWS_WITH(Nb201EpochTimeModel::line("mnist"), Catch::Contains("ImageNet16-120"));
  const auto desc = time_model_description("nb201");
  CHECK(desc["estimated"].get<bool>());
  CHECK(desc["lines"].size() == 4);
  CHECK_THROWS_AS(time_model_description("nb101"), ConfigError);
}

TEST_CASE("budget.seconds is parsed and checked", "[cost_model]") {
  const auto s = seconds_spec(12000.5, 1, {"random_search"});
  CHECK(s.budget_unit == BudgetUnit::kSeconds);
  CHECK(s.budget_seconds == 12000.5);
  CHECK(s.budget_amount() == 12000.5);
  CHECK(budget_unit_name(s.budget_unit) == "estimated_seconds");
  nlohmann::ordered_json j = s.source;
  const auto bad = [&](const nlohmann::ordered_json& budget, const std::string& needle) {
    nlohmann::ordered_json k = j;
    k["budget"] = budget;
    CHECK_THROWS_WITH(ExperimentSpec::from_json(k, "t"), Catch::Contains(needle));
  };
  bad({{"seconds", 0}}, "budget.seconds: must be a number > 0");
  bad({{"seconds", -5}}, "budget.seconds");
  bad({{"seconds", "1h"}}, "budget.seconds");
  bad({{"seconds", 10}, {"queries", 5}}, "exactly one of queries, epochs or seconds");
  nlohmann::ordered_json k = j;
  k["search"]["fidelity"] = "last";
  CHECK_THROWS_WITH(ExperimentSpec::from_json(k, "t"),
                    Catch::Contains("budget.seconds: fidelity 'last' has no epoch count"));
}

TEST_CASE("a seconds budget stops when the simulated clock reaches it", "[cost_model]") {
  for (const std::uint32_t workers : {1U, 3U}) {
    const auto spec = seconds_spec(6000.0, workers, {"random_search", "regularized_evolution"});
    const auto bench = load_with_scalars(spec);
    const Runner runner(spec, bench);
    REQUIRE(runner.plan().size() == 8);
    for (const auto& plan : runner.plan()) {
      DYNAMIC_SECTION(workers << " worker(s), run " << plan.index) {
        const RunResult r = runner.execute(plan);
        INFO(r.error);
        REQUIRE(r.status == RunStatus::kOk);
        REQUIRE(r.steps.size() > 1);
        const std::string& dataset = spec.datasets[plan.dataset];
        const auto& epoch_s = bench->scalar(Runner::epoch_seconds_scalar(dataset)).values;
        const auto* space = dynamic_cast<const nb201::Nb201Space*>(&bench->space());
        REQUIRE(space != nullptr);
        double paid = 0.0;
        double last_time = 0.0;
        for (const StepRow& s : r.steps) {
          // A query at hp12 costs 12 epochs of the model's estimated seconds.
          REQUIRE(s.cost == 12.0 * epoch_s[s.arch]);
          REQUIRE(epoch_s[s.arch] ==
                  Nb201EpochTimeModel::epoch_seconds(space->cell(s.arch), dataset));
          // No trial starts once the clock has reached the budget.
          REQUIRE(s.time - s.cost < 6000.0);
          REQUIRE(s.time >= last_time);
          last_time = s.time;
          paid += s.cost;
        }
        // The run ends only once the clock passed the budget (the last query overshoots).
        CHECK(r.steps.back().time >= 6000.0);
        if (workers == 1) {
          CHECK(r.steps.back().time == Approx(paid).epsilon(1e-12));
        } else {
          CHECK(paid > 6000.0 * 2);  // three workers: elapsed time, not summed compute
        }
      }
    }
  }
}

TEST_CASE("seconds-budget outputs say the times are estimated", "[cost_model][integration]") {
  test::TempDir dir;
  {
    std::ofstream(dir.str("spec.json")) << seconds_spec(4000.0, 1, {"random_search"}).source.dump();
  }
  const std::string cmd = "'" + test::tabnas_binary() + "' --quiet --store '" +
                          test::nb201_store_path() + "' run '" + dir.str("spec.json") + "'";
  const auto one = test::run_command(cmd + " --threads 1 --out '" + dir.str("a") + "'");
  INFO(one.err);
  REQUIRE(one.exit_code == 0);
  const auto two = test::run_command(cmd + " --threads 2 --out '" + dir.str("b") + "'");
  REQUIRE(two.exit_code == 0);
  const std::string text = test::read_file(dir.str("a/summary.txt"));
  CHECK(text.find("after 4000 estimated seconds (simulated clock; training time model "
                  "nb201-epoch-time-v1") != std::string::npos);
  // stdout = summary.txt + the real-time table (which lives in timing.json, not summary.*).
  CHECK(strip_real_time(one.out) == text);
  CHECK(one.out.find(std::string(kRealTimeHeading)) != std::string::npos);
  CHECK(text.find(std::string(kRealTimeHeading)) == std::string::npos);
  CHECK(nlohmann::json::parse(test::read_file(dir.str("a/timing.json")))["real_time"]["rows"]
            .size() == 2);  // 2 datasets x 1 algorithm
  const auto summary = nlohmann::json::parse(test::read_file(dir.str("a/summary.json")));
  CHECK(summary["budget_unit"] == "estimated_seconds");
  CHECK(summary["budget_seconds"] == 4000.0);
  CHECK(summary["time_model"]["estimated"] == true);
  CHECK(summary["rows"][0]["final_time_mean"].get<double>() >= 4000.0);
  const auto manifest = nlohmann::json::parse(test::read_file(dir.str("a/manifest.json")));
  CHECK(manifest["time_model"]["name"] == "nb201-epoch-time-v1");
  CHECK(manifest["time_model"]["estimated"] == true);
  CHECK(manifest["time_model"]["unit"] == "estimated seconds");
  CHECK(manifest["time_model"]["fitted_on"].size() == 3);
  {
    SqliteDatabase db(dir.str("a/results.sqlite"), false);
    auto st = db.prepare("SELECT value FROM experiment WHERE key = 'time_model'");
    REQUIRE(st.step());
    CHECK(nlohmann::json::parse(st.column_text(0))["estimated"] == true);
  }
  const std::string jsonl = test::read_file(dir.str("a/trajectory.jsonl"));
  CHECK(jsonl.find("\"time\":") != std::string::npos);
  // Same outputs with 2 threads (real time is only in timing.json).
  for (const char* f : {"trajectory.jsonl", "manifest.json"}) {
    CHECK(test::read_file(dir.str(std::string("a/") + f)) ==
          test::read_file(dir.str(std::string("b/") + f)));
  }
  for (const char* f : {"summary.txt", "summary.json"}) {
    CHECK(test::read_file(dir.str(std::string("a/") + f)) ==
          test::read_file(dir.str(std::string("b/") + f)));
  }
}

TEST_CASE("summaries report real seconds per run apart from the simulated clock", "[cost_model]") {
  const auto spec = seconds_spec(3000.0, 1, {"random_search"});
  const auto bench = load_with_scalars(spec);
  const Runner runner(spec, bench);
  std::vector<RunResult> results;
  for (const auto& p : runner.plan()) results.push_back(runner.execute(p));
  results[0].algorithm_seconds = 0.25;  // pin the real times to check the aggregation
  results[1].algorithm_seconds = 0.75;
  const ResultsWriter writer(spec, runner, "unused");
  const auto rows = writer.summarize(results);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].algorithm_seconds_mean == 0.5);
  CHECK(rows[0].algorithm_seconds_max == 0.75);
  const std::string text = writer.summary_text(rows);
  const auto at = text.find(std::string(kRealTimeHeading) + " (wall clock");
  REQUIRE(at != std::string::npos);
  CHECK(text.find("0.50000      0.75000", at) != std::string::npos);
  CHECK(strip_real_time(text) == text.substr(0, at));
  CHECK(strip_real_time("{\"a\": 1, \"real_time\": {\"rows\": []}}") == "{\n  \"a\": 1\n}\n");
}
