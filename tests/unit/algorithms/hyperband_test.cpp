// Hyperband: the paper's bracket table, the ladder mapping and the bracket schedule.
#include "tabnas/search/algorithms/hyperband.hpp"

#include <catch2/catch.hpp>

#include "mf_mo_test_support.hpp"
#include "tabnas/core/errors.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("hyperband: bracket table for eta = 3, R = 81 (Li et al. 2018, Table 1)",
          "[multi_fidelity][hyperband]") {
  const auto b = Hyperband::brackets(81.0, 3.0);
  REQUIRE(b.size() == 5);
  const std::vector<std::vector<std::size_t>> n = {
      {81, 27, 9, 3, 1}, {34, 11, 3, 1}, {15, 5, 1}, {8, 2}, {5}};
  const std::vector<std::vector<double>> r = {
      {1, 3, 9, 27, 81}, {3, 9, 27, 81}, {9, 27, 81}, {27, 81}, {81}};
  for (std::size_t k = 0; k < b.size(); ++k) {
    INFO("bracket s = " << b[k].s);
    CHECK(b[k].s == 4 - k);
    CHECK(b[k].n == n[k]);
    REQUIRE(b[k].r.size() == r[k].size());
    for (std::size_t i = 0; i < r[k].size(); ++i) CHECK(b[k].r[i] == Approx(r[k][i]));
  }
}

TEST_CASE("hyperband: bracket table edge cases", "[multi_fidelity][hyperband]") {
  // eta = 2, R = 8 (the mlr3hyperband example): s=3: 8,4,2,1; s=2: 6,3,1; s=1: 4,2; s=0: 4.
  const auto b = Hyperband::brackets(8.0, 2.0);
  REQUIRE(b.size() == 4);
  CHECK(b[0].n == std::vector<std::size_t>{8, 4, 2, 1});
  CHECK(b[1].n == std::vector<std::size_t>{6, 3, 1});
  CHECK(b[2].n == std::vector<std::size_t>{4, 2});
  CHECK(b[3].n == std::vector<std::size_t>{4});
  // R below eta: one bracket, everything at the full resource.
  const auto one = Hyperband::brackets(2.0, 3.0);
  REQUIRE(one.size() == 1);
  CHECK(one[0].n == std::vector<std::size_t>{1});
  CHECK(one[0].r == std::vector<double>{2.0});
  CHECK(mf::hyperband_s_max(81.0, 3.0) == 4);
  CHECK(mf::hyperband_s_max(80.9, 3.0) == 3);
  CHECK_THROWS_AS(Hyperband::brackets(0.5, 3.0), ConfigError);
  CHECK_THROWS_AS(Hyperband::brackets(81.0, 1.0), ConfigError);
}

TEST_CASE("hyperband: levels on NB201's hp12 -> hp200 ladder", "[multi_fidelity][hyperband]") {
  const mf::LadderSchedule s(nb201_ladder(), 3.0);
  CHECK(s.uses_epochs());
  CHECK(s.max_resource() == Approx(200.0 / 12.0));
  REQUIRE(s.s_max() == 2);
  // Levels 22.2, 66.7 and 200 epochs: the highest rung not above each.
  CHECK(s.rung_of_level(0) == 0);
  CHECK(s.rung_of_level(1) == 0);
  CHECK(s.rung_of_level(2) == 1);
  const auto brackets = s.brackets();
  REQUIRE(brackets.size() == 3);
  const auto s2 = s.stages(brackets[0]);  // 9, 3, 1 -> 9 at hp12, 1 at hp200
  REQUIRE(s2.size() == 2);
  CHECK((s2[0].rung == 0 && s2[0].n == 9 && s2[1].rung == 1 && s2[1].n == 1));
  const auto s1 = s.stages(brackets[1]);  // 5, 1
  REQUIRE(s1.size() == 2);
  CHECK((s1[0].rung == 0 && s1[0].n == 5 && s1[1].rung == 1 && s1[1].n == 1));
  const auto s0 = s.stages(brackets[2]);  // 3 at hp200
  REQUIRE(s0.size() == 1);
  CHECK((s0[0].rung == 1 && s0[0].n == 3));
}

