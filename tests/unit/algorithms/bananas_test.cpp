#include <catch2/catch.hpp>

#include "surrogate_common_checks.hpp"
#include "tabnas/search/algorithms/bananas.hpp"

using namespace tabnas;
using namespace tabnas::test;

namespace {
// Smaller networks keep the test fast; the algorithm logic is the same.
const nlohmann::json kFast = {{"epochs", 40}, {"num_ensemble", 3}};
}  // namespace

TEST_CASE("bananas: registry entry", "[surrogate][bananas]") {
  check_registry_entry("bananas");
  CHECK_THROWS_AS(make_algorithm("bananas", {{"acquisition", "ucb"}}), ConfigError);
  CHECK_THROWS_AS(make_algorithm("bananas", {{"encoding", "adjacency"}}), ConfigError);
}

TEST_CASE("bananas: deterministic, valid and distinct proposals", "[surrogate][bananas]") {
  check_determinism_and_validity("bananas", kFast, 40);
  check_determinism_and_validity("bananas", {{"epochs", 20}, {"path_cutoff", 30}}, 30);
}

TEST_CASE("bananas: parallel asks", "[surrogate][bananas]") {
  check_parallel_workers("bananas", kFast, 40);
}

TEST_CASE("bananas: one model fit per k proposals", "[surrogate][bananas]") {
  Bananas algo(Params("bananas", Bananas::info().params, kFast, "test"));
  run_loop(algo, toy_nb201_space(), 50, 3);
  CHECK(algo.num_fits() == 4);  // fits at 10, 20, 30, 40 results
  Bananas k5(Params("bananas", Bananas::info().params,
                    {{"epochs", 20}, {"num_ensemble", 2}, {"k", 5}}, "test"));
  run_loop(k5, toy_nb201_space(), 50, 3);
  CHECK(k5.num_fits() == 8);
}

TEST_CASE("bananas: beats random search on the toy objective", "[surrogate][bananas]") {
  const double rs = mean_best("random_search", nullptr, 50, 8);
  const double b = mean_best("bananas", kFast, 50, 8);
  INFO("random_search " << rs << ", bananas " << b);
  CHECK(b < rs);
}
