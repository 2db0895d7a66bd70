#include <catch2/catch.hpp>

#include "surrogate_common_checks.hpp"
#include "tabnas/search/algorithms/smac_rf.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("smac_rf: registry entry", "[surrogate][smac_rf]") {
  check_registry_entry("smac_rf");
}

TEST_CASE("smac_rf: deterministic, valid and distinct proposals", "[surrogate][smac_rf]") {
  check_determinism_and_validity("smac_rf", nullptr, 40);
  check_determinism_and_validity("smac_rf", {{"random_every", 0}, {"num_random", 100}}, 30);
}

TEST_CASE("smac_rf: parallel asks", "[surrogate][smac_rf]") {
  check_parallel_workers("smac_rf", nullptr, 40);
}

TEST_CASE("smac_rf: every second proposal after the initial design is random",
          "[surrogate][smac_rf]") {
  SmacRf algo(Params("smac_rf", SmacRf::info().params, nullptr, "test"));
  run_loop(algo, toy_nb201_space(), 30, 3);
  CHECK(algo.num_fits() == 10);  // 20 proposals after the initial 10, half from the model
  SmacRf greedy(Params("smac_rf", SmacRf::info().params, {{"random_every", 0}}, "test"));
  run_loop(greedy, toy_nb201_space(), 30, 3);
  CHECK(greedy.num_fits() == 20);
}

TEST_CASE("smac_rf: beats random search on the toy objective", "[surrogate][smac_rf]") {
  const double rs = mean_best("random_search", nullptr, 50, 8);
  const double smac = mean_best("smac_rf", nullptr, 50, 8);
  INFO("random_search " << rs << ", smac_rf " << smac);
  CHECK(smac < rs);
}
