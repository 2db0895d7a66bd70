#include "tabnas/search/algorithms/pbil.hpp"

#include <catch2/catch.hpp>

#include "model_free_test_support.hpp"

using tabnas::ArchId;
using tabnas::Observation;
using tabnas::Params;
using tabnas::Pbil;
using tabnas::Rng;
using tabnas::SearchContext;
using namespace tabnas::test;

namespace {
std::unique_ptr<Pbil> make_pbil(const nlohmann::json& p) {
  return std::make_unique<Pbil>(Params("pbil", Pbil::info().params, p, "test"));
}
Observation observe(const tabnas::Trial& t, double objective) {
  Observation o;
  o.trial = t;
  o.objectives.assign(1, objective);
  return o;
}
}  // namespace

TEST_CASE("pbil: common model-free properties", "[model_free][pbil]") {
  check_model_free_common("pbil", nullptr, true);
}

TEST_CASE("pbil: probability update equals the formula on a hand example", "[model_free][pbil]") {
  const ToySpace space({3, 3});
  const double lr = 0.1;
  const double neg = 0.075;
  // Find a seed whose first batch has two distinct architectures.
  for (std::uint64_t seed = 0;; ++seed) {
    Rng rng(seed);
    SearchContext ctx(space, rng, {tabnas::Fidelity{"f", "f", 1.0}}, 1, 2, 10);
    auto pbil = make_pbil({{"population_size", 2},
                           {"learning_rate", lr},
                           {"negative_learning_rate", neg},
                           {"mutation_prob", 0.0}});
    const auto t1 = pbil->ask(ctx);
    const auto t2 = pbil->ask(ctx);
    if (!t1 || !t2) continue;  // duplicate sample: only one query in the batch
    for (std::size_t v = 0; v < 2; ++v) {
      for (std::size_t k = 0; k < 3; ++k) CHECK(pbil->probability(v, k) == 1.0 / 3.0);
    }
    // t2 is better (lower objective) than t1: best = t2, worst = t1.
    pbil->tell(observe(*t1, 5.0), ctx);
    CHECK(pbil->generation() == 0);
    pbil->tell(observe(*t2, 1.0), ctx);
    REQUIRE(pbil->generation() == 1);
    const auto best = space.choices(t2->arch);
    const auto worst = space.choices(t1->arch);
    for (std::size_t v = 0; v < 2; ++v) {
      for (std::size_t k = 0; k < 3; ++k) {
        double p = (1.0 - lr) * (1.0 / 3.0) + (k == best[v] ? lr : 0.0);
        if (best[v] != worst[v]) p = (1.0 - neg) * p + (k == best[v] ? neg : 0.0);
        CHECK(pbil->probability(v, k) == Approx(p).margin(1e-15));
      }
    }
    break;
  }
}

TEST_CASE("pbil: probabilities stay distributions and concentrate on the optimum",
          "[model_free][pbil]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const Objective f = separable_landscape(space, 3);
  auto pbil = make_pbil({{"mutation_prob", 0.5}});  // exercise the mutation step too
  drive(*pbil, space, f, 400, 4);
  CHECK(pbil->generation() >= 19);
  for (std::size_t v = 0; v < 6; ++v) {
    double sum = 0.0;
    for (std::size_t k = 0; k < 5; ++k) {
      CHECK(pbil->probability(v, k) >= 0.0);
      sum += pbil->probability(v, k);
    }
    CHECK(sum == Approx(1.0).margin(1e-12));
  }
  // The most important variable (weight 6) has learnt its optimal choice 0.
  for (std::size_t k = 1; k < 5; ++k) CHECK(pbil->probability(0, 0) > pbil->probability(0, k));
}

TEST_CASE("pbil: a collapsed distribution still terminates and uses the budget",
          "[model_free][pbil]") {
  // Learning rate 1: after one generation every sample is the same, already known arch.
  const ToySpace space({5, 5, 5, 5, 5, 5});
  auto pbil = make_pbil({{"learning_rate", 1.0}, {"mutation_prob", 0.0}});
  const auto r = drive(*pbil, space, random_landscape(2), 150, 3, 4, true);
  CHECK(r.trials.size() == 150);
  CHECK_FALSE(r.ended_early);
}
