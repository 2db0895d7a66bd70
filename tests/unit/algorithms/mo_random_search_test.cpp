// Multi-objective random search: distinct proposals, exhaustion, determinism.
#include "tabnas/search/algorithms/mo_random_search.hpp"

#include <catch2/catch.hpp>

#include "mf_mo_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("mo_random_search: distinct until exhausted, deterministic",
          "[multi_objective][mo_random_search]") {
  const ToySpace tiny({3, 4});
  const MultiObjective f = [](ArchId a, std::uint32_t) {
    return std::vector<double>{static_cast<double>(a), -static_cast<double>(a)};
  };
  const std::vector<Fidelity> one = {Fidelity{"f", "f", 1.0}};
  const auto r = drive_mf(*make_algorithm("mo_random_search"), tiny, one, f, 2, 100, 1, 3, true);
  CHECK(r.ended_early);
  REQUIRE(r.trials.size() == tiny.size());
  std::set<ArchId> seen;
  for (const Trial& t : r.trials) CHECK(seen.insert(t.arch).second);
  const auto again =
      drive_mf(*make_algorithm("mo_random_search"), tiny, one, f, 2, 100, 1, 3, true);
  for (std::size_t i = 0; i < r.trials.size(); ++i) CHECK(r.trials[i].arch == again.trials[i].arch);
  const auto other =
      drive_mf(*make_algorithm("mo_random_search"), tiny, one, f, 2, 100, 2, 3, true);
  bool differs = false;
  for (std::size_t i = 0; i < r.trials.size(); ++i) {
    differs = differs || r.trials[i].arch != other.trials[i].arch;
  }
  CHECK(differs);
  // Without dedup the budget is used up.
  const auto nd =
      drive_mf(*make_algorithm("mo_random_search", {{"dedup", false}}), tiny, one, f, 2, 100, 1);
  CHECK(nd.trials.size() == 100);
}
