#include "tabnas/search/algorithms/reinforce.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "model_free_test_support.hpp"

using tabnas::ArchId;
using tabnas::Observation;
using tabnas::Params;
using tabnas::Reinforce;
using tabnas::Rng;
using tabnas::SearchContext;
using namespace tabnas::test;

namespace {
std::unique_ptr<Reinforce> make_rl(const nlohmann::json& p) {
  return std::make_unique<Reinforce>(Params("reinforce", Reinforce::info().params, p, "test"));
}
Observation observe(const tabnas::Trial& t, double objective) {
  Observation o;
  o.trial = t;
  o.objectives.assign(1, objective);
  return o;
}
}  // namespace

TEST_CASE("reinforce: common model-free properties", "[model_free][reinforce]") {
  // The NAS-Bench-201 learning rate (0.001) barely moves the policy in 150 steps (REINFORCE
  // is close to random search there, as in the paper); the better-than-random check uses 0.1.
  check_model_free_common("reinforce", {{"learning_rate", 0.1}}, false);
}

TEST_CASE("reinforce: the policy moves towards a rewarded choice", "[model_free][reinforce]") {
  const ToySpace space({4, 4, 4});
  // Reward (= -objective) 1 when variable 0 takes choice 2, else 0.
  const Objective f = [&space](ArchId a) { return space.choices(a)[0] == 2 ? -1.0 : 0.0; };
  auto rl = make_rl({{"learning_rate", 0.05}});
  drive(*rl, space, f, 1, 1);
  const double p0 = rl->probability(0, 2);
  CHECK(p0 == Approx(0.25).margin(0.01));  // near-uniform start (logits 1e-3 N(0,1))
  auto rl2 = make_rl({{"learning_rate", 0.05}});
  drive(*rl2, space, f, 300, 1);
  CHECK(rl2->probability(0, 2) > 0.6);
  for (const std::size_t k : {0U, 1U, 3U}) CHECK(rl2->probability(0, k) < 0.2);
  // Unrewarded variables stay close to uniform.
  CHECK(rl2->probability(1, 0) == Approx(0.25).margin(0.15));
}

TEST_CASE("reinforce: EMA baseline and one Adam step on a hand example",
          "[model_free][reinforce]") {
  const ToySpace space({3, 2});
  Rng rng(3);
  SearchContext ctx(space, rng, {tabnas::Fidelity{"f", "f", 1.0}}, 1, 1, 10);
  const double lr = 0.01;
  auto rl = make_rl({{"learning_rate", lr}, {"ema_momentum", 0.9}});
  const auto t1 = *rl->ask(ctx);
  const auto t2 = *rl->ask(ctx);
  std::vector<double> p_before;
  for (std::size_t v = 0; v < 2; ++v) {
    for (std::size_t k = 0; k < space.num_choices(v); ++k)
      p_before.push_back(rl->probability(v, k));
  }
  // First reward: the baseline equals it, the advantage is 0, the policy does not change.
  rl->tell(observe(t1, -80.0), ctx);
  CHECK(rl->baseline() == Approx(80.0));
  std::size_t j = 0;
  for (std::size_t v = 0; v < 2; ++v) {
    for (std::size_t k = 0; k < space.num_choices(v); ++k) {
      CHECK(rl->probability(v, k) == Approx(p_before[j++]).margin(1e-15));
    }
  }
  // Second reward 90: baseline (0.9*0.1*80 + 0.1*90) / (0.9*0.1 + 0.1); advantage > 0.
  rl->tell(observe(t2, -90.0), ctx);
  const double b = (0.9 * 0.1 * 80.0 + 0.1 * 90.0) / (0.9 * 0.1 + 0.1);
  CHECK(rl->baseline() == Approx(b));
  // Adam at t = 2 after a zero gradient at t = 1: every logit moves by
  // lr * (0.1 g / 0.19) / sqrt(0.001 g^2 / (1 - 0.999^2)) = lr * 0.7443 * sign(g), with
  // g = -(R - b)(e(a) - p): the chosen choice's logit rises, the others fall.
  const double step = lr * (0.1 / (1.0 - 0.81)) / std::sqrt(0.001 / (1.0 - 0.999 * 0.999));
  const auto c2 = space.choices(t2.arch);
  j = 0;
  for (std::size_t v = 0; v < 2; ++v) {
    const std::size_t kn = space.num_choices(v);
    // Recover logits (up to a constant) from the probabilities before and after.
    std::vector<double> delta(kn);
    for (std::size_t k = 0; k < kn; ++k) {
      delta[k] = std::log(rl->probability(v, k)) - std::log(p_before[j + k]);
    }
    for (std::size_t k = 0; k < kn; ++k) {
      // Differences of logit changes are invariant to the softmax's constant.
      const double expected_k = (k == c2[v]) ? step : -step;
      const double expected_0 = (0 == c2[v]) ? step : -step;
      CHECK(delta[k] - delta[0] == Approx(expected_k - expected_0).margin(1e-9));
    }
    j += kn;
  }
}

TEST_CASE("reinforce: a missing value skips the update", "[model_free][reinforce]") {
  const ToySpace space({3, 3});
  Rng rng(3);
  SearchContext ctx(space, rng, {tabnas::Fidelity{"f", "f", 1.0}}, 1, 1, 10);
  auto rl = make_rl(nullptr);
  const auto t = *rl->ask(ctx);
  rl->tell(observe(t, std::numeric_limits<double>::infinity()), ctx);
  CHECK(rl->baseline() == 0.0);
}
