#include "tabnas/search/algorithms/tpe.hpp"

#include <catch2/catch.hpp>

#include "model_free_test_support.hpp"

using tabnas::ArchId;
using tabnas::Observation;
using tabnas::Params;
using tabnas::Rng;
using tabnas::SearchContext;
using tabnas::Tpe;
using namespace tabnas::test;

namespace {
std::unique_ptr<Tpe> make_tpe(const nlohmann::json& p) {
  return std::make_unique<Tpe>(Params("tpe", Tpe::info().params, p, "test"));
}
}  // namespace

TEST_CASE("tpe: common model-free properties", "[model_free][tpe]") {
  check_model_free_common("tpe", nullptr, true);
}

TEST_CASE("tpe: size of the good set", "[model_free][tpe]") {
  auto q = make_tpe(nullptr);
  CHECK(q->num_below(1) == 1);
  CHECK(q->num_below(4) == 1);
  CHECK(q->num_below(5) == 2);
  CHECK(q->num_below(150) == 38);
  auto s = make_tpe({{"gamma_rule", "sqrt"}});
  CHECK(s->num_below(150) == 4);     // ceil(0.25 * 12.25)
  CHECK(s->num_below(20000) == 25);  // hyperopt's cap
  CHECK_THROWS_AS(make_tpe({{"gamma_rule", "median"}}), tabnas::ConfigError);
}

TEST_CASE("tpe: categorical densities l and g on a hand example", "[model_free][tpe]") {
  const ToySpace space({3, 2, 10});  // variable 2 only keeps the space from being exhausted
  Rng rng(1);
  SearchContext ctx(space, rng, {tabnas::Fidelity{"f", "f", 1.0}}, 1, 1, 10);
  auto tpe = make_tpe({{"n_startup", 4}});
  // Four results; the best (objective 0.1) has choices (2, 1).
  const std::vector<std::pair<std::vector<std::uint8_t>, double>> data = {
      {{0, 0, 0}, 0.9}, {{2, 1, 0}, 0.1}, {{1, 0, 0}, 0.5}, {{0, 1, 0}, 0.7}};
  for (const auto& [c, v] : data) {
    const auto t = tpe->ask(ctx);  // startup proposals; their archs are irrelevant here
    REQUIRE(t);
    Observation o;
    o.trial = *t;
    o.trial.arch = space.encode(c);
    o.objectives.assign(1, v);
    tpe->tell(o, ctx);
  }
  REQUIRE(tpe->ask(ctx));  // model-based: gamma 0.25 of 4 -> 1 good observation
  // l: (count + 1) / (1 + 3) for variable 0, / (1 + 2) for variable 1.
  CHECK(tpe->density_below(0, 2) == Approx(2.0 / 4.0));
  CHECK(tpe->density_below(0, 0) == Approx(1.0 / 4.0));
  CHECK(tpe->density_below(1, 1) == Approx(2.0 / 3.0));
  // g from {0,0}, {1,0}, {0,1}: variable 0 counts (2, 1, 0), variable 1 counts (2, 1).
  CHECK(tpe->density_above(0, 0) == Approx(3.0 / 6.0));
  CHECK(tpe->density_above(0, 1) == Approx(2.0 / 6.0));
  CHECK(tpe->density_above(0, 2) == Approx(1.0 / 6.0));
  CHECK(tpe->density_above(1, 0) == Approx(3.0 / 5.0));
  CHECK(tpe->density_above(1, 1) == Approx(2.0 / 5.0));
}

TEST_CASE("tpe: after the startup phase it proposes good choices more often", "[model_free][tpe]") {
  const ToySpace space({5, 5, 5, 5, 5});
  const Objective f = separable_landscape(space, 13);
  std::size_t startup_hits = 0;
  std::size_t model_hits = 0;
  std::size_t startup_n = 0;
  std::size_t model_n = 0;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    auto tpe = make_tpe({{"n_startup", 20}});
    const auto r = drive(*tpe, space, f, 100, seed);
    for (std::size_t i = 0; i < r.trials.size(); ++i) {
      const bool hit = space.choices(r.trials[i].arch)[0] == 0;  // optimal choice of var 0
      if (i < 20) {
        startup_hits += hit ? 1U : 0U;
        ++startup_n;
      } else {
        model_hits += hit ? 1U : 0U;
        ++model_n;
      }
    }
  }
  const double startup_rate = static_cast<double>(startup_hits) / static_cast<double>(startup_n);
  const double model_rate = static_cast<double>(model_hits) / static_cast<double>(model_n);
  INFO("startup " << startup_rate << ", model " << model_rate);
  CHECK(startup_rate < 0.35);  // uniform: 0.2
  CHECK(model_rate > 0.5);
}
