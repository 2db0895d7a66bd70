#include "tabnas/search/algorithms/hill_climbing.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "model_free_test_support.hpp"

using tabnas::ArchId;
using tabnas::HillClimbing;
using tabnas::Observation;
using tabnas::Params;
using namespace tabnas::test;

namespace {
std::unique_ptr<HillClimbing> make_hc() {
  return std::make_unique<HillClimbing>(
      Params("hill_climbing", HillClimbing::info().params, nullptr, "test"));
}
}  // namespace

TEST_CASE("hill_climbing: common model-free properties", "[model_free][hill_climbing]") {
  check_model_free_common("hill_climbing", nullptr, true);
}

TEST_CASE("hill_climbing: moves to the FIRST improving neighbour, restarts at local optima",
          "[model_free][hill_climbing]") {
  const ToySpace space({3, 3, 3, 3});  // 81 archs, rugged: several local optima
  std::size_t total_restarts = 0;
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    const Objective f = random_landscape(seed + 40);
    auto hc = make_hc();
    std::map<ArchId, double> seen;  // everything evaluated so far
    bool had_current = false;       // state after the previous tell
    ArchId previous = 0;
    bool at_ask_has = false;  // state right after the ask of the pending trial
    ArchId at_ask_current = 0;
    std::size_t moves = 0;
    const auto after_ask = [&](const tabnas::Trial& t) {
      REQUIRE(seen.count(t.arch) == 0);  // never re-queried
      at_ask_has = hc->has_current();
      at_ask_current = hc->current();
      if (!at_ask_has && had_current) {
        // A restart: the last current arch (previous, or a better known neighbour reached
        // without a query) is a local optimum whose neighbours were all evaluated.
        const ArchId optimum = hc->current();
        REQUIRE(seen.count(optimum) == 1);
        REQUIRE(seen[optimum] <= seen[previous]);
        std::vector<ArchId> nb;
        space.neighbours(optimum, nb);
        for (const ArchId b : nb) {
          REQUIRE(seen.count(b) == 1);
          REQUIRE(seen[b] >= seen[optimum]);
        }
      }
      if (at_ask_has && had_current && at_ask_current != previous) {
        // Moved without a query: only to a known, strictly better neighbour.
        REQUIRE(seen.count(at_ask_current) == 1);
        REQUIRE(seen[at_ask_current] < seen[previous]);
      }
      if (at_ask_has) REQUIRE(space.hamming(t.arch, at_ask_current) == 1);
    };
    const auto after_tell = [&](const Observation& obs) {
      const ArchId a = obs.trial.arch;
      seen[a] = f(a);
      REQUIRE(hc->has_current());
      if (!at_ask_has) {
        CHECK(hc->current() == a);  // a (re)start point becomes current
      } else if (f(a) < seen[at_ask_current]) {
        CHECK(hc->current() == a);  // the first improving neighbour is taken at once
        ++moves;
      } else {
        CHECK(hc->current() == at_ask_current);
      }
      had_current = true;
      previous = hc->current();
    };
    drive(*hc, space, f, 70, seed, 1, false, after_tell, after_ask);
    CHECK(moves > 0);
    total_restarts += hc->restarts();
  }
  CHECK(total_restarts > 0);
}

TEST_CASE("hill_climbing: reuses known neighbours without querying them",
          "[model_free][hill_climbing]") {
  // 1-D space: the neighbourhood of every arch is the whole rest of the space, so after the
  // first local optimum every neighbourhood consists of known archs.
  const ToySpace space({12});
  const Objective f = [](ArchId a) { return static_cast<double>((a * 7) % 12); };
  auto hc = make_hc();
  const auto r = drive(*hc, space, f, 100, 5);
  CHECK(r.trials.size() == 12);  // each arch once, then exhausted
  CHECK(r.best == 0.0);
}
