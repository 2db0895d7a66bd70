// constrained_evolution: feasible initial samples and mutations, dedup, the bounded fallback
// for a parent without feasible neighbours, and equality with regularized_evolution when
// there are no constraints and no dedup.
#include <catch2/catch.hpp>
#include <set>

#include "constrained_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("constrained_evolution proposes only feasible architectures, deterministically",
          "[constrained]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const auto lat = toy_latency(space);
  const Objective f = separable_landscape(space, 7);
  for (const bool dedup : {true, false}) {
    const nlohmann::json params = {{"dedup", dedup}};
    auto a1 = make_algorithm("constrained_evolution", params);
    auto a2 = make_algorithm("constrained_evolution", params);
    auto a3 = make_algorithm("constrained_evolution", params);
    const auto r1 = drive_constrained(*a1, space, f, &lat, 8.0, 150, 11);
    const auto r2 = drive_constrained(*a2, space, f, &lat, 8.0, 150, 11);
    const auto r3 = drive_constrained(*a3, space, f, &lat, 8.0, 150, 12);
    CHECK(r1.archs == r2.archs);
    CHECK(r1.archs != r3.archs);
    REQUIRE(r1.archs.size() == 150);
    for (const ArchId a : r1.archs) REQUIRE(lat[a] <= 8.0);
    if (dedup) CHECK(std::set<ArchId>(r1.archs.begin(), r1.archs.end()).size() == 150);
  }
}

TEST_CASE("constrained_evolution mutates within the feasible set", "[constrained]") {
  // After the initial population every proposal is within 1 + repair_steps edits of an
  // earlier proposal (the rejection loop never falls back here: every parent has feasible
  // neighbours); with repair_steps 0, exactly one edit.
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const auto lat = toy_latency(space);
  for (const int repair : {0, 2}) {
    auto algo =
        make_algorithm("constrained_evolution", {{"dedup", false}, {"repair_steps", repair}});
    const auto r =
        drive_constrained(*algo, space, separable_landscape(space, 3), &lat, 10.0, 100, 4);
    std::set<ArchId> told;
    std::size_t repaired = 0;
    for (std::size_t i = 0; i < r.archs.size(); ++i) {
      REQUIRE(lat[r.archs[i]] <= 10.0);
      if (i >= 10) {
        std::size_t nearest = 99;
        for (const ArchId m : told) nearest = std::min(nearest, space.hamming(m, r.archs[i]));
        CHECK(nearest <= static_cast<std::size_t>(1 + repair));
        repaired += nearest > 1 ? 1U : 0U;
      }
      told.insert(r.archs[i]);
    }
    if (repair == 0) CHECK(repaired == 0);
  }
}

TEST_CASE("constrained_evolution repairs infeasible mutants by further edits", "[constrained]") {
  // Binary variables, feasible = even number of ones: every one-edge mutant of a feasible
  // cell is infeasible and every two-edit walk that does not undo itself is feasible. With
  // repair_steps >= 1 each proposal after the initial population is exactly two edits from
  // an earlier one; with repair_steps 0 no mutant is ever feasible and every proposal comes
  // from the bounded fallback (a uniform feasible sample). Both stay feasible and new.
  const ToySpace space({2, 2, 2, 2, 2, 2});
  std::vector<double> v(space.size(), 1.0);
  for (ArchId a = 0; a < space.size(); ++a) {
    int ones = 0;
    for (const auto c : space.choices(a)) ones += c;
    if (ones % 2 == 0) v[a] = 0.0;
  }
  for (const int repair : {0, 1, 3}) {
    auto algo =
        make_algorithm("constrained_evolution", {{"repair_steps", repair}, {"max_draws", 20}});
    const auto r = drive_constrained(*algo, space, random_landscape(6), &v, 0.0, 30, 9);
    REQUIRE(r.archs.size() == 30);
    CHECK(std::set<ArchId>(r.archs.begin(), r.archs.end()).size() == 30);
    for (std::size_t i = 0; i < r.archs.size(); ++i) {
      REQUIRE(v[r.archs[i]] == 0.0);
      if (repair > 0 && i >= 10) {
        bool two_edits = false;
        for (std::size_t k = 0; k < i; ++k) {
          two_edits = two_edits || space.hamming(r.archs[k], r.archs[i]) == 2;
        }
        CHECK(two_edits);
      }
    }
  }
}

TEST_CASE("constrained_evolution falls back when a parent has no feasible neighbour",
          "[constrained]") {
  // Feasible: only the all-0 and the all-2 cell (3 edits apart), so every mutation of either
  // is infeasible; proposals come from the exact fallback, and with dedup the run ends after
  // both were proposed.
  const ToySpace space({3, 3, 3});
  std::vector<double> v(space.size(), 1.0);
  v[0] = 0.0;
  v[space.size() - 1] = 0.0;
  for (const int max_draws : {1, 50}) {
    auto algo =
        make_algorithm("constrained_evolution", {{"population_size", 2}, {"max_draws", max_draws}});
    const auto r = drive_constrained(*algo, space, random_landscape(5), &v, 0.0, 50, 8);
    CHECK(r.ended_early);
    CHECK(std::set<ArchId>(r.archs.begin(), r.archs.end()) ==
          std::set<ArchId>{0, space.size() - 1});
    auto no_dedup =
        make_algorithm("constrained_evolution",
                       {{"population_size", 2}, {"max_draws", max_draws}, {"dedup", false}});
    const auto r2 = drive_constrained(*no_dedup, space, random_landscape(5), &v, 0.0, 50, 8);
    CHECK(r2.archs.size() == 50);
    for (const ArchId a : r2.archs) CHECK(v[a] == 0.0);
  }
}

TEST_CASE("constrained_evolution without constraints or dedup is regularized_evolution",
          "[constrained]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const Objective f = separable_landscape(space, 9);
  auto ce = make_algorithm("constrained_evolution", {{"dedup", false}});
  auto re = make_algorithm("regularized_evolution");
  const auto a = drive_constrained(*ce, space, f, nullptr, 0.0, 200, 21);
  const auto b = drive_constrained(*re, space, f, nullptr, 0.0, 200, 21);
  CHECK(a.archs == b.archs);
}

TEST_CASE("constrained_evolution refuses constraints no architecture satisfies", "[constrained]") {
  const ToySpace space({3, 3});
  const auto lat = toy_latency(space);
  auto algo = make_algorithm("constrained_evolution", {{"max_draws", 3}});
  Rng rng(1);
  SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 1, 1, 10);
  ctx.set_constraints({ArchConstraint{"toy_latency", &lat, -0.5}});
  CHECK_THROWS_AS(algo->ask(ctx), ConfigError);
}
