#include <catch2/catch.hpp>

#include "surrogate_common_checks.hpp"
#include "tabnas/search/algorithms/bo_gp.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("bo_gp: registry entry", "[surrogate][bo_gp]") {
  check_registry_entry("bo_gp");
  CHECK_THROWS_AS(make_algorithm("bo_gp", {{"distance", "euclid"}}), ConfigError);
}

TEST_CASE("bo_gp: deterministic, valid and distinct proposals", "[surrogate][bo_gp]") {
  check_determinism_and_validity("bo_gp", nullptr, 40);
  check_determinism_and_validity("bo_gp", {{"distance", "path"}}, 30);
}

TEST_CASE("bo_gp: parallel asks", "[surrogate][bo_gp]") {
  check_parallel_workers("bo_gp", nullptr, 40);
}

TEST_CASE("bo_gp: refits after every result once the initial design is in", "[surrogate][bo_gp]") {
  BoGp algo(Params("bo_gp", BoGp::info().params, nullptr, "test"));
  run_loop(algo, toy_nb201_space(), 30, 3);
  CHECK(algo.num_fits() == 20);
  CHECK(algo.model().fitted());
  CHECK(std::isfinite(algo.model().log_marginal_likelihood()));
}

TEST_CASE("bo_gp: beats random search on the toy objective", "[surrogate][bo_gp]") {
  const double rs = mean_best("random_search", nullptr, 50, 8);
  const double bo = mean_best("bo_gp", nullptr, 50, 8);
  INFO("random_search " << rs << ", bo_gp " << bo << ", optimum "
                        << toy_optimum(toy_nb201_space()));
  CHECK(bo < rs);
}