TEST_CASE("hyperband: a ladder with one rung per level is used as is",
          "[multi_fidelity][hyperband]") {
  const mf::LadderSchedule s(epoch_ladder({1, 3, 9, 27, 81}), 3.0);
  REQUIRE(s.s_max() == 4);
  for (std::uint32_t k = 0; k <= 4; ++k) CHECK(s.rung_of_level(k) == k);
  const auto st = s.stages(s.brackets()[1]);  // s = 3: 34, 11, 3, 1 at rungs 1..4
  REQUIRE(st.size() == 4);
  CHECK(st[0].rung == 1);
  CHECK(st[0].n == 34);
  CHECK(st[3].rung == 4);
  CHECK(st[3].n == 1);
  // Epochs that are not increasing: rung i counts as eta^i.
  const mf::LadderSchedule flat({Fidelity{"a", "a", 1.0}, Fidelity{"b", "b", 1.0}}, 3.0);
  CHECK_FALSE(flat.uses_epochs());
  CHECK(flat.s_max() == 1);
  CHECK(flat.rung_of_level(0) == 0);
  CHECK(flat.rung_of_level(1) == 1);
  // A dense per-epoch ladder: levels 200/81*3^k land on the rung just below.
  std::vector<int> e;
  for (int i = 1; i <= 200; ++i) e.push_back(i);
  const mf::LadderSchedule dense(epoch_ladder(e), 3.0);
  REQUIRE(dense.s_max() == 4);
  const std::vector<std::uint32_t> expect = {1, 6, 21, 65, 199};  // epochs 2, 7, 22, 66, 200
  for (std::uint32_t k = 0; k <= 4; ++k) CHECK(dense.rung_of_level(k) == expect[k]);
}

TEST_CASE("hyperband: bracket sequence and promotions with one worker",
          "[multi_fidelity][hyperband]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const Objective g = random_landscape(3);
  const MultiObjective f = fidelity_objective(g, 2);
  auto algo = make_algorithm("hyperband");
  const auto r = drive_mf(*algo, space, nb201_ladder(), f, 1, 9 + 1 + 5 + 1 + 3 + 9 + 1, 1);
  // Fidelities: bracket s=2 (9 x hp12, 1 x hp200), s=1 (5, 1), s=0 (3 x hp200), s=2 again.
  std::vector<std::uint32_t> fid;
  for (const Trial& t : r.trials) fid.push_back(t.fidelity);
  const std::vector<std::uint32_t> expect = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
                                             1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  CHECK(fid == expect);
  // The promotion of bracket s=2 is the best of its 9 (ties impossible on this landscape),
  // resuming its hp12 trial.
  std::size_t best = 0;
  for (std::size_t i = 1; i < 9; ++i) {
    if (r.values[i][0] < r.values[best][0]) best = i;
  }
  REQUIRE(r.trials[9].resume_from);
  CHECK(*r.trials[9].resume_from == r.trials[best].id);
  CHECK(r.trials[9].arch == r.trials[best].arch);
  // New architectures never repeat.
  std::set<ArchId> fresh;
  for (const Trial& t : r.trials) {
    if (!t.resume_from) CHECK(fresh.insert(t.arch).second);
  }
}

TEST_CASE("hyperband: parallel workers, determinism and exhaustion",
          "[multi_fidelity][hyperband]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const MultiObjective f = fidelity_objective(separable_landscape(space, 5), 2, 0.5);
  for (const std::uint32_t workers : {1U, 4U, 16U}) {
    auto a1 = make_algorithm("hyperband");
    auto a2 = make_algorithm("hyperband");
    const auto r1 = drive_mf(*a1, space, nb201_ladder(), f, 1, 200, 7, workers, true);
    const auto r2 = drive_mf(*a2, space, nb201_ladder(), f, 1, 200, 7, workers, true);
    REQUIRE(r1.trials.size() == 200);
    CHECK_FALSE(r1.ended_early);
    for (std::size_t i = 0; i < r1.trials.size(); ++i) {
      REQUIRE(r1.trials[i].arch == r2.trials[i].arch);
      REQUIRE(r1.trials[i].fidelity == r2.trials[i].fidelity);
      // Promotions always continue a lower-rung trial of the same architecture.
      if (r1.trials[i].resume_from) {
        const Trial& from = r1.trials[*r1.trials[i].resume_from];
        CHECK(from.arch == r1.trials[i].arch);
        CHECK(from.fidelity < r1.trials[i].fidelity);
      }
    }
  }
  // A tiny space: every architecture is started once, then the run ends.
  const ToySpace tiny({2, 3});
  auto algo = make_algorithm("hyperband");
  const auto r = drive_mf(*algo, tiny, nb201_ladder(), fidelity_objective(random_landscape(1), 2),
                          1, 1000, 3, 3, true);
  CHECK(r.ended_early);
  std::set<ArchId> fresh;
  for (const Trial& t : r.trials) {
    if (!t.resume_from) fresh.insert(t.arch);
  }
  CHECK(fresh.size() == tiny.size());
}
