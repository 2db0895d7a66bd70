// The runner's exact Pareto front of the whole table (multi-objective experiments): every
// feasible architecture is weakly dominated by a front point, front points do not dominate each
// other, no run's front beats it, and its hypervolume bounds every run's (hypervolume regret
// >= 0). Checked on NB201 CIFAR-10 with (accuracy, parameters).
#include <catch2/catch.hpp>
#include <cmath>

#include "tabnas/app/arch_scalars.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/run/pareto.hpp"
#include "tabnas/run/runner.hpp"
#include "test_support.hpp"

using namespace tabnas;

TEST_CASE("true Pareto front of the table bounds every run", "[multi_objective][pareto]") {
  const nlohmann::ordered_json j = {{"name", "true_front"},
                                    {"benchmark", "nb201"},
                                    {"dataset", "cifar10-valid"},
                                    {"search", {{"split", "valid"}, {"fidelity", "hp12"}}},
                                    {"report", {{"split", "valid"}, {"fidelity", "hp200"}}},
                                    {"objectives", {{{"kind", "params"}}}},
                                    {"budget", {{"queries", 100}}},
                                    {"seeds", {1, 2, 3}},
                                    {"algorithms", {"nsga2", "mo_random_search"}}};
  const ExperimentSpec spec = ExperimentSpec::from_json(j, "test");
  Store store(test::nb201_store_path(), Store::Mode::kRead);
  auto space = make_space("nb201", store.arch_strings("nb201"));
  const auto bm = Benchmark::load(store, "nb201", space, Runner::needed_columns(spec),
                                  build_arch_scalars(store, "nb201", *space, spec));
  const Runner runner(spec, bm);
  const PointSet& front = runner.true_front(0);
  REQUIRE(front.dims == 2);
  REQUIRE(front.size() >= 5);
  // Mutually non-dominated.
  for (std::size_t a = 0; a < front.size(); ++a) {
    for (std::size_t b = 0; b < front.size(); ++b) {
      if (a != b) REQUIRE_FALSE(dominates(front.point(a), front.point(b), 2));
    }
  }
  // Every architecture is weakly dominated by some front point.
  const MetricColumn& acc = bm->column({"cifar10-valid", "valid", "hp12", "accuracy"});
  const ArchScalar& params = bm->scalar(Runner::scalar_name(spec.objectives[0], "cifar10-valid"));
  std::size_t checked = 0;
  for (std::uint32_t a = 0; a < acc.num_archs; ++a) {
    if (std::isnan(acc.mean[a])) continue;
    const double p[2] = {-acc.mean[a], params.values[a]};
    bool covered = false;
    for (std::size_t i = 0; i < front.size() && !covered; ++i) {
      covered = front.point(i)[0] <= p[0] && front.point(i)[1] <= p[1];
    }
    REQUIRE(covered);
    ++checked;
  }
  CHECK(checked == 15625);
  // Its hypervolume matches a direct computation and bounds every run.
  const double hv = runner.true_hypervolume(0);
  CHECK(hv == hypervolume(front, runner.reference_point(0)));
  for (const auto& plan : runner.plan()) {
    const RunResult r = runner.execute(plan);
    REQUIRE(r.status == RunStatus::kOk);
    CHECK(r.steps.back().hypervolume <= hv);
    CHECK(r.steps.back().hypervolume > 0.5 * hv);
  }
}

TEST_CASE("single-objective experiments have no true front", "[multi_objective][pareto]") {
  const nlohmann::ordered_json j = {{"name", "so"},
                                    {"benchmark", "nb201"},
                                    {"dataset", "cifar10-valid"},
                                    {"search", {{"split", "valid"}, {"fidelity", "hp12"}}},
                                    {"report", {{"split", "valid"}, {"fidelity", "hp200"}}},
                                    {"budget", {{"queries", 10}}},
                                    {"seeds", {1}},
                                    {"algorithms", {"random_search"}}};
  const ExperimentSpec spec = ExperimentSpec::from_json(j, "test");
  Store store(test::nb201_store_path(), Store::Mode::kRead);
  auto space = make_space("nb201", store.arch_strings("nb201"));
  const auto bm = Benchmark::load(store, "nb201", space, Runner::needed_columns(spec),
                                  build_arch_scalars(store, "nb201", *space, spec));
  const Runner runner(spec, bm);
  CHECK(runner.true_front(0).size() == 0);
  CHECK(std::isnan(runner.true_hypervolume(0)));
}
