// Anytime interpolation, final values, report tables and the JSONL reader on hand-made results.
#include <catch2/catch.hpp>
#include <cmath>

#include "tabnas/core/errors.hpp"
#include "tabnas/report/anytime_curves.hpp"
#include "tabnas/report/report_formatter.hpp"
#include "tabnas/report/report_tables.hpp"
#include "tabnas/report/results_reader.hpp"

using namespace tabnas::report;

namespace {

StepRecord step(std::uint32_t k, double value, double time) {
  StepRecord s;
  s.step = k;
  s.observed = value;
  s.reported = value;
  s.incumbent_observed = value;
  s.incumbent_reported = value;
  s.cost = 1.0;
  s.cumulative_cost = k;
  s.time = time;
  s.hypervolume = std::nan("");
  return s;
}

/// Two algorithms x 3 seeds on one dataset; "b" has a failed run (seed 2) and a short run.
ResultsData hand_data() {
  ResultsData d;
  d.directory = "hand";
  d.name = "hand";
  d.source_file = "results.sqlite";
  d.has_time = true;
  d.best_in_table["ds"] = 10.0;
  const auto add = [&](const std::string& alg, std::int64_t seed, std::vector<StepRecord> steps,
                       bool ok = true) {
    RunRecord r;
    r.index = d.runs.size();
    r.dataset = "ds";
    r.algorithm = alg;
    r.seed = seed;
    r.ok = ok;
    r.steps = std::move(steps);
    d.runs.push_back(r);
  };
  // times: several queries may finish at the same simulated time
  add("a", 0, {step(1, 1.0, 2.0), step(2, 3.0, 2.0), step(3, 4.0, 5.0), step(4, 6.0, 6.0)});
  add("a", 1, {step(1, 2.0, 1.0), step(2, 2.0, 3.0), step(3, 5.0, 4.0), step(4, 7.0, 8.0)});
  add("a", 2, {step(1, 0.0, 1.5), step(2, 4.0, 2.5), step(3, 4.0, 3.5), step(4, 8.0, 4.5)});
  add("b", 0, {step(1, 1.0, 1.0), step(2, 2.0, 2.0)});  // ends after 2 queries
  add("b", 1, {step(1, 3.0, 1.0), step(2, 3.0, 2.0), step(3, 3.0, 3.0), step(4, 9.0, 4.0)});
  add("b", 2, {}, false);
  d.datasets = {"ds"};
  d.algorithms = {"a", "b"};
  return d;
}

}  // namespace

TEST_CASE("anytime over queries: last completed query and carried after a run ends", "[report]") {
  const auto d = hand_data();
  const auto v =
      AnytimeCurves::values_at_steps(d, "ds", "b", Metric::kIncumbentReported, {1, 2, 3, 4, 10});
  REQUIRE(v.size() == 5);
  REQUIRE(v[0].size() == 2);  // the failed run is left out
  CHECK(v[0] == std::vector<double>{1.0, 3.0});
  CHECK(v[2] == std::vector<double>{2.0, 3.0});  // run 0 ended at step 2: keeps its value
  CHECK(v[3] == std::vector<double>{2.0, 9.0});
  CHECK(v[4] == std::vector<double>{2.0, 9.0});
  const auto c = AnytimeCurves::over_steps(d, "ds", "a", Metric::kIncumbentReported, {1, 4});
  CHECK(c.points[0].stats.mean == 1.0);
  CHECK(c.points[1].stats.mean == 7.0);
  CHECK(c.points[1].stats.n == 3);
  CHECK(AnytimeCurves::full_step_grid(d) == std::vector<std::uint32_t>{1, 2, 3, 4});
}

TEST_CASE("anytime over simulated time: step function and undefined before the first result",
          "[report]") {
  const auto d = hand_data();
  const auto v = AnytimeCurves::values_at_times(d, "ds", "a", Metric::kIncumbentReported,
                                                {0.5, 1.0, 2.0, 2.4, 4.5, 100.0});
  // t = 0.5: no run has a result yet
  CHECK(std::isnan(v[0][0]));
  CHECK(std::isnan(v[0][1]));
  CHECK(std::isnan(v[0][2]));
  // t = 1.0: only seed 1 (its first result arrives at exactly 1.0)
  CHECK(std::isnan(v[1][0]));
  CHECK(v[1][1] == 2.0);
  CHECK(std::isnan(v[1][2]));
  // t = 2.0: seed 0's queries 1 and 2 both finished at 2.0, the later one counts
  CHECK(v[2] == std::vector<double>{3.0, 2.0, 0.0});
  CHECK(v[3] == std::vector<double>{3.0, 2.0, 0.0});
  CHECK(v[4] == std::vector<double>{3.0, 5.0, 8.0});
  CHECK(v[5] == std::vector<double>{6.0, 7.0, 8.0});
  const auto c = AnytimeCurves::over_time(d, "ds", "a", Metric::kIncumbentReported, {1.0, 100.0});
  CHECK(c.points[0].stats.n == 1);
  CHECK(c.points[1].stats.mean == 7.0);
  const auto grid = AnytimeCurves::time_grid(d, 4);
  CHECK(grid == std::vector<double>{2.0, 4.0, 6.0, 8.0});
}

