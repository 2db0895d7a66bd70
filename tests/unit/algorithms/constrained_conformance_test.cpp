// Conformance of the constrained algorithms through tabnas::Runner on the real NB201 tables
// with the pixel3 latency constraint of experiments/constrained_pixel3.json: determinism,
// valid (and, for the rejecting algorithms, feasible) proposals, budget, feasible incumbents.
#include <catch2/catch.hpp>
#include <cmath>

#include "constrained_test_support.hpp"
#include "tabnas/search/algorithm_registry.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("every constrained algorithm is deterministic, valid, within budget and feasible",
          "[constrained][conformance]") {
  const auto spec0 = pixel3_spec({"constrained_random_search"}, {3, 11}, 60);
  const auto bench = pixel3_benchmark(spec0);
  const std::vector<double>& lat =
      bench->scalar(Runner::scalar_name(spec0.constraints.at(0), "cifar10-valid")).values;
  std::size_t covered = 0;
  for (const auto& info : algorithm_registry()) {
    if (!info.capabilities.constrained) continue;
    ++covered;
    DYNAMIC_SECTION(info.name) {
      const auto spec = pixel3_spec({info.name}, {3, 11}, 60);
      const Runner runner(spec, bench);
      REQUIRE(runner.plan().size() == 2);
      const RunResult a = runner.execute(runner.plan()[0]);
      const RunResult b = runner.execute(runner.plan()[0]);
      const RunResult c = runner.execute(runner.plan()[1]);
      INFO(a.error);
      REQUIRE(a.status == RunStatus::kOk);
      test::check_last_only_matches(spec, bench, runner.plan()[1]);
      test::check_dispatch_matches(spec, bench, runner.plan()[1]);
      REQUIRE(a.steps.size() == 60);
      REQUIRE(b.steps.size() == 60);
      bool same_as_other_seed = true;
      const bool rejecting =
          info.name == "constrained_random_search" || info.name == "constrained_evolution";
      for (std::size_t i = 0; i < a.steps.size(); ++i) {
        const StepRow& s = a.steps[i];
        REQUIRE(s.arch == b.steps[i].arch);
        REQUIRE(s.arch < bench->space().size());
        REQUIRE(s.feasible == (lat[s.arch] <= kPixel3Median));
        if (rejecting) REQUIRE(s.feasible);
        if (!std::isnan(s.incumbent_reported)) {
          REQUIRE(lat[s.incumbent] <= kPixel3Median);  // incumbents are always feasible
        }
        if (i > 0 && !std::isnan(a.steps[i - 1].incumbent_observed)) {
          REQUIRE(s.incumbent_observed >= a.steps[i - 1].incumbent_observed);
        }
        if (i < c.steps.size() && c.steps[i].arch != s.arch) same_as_other_seed = false;
      }
      CHECK_FALSE(same_as_other_seed);
      if (rejecting) CHECK(!std::isnan(a.steps.front().incumbent_reported));
    }
  }
  CHECK(covered == 4);
}

TEST_CASE("constraint specs: kind hw may be left out when a device is given", "[constrained]") {
  const nlohmann::ordered_json j = {
      {"name", "c"},
      {"benchmark", "nb201"},
      {"dataset", "cifar10-valid"},
      {"search", {{"split", "valid"}, {"fidelity", "hp12"}}},
      {"report", {{"split", "valid"}, {"fidelity", "hp200"}}},
      {"constraints", {{{"metric", "latency"}, {"device", "pixel3"}, {"max", 5.0}}}},
      {"budget", {{"queries", 10}}},
      {"seeds", {1}},
      {"algorithms", {"constrained_random_search"}}};
  const ExperimentSpec spec = ExperimentSpec::from_json(j, "spec.json");
  REQUIRE(spec.constraints.size() == 1);
  CHECK(spec.constraints[0].kind == "hw");
  CHECK(spec.constraints[0].device == "pixel3");
  CHECK(spec.constraints[0].max == 5.0);
  nlohmann::ordered_json bad = j;
  bad["constraints"][0].erase("device");
  CHECK_THROWS_WITH(ExperimentSpec::from_json(bad, "spec.json"),
                    Catch::Contains("$.constraints[0].kind"));
}
