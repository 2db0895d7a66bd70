#include "tabnas/search/algorithms/genetic_algorithm.hpp"

#include <catch2/catch.hpp>

#include "model_free_test_support.hpp"

using tabnas::ArchId;
using tabnas::GeneticAlgorithm;
using tabnas::Observation;
using tabnas::Params;
using tabnas::Rng;
using namespace tabnas::test;

namespace {
std::unique_ptr<GeneticAlgorithm> make_ga(const nlohmann::json& p) {
  return std::make_unique<GeneticAlgorithm>(
      Params("genetic_algorithm", GeneticAlgorithm::info().params, p, "test"));
}
}  // namespace

TEST_CASE("genetic_algorithm: common model-free properties", "[model_free][genetic_algorithm]") {
  check_model_free_common("genetic_algorithm", nullptr, true);
}

TEST_CASE("genetic_algorithm: uniform crossover takes every variable from one of the parents",
          "[model_free][genetic_algorithm]") {
  Rng rng(42);
  const std::vector<std::uint8_t> a = {0, 1, 2, 3, 4, 0, 1, 2};
  const std::vector<std::uint8_t> b = {4, 3, 2, 1, 0, 4, 3, 2};
  std::vector<std::uint8_t> child(a.size());
  std::vector<int> from_a(a.size(), 0);
  const int n = 2000;
  for (int i = 0; i < n; ++i) {
    GeneticAlgorithm::uniform_crossover(a, b, child, rng);
    for (std::size_t v = 0; v < a.size(); ++v) {
      REQUIRE((child[v] == a[v] || child[v] == b[v]));
      if (child[v] == a[v] && a[v] != b[v]) ++from_a[v];
    }
  }
  for (std::size_t v = 0; v < a.size(); ++v) {
    if (a[v] == b[v]) continue;
    CHECK(from_a[v] > n * 4 / 10);  // each parent about half the time
    CHECK(from_a[v] < n * 6 / 10);
  }
}

TEST_CASE(
    "genetic_algorithm: without mutation children only carry parental values, elitism "
    "keeps the best, population is sorted",
    "[model_free][genetic_algorithm]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const Objective f = random_landscape(5);
  auto ga = make_ga({{"population_size", 4}, {"mutation_rate", 0.0}, {"crossover_prob", 1.0}});
  std::size_t checked_generations = 0;
  std::size_t last_generation = 0;
  double best_so_far = std::numeric_limits<double>::infinity();
  drive(*ga, space, f, 60, 8, 1, false, [&](const Observation&) {
    if (ga->generation() == last_generation) return;
    last_generation = ga->generation();
    const auto& pop = ga->population();
    REQUIRE(pop.size() == 4);
    for (std::size_t i = 1; i < pop.size(); ++i) {
      REQUIRE(pop[i - 1].objective <= pop[i].objective);
    }
    REQUIRE(pop.front().objective <= best_so_far);  // elitism: never worse
    best_so_far = pop.front().objective;
    // Each child's value of each variable occurs at that variable in the parent population.
    for (const ArchId child : ga->batch()) {
      const auto c = space.choices(child);
      for (std::size_t v = 0; v < c.size(); ++v) {
        bool found = false;
        for (const auto& m : pop) found = found || space.choices(m.arch)[v] == c[v];
        REQUIRE(found);
      }
    }
    ++checked_generations;
  });
  CHECK(checked_generations >= 5);
}

TEST_CASE("genetic_algorithm: a generation is proposed as one batch",
          "[model_free][genetic_algorithm]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  auto ga = make_ga({{"population_size", 8}});
  // With 8 workers, the initial population is proposed before any result arrives.
  const auto r = drive(*ga, space, random_landscape(1), 8, 2, 8);
  CHECK(r.trials.size() == 8);
  CHECK_THROWS_AS(make_ga({{"population_size", 4}, {"elitism", 4}}), tabnas::ConfigError);
}

TEST_CASE("genetic_algorithm: a converged population still terminates and uses the budget",
          "[model_free][genetic_algorithm]") {
  // No crossover, no mutation: every child copies a parent and costs no query; the stagnation
  // rule injects random architectures so the run neither hangs nor ends early.
  const ToySpace space({5, 5, 5, 5, 5, 5});
  auto ga = make_ga({{"mutation_rate", 0.0}, {"crossover_prob", 0.0}});
  const auto r = drive(*ga, space, random_landscape(2), 150, 3, 4, true);
  CHECK(r.trials.size() == 150);
  CHECK_FALSE(r.ended_early);
}
