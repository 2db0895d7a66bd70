// Runner::execute_all: every run handed over once, results independent of the thread count,
// and with long runs `threads` threads compute (the calling thread hands over in between).
#include <catch2/catch.hpp>

#include <numeric>
#include <set>

#include "tabnas/run/runner.hpp"
#include "test_support.hpp"

using namespace tabnas;

namespace {

ExperimentSpec spec_with(std::uint64_t budget, int seeds, const nlohmann::json& algorithms) {
  nlohmann::ordered_json j = {{"name", "execute_all"},
                              {"benchmark", "nb201"},
                              {"dataset", "cifar10-valid"},
                              {"search", {{"split", "valid"}, {"fidelity", "hp12"}}},
                              {"report", {{"split", "valid"}, {"fidelity", "hp200"}}},
                              {"budget", {{"queries", budget}}},
                              {"seeds", {{"count", seeds}}},
                              {"algorithms", algorithms}};
  return ExperimentSpec::from_json(j, "test");
}

/// execute_all's results by run index, with how often each index was handed over.
std::vector<RunResult> run_all(const Runner& runner, unsigned threads, double* busiest = nullptr) {
  std::vector<RunResult> out(runner.plan().size());
  std::vector<int> handed(runner.plan().size(), 0);
  const double b = runner.execute_all(runner.plan(), threads, [&](std::vector<RunResult>&& batch) {
    for (auto& r : batch) {
      ++handed.at(r.index);
      out[r.index] = std::move(r);
    }
  });
  if (busiest != nullptr) *busiest = b;
  for (const int h : handed) REQUIRE(h == 1);
  return out;
}

}  // namespace

TEST_CASE("execute_all hands every run over once, the same on 1, 2 and 3 threads", "[run]") {
  const auto spec = spec_with(40, 150, {"regularized_evolution", "random_search", "local_search"});
  const auto bench = test::nb201_benchmark(Runner::needed_columns(spec));
  const Runner runner(spec, bench);
  const auto one = run_all(runner, 1);
  for (const unsigned threads : {2U, 3U}) {
    const auto many = run_all(runner, threads);
    for (std::size_t i = 0; i < one.size(); ++i) {
      REQUIRE(many[i].steps.size() == one[i].steps.size());
      for (std::size_t k = 0; k < one[i].steps.size(); ++k) {
        test::check_same_step(many[i].steps[k], one[i].steps[k]);
      }
    }
  }
}

TEST_CASE("execute_all keeps `threads` threads computing when runs are long", "[run]") {
  // Runs of about 10-40 ms (regularized evolution, 400000 queries, final row only): after its
  // first long run the calling thread only hands over, and a helper computes in its place. With
  // one helper computing alone (the calling thread idle), the busiest worker would carry all
  // runs but the first (11/12 of the total); with two computing, about half.
  const auto spec = spec_with(400000, 12, {"regularized_evolution"});
  const auto bench = test::nb201_benchmark(Runner::needed_columns(spec));
  const Runner runner(spec, bench, StepRecording::kLastOnly);
  double busiest = 0.0;
  const auto results = run_all(runner, 2, &busiest);
  double total = 0.0;
  for (const auto& r : results) {
    REQUIRE(r.status == RunStatus::kOk);
    total += r.algorithm_seconds;
  }
  INFO("busiest worker " << busiest << " s of " << total << " s in all runs");
  CHECK(busiest < 0.8 * total);
}
