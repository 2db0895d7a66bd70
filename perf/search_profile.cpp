// In-process profile of the search phase (perf/README.md): loads the store and a spec once, then
// runs every planned run REPEATS times on one thread, with and without the progress commits,
// and prints nanoseconds per query. For `perf record`; the ratio the issue asks for comes from
// perf/run_perf.sh (whole processes), not from this program.
// Usage: search_profile SPEC.json [REPEATS]   (store from TABNAS_STORE)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "tabnas/app/arch_scalars.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/eval/benchmark.hpp"
#include "tabnas/run/experiment_spec.hpp"
#include "tabnas/run/progress_store.hpp"
#include "tabnas/run/runner.hpp"
#include "tabnas/store/store.hpp"

int main(int argc, char** argv) {
  using namespace tabnas;
  using Clock = std::chrono::steady_clock;
  if (argc < 2) {
    std::cerr << "usage: search_profile SPEC.json [REPEATS]\n";
    return 2;
  }
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 20;
  const char* store_path = std::getenv("TABNAS_STORE");
  if (store_path == nullptr) {
    std::cerr << "set TABNAS_STORE\n";
    return 2;
  }
  const ExperimentSpec spec = ExperimentSpec::from_file(argv[1]);
  Store store(store_path, Store::Mode::kRead);
  const auto space = make_space(spec.benchmark, store.arch_strings(spec.benchmark));
  const auto benchmark = Benchmark::load(store, spec.benchmark, space, Runner::needed_columns(spec),
                                         build_arch_scalars(store, spec.benchmark, *space, spec));
  // PROFILE_LAST_ONLY=1: the runs keep their final row only, as `tabnas run --no-trajectory`.
  Runner runner(
      spec, benchmark,
      std::getenv("PROFILE_LAST_ONLY") != nullptr ? StepRecording::kLastOnly : StepRecording::kAll);
  {
    // First passes keep every result, as `tabnas run` does (fresh memory for every step row).
    std::vector<RunResult> kept;
    kept.reserve(3 * runner.plan().size());
    for (int pass = 0; pass < 3; ++pass) {
      const auto t0 = Clock::now();
      for (const RunPlan& p : runner.plan()) kept.push_back(runner.execute(p));
      std::printf("pass %d, results kept: %.3f ms\n", pass + 1,
                  std::chrono::duration<double>(Clock::now() - t0).count() * 1e3);
    }
  }
  if (const char* t = std::getenv("PROFILE_THREADS"); t != nullptr) {
    // execute_all on N threads, results kept and nothing committed.
    for (int k = 0; k < 5; ++k) {
      std::vector<RunResult> kept;
      const auto t0 = Clock::now();
      const double busiest = runner.execute_all(runner.plan(), static_cast<unsigned>(std::atoi(t)),
                                                [&](std::vector<RunResult>&& b) {
                                                  for (auto& r : b) kept.push_back(std::move(r));
                                                });
      std::printf("execute_all, %s threads: wall %.3f ms, busiest worker %.3f ms\n", t,
                  std::chrono::duration<double>(Clock::now() - t0).count() * 1e3, busiest * 1e3);
    }
  }
  // Alternates the search loop compiled for each algorithm class (what `tabnas run` uses) with
  // the virtual Algorithm loop, repeat by repeat, so both see the same host state.
  std::size_t queries = 0;
  double best[2] = {1e30, 1e30};  // [typed, virtual]
  for (int k = 0; k < 2 * repeats; ++k) {
    runner.set_virtual_dispatch(k % 2 == 1);
    queries = 0;
    const auto t0 = Clock::now();
    for (const RunPlan& p : runner.plan()) queries += runner.execute(p).steps.back().step;
    best[k % 2] = std::min(best[k % 2], std::chrono::duration<double>(Clock::now() - t0).count());
  }
  runner.set_virtual_dispatch(false);
  for (const int v : {0, 1}) {
    std::printf("compute, %s loop: %zu runs, %zu queries, best of %d: %.3f ms, %.1f ns/query\n",
                v == 0 ? "typed" : "virtual", runner.plan().size(), queries, repeats,
                best[v] * 1e3, best[v] * 1e9 / static_cast<double>(queries));
  }
  if (std::getenv("PROFILE_NO_COMMITS") != nullptr) return 0;
  const std::string path = "/tmp/search_profile_progress.bin";
  double best_commit = 1e30;
  for (int k = 0; k < std::max(1, repeats / 4); ++k) {
    std::filesystem::remove(path);
    ProgressStore progress(path, "profile");
    std::vector<RunResult> all;
    for (const RunPlan& p : runner.plan()) all.push_back(runner.execute(p));
    const auto t0 = Clock::now();
    progress.record(all);  // one group, as at the end of a short experiment
    best_commit = std::min(best_commit, std::chrono::duration<double>(Clock::now() - t0).count());
  }
  std::printf("progress commit (all runs in one record): best %.3f ms\n", best_commit * 1e3);
  return 0;
}
