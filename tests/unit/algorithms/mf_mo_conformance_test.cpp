// Conformance of the multi-fidelity and multi-objective algorithms through tabnas::Runner on
// the real NB201 tables: determinism, valid proposals, budget, Pareto consistency.
#include <catch2/catch.hpp>
#include <cmath>

#include "tabnas/app/arch_scalars.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/run/pareto.hpp"
#include "tabnas/run/runner.hpp"
#include "tabnas/search/algorithm_registry.hpp"
#include "test_support.hpp"

using namespace tabnas;

namespace {

constexpr std::uint64_t kEpochBudget = 3000;

ExperimentSpec mf_spec(const std::string& algorithm, std::uint32_t workers) {
  nlohmann::ordered_json j = {
      {"name", "mf_conformance"},
      {"benchmark", "nb201"},
      {"dataset", "cifar10-valid"},
      {"search", {{"split", "valid"}, {"fidelity", "hp200"}}},
      {"report", {{"split", "valid"}, {"fidelity", "hp200"}, {"seed_policy", "random"}}},
      {"fidelities", {"hp12", "hp200"}},
      {"budget", {{"epochs", kEpochBudget}}},
      {"workers", workers},
      {"seeds", {3, 11}},
      {"algorithms", {algorithm}}};
  return ExperimentSpec::from_json(j, "test");
}

ExperimentSpec mo_spec(const std::string& algorithm, std::uint32_t workers) {
  nlohmann::ordered_json j = {
      {"name", "mo_conformance"},
      {"benchmark", "nb201"},
      {"dataset", "cifar10-valid"},
      {"search", {{"split", "valid"}, {"fidelity", "hp12"}}},
      {"report", {{"split", "valid"}, {"fidelity", "hp200"}, {"seed_policy", "random"}}},
      {"objectives", {{{"kind", "params"}}}},
      {"budget", {{"queries", 60}}},
      {"workers", workers},
      {"seeds", {3, 11}},
      {"algorithms", {algorithm}}};
  return ExperimentSpec::from_json(j, "test");
}

std::shared_ptr<const Benchmark> mo_benchmark(const ExperimentSpec& spec) {
  Store store(test::nb201_store_path(), Store::Mode::kRead);
  auto space = make_space("nb201", store.arch_strings("nb201"));
  return Benchmark::load(store, "nb201", space, Runner::needed_columns(spec),
                         build_arch_scalars(store, "nb201", *space, spec));
}

void check_same(const RunResult& a, const RunResult& b) {
  REQUIRE(a.steps.size() == b.steps.size());
  for (std::size_t i = 0; i < a.steps.size(); ++i) {
    REQUIRE(a.steps[i].arch == b.steps[i].arch);
    REQUIRE(a.steps[i].fidelity == b.steps[i].fidelity);
    REQUIRE(a.steps[i].cost == b.steps[i].cost);
    REQUIRE(a.steps[i].incumbent_reported == b.steps[i].incumbent_reported);
    REQUIRE(a.steps[i].hypervolume == b.steps[i].hypervolume);
  }
}

bool differs(const RunResult& a, const RunResult& b) {
  for (std::size_t i = 0; i < a.steps.size() && i < b.steps.size(); ++i) {
    if (a.steps[i].arch != b.steps[i].arch) return true;
  }
  return a.steps.size() != b.steps.size();
}

}  // namespace

TEST_CASE("every multi-fidelity algorithm is deterministic, valid and within an epoch budget",
          "[multi_fidelity][conformance]") {
  const auto bench = test::nb201_benchmark(Runner::needed_columns(mf_spec("hyperband", 1)));
  std::size_t covered = 0;
  for (const auto& info : algorithm_registry()) {
    if (!info.capabilities.multi_fidelity || info.capabilities.multi_objective ||
        info.capabilities.constrained) {
      continue;
    }
    ++covered;
    for (const std::uint32_t workers : {1U, 4U}) {
      DYNAMIC_SECTION(info.name << " with " << workers << " worker(s)") {
        const auto spec = mf_spec(info.name, workers);
        const Runner runner(spec, bench);
        REQUIRE(runner.plan().size() == 2);
        const RunResult a = runner.execute(runner.plan()[0]);
        INFO(a.error);
        REQUIRE(a.status == RunStatus::kOk);
        const RunResult b = runner.execute(runner.plan()[0]);
        const RunResult c = runner.execute(runner.plan()[1]);
        check_same(a, b);
        CHECK(differs(a, c));
        double spent = 0.0;
        double max_cost = 0.0;
        bool any_full = false;
        for (const StepRow& s : a.steps) {
          REQUIRE(s.arch < bench->space().size());
          REQUIRE(s.fidelity < 2);
          // hp12 and hp200 are separate schedules: every query pays its rung's epochs.
          REQUIRE(s.cost == (s.fidelity == 0 ? 12.0 : 200.0));
          spent += s.cost;
          max_cost = std::max(max_cost, s.cost);
          any_full = any_full || s.fidelity == 1;
        }
        CHECK(any_full);
        CHECK(spent >= static_cast<double>(kEpochBudget));  // the budget is used up
        // A started query is paid in full: at most one query's cost beyond the budget.
        CHECK(spent < static_cast<double>(kEpochBudget) + max_cost);
        test::check_last_only_matches(spec, bench, runner.plan()[1]);
        test::check_dispatch_matches(spec, bench, runner.plan()[1]);
      }
    }
  }
  CHECK(covered >= 5);
}

TEST_CASE("every multi-objective algorithm is deterministic, valid and Pareto-consistent",
          "[multi_objective][conformance]") {
  const auto spec0 = mo_spec("mo_random_search", 1);
  const auto bench = mo_benchmark(spec0);
  std::size_t covered = 0;
  for (const auto& info : algorithm_registry()) {
    if (!info.capabilities.multi_objective || info.capabilities.multi_fidelity ||
        info.capabilities.constrained) {
      continue;
    }
    ++covered;
    for (const std::uint32_t workers : {1U, 4U}) {
      DYNAMIC_SECTION(info.name << " with " << workers << " worker(s)") {
        const auto spec = mo_spec(info.name, workers);
        const Runner runner(spec, bench);
        REQUIRE(runner.num_objectives() == 2);
        const RunResult a = runner.execute(runner.plan()[0]);
        INFO(a.error);
        REQUIRE(a.status == RunStatus::kOk);
        const RunResult b = runner.execute(runner.plan()[0]);
        const RunResult c = runner.execute(runner.plan()[1]);
        check_same(a, b);
        CHECK(differs(a, c));
        REQUIRE(a.steps.size() == 60);
        REQUIRE(a.objectives.size() == 2 * a.steps.size());
        const std::vector<double>& ref = runner.reference_point(0);
        PointSet seen;
        seen.dims = 2;
        for (std::size_t i = 0; i < a.steps.size(); ++i) {
          const StepRow& s = a.steps[i];
          REQUIRE(s.arch < bench->space().size());
          REQUIRE(s.fidelity == 0);
          if (i > 0) REQUIRE(s.hypervolume >= a.steps[i - 1].hypervolume);
          if (s.feasible) {
            seen.values.push_back(a.objectives[2 * i]);
            seen.values.push_back(a.objectives[2 * i + 1]);
          }
          // The reported hypervolume is that of the feasible points seen so far.
          REQUIRE(s.hypervolume == hypervolume(seen, ref));
        }
        CHECK(a.steps.back().hypervolume > 0.0);
        test::check_last_only_matches(spec, bench, runner.plan()[1]);
        test::check_dispatch_matches(spec, bench, runner.plan()[1]);
      }
    }
  }
  CHECK(covered >= 4);
}
