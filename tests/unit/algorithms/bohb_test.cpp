// BOHB: the categorical KDE, when the model is used, and behaviour on a toy problem.
#include "tabnas/search/algorithms/bohb.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "mf_mo_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test;

TEST_CASE("bohb: Aitchison-Aitken KDE with normal-reference bandwidths", "[multi_fidelity][bohb]") {
  mf::CategoricalKde kde;
  // Rows (0,0), (0,1), (2,1), (0,1); cardinalities 3 and 2.
  kde.fit({0, 0, 0, 1, 2, 1, 0, 1}, 4, {3, 2}, 1e-3);
  const double factor = 1.06 * std::pow(4.0, -1.0 / 6.0);
  // Variable 0: codes 0,0,2,0 -> sd sqrt(0.75) -> above (c-1)/c = 2/3: clipped.
  CHECK(kde.bandwidths()[0] == Approx(2.0 / 3.0));
  // Variable 1: codes 0,1,1,1 -> sd sqrt(0.1875).
  const double bw1 = factor * std::sqrt(0.1875);
  CHECK(kde.bandwidths()[1] == Approx(bw1));
  const std::uint8_t x[] = {0, 1};
  const double k0_same = 1.0 / 3.0;
  const double k0_other = (2.0 / 3.0) / 2.0;
  const double expect =
      (k0_same * bw1 + k0_same * (1 - bw1) + k0_other * (1 - bw1) + k0_same * (1 - bw1)) / 4.0;
  CHECK(kde.pdf(x) == Approx(expect));
  // A density: sums to 1 over the 6 points of the space.
  double total = 0.0;
  for (std::uint8_t a = 0; a < 3; ++a) {
    for (std::uint8_t b = 0; b < 2; ++b) {
      const std::uint8_t y[] = {a, b};
      total += kde.pdf(y);
    }
  }
  CHECK(total == Approx(1.0));
  // Identical rows: bandwidth at its minimum.
  kde.fit({1, 1, 1, 1}, 2, {3, 2}, 1e-3);
  CHECK(kde.bandwidths()[0] == Approx(1e-3));
}

TEST_CASE("bohb: the model needs more than d points in the good and the bad set",
          "[multi_fidelity][bohb]") {
  // d = 2: N_min = 3; good = max(3, floor(0.15 m)), bad = min(max(3, floor(0.85 m)), m - good).
  const ToySpace space({5, 5});
  auto algo = make_algorithm("bohb");
  auto* bohb = dynamic_cast<Bohb*>(algo.get());
  REQUIRE(bohb != nullptr);
  Rng rng(1);
  SearchContext ctx(space, rng, epoch_ladder({1, 3, 9}), 1, 1, 100);
  for (int i = 0; i < 6; ++i) {
    CHECK_FALSE(bohb->model_rung());
    auto t = bohb->ask(ctx);  // bracket s=2 starts with 9 at rung 0
    REQUIRE(t);
    CHECK(t->fidelity == 0);
    Observation o;
    o.trial = *t;
    o.objectives = {static_cast<double>(i)};
    bohb->tell(o, ctx);
  }
  REQUIRE(bohb->model_rung());
  CHECK(*bohb->model_rung() == 0);
}

TEST_CASE("bohb: deterministic, model-based after enough results, better than Hyperband",
          "[multi_fidelity][bohb]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const MultiObjective f = fidelity_objective(separable_landscape(space, 21), 2, 0.3);
  double sum_bohb = 0.0;
  double sum_hb = 0.0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    auto b = make_algorithm("bohb");
    auto h = make_algorithm("hyperband");
    const auto rb = drive_mf(*b, space, nb201_ladder(), f, 1, 150, seed);
    const auto rh = drive_mf(*h, space, nb201_ladder(), f, 1, 150, seed);
    sum_bohb += best_at_top(rb, 1);
    sum_hb += best_at_top(rh, 1);
    if (seed == 0) {
      auto b2 = make_algorithm("bohb");
      const auto rb2 = drive_mf(*b2, space, nb201_ladder(), f, 1, 150, seed, 3, true);
      const auto rb3 =
          drive_mf(*make_algorithm("bohb"), space, nb201_ladder(), f, 1, 150, seed, 3, true);
      for (std::size_t i = 0; i < rb2.trials.size(); ++i) {
        REQUIRE(rb2.trials[i].arch == rb3.trials[i].arch);
      }
      CHECK(dynamic_cast<const Bohb&>(*b).num_model_proposals() > 0);
    }
  }
  INFO("mean best at hp200: bohb " << sum_bohb / 20 << ", hyperband " << sum_hb / 20);
  CHECK(sum_bohb < sum_hb);
}
