// DEHB: relaxation, subpopulations, the first iteration as successive halving, selection.
#include "tabnas/search/algorithms/dehb.hpp"

#include <catch2/catch.hpp>

#include "mf_mo_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("dehb: continuous relaxation of the categorical variables", "[multi_fidelity][dehb]") {
  const ToySpace space({5, 2, 3});
  CHECK(Dehb::arch_of(space, {0.0, 0.0, 0.0}) == space.encode(std::vector<std::uint8_t>{0, 0, 0}));
  CHECK(Dehb::arch_of(space, {0.2, 0.5, 0.34}) == space.encode(std::vector<std::uint8_t>{1, 1, 1}));
  CHECK(Dehb::arch_of(space, {0.999, 0.49, 1.0}) ==
        space.encode(std::vector<std::uint8_t>{4, 0, 2}));
}

TEST_CASE("dehb: subpopulations and the first bracket", "[multi_fidelity][dehb]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const MultiObjective f = fidelity_objective(random_landscape(8), 2);
  auto algo = make_algorithm("dehb");
  const auto& dehb = dynamic_cast<const Dehb&>(*algo);
  const auto r = drive_mf(*algo, space, nb201_ladder(), f, 1, 10, 3);
  REQUIRE(dehb.subpopulations().size() == 2);
  CHECK(dehb.subpopulations()[0].size() == 9);  // most configurations at hp12 (bracket s=2)
  CHECK(dehb.subpopulations()[1].size() == 3);  // bracket s=0: 3 at hp200
  // Bracket s=2 of the first iteration: the 9 random members, then the best one promoted.
  std::size_t best = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    CHECK(r.trials[i].fidelity == 0);
    CHECK(r.trials[i].arch == dehb.subpopulations()[0][i].arch);
    if (r.values[i][0] < r.values[best][0]) best = i;
  }
  CHECK(r.trials[9].fidelity == 1);
  REQUIRE(r.trials[9].resume_from);
  CHECK(*r.trials[9].resume_from == best);
  CHECK(dehb.num_children() == 0);
}

TEST_CASE("dehb: members only improve, children after the random members, deterministic",
          "[multi_fidelity][dehb]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const MultiObjective f = fidelity_objective(separable_landscape(space, 4), 2, 0.3);
  for (const std::uint32_t workers : {1U, 4U}) {
    auto algo = make_algorithm("dehb");
    const auto& dehb = dynamic_cast<const Dehb&>(*algo);
    Rng rng(5);
    SearchContext ctx(space, rng, nb201_ladder(), 1, workers, 200);
    std::vector<std::vector<double>> last;
    std::deque<Trial> pending;
    for (int step = 0; step < 300; ++step) {
      while (pending.size() < workers) {
        auto t = algo->ask(ctx);
        REQUIRE(t);  // DEHB always has a job
        pending.push_back(*t);
      }
      const Trial t = pending.front();
      pending.pop_front();
      Observation o;
      o.trial = t;
      o.objectives = f(t.arch, t.fidelity);
      algo->tell(o, ctx);
      const auto& pops = dehb.subpopulations();
      if (last.empty()) last.assign(pops.size(), {});
      for (std::size_t rung = 0; rung < pops.size(); ++rung) {
        last[rung].resize(pops[rung].size(), std::numeric_limits<double>::infinity());
        for (std::size_t k = 0; k < pops[rung].size(); ++k) {
          if (!pops[rung][k].evaluated) continue;
          REQUIRE(pops[rung][k].value <= last[rung][k]);
          last[rung][k] = pops[rung][k].value;
        }
      }
    }
    CHECK(dehb.num_children() > 100);
  }
  auto a1 = make_algorithm("dehb");
  auto a2 = make_algorithm("dehb");
  const auto r1 = drive_mf(*a1, space, nb201_ladder(), f, 1, 150, 9, 4, true);
  const auto r2 = drive_mf(*a2, space, nb201_ladder(), f, 1, 150, 9, 4, true);
  REQUIRE(r1.trials.size() == 150);
  for (std::size_t i = 0; i < 150; ++i) REQUIRE(r1.trials[i].arch == r2.trials[i].arch);
}

TEST_CASE("dehb: better than Hyperband on a separable toy problem", "[multi_fidelity][dehb]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const MultiObjective f = fidelity_objective(separable_landscape(space, 31), 2, 0.3);
  double sum_dehb = 0.0;
  double sum_hb = 0.0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    auto d = make_algorithm("dehb");
    auto h = make_algorithm("hyperband");
    sum_dehb += best_at_top(drive_mf(*d, space, nb201_ladder(), f, 1, 300, seed), 1);
    sum_hb += best_at_top(drive_mf(*h, space, nb201_ladder(), f, 1, 300, seed), 1);
  }
  INFO("mean best at hp200: dehb " << sum_dehb / 20 << ", hyperband " << sum_hb / 20);
  CHECK(sum_dehb < sum_hb);
}
