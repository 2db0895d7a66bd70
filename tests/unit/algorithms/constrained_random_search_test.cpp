// constrained_random_search: feasible-only uniform sampling, bounded rejection with an exact
// fallback, dedup and exhaustion of the feasible set, refusal of an empty feasible set.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "constrained_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("constrained_random_search proposes only feasible architectures, deterministically",
          "[constrained]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const auto lat = toy_latency(space);
  const Objective f = random_landscape(1);
  for (const bool dedup : {true, false}) {
    const nlohmann::json params = {{"dedup", dedup}};
    auto a1 = make_algorithm("constrained_random_search", params);
    auto a2 = make_algorithm("constrained_random_search", params);
    auto a3 = make_algorithm("constrained_random_search", params);
    const auto r1 = drive_constrained(*a1, space, f, &lat, 6.0, 150, 11);
    const auto r2 = drive_constrained(*a2, space, f, &lat, 6.0, 150, 11);
    const auto r3 = drive_constrained(*a3, space, f, &lat, 6.0, 150, 12);
    CHECK(r1.archs == r2.archs);
    CHECK(r1.archs != r3.archs);
    REQUIRE(r1.archs.size() == 150);
    for (const ArchId a : r1.archs) REQUIRE(lat[a] <= 6.0);
    if (dedup) CHECK(std::set<ArchId>(r1.archs.begin(), r1.archs.end()).size() == 150);
  }
}

TEST_CASE("constrained_random_search exhausts a small feasible set, also through the fallback",
          "[constrained]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const auto lat = toy_latency(space);  // sum <= 1: the zero arch and its 6 one-step neighbours
  const Objective f = random_landscape(2);
  for (const int max_draws : {1, 10000}) {
    auto algo = make_algorithm("constrained_random_search", {{"max_draws", max_draws}});
    const auto r = drive_constrained(*algo, space, f, &lat, 1.0, 100, 3);
    CHECK(r.ended_early);
    REQUIRE(r.archs.size() == 7);
    CHECK(std::set<ArchId>(r.archs.begin(), r.archs.end()).size() == 7);
    for (const ArchId a : r.archs) CHECK(lat[a] <= 1.0);
  }
}

TEST_CASE("constrained_random_search's fallback draws uniformly from the feasible set",
          "[constrained]") {
  // max_draws = 1: almost every proposal comes from the listed feasible set (7 archs).
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const auto lat = toy_latency(space);
  auto algo = make_algorithm("constrained_random_search", {{"dedup", false}, {"max_draws", 1}});
  const auto r = drive_constrained(*algo, space, random_landscape(3), &lat, 1.0, 7000, 5);
  std::map<ArchId, int> count;
  for (const ArchId a : r.archs) ++count[a];
  REQUIRE(count.size() == 7);
  for (const auto& [a, n] : count) {
    INFO("arch " << a);
    CHECK(n > 850);  // expected 1000 each; 5 sd = 140
    CHECK(n < 1150);
  }
}

TEST_CASE("constrained_random_search refuses constraints no architecture satisfies",
          "[constrained]") {
  const ToySpace space({3, 3});
  const auto lat = toy_latency(space);
  auto algo = make_algorithm("constrained_random_search", {{"max_draws", 5}});
  Rng rng(1);
  SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 1, 1, 10);
  ctx.set_constraints({ArchConstraint{"toy_latency", &lat, -1.0}});
  CHECK_THROWS_WITH(algo->ask(ctx),
                    Catch::Contains("no architecture") && Catch::Contains("toy_latency"));
  CHECK_THROWS_AS(algo->ask(ctx), ConfigError);
}

TEST_CASE("constrained_random_search without constraints samples the whole space",
          "[constrained]") {
  const ToySpace space({3, 3});
  auto algo = make_algorithm("constrained_random_search");
  const auto r = drive_constrained(*algo, space, random_landscape(4), nullptr, 0.0, 100, 6);
  CHECK(r.ended_early);
  CHECK(std::set<ArchId>(r.archs.begin(), r.archs.end()).size() == 9);
}
