// Multi-objective regularized evolution: aging, tournament by non-domination rank.
#include "tabnas/search/algorithms/mo_regularized_evolution.hpp"

#include <catch2/catch.hpp>

#include "mf_mo_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("mo_regularized_evolution: the oldest member dies, not the worst",
          "[multi_objective][mo_regularized_evolution]") {
  const ToySpace space({5, 5, 5, 5});
  auto algo =
      make_algorithm("mo_regularized_evolution", {{"population_size", 3}, {"sample_size", 3}});
  const auto& re = dynamic_cast<const MoRegularizedEvolution&>(*algo);
  Rng rng(4);
  SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 2, 1, 100);
  const std::vector<std::vector<double>> values = {{0, 0}, {5, 5}, {6, 4}, {4, 6}};
  std::vector<ArchId> told;
  for (const auto& v : values) {
    auto t = algo->ask(ctx);
    REQUIRE(t);
    Observation o;
    o.trial = *t;
    o.objectives = v;
    algo->tell(o, ctx);
    told.push_back(t->arch);
  }
  REQUIRE(re.population().size() == 3);
  // (0,0) dominated everything but was the oldest.
  CHECK(re.population()[0].objectives == std::vector<double>{5, 5});
  CHECK(re.population()[2].arch == told[3]);
}

TEST_CASE("mo_regularized_evolution: the tournament winner has the lowest rank",
          "[multi_objective][mo_regularized_evolution]") {
  const ToySpace space({5, 5, 5, 5});
  auto algo =
      make_algorithm("mo_regularized_evolution", {{"population_size", 4}, {"sample_size", 4}});
  Rng rng(8);
  SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 2, 1, 100);
  // (3,3) dominates (4,4) and (5,3); (1,9) and (3,3) form the first front. With the whole
  // population in the tournament, crowding breaks the tie: both are boundary points of a
  // two-point front (+inf), so the older one, (1,9), wins.
  const std::vector<std::vector<double>> values = {{4, 4}, {1, 9}, {3, 3}, {5, 3}};
  std::vector<ArchId> told;
  for (const auto& v : values) {
    auto t = algo->ask(ctx);
    REQUIRE(t);
    Observation o;
    o.trial = *t;
    o.objectives = v;
    algo->tell(o, ctx);
    told.push_back(t->arch);
  }
  for (int i = 0; i < 5; ++i) {
    auto t = algo->ask(ctx);
    REQUIRE(t);
    CHECK(space.hamming(t->arch, told[1]) == 1);  // a one-variable mutation of (1,9)
  }
}

TEST_CASE("mo_regularized_evolution: deterministic, valid with workers, beats random",
          "[multi_objective][mo_regularized_evolution]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const Objective g = separable_landscape(space, 23);
  const MultiObjective f = [g, &space](ArchId a, std::uint32_t) {
    double size = 0.0;
    for (const auto x : space.choices(a)) size += static_cast<double>(4 - x);
    return std::vector<double>{g(a), size};
  };
  const std::vector<Fidelity> one = {Fidelity{"f", "f", 1.0}};
  const auto r1 =
      drive_mf(*make_algorithm("mo_regularized_evolution"), space, one, f, 2, 150, 5, 4, true);
  const auto r2 =
      drive_mf(*make_algorithm("mo_regularized_evolution"), space, one, f, 2, 150, 5, 4, true);
  REQUIRE(r1.trials.size() == 150);
  for (std::size_t i = 0; i < 150; ++i) REQUIRE(r1.trials[i].arch == r2.trials[i].arch);
  const std::vector<double> ref = {32.0, 25.0};
  double hv_re = 0.0;
  double hv_random = 0.0;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    hv_re += hypervolume_of(
        drive_mf(*make_algorithm("mo_regularized_evolution"), space, one, f, 2, 150, seed), ref);
    hv_random += hypervolume_of(
        drive_mf(*make_algorithm("mo_random_search"), space, one, f, 2, 150, seed), ref);
  }
  INFO("mean hypervolume: mo_regularized_evolution " << hv_re / 10 << ", random "
                                                     << hv_random / 10);
  CHECK(hv_re > hv_random);
}
