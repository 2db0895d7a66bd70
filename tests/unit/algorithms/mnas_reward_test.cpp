// mnas_reward: the MnasNet reward on hand-checked numbers, refusal without constraints,
// the reward reaching the REINFORCE policy, determinism.
#include <catch2/catch.hpp>

#include "constrained_test_support.hpp"
#include "tabnas/search/algorithms/mnas_reward.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("mnas_reward computes ACC * (LAT/T)^w", "[constrained]") {
  // Defaults alpha = 0, beta = -0.07. 2^-0.07 = exp(-0.07 ln 2) = 0.95263799804...
  CHECK(MnasReward::reward(90.0, 20.0, 10.0, 0.0, -0.07) == Approx(85.7374198).epsilon(1e-9));
  CHECK(MnasReward::reward(90.0, 10.0, 10.0, 0.0, -0.07) == 90.0);  // at T: alpha
  CHECK(MnasReward::reward(90.0, 5.0, 10.0, 0.0, -0.07) == 90.0);   // faster: no bonus
  // Paper's soft setting alpha = beta = -0.07: 0.5^-0.07 = 1.04971...; hard: beta = -1.
  CHECK(MnasReward::reward(90.0, 5.0, 10.0, -0.07, -0.07) == Approx(94.4745015).epsilon(1e-9));
  CHECK(MnasReward::reward(90.0, 20.0, 10.0, 0.0, -1.0) == 45.0);
  CHECK(MnasReward::reward(80.0, 12.5, 10.0, 0.0, -1.0) == Approx(64.0).epsilon(1e-15));
  // A negative (minimised) metric is divided by the factor: the penalty still lowers it.
  CHECK(MnasReward::reward(-90.0, 20.0, 10.0, 0.0, -1.0) == -180.0);
}

TEST_CASE("mnas_reward refuses to run without a constraint", "[constrained]") {
  const ToySpace space({3, 3});
  auto algo = make_algorithm("mnas_reward");
  Rng rng(1);
  SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 1, 1, 10);
  CHECK_THROWS_AS(algo->ask(ctx), ConfigError);
  CHECK_THROWS_WITH(algo->ask(ctx),
                    Catch::Contains("mnas_reward") && Catch::Contains("$.constraints"));
  const std::vector<double> lat(space.size(), 1.0);
  ctx.set_constraints({ArchConstraint{"lat", &lat, 0.0}});
  CHECK_THROWS_WITH(algo->ask(ctx), Catch::Contains("positive"));
}

TEST_CASE("a spec with mnas_reward and no constraint is refused when read", "[constrained]") {
  nlohmann::ordered_json j = {{"name", "no_constraint"},
                              {"benchmark", "nb201"},
                              {"dataset", "cifar10-valid"},
                              {"search", {{"split", "valid"}, {"fidelity", "hp12"}}},
                              {"report", {{"split", "valid"}, {"fidelity", "hp200"}}},
                              {"budget", {{"queries", 10}}},
                              {"seeds", {1}},
                              {"algorithms", {"mnas_reward"}}};
  CHECK_THROWS_AS(ExperimentSpec::from_json(j, "spec.json"), ConfigError);
  CHECK_THROWS_WITH(
      ExperimentSpec::from_json(j, "spec.json"),
      Catch::Contains("$.algorithms[0].name") && Catch::Contains("needs a constraint"));
  CHECK(find_algorithm("mnas_reward", "t").capabilities.requires_constraints);
  CHECK_FALSE(find_algorithm("constrained_evolution", "t").capabilities.requires_constraints);
}

TEST_CASE("mnas_reward feeds the MnasNet reward to the policy", "[constrained]") {
  const ToySpace space({3, 3});
  std::vector<double> lat(space.size(), 20.0);
  MnasReward algo(Params("mnas_reward", MnasReward::info().params, nullptr, "t"));
  Rng rng(2);
  SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 1, 1, 10);
  ctx.set_constraints({ArchConstraint{"lat", &lat, 10.0}});
  const auto t = algo.ask(ctx);
  REQUIRE(t);
  Observation o;
  o.trial = *t;
  o.objectives = {-90.0};  // accuracy 90
  algo.tell(o, ctx);
  // After one reward the bias-corrected EMA baseline equals that reward.
  CHECK(algo.policy().baseline() == Approx(85.7374198).epsilon(1e-9));
  // A missing accuracy skips the update.
  o.objectives = {std::numeric_limits<double>::infinity()};
  algo.tell(o, ctx);
  CHECK(algo.policy().baseline() == Approx(85.7374198).epsilon(1e-9));
}

TEST_CASE("mnas_reward is deterministic", "[constrained]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const auto lat = toy_latency(space);
  const Objective f = [&lat](ArchId a) { return -(50.0 + lat[a]); };
  auto a1 = make_algorithm("mnas_reward", {{"learning_rate", 0.05}});
  auto a2 = make_algorithm("mnas_reward", {{"learning_rate", 0.05}});
  auto a3 = make_algorithm("mnas_reward", {{"learning_rate", 0.05}});
  const auto r1 = drive_constrained(*a1, space, f, &lat, 8.0, 150, 11);
  const auto r2 = drive_constrained(*a2, space, f, &lat, 8.0, 150, 11);
  const auto r3 = drive_constrained(*a3, space, f, &lat, 8.0, 150, 12);
  CHECK(r1.archs == r2.archs);
  CHECK(r1.archs != r3.archs);
}
