// Conformance suite over every registered algorithm: determinism, valid proposals, budget.
#include <catch2/catch.hpp>

#include "tabnas/core/errors.hpp"
#include "tabnas/run/runner.hpp"
#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/regularized_evolution.hpp"
#include "test_support.hpp"

using namespace tabnas;

namespace {

ExperimentSpec spec_for(const std::string& algorithm, std::uint64_t budget) {
  nlohmann::ordered_json j = {
      {"name", "conformance"},
      {"benchmark", "nb201"},
      {"dataset", "cifar10-valid"},
      {"search", {{"split", "valid"}, {"fidelity", "hp12"}}},
      {"report", {{"split", "valid"}, {"fidelity", "hp200"}, {"seed_policy", "random"}}},
      {"budget", {{"queries", budget}}},
      {"seeds", {3, 11}},
      {"algorithms", {algorithm}}};
  return ExperimentSpec::from_json(j, "test");
}

}  // namespace

TEST_CASE("every registered algorithm is deterministic, valid and within budget", "[conformance]") {
  const auto spec0 = spec_for("random_search", 1);
  const auto bench = test::nb201_benchmark(Runner::needed_columns(spec0));
  for (const auto& info : algorithm_registry()) {
    if (info.capabilities.multi_objective || info.capabilities.multi_fidelity ||
        info.capabilities.constrained) {
      continue;  // covered by their own conformance cases
    }
    DYNAMIC_SECTION(info.name) {
      const auto spec = spec_for(info.name, 60);
      const Runner runner(spec, bench);
      REQUIRE(runner.plan().size() == 2);
      const RunResult a = runner.execute(runner.plan()[0]);
      const RunResult b = runner.execute(runner.plan()[0]);
      const RunResult c = runner.execute(runner.plan()[1]);
      REQUIRE(a.status == RunStatus::kOk);
      INFO(a.error);
      CHECK(a.steps.size() == 60);
      REQUIRE(a.steps.size() == b.steps.size());
      bool same_as_other_seed = true;
      for (std::size_t i = 0; i < a.steps.size(); ++i) {
        REQUIRE(a.steps[i].arch == b.steps[i].arch);
        REQUIRE(a.steps[i].arch < bench->space().size());
        REQUIRE(a.steps[i].incumbent_reported == b.steps[i].incumbent_reported);
        if (i < c.steps.size() && c.steps[i].arch != a.steps[i].arch) same_as_other_seed = false;
      }
      CHECK_FALSE(same_as_other_seed);
      // The incumbent never gets worse on the search signal.
      for (std::size_t i = 1; i < a.steps.size(); ++i) {
        REQUIRE(a.steps[i].incumbent_observed >= a.steps[i - 1].incumbent_observed);
      }
      // `run --no-trajectory` keeps only the final row: the same row as a full recording.
      test::check_last_only_matches(spec, bench, runner.plan()[1]);
      test::check_dispatch_matches(spec, bench, runner.plan()[1]);
    }
  }
}

TEST_CASE("regularized evolution removes the oldest member, not the worst", "[search]") {
  const auto spec = spec_for("regularized_evolution", 1);
  const auto bench = test::nb201_benchmark(Runner::needed_columns(spec));
  Params p("regularized_evolution", RegularizedEvolution::info().params,
           nlohmann::json{{"population_size", 3}, {"sample_size", 2}}, "t");
  RegularizedEvolution re(p);
  Rng rng(5);
  SearchContext ctx(bench->space(), rng, {Fidelity{"hp12", "hp12", 12}}, 1, 1, 100);
  const double values[] = {-90.0, -10.0, -50.0, -95.0, -20.0};
  std::vector<ArchId> told;
  for (const double v : values) {
    auto t = re.ask(ctx);
    REQUIRE(t);
    Observation o;
    o.trial = *t;
    o.objectives = {v};
    re.tell(o, ctx);
    told.push_back(t->arch);
  }
  // Population holds the last three told, oldest first; the best (-95) entered 4th, and the
  // early best (-90, first) is gone although it is better than -10 and -50.
  REQUIRE(re.population().size() == 3);
  CHECK(re.population()[0].objective == -50.0);
  CHECK(re.population()[1].objective == -95.0);
  CHECK(re.population()[2].objective == -20.0);
  CHECK(re.population()[2].arch == told[4]);
}

TEST_CASE("algorithm parameters reject unknown keys and wrong types", "[search]") {
  const auto& info = find_algorithm("regularized_evolution", "t");
  CHECK_THROWS_AS(Params(info.name, info.params, nlohmann::json{{"populaton_size", 5}}, "t"),
                  ConfigError);
  CHECK_THROWS_AS(Params(info.name, info.params, nlohmann::json{{"population_size", "5"}}, "t"),
                  ConfigError);
  CHECK_THROWS_AS(Params(info.name, info.params, nlohmann::json{{"population_size", 1}}, "t"),
                  ConfigError);
  CHECK_THROWS_AS(find_algorithm("grid", "t"), ConfigError);
  const Params ok(info.name, info.params, nlohmann::json{{"sample_size", 5}}, "t");
  CHECK(ok.get_int("population_size") == 10);
  CHECK(ok.get_int("sample_size") == 5);
}
