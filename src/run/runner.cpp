#include "tabnas/run/runner.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>

#include "tabnas/core/errors.hpp"
#include "tabnas/search/algorithm_registry.hpp"

namespace tabnas {

std::vector<MetricKey> Runner::needed_columns(const ExperimentSpec& spec) {
  std::vector<MetricKey> keys;
  for (const auto& d : spec.datasets) {
    keys.push_back({d, spec.search.split, spec.search.fidelity, spec.search.metric});
    keys.push_back({d, spec.report.split, spec.report.fidelity, spec.report.metric});
  }
  return keys;
}

Runner::Runner(const ExperimentSpec& spec, std::shared_ptr<const Benchmark> benchmark)
    : spec_(spec), benchmark_(std::move(benchmark)) {
  for (const auto& d : spec_.datasets) {
    search_columns_.push_back(
        &benchmark_->column({d, spec_.search.split, spec_.search.fidelity, spec_.search.metric}));
    report_columns_.push_back(
        &benchmark_->column({d, spec_.report.split, spec_.report.fidelity, spec_.report.metric}));
  }
  for (std::size_t a = 0; a < spec_.algorithms.size(); ++a) {
    const AlgorithmInfo& info = find_algorithm(spec_.algorithms[a].name, "algorithms");
    if (info.capabilities.multi_fidelity || info.capabilities.multi_objective) {
      // Single-objective, single-fidelity experiments accept every algorithm; richer
      // experiment kinds are checked here when they exist.
    }
  }
  std::size_t index = 0;
  for (std::size_t d = 0; d < spec_.datasets.size(); ++d) {
    for (std::size_t a = 0; a < spec_.algorithms.size(); ++a) {
      for (const std::int64_t s : spec_.seeds) plan_.push_back({index++, d, a, s});
    }
  }
}

std::uint64_t Runner::run_seed(std::size_t dataset, std::int64_t seed) const {
  // Same (dataset, seed) -> same evaluation stream for every algorithm (paired comparisons).
  return derive_seed(derive_seed(spec_.master_seed, spec_.datasets[dataset]), "run",
                     static_cast<std::uint64_t>(seed));
}

double Runner::best_report_value(std::size_t dataset) const {
  const MetricColumn& c = *report_columns_[dataset];
  double best = spec_.report.maximize ? -std::numeric_limits<double>::infinity()
                                      : std::numeric_limits<double>::infinity();
  for (const double v : c.mean) {
    if (std::isnan(v)) continue;
    best = spec_.report.maximize ? std::max(best, v) : std::min(best, v);
  }
  return best;
}

RunResult Runner::execute(const RunPlan& run) const {
  RunResult r;
  r.index = run.index;
  r.dataset = spec_.datasets[run.dataset];
  const AlgorithmEntry& entry = spec_.algorithms[run.algorithm];
  r.algorithm = entry.label;
  r.seed = run.seed;
  r.run_seed = run_seed(run.dataset, run.seed);
  try {
    const AlgorithmInfo& info = find_algorithm(entry.name, "algorithms");
    const Params params(entry.name, info.params, entry.params, "algorithms");
    std::unique_ptr<Algorithm> algo = info.make(params);
    Rng rng(derive_seed(r.run_seed, "algorithm/" + entry.name));
    SearchContext ctx(benchmark_->space(), rng, {Fidelity{spec_.search.fidelity, spec_.search.fidelity, 1.0}}, 1, 1,
                      spec_.budget_queries);
    const Evaluator evaluator(r.run_seed);
    const QueryTarget search{search_columns_[run.dataset], spec_.search.policy,
                             spec_.search.fixed_run};
    const QueryTarget report{report_columns_[run.dataset], spec_.report.policy,
                             spec_.report.fixed_run};
    const double sign = spec_.search.maximize ? -1.0 : 1.0;
    r.steps.reserve(spec_.budget_queries);
    double best_objective = std::numeric_limits<double>::infinity();
    StepRow row;
    bool have_incumbent = false;
    double algo_seconds = 0.0;
    using Clock = std::chrono::steady_clock;
    for (std::uint64_t q = 0; q < spec_.budget_queries; ++q) {
      const auto t0 = Clock::now();
      std::optional<Trial> trial = algo->ask(ctx);
      algo_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
      if (!trial) break;  // exhausted (no simulated workers are pending in a serial run)
      if (trial->arch >= benchmark_->space().size()) {
        throw InternalError("algorithm proposed arch " + std::to_string(trial->arch) +
                            " outside the space");
      }
      const double observed = evaluator.query(search, trial->arch);
      const double reported = evaluator.query(report, trial->arch);
      Observation obs;
      obs.trial = *trial;
      const double objective = std::isnan(observed) ? std::numeric_limits<double>::infinity()
                                                    : sign * observed;
      obs.objectives.assign(1, objective);
      obs.cost_seconds = 0.0;
      row.step = static_cast<std::uint32_t>(q + 1);
      row.arch = trial->arch;
      row.fidelity = trial->fidelity;
      row.observed = observed;
      row.reported = reported;
      row.cost = 1.0;
      // Incumbent: best objective so far; ties keep the earlier trial.
      if (!have_incumbent || objective < best_objective) {
        have_incumbent = true;
        best_objective = objective;
        row.incumbent = trial->arch;
        row.incumbent_observed = observed;
        row.incumbent_reported = reported;
      }
      r.steps.push_back(row);
      const auto t1 = Clock::now();
      algo->tell(obs, ctx);
      algo_seconds += std::chrono::duration<double>(Clock::now() - t1).count();
    }
    r.algorithm_seconds = algo_seconds;
  } catch (const std::exception& e) {
    r.status = RunStatus::kFailed;
    r.error = e.what();
  }
  return r;
}

void Runner::execute_all(const std::vector<RunPlan>& runs, unsigned threads,
                         const std::function<void(RunResult&&)>& on_done) const {
  if (threads == 0) threads = 1;
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, runs.size()));
  std::atomic<std::size_t> next{0};
  std::mutex done_mutex;
  std::exception_ptr callback_error;
  const auto worker = [&]() {
    while (true) {
      const std::size_t i = next.fetch_add(1);
      if (i >= runs.size()) return;
      RunResult r = execute(runs[i]);
      const std::lock_guard<std::mutex> lock(done_mutex);
      if (callback_error) return;
      try {
        on_done(std::move(r));
      } catch (...) {
        callback_error = std::current_exception();
        next.store(runs.size());
      }
    }
  };
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (callback_error) std::rethrow_exception(callback_error);
}

}  // namespace tabnas