TEST_CASE("regret and final values", "[report]") {
  auto d = hand_data();
  const auto f = AnytimeCurves::final_values(d, "ds", "a", Metric::kRegret);
  REQUIRE(f.size() == 3);
  CHECK(f[0] == std::pair<std::int64_t, double>{0, 4.0});
  CHECK(f[1] == std::pair<std::int64_t, double>{1, 3.0});
  CHECK(f[2] == std::pair<std::int64_t, double>{2, 2.0});
  CHECK_FALSE(d.higher_is_better(Metric::kRegret));
  CHECK(d.higher_is_better(Metric::kIncumbentReported));
  d.report_maximize = false;
  CHECK(AnytimeCurves::final_values(d, "ds", "a", Metric::kRegret)[0].second == -4.0);
  d.best_in_table.clear();
  CHECK_THROWS_AS(d.check_metric(Metric::kRegret), tabnas::ConfigError);
  CHECK_THROWS_AS(d.check_metric(Metric::kHypervolume), tabnas::ConfigError);
  CHECK(parse_metric("regret") == Metric::kRegret);
  CHECK_THROWS_WITH(parse_metric("acc"), Catch::Contains("incumbent_reported"));
}

TEST_CASE("report tables: final stats and default steps and ranks and paired tests", "[report]") {
  CHECK(ReportTables::default_steps(150) == std::vector<std::uint32_t>{10, 50, 150});
  CHECK(ReportTables::default_steps(4) == std::vector<std::uint32_t>{1, 4});
  CHECK(ReportTables::default_steps(1) == std::vector<std::uint32_t>{1});
  const auto d = hand_data();
  ReportOptions o;
  o.steps = {4, 2};
  const auto t = ReportTables::build(d, o);
  REQUIRE(t.final_rows.size() == 2);
  CHECK(t.final_rows[0].algorithm == "a");
  CHECK(t.final_rows[0].stats.mean == 7.0);
  CHECK(t.final_rows[1].runs == 3);
  CHECK(t.final_rows[1].failed == 1);
  CHECK(t.final_rows[1].stats.n == 2);
  CHECK(t.final_rows[1].stats.mean == 5.5);
  CHECK(t.steps == std::vector<std::uint32_t>{2, 4});  // sorted
  REQUIRE(t.anytime.size() == 2);
  CHECK(t.anytime[0].at[0].mean == 3.0);
  CHECK(t.ranks.mean_rank == std::vector<double>{1.0, 2.0});
  REQUIRE(t.pairwise.size() == 1);
  CHECK(t.pairwise[0].result.pairs == 2);  // seeds 0 and 1 (seed 2 of b failed)
  CHECK(t.pairwise[0].better == 1);        // a: 6 > 2, 7 < 9: W+ = 2, W- = 1
  CHECK(t.pairwise[0].result.p_value == 1.0);
  CHECK_FALSE(t.times.empty());  // the runs have a clock
  // identical tables from identical inputs, bootstrap included
  const auto t2 = ReportTables::build(d, o);
  CHECK(ReportFormatter::json(d, t).dump() == ReportFormatter::json(d, t2).dump());
  const std::string text = ReportFormatter::text(d, t);
  CHECK(text.find("Mean rank") != std::string::npos);
  CHECK(text.find("N=4") != std::string::npos);
  const auto j = ReportFormatter::json(d, t);
  CHECK(j["final"][1]["failed"] == 1);
  CHECK(j["pairwise_wilcoxon"]["pairs"][0]["exact"] == true);
}

TEST_CASE("trajectory.jsonl parsing with objectives and errors with line numbers", "[report]") {
  ResultsData d;
  const std::string text =
      R"({"dataset":"c10","algorithm":"mo","seed":3,"step":1,"arch":5,"fidelity":0,"observed":90.5,"reported":91,"incumbent":5,"incumbent_observed":90.5,"incumbent_reported":91,"cost":1,"cumulative_cost":1,"objectives":[-90.5,1.2],"hypervolume":0.5})"
      "\n"
      R"({"dataset":"c10","algorithm":"mo","seed":3,"step":2,"arch":7,"fidelity":0,"observed":null,"reported":92,"incumbent":5,"incumbent_observed":90.5,"incumbent_reported":91,"cost":1,"cumulative_cost":2,"objectives":[null,0.7],"hypervolume":0.6})"
      "\n";
  ResultsReader::parse_jsonl(text, "t.jsonl", d);
  REQUIRE(d.runs.size() == 1);
  CHECK(d.num_objectives == 2);
  CHECK(d.runs[0].steps.size() == 2);
  CHECK(std::isnan(d.runs[0].steps[1].observed));
  CHECK(d.runs[0].objectives[1] == 1.2);
  CHECK(std::isnan(d.runs[0].objectives[2]));
  CHECK(d.runs[0].steps[1].hypervolume == 0.6);
  ResultsData bad;
  CHECK_THROWS_WITH(ResultsReader::parse_jsonl(text + "{\"dataset\": 1}\n", "t.jsonl", bad),
                    Catch::Contains("t.jsonl:3"));
  CHECK_THROWS_AS(ResultsReader::read("/nonexistent/results"), tabnas::DataError);
}
