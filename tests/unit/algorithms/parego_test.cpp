// ParEGO: weight lattice, scalarisation, model-based proposals.
#include "tabnas/search/algorithms/parego.hpp"

#include <catch2/catch.hpp>
#include <ctime>

#include "mf_mo_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("parego: simplex-lattice weights (Knowles 2006: 11 for k=2, 15 for k=3)",
          "[multi_objective][parego]") {
  const auto w2 = Parego::weight_lattice(2, 10);
  REQUIRE(w2.size() == 11);
  CHECK(w2.front() == std::vector<double>{0.0, 1.0});
  CHECK(w2[3][0] == Approx(0.3));
  CHECK(w2.back() == std::vector<double>{1.0, 0.0});
  const auto w3 = Parego::weight_lattice(3, 4);
  REQUIRE(w3.size() == 15);
  for (const auto& w : w3) CHECK(w[0] + w[1] + w[2] == Approx(1.0));
  std::set<std::vector<double>> distinct(w3.begin(), w3.end());
  CHECK(distinct.size() == 15);
}

TEST_CASE("parego: augmented Tchebycheff scalarisation", "[multi_objective][parego]") {
  // max(0.3 * 0.5, 0.7 * 0.2) + 0.05 * (0.15 + 0.14)
  CHECK(Parego::tchebycheff({0.5, 0.2}, {0.3, 0.7}, 0.05) == Approx(0.15 + 0.05 * 0.29));
  CHECK(Parego::tchebycheff({1.0, 0.0}, {0.0, 1.0}, 0.0) == Approx(0.0));
}

TEST_CASE("parego: random design, then model-based, distinct and deterministic",
          "[multi_objective][parego]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const Objective g = separable_landscape(space, 29);
  const MultiObjective f = [g, &space](ArchId a, std::uint32_t) {
    double size = 0.0;
    for (const auto x : space.choices(a)) size += static_cast<double>(4 - x);
    return std::vector<double>{g(a), size};
  };
  const std::vector<Fidelity> one = {Fidelity{"f", "f", 1.0}};
  auto algo = make_algorithm("parego");
  const std::clock_t start = std::clock();
  const auto r1 = drive_mf(*algo, space, one, f, 2, 150, 3);
  const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  INFO("150 queries in " << seconds << " s of CPU time");
  CHECK(seconds < 2.0);  // the limit per 150-query run on one core
  REQUIRE(r1.trials.size() == 150);
  CHECK(dynamic_cast<const Parego&>(*algo).num_fits() == 150 - (11 * 6 - 1));
  std::set<ArchId> seen;
  for (const Trial& t : r1.trials) CHECK(seen.insert(t.arch).second);
  const auto r2 = drive_mf(*make_algorithm("parego"), space, one, f, 2, 150, 3, 4, true);
  const auto r3 = drive_mf(*make_algorithm("parego"), space, one, f, 2, 150, 3, 4, true);
  for (std::size_t i = 0; i < 150; ++i) REQUIRE(r2.trials[i].arch == r3.trials[i].arch);
  const std::vector<double> ref = {32.0, 25.0};
  double hv_parego = 0.0;
  double hv_random = 0.0;
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    hv_parego += hypervolume_of(
        drive_mf(*make_algorithm("parego", {{"n_init", 20}}), space, one, f, 2, 100, seed), ref);
    hv_random += hypervolume_of(
        drive_mf(*make_algorithm("mo_random_search"), space, one, f, 2, 100, seed), ref);
  }
  INFO("mean hypervolume: parego " << hv_parego / 5 << ", random " << hv_random / 5);
  CHECK(hv_parego > hv_random);
}
