// Successive halving: stages, promotions, repeated iterations.
#include "tabnas/search/algorithms/successive_halving.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

#include "mf_mo_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("successive_halving: 9 at hp12, the best at hp200, repeated",
          "[multi_fidelity][successive_halving]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const MultiObjective f = fidelity_objective(random_landscape(11), 2);
  auto algo = make_algorithm("successive_halving");
  const auto r = drive_mf(*algo, space, nb201_ladder(), f, 1, 30, 2);
  REQUIRE(r.trials.size() == 30);
  for (std::size_t it = 0; it < 3; ++it) {
    const std::size_t base = it * 10;
    std::size_t best = base;
    for (std::size_t i = base; i < base + 9; ++i) {
      CHECK(r.trials[i].fidelity == 0);
      CHECK_FALSE(r.trials[i].resume_from);
      if (r.values[i][0] < r.values[best][0]) best = i;
    }
    CHECK(r.trials[base + 9].fidelity == 1);
    CHECK(r.trials[base + 9].arch == r.trials[best].arch);
    REQUIRE(r.trials[base + 9].resume_from);
    CHECK(*r.trials[base + 9].resume_from == r.trials[best].id);
  }
}

TEST_CASE("successive_halving: three rungs, top 1/eta per stage, ties to the older trial",
          "[multi_fidelity][successive_halving]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  // Every architecture has the same value except at the top rung: promotions must go to the
  // lowest trial ids.
  const MultiObjective f = [](ArchId a, std::uint32_t rung) {
    return std::vector<double>{rung == 2 ? static_cast<double>(a) : 1.0};
  };
  auto algo = make_algorithm("successive_halving");
  const auto r = drive_mf(*algo, space, epoch_ladder({1, 3, 9}), f, 1, 13, 4);
  REQUIRE(r.trials.size() == 13);
  for (std::size_t i = 0; i < 9; ++i) CHECK(r.trials[i].fidelity == 0);
  for (std::size_t i = 9; i < 12; ++i) {
    CHECK(r.trials[i].fidelity == 1);
    CHECK(*r.trials[i].resume_from == i - 9);  // trials 0, 1, 2: equal values, older first
  }
  CHECK(r.trials[12].fidelity == 2);
  CHECK(*r.trials[12].resume_from == 9);
}

TEST_CASE("successive_halving: num_configs and parallel workers",
          "[multi_fidelity][successive_halving]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const MultiObjective f = fidelity_objective(random_landscape(2), 2);
  auto algo = make_algorithm("successive_halving", {{"num_configs", 4}});
  const auto r = drive_mf(*algo, space, nb201_ladder(), f, 1, 10, 1);
  const std::vector<std::uint32_t> expect = {0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
  std::vector<std::uint32_t> fid;
  for (const Trial& t : r.trials) fid.push_back(t.fidelity);
  CHECK(fid == expect);
  // With 5 workers the second iteration starts while the first waits for results.
  auto par = make_algorithm("successive_halving");
  const auto p = drive_mf(*par, space, nb201_ladder(), f, 1, 100, 1, 5, true);
  CHECK(p.trials.size() == 100);
  std::size_t promotions = 0;
  for (const Trial& t : p.trials) promotions += t.fidelity == 1 ? 1U : 0U;
  CHECK(promotions >= 8);
  CHECK(promotions <= 10);
}
