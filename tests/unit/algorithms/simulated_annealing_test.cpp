#include "tabnas/search/algorithms/simulated_annealing.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "model_free_test_support.hpp"

using tabnas::ArchId;
using tabnas::Observation;
using tabnas::Params;
using tabnas::SimulatedAnnealing;
using namespace tabnas::test;

namespace {
std::unique_ptr<SimulatedAnnealing> make_sa(const nlohmann::json& p) {
  return std::make_unique<SimulatedAnnealing>(
      Params("simulated_annealing", SimulatedAnnealing::info().params, p, "test"));
}
}  // namespace

TEST_CASE("simulated_annealing: common model-free properties",
          "[model_free][simulated_annealing]") {
  check_model_free_common("simulated_annealing", nullptr, true);
}

TEST_CASE("simulated_annealing: at T -> 0 a worse architecture is never accepted",
          "[model_free][simulated_annealing]") {
  const ToySpace space({4, 4, 4, 4, 4});
  for (std::uint64_t seed = 0; seed < 5; ++seed) {
    const Objective f = random_landscape(seed);
    auto sa = make_sa({{"initial_temperature", 1e-300}});
    double last = std::numeric_limits<double>::infinity();
    std::size_t restarts = 0;
    drive(*sa, space, f, 200, seed, 1, false, [&](const Observation&) {
      if (!sa->has_current()) return;
      // Only a restart (from a local optimum whose neighbours were all evaluated) may go up.
      if (sa->restarts() == restarts) REQUIRE(sa->current_value() <= last);
      restarts = sa->restarts();
      last = sa->current_value();
    });
    CHECK(sa->worse_accepted() == 0);
  }
}

TEST_CASE("simulated_annealing: at high temperature worse architectures are accepted",
          "[model_free][simulated_annealing]") {
  const ToySpace space({4, 4, 4, 4, 4});
  auto sa = make_sa({{"initial_temperature", 1e6}, {"cooling_rate", 1.0}});
  drive(*sa, space, random_landscape(9), 100, 1);
  CHECK(sa->worse_accepted() > 20);
}

TEST_CASE(
    "simulated_annealing: starts from the best initial arch, T0 = their std, cools "
    "geometrically, proposes neighbours",
    "[model_free][simulated_annealing]") {
  const ToySpace space({5, 5, 5, 5, 5, 5});
  const Objective f = random_landscape(77);
  auto sa = make_sa({{"num_init", 10}, {"cooling_rate", 0.9}});
  std::vector<double> init_values;
  std::vector<ArchId> init_archs;
  std::size_t tells = 0;
  std::size_t neighbour_proposals = 0;
  const auto after_ask = [&](const tabnas::Trial& t) {
    if (sa->has_current() && space.hamming(t.arch, sa->current()) == 1) ++neighbour_proposals;
  };
  const auto after_tell = [&](const Observation& obs) {
    ++tells;
    if (tells <= 10) {
      init_values.push_back(f(obs.trial.arch));
      init_archs.push_back(obs.trial.arch);
    }
    if (tells == 10) {
      REQUIRE(sa->has_current());
      double mean = 0.0;
      for (const double v : init_values) mean += v;
      mean /= 10.0;
      double ss = 0.0;
      for (const double v : init_values) ss += (v - mean) * (v - mean);
      CHECK(sa->temperature() == Approx(std::sqrt(ss / 9.0)).epsilon(1e-12));
      const auto best = std::min_element(init_values.begin(), init_values.end());
      CHECK(sa->current() == init_archs[static_cast<std::size_t>(best - init_values.begin())]);
    }
  };
  drive(*sa, space, f, 40, 3, 1, false, after_tell, after_ask);
  // Every proposal after the initial sample is a one-edit neighbour of the current arch.
  CHECK(neighbour_proposals == 30);
  // 30 evaluated proposals after the start: T = T0 * 0.9^30.
  double mean = 0.0;
  for (const double v : init_values) mean += v;
  mean /= 10.0;
  double ss = 0.0;
  for (const double v : init_values) ss += (v - mean) * (v - mean);
  CHECK(sa->temperature() == Approx(std::sqrt(ss / 9.0) * std::pow(0.9, 30)).epsilon(1e-9));
}
