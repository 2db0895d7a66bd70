// NSGA-II: non-dominated sorting and crowding distance on hand-checked fronts; survival;
// generations; behaviour on a toy two-objective problem.
#include "tabnas/search/algorithms/nsga2.hpp"

#include <catch2/catch.hpp>
#include <limits>

#include "mf_mo_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test;

namespace {

PointSet points(const std::vector<std::vector<double>>& rows) {
  PointSet ps;
  ps.dims = rows.front().size();
  for (const auto& r : rows) ps.values.insert(ps.values.end(), r.begin(), r.end());
  return ps;
}

/// Two conflicting objectives of a toy architecture: a separable cost and its "size".
MultiObjective two_objectives(const ToySpace& space) {
  const Objective g = separable_landscape(space, 17);
  return [g, &space](ArchId a, std::uint32_t /*rung*/) {
    const auto c = space.choices(a);
    double size = 0.0;
    for (const auto x : c) size += static_cast<double>(4 - x);
    return std::vector<double>{g(a), size};
  };
}

}  // namespace

TEST_CASE("nsga2: fast non-dominated sort on a hand-checked set", "[multi_objective][nsga2]") {
  // A(1,5) B(2,3) C(3,1) D(2,4) E(4,4) F(3,3) G(1,5) (G duplicates A).
  // B dominates D, E, F; C dominates E, F; D and F dominate E.
  const PointSet ps = points({{1, 5}, {2, 3}, {3, 1}, {2, 4}, {4, 4}, {3, 3}, {1, 5}});
  const auto fronts = Nsga2::fast_non_dominated_sort(ps);
  REQUIRE(fronts.size() == 3);
  CHECK(fronts[0] == std::vector<std::size_t>{0, 1, 2, 6});
  CHECK(fronts[1] == std::vector<std::size_t>{3, 5});
  CHECK(fronts[2] == std::vector<std::size_t>{4});
  // Three objectives: (1,1,1) dominates everything else; the other two are incomparable.
  const PointSet p3 = points({{2, 1, 3}, {1, 1, 1}, {1, 3, 2}});
  const auto f3 = Nsga2::fast_non_dominated_sort(p3);
  REQUIRE(f3.size() == 2);
  CHECK(f3[0] == std::vector<std::size_t>{1});
  CHECK(f3[1] == std::vector<std::size_t>{0, 2});
  // +inf objectives (missing values) are dominated by finite ones.
  const double inf = std::numeric_limits<double>::infinity();
  const auto fi = Nsga2::fast_non_dominated_sort(points({{inf, 1}, {0, 1}}));
  REQUIRE(fi.size() == 2);
  CHECK(fi[0] == std::vector<std::size_t>{1});
}

TEST_CASE("nsga2: crowding distance on hand-checked fronts", "[multi_objective][nsga2]") {
  const double inf = std::numeric_limits<double>::infinity();
  // Evenly spaced line: interior (2/4) + (2/4) = 1.
  const PointSet line = points({{1, 5}, {2, 4}, {3, 3}, {4, 2}, {5, 1}});
  const auto d = Nsga2::crowding_distance(line, {0, 1, 2, 3, 4});
  CHECK(d == std::vector<double>{inf, 1.0, 1.0, 1.0, inf});
  // Uneven: A(0,10) B(1,6) C(4,5) D(10,0). f1 range 10: B (4-0)/10, C (10-1)/10;
  // f2 range 10 (order D C B A): C (6-0)/10, B (10-5)/10.
  const PointSet uneven = points({{0, 10}, {1, 6}, {4, 5}, {10, 0}});
  const auto u = Nsga2::crowding_distance(uneven, {0, 1, 2, 3});
  CHECK(u[0] == inf);
  CHECK(u[1] == Approx(0.4 + 0.5));
  CHECK(u[2] == Approx(0.9 + 0.6));
  CHECK(u[3] == inf);
  // A front given in another order: distances follow the front's order.
  const auto v = Nsga2::crowding_distance(uneven, {2, 0, 3, 1});
  CHECK(v[0] == Approx(1.5));
  CHECK(v[3] == Approx(0.9));
  // Two points, or one objective with zero range.
  CHECK(Nsga2::crowding_distance(uneven, {0, 1}) == std::vector<double>{inf, inf});
  const PointSet flat = points({{1, 0}, {1, 1}, {1, 3}});
  const auto fl = Nsga2::crowding_distance(flat, {0, 1, 2});
  CHECK(fl[1] == Approx(1.0));  // f1 has range 0 and adds nothing; f2: (3 - 0) / 3
}

TEST_CASE("nsga2: generations and (mu + lambda) survival", "[multi_objective][nsga2]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const MultiObjective f = two_objectives(space);
  auto algo = make_algorithm("nsga2", {{"population_size", 6}});
  const auto& nsga = dynamic_cast<const Nsga2&>(*algo);
  Rng rng(2);
  SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 2, 4, 100);
  std::vector<Trial> all;
  std::vector<std::vector<double>> values;
  // Generation 0: 6 proposals, then the algorithm waits.
  for (int gen = 0; gen < 4; ++gen) {
    std::vector<Trial> batch;
    while (auto t = algo->ask(ctx)) batch.push_back(*t);
    REQUIRE(batch.size() == 6);
    CHECK(nsga.generation() == static_cast<std::size_t>(gen));
    for (const Trial& t : batch) {
      Observation o;
      o.trial = t;
      o.objectives = f(t.arch, 0);
      all.push_back(t);
      values.push_back(o.objectives);
      algo->tell(o, ctx);
    }
    // The population is the best 6 of everything so far by (rank, crowding): every member of
    // the first front of all results is kept while it has at most 6 members.
    PointSet ps;
    ps.dims = 2;
    for (const auto& v : values) ps.values.insert(ps.values.end(), v.begin(), v.end());
    const auto fronts = Nsga2::fast_non_dominated_sort(ps);
    REQUIRE(nsga.population().size() == 6);
    if (fronts[0].size() <= 6) {
      for (const std::size_t i : fronts[0]) {
        bool kept = false;
        for (const auto& m : nsga.population()) kept = kept || m.trial == all[i].id;
        CHECK(kept);
      }
    }
  }
  // Never the same architecture twice.
  std::set<ArchId> seen;
  for (const Trial& t : all) CHECK(seen.insert(t.arch).second);
}

TEST_CASE("nsga2: deterministic and better than random search on a toy problem",
          "[multi_objective][nsga2]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const MultiObjective f = two_objectives(space);
  const std::vector<Fidelity> one = {Fidelity{"f", "f", 1.0}};
  const auto r1 = drive_mf(*make_algorithm("nsga2"), space, one, f, 2, 150, 3, 4, true);
  const auto r2 = drive_mf(*make_algorithm("nsga2"), space, one, f, 2, 150, 3, 4, true);
  REQUIRE(r1.trials.size() == 150);
  for (std::size_t i = 0; i < 150; ++i) REQUIRE(r1.trials[i].arch == r2.trials[i].arch);
  const std::vector<double> ref = {32.0, 25.0};
  double hv_nsga = 0.0;
  double hv_random = 0.0;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    hv_nsga += hypervolume_of(drive_mf(*make_algorithm("nsga2"), space, one, f, 2, 150, seed), ref);
    hv_random += hypervolume_of(
        drive_mf(*make_algorithm("mo_random_search"), space, one, f, 2, 150, seed), ref);
  }
  INFO("mean hypervolume: nsga2 " << hv_nsga / 10 << ", random " << hv_random / 10);
  CHECK(hv_nsga > hv_random);
}
