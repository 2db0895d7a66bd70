#include "tabnas/search/algorithms/differential_evolution.hpp"

#include <catch2/catch.hpp>

#include "model_free_test_support.hpp"

using tabnas::ArchId;
using tabnas::DifferentialEvolution;
using tabnas::Observation;
using tabnas::Params;
using namespace tabnas::test;

namespace {
std::unique_ptr<DifferentialEvolution> make_de(const nlohmann::json& p) {
  return std::make_unique<DifferentialEvolution>(
      Params("differential_evolution", DifferentialEvolution::info().params, p, "test"));
}
}  // namespace

TEST_CASE("differential_evolution: common model-free properties",
          "[model_free][differential_evolution]") {
  // DE/rand/1 explores broadly: at 150 queries (20 initial + 6.5 generations of 20) it is only
  // slightly better than random search on this toy; at 300 it is far better.
  check_model_free_common("differential_evolution", nullptr, true, 300);
}

TEST_CASE("differential_evolution: [0,1] is cut into equal bins per variable",
          "[model_free][differential_evolution]") {
  const ToySpace space({5, 2, 3});
  std::vector<std::uint8_t> c;
  const double x1[] = {0.0, 0.0, 0.0};
  DifferentialEvolution::decode_vector(space, x1, c);
  CHECK(c == std::vector<std::uint8_t>{0, 0, 0});
  const double x2[] = {1.0, 1.0, 1.0};  // the upper bound maps to the last choice
  DifferentialEvolution::decode_vector(space, x2, c);
  CHECK(c == std::vector<std::uint8_t>{4, 1, 2});
  const double x3[] = {0.5, 0.49, 0.5};
  DifferentialEvolution::decode_vector(space, x3, c);
  CHECK(c == std::vector<std::uint8_t>{2, 0, 1});
}

TEST_CASE("differential_evolution: selection keeps the better of member and trial",
          "[model_free][differential_evolution]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const Objective f = random_landscape(21);
  auto de = make_de({{"population_size", 6}});
  std::vector<ArchId> parents;
  std::vector<double> parent_values;
  std::vector<ArchId> trials;
  std::size_t gen = 0;
  std::size_t checked = 0;
  drive(*de, space, f, 120, 6, 1, false, [&](const Observation&) {
    if (de->generation() == gen) return;
    REQUIRE(de->generation() == gen + 1);
    const auto& pop = de->population();
    const auto& vals = de->population_values();
    REQUIRE(pop.size() == 6);
    for (std::size_t i = 0; i < pop.size(); ++i) {
      REQUIRE(vals[i] == f(pop[i]));
      for (std::size_t v = 0; v < 6; ++v) {
        REQUIRE(de->position(i, v) >= 0.0);
        REQUIRE(de->position(i, v) <= 1.0);
      }
      if (gen == 0) continue;
      const double tv = f(trials[i]);
      if (tv <= parent_values[i]) {
        REQUIRE(pop[i] == trials[i]);
      } else {
        REQUIRE(pop[i] == parents[i]);
      }
      ++checked;
    }
    parents = pop;
    parent_values = vals;
    trials = de->trials();
    gen = de->generation();
  });
  CHECK(gen >= 10);
  CHECK(checked >= 50);
}

TEST_CASE("differential_evolution: parameters are validated",
          "[model_free][differential_evolution]") {
  CHECK_THROWS_AS(make_de({{"population_size", 3}}), tabnas::ConfigError);
  CHECK_THROWS_AS(make_de({{"F", 0.5}}), tabnas::ConfigError);
}

TEST_CASE("differential_evolution: a collapsed population still terminates and uses the budget",
          "[model_free][differential_evolution]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  auto de = make_de({{"mutation_factor", 0.0}, {"crossover_prob", 0.0}, {"population_size", 4}});
  const auto r = drive(*de, space, random_landscape(2), 150, 3, 4, true);
  CHECK(r.trials.size() == 150);
  CHECK_FALSE(r.ended_early);
}
