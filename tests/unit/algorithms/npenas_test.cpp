#include <catch2/catch.hpp>

#include "surrogate_common_checks.hpp"
#include "tabnas/search/algorithms/npenas.hpp"

using namespace tabnas;
using namespace tabnas::test;

namespace {
const nlohmann::json kFast = {{"epochs", 40}};
}  // namespace

TEST_CASE("npenas: registry entry", "[surrogate][npenas]") {
  check_registry_entry("npenas");
  CHECK_THROWS_AS(make_algorithm("npenas", {{"acquisition", "ei"}}), ConfigError);
}

TEST_CASE("npenas: deterministic, valid and distinct proposals", "[surrogate][npenas]") {
  check_determinism_and_validity("npenas", kFast, 40);
  check_determinism_and_validity("npenas", {{"epochs", 20}, {"acquisition", "its"}}, 30);
}

TEST_CASE("npenas: parallel asks", "[surrogate][npenas]") {
  check_parallel_workers("npenas", kFast, 40);
}

TEST_CASE("npenas: one predictor fit per generation of k", "[surrogate][npenas]") {
  Npenas algo(Params("npenas", Npenas::info().params, kFast, "test"));
  run_loop(algo, toy_nb201_space(), 50, 3);
  CHECK(algo.num_fits() == 4);
}

TEST_CASE("npenas: beats random search on the toy objective", "[surrogate][npenas]") {
  const double rs = mean_best("random_search", nullptr, 50, 8);
  const double np = mean_best("npenas", kFast, 50, 8);
  INFO("random_search " << rs << ", npenas " << np);
  CHECK(np < rs);
}
