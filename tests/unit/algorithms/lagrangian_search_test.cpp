// lagrangian_search: projected dual ascent of lambda on hand-checked numbers, the penalised
// tournament, determinism.
#include <catch2/catch.hpp>

#include "constrained_test_support.hpp"
#include "tabnas/search/algorithms/lagrangian_search.hpp"

using namespace tabnas;
using namespace tabnas::test;

namespace {

LagrangianSearch make_lagrangian(const nlohmann::json& params) {
  return LagrangianSearch(
      Params("lagrangian_search", LagrangianSearch::info().params, params, "test.params"));
}

Observation observation(ArchId arch, double objective) {
  Observation o;
  o.trial.arch = arch;
  o.objectives = {objective};
  return o;
}

}  // namespace

TEST_CASE("lagrangian_search: lambda grows under violation, decays to 0 when feasible",
          "[constrained]") {
  const ToySpace space({3, 3});
  std::vector<double> lat(space.size(), 0.0);
  lat[1] = 15.0;  // g = (15 - 10) / 10 = 0.5
  lat[2] = 12.0;  // g = 0.2
  lat[3] = 5.0;   // feasible, slack: g = (5 - 10) / 10 = -0.5
  lat[4] = 9.0;   // g = -0.1
  Rng rng(1);
  SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 1, 1, 10);
  ctx.set_constraints({ArchConstraint{"lat", &lat, 10.0}});
  LagrangianSearch algo = make_lagrangian({{"dual_step", 2.0}});
  CHECK(algo.lambda() == 0.0);
  algo.tell(observation(1, -90.0), ctx);
  CHECK(algo.lambda() == Approx(1.0).margin(1e-12));  // 0 + 2 * 0.5
  algo.tell(observation(2, -90.0), ctx);
  CHECK(algo.lambda() == Approx(1.4).margin(1e-12));  // + 2 * 0.2
  algo.tell(observation(4, -90.0), ctx);
  CHECK(algo.lambda() == Approx(1.2).margin(1e-12));  // - 2 * 0.1: shrinks when feasible
  algo.tell(observation(3, -90.0), ctx);
  CHECK(algo.lambda() == Approx(0.2).margin(1e-12));  // 1.2 - 2 * 0.5
  algo.tell(observation(3, -90.0), ctx);
  CHECK(algo.lambda() == 0.0);  // max(0, 0.2 - 1.0): projected onto lambda >= 0
  algo.tell(observation(4, -90.0), ctx);
  CHECK(algo.lambda() == 0.0);  // stays at 0 while feasible
  // Penalised objective f + lambda * violation, violation only (no reward for slack).
  LagrangianSearch b = make_lagrangian({{"lambda_init", 4.0}, {"dual_step", 0.0}});
  CHECK(b.penalised(-90.0, 0.5) == -88.0);
  CHECK(b.penalised(-90.0, 0.0) == -90.0);
  CHECK(b.penalised(-90.0, std::numeric_limits<double>::infinity()) ==
        std::numeric_limits<double>::infinity());
  b.tell(observation(1, -90.0), ctx);
  CHECK(b.lambda() == 4.0);  // dual_step 0: fixed penalty
  // A missing constraint value leaves lambda alone.
  lat[5] = std::numeric_limits<double>::quiet_NaN();
  LagrangianSearch c = make_lagrangian({{"lambda_init", 3.0}});
  c.tell(observation(5, -90.0), ctx);
  CHECK(c.lambda() == 3.0);
  REQUIRE(c.population().size() == 1);
  CHECK(c.population()[0].violation == std::numeric_limits<double>::infinity());
}

TEST_CASE("lagrangian_search's tournament compares penalised objectives", "[constrained]") {
  // Two members 3 edits apart: the infeasible one has the better raw objective. With a large
  // lambda the feasible one wins every tournament (sample 2 of 2), so the child is its
  // neighbour; with lambda 0 the infeasible one wins.
  const ToySpace space({3, 3, 3});
  std::vector<double> lat(space.size(), 0.0);
  const ArchId infeasible = space.size() - 1;
  lat[infeasible] = 20.0;  // violation 1.0 against max 10
  for (const double lambda : {0.0, 100.0}) {
    LagrangianSearch algo = make_lagrangian(
        {{"population_size", 2}, {"sample_size", 2}, {"lambda_init", lambda}, {"dual_step", 0.0}});
    Rng rng(3);
    SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 1, 1, 10);
    ctx.set_constraints({ArchConstraint{"lat", &lat, 10.0}});
    REQUIRE(algo.ask(ctx));
    REQUIRE(algo.ask(ctx));
    algo.tell(observation(0, -80.0), ctx);
    algo.tell(observation(infeasible, -95.0), ctx);
    for (int k = 0; k < 20; ++k) {
      const auto t = algo.ask(ctx);
      REQUIRE(t);
      const ArchId parent = lambda > 0.0 ? ArchId{0} : infeasible;
      CHECK(space.hamming(parent, t->arch) == 1);
    }
  }
}

TEST_CASE("lagrangian_search is deterministic and prefers feasible regions", "[constrained]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const auto lat = toy_latency(space);
  // The objective rewards high choices (= high "latency"): unconstrained, the search drifts
  // out of the feasible region; the multiplier pulls it back.
  const Objective f = [&lat](ArchId a) { return -lat[a]; };
  auto a1 = make_algorithm("lagrangian_search");
  auto a2 = make_algorithm("lagrangian_search");
  auto a3 = make_algorithm("lagrangian_search");
  double last_lambda = 0.0;
  const auto r1 =
      drive_constrained(*a1, space, f, &lat, 8.0, 300, 11, [&](const Observation&, SearchContext&) {
        last_lambda = dynamic_cast<LagrangianSearch&>(*a1).lambda();
      });
  const auto r2 = drive_constrained(*a2, space, f, &lat, 8.0, 300, 11);
  const auto r3 = drive_constrained(*a3, space, f, &lat, 8.0, 300, 12);
  CHECK(r1.archs == r2.archs);
  CHECK(r1.archs != r3.archs);
  CHECK(last_lambda > 0.0);
  auto re = make_algorithm("regularized_evolution");
  const auto plain = drive_constrained(*re, space, f, &lat, 8.0, 300, 11);
  auto feasible_share = [&lat](const std::vector<ArchId>& archs) {
    std::size_t n = 0;
    for (std::size_t i = 150; i < archs.size(); ++i) n += lat[archs[i]] <= 8.0 ? 1U : 0U;
    return static_cast<double>(n) / static_cast<double>(archs.size() - 150);
  };
  INFO("lagrangian " << feasible_share(r1.archs) << ", plain " << feasible_share(plain.archs));
  CHECK(feasible_share(r1.archs) > feasible_share(plain.archs) + 0.2);
}
