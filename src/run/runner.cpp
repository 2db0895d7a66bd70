#include "tabnas/run/runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <thread>

#include "tabnas/core/errors.hpp"
#include "tabnas/run/pareto.hpp"
#include "tabnas/search/algorithm_list.hpp"
#include "tabnas/search/algorithm_registry.hpp"

namespace tabnas {

std::vector<MetricKey> Runner::needed_columns(const ExperimentSpec& spec) {
  std::vector<MetricKey> keys;
  for (const auto& d : spec.datasets) {
    for (const auto& f : spec.fidelities) {
      keys.push_back({d, spec.search.split, f, spec.search.metric});
    }
    keys.push_back({d, spec.report.split, spec.report.fidelity, spec.report.metric});
  }
  return keys;
}

std::string Runner::scalar_name(const ArchQuantitySpec& q, const std::string& dataset) {
  return q.name() + "@" + dataset;
}

std::string Runner::epoch_seconds_scalar(const std::string& dataset) {
  return "epoch_seconds@" + dataset;
}

namespace {

/// Epochs of a fidelity named "hp<N>" (1 for other names).
double fidelity_epochs(const std::string& name) {
  if (name.size() > 2 && name.rfind("hp", 0) == 0 &&
      name.find_first_not_of("0123456789", 2) == std::string::npos) {
    return std::stod(name.substr(2));
  }
  return 1.0;
}

double worst_of(const std::vector<double>& v, double sign) {
  double worst = -std::numeric_limits<double>::infinity();
  for (const double x : v) {
    if (!std::isnan(x)) worst = std::max(worst, sign * x);
  }
  return worst;
}

}  // namespace

/// The search loop entry point of every registered class, in registration order (the order of
/// algorithm_registry(), which is built from the same list).
struct Runner::TypedLoops {
  template <typename A>
  static void run(const Runner& runner, const RunPlan& run, RunResult& r) {
    A algo(runner.params_[run.algorithm]);  // on the stack: no allocation per run
    runner.run_search(algo, run, r);
  }
  template <typename... A>
  static std::vector<TypedRun> all(AlgorithmTypes<A...> /*list*/) {
    return {&run<A>...};
  }
};

Runner::Runner(const ExperimentSpec& spec, std::shared_ptr<const Benchmark> benchmark,
               StepRecording recording)
    : spec_(spec), benchmark_(std::move(benchmark)), recording_(recording) {
  for (const auto& f : spec_.fidelities) fidelities_.push_back({f, f, fidelity_epochs(f)});
  const double sign = spec_.search.maximize ? -1.0 : 1.0;
  for (const auto& d : spec_.datasets) {
    std::vector<const MetricColumn*> ladder;
    for (const auto& f : spec_.fidelities) {
      ladder.push_back(&benchmark_->column({d, spec_.search.split, f, spec_.search.metric}));
    }
    search_columns_.push_back(ladder);
    report_columns_.push_back(
        &benchmark_->column({d, spec_.report.split, spec_.report.fidelity, spec_.report.metric}));
    if (spec_.budget_unit == BudgetUnit::kSeconds) {
      epoch_seconds_.push_back(&benchmark_->scalar(epoch_seconds_scalar(d)));
    }
    std::vector<const ArchScalar*> objs;
    for (const auto& q : spec_.objectives) objs.push_back(&benchmark_->scalar(scalar_name(q, d)));
    objective_scalars_.push_back(objs);
    std::vector<const ArchScalar*> cons;
    for (const auto& q : spec_.constraints) cons.push_back(&benchmark_->scalar(scalar_name(q, d)));
    constraint_scalars_.push_back(cons);
    std::vector<double> ref = spec_.reference_point;
    if (ref.empty()) {
      ref.push_back(worst_of(ladder.back()->mean, sign));
      for (const auto* o : objs) ref.push_back(worst_of(o->values, 1.0));
    }
    reference_points_.push_back(ref);
    // The true front: every feasible architecture, objectives as the runner hands them to the
    // algorithms (search signal at the full fidelity as seed-mean; missing values excluded).
    PointSet all;
    all.dims = 1 + objs.size();
    if (all.dims > 1) {
      const MetricColumn& top = *ladder.back();
      for (std::uint32_t a = 0; a < top.num_archs; ++a) {
        bool ok = !std::isnan(top.mean[a]);
        for (std::size_t k = 0; ok && k < cons.size(); ++k) {
          ok = cons[k]->values[a] <= spec_.constraints[k].max;
        }
        for (const auto* o : objs) ok = ok && !std::isnan(o->values[a]);
        if (!ok) continue;
        all.values.push_back(sign * top.mean[a]);
        for (const auto* o : objs) all.values.push_back(o->values[a]);
      }
      PointSet front;
      front.dims = all.dims;
      for (const std::size_t i : non_dominated(all)) {
        front.values.insert(front.values.end(), all.point(i), all.point(i) + all.dims);
      }
      true_hv_.push_back(all.dims <= 3 ? hypervolume(front, ref)
                                       : std::numeric_limits<double>::quiet_NaN());
      true_fronts_.push_back(std::move(front));
    } else {
      true_hv_.push_back(std::numeric_limits<double>::quiet_NaN());
      true_fronts_.push_back(std::move(all));
    }
  }
  for (std::size_t a = 0; a < spec_.algorithms.size(); ++a) {
    const AlgorithmEntry& e = spec_.algorithms[a];
    const AlgorithmInfo& info = find_algorithm(e.name, "algorithms[" + std::to_string(a) + "]");
    infos_.push_back(&info);
    params_.emplace_back(e.name, info.params, e.params,
                         "algorithms[" + std::to_string(a) + "].params");
    rng_names_.push_back("algorithm/" + e.name);
    static const std::vector<TypedRun> kTypedRuns = TypedLoops::all(RegisteredAlgorithms{});
    const auto registered = static_cast<std::size_t>(&info - algorithm_registry().data());
    if (registered >= kTypedRuns.size()) {
      throw InternalError("algorithm '" + e.name + "' is not in RegisteredAlgorithms");
    }
    typed_runs_.push_back(kTypedRuns[registered]);
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
  for (std::uint32_t a = 0; a < c.num_archs; ++a) {
    const double v = c.mean[a];
    if (std::isnan(v)) continue;
    bool ok = true;
    for (std::size_t k = 0; k < constraint_scalars_[dataset].size(); ++k) {
      ok = ok && constraint_scalars_[dataset][k]->values[a] <= spec_.constraints[k].max;
    }
    if (!ok) continue;  // regret is measured against the best FEASIBLE architecture
    best = spec_.report.maximize ? std::max(best, v) : std::min(best, v);
  }
  return best;
}

namespace {

/// Returns v through an empty asm statement, so the compiler cannot fuse the copies of two
/// adjacent 4-byte fields into one 8-byte load: ask() has just written them with two 4-byte
/// stores, and the CPU cannot forward two stores into one load (a stall on every query; the
/// copy of Trial::arch and Trial::fidelity in Runner::execute, seen in perf annotate).
template <typename T>
T opaque(T v) {
  asm("" : "+r"(v));
  return v;
}

/// A trial in flight on a simulated worker. Slots are reused, so the objectives vector is
/// allocated once per worker, not once per trial.
struct InFlight {
  Observation obs;
  double reported = 0.0;
  double observed = 0.0;
  double cost = 0.0;
  bool feasible = true;
};

/// Heap entry of the event queue: when a slot's trial finishes.
struct Pending {
  double finish = 0.0;
  std::uint64_t id = 0;
  std::uint32_t slot = 0;
};

}  // namespace

RunResult Runner::execute(const RunPlan& run) const {
  RunResult r;
  r.index = run.index;
  r.dataset = spec_.datasets[run.dataset];
  const AlgorithmEntry& entry = spec_.algorithms[run.algorithm];
  r.algorithm = entry.label;
  r.seed = run.seed;
  r.run_seed = run_seed(run.dataset, run.seed);
  r.num_objectives = num_objectives();
  using Clock = std::chrono::steady_clock;
  const auto run_start = Clock::now();
  try {
    if (virtual_dispatch_) {
      const std::unique_ptr<Algorithm> algo = infos_[run.algorithm]->make(params_[run.algorithm]);
      run_search<Algorithm>(*algo, run, r);
    } else {
      typed_runs_[run.algorithm](*this, run, r);
    }
  } catch (const std::exception& e) {
    r.status = RunStatus::kFailed;
    r.error = e.what();
  }
  // Real time of the whole run: ask/tell plus O(1) table look-ups (clock reads per query
  // would cost more than the look-ups themselves).
  r.algorithm_seconds = std::chrono::duration<double>(Clock::now() - run_start).count();
  return r;
}

template <typename A>
void Runner::run_search(A& algo, const RunPlan& run, RunResult& r) const {
  const AlgorithmEntry& entry = spec_.algorithms[run.algorithm];
  Rng rng(derive_seed(r.run_seed, rng_names_[run.algorithm]));
  SearchContext ctx(benchmark_->space(), rng, fidelities_, r.num_objectives, spec_.workers,
                    spec_.budget_unit == BudgetUnit::kQueries ? spec_.budget_queries : 0);
  std::vector<ArchConstraint> constraints;
  for (std::size_t k = 0; k < spec_.constraints.size(); ++k) {
    constraints.push_back({spec_.constraints[k].name(),
                           &constraint_scalars_[run.dataset][k]->values, spec_.constraints[k].max});
  }
  ctx.set_constraints(constraints);
  const Evaluator evaluator(r.run_seed);
  std::vector<QueryTarget> search;
  for (const MetricColumn* c : search_columns_[run.dataset]) {
    search.push_back({c, spec_.search.policy, spec_.search.fixed_run});
  }
  const QueryTarget report{report_columns_[run.dataset], spec_.report.policy,
                           spec_.report.fixed_run};
  const std::vector<const ArchScalar*>& objective_scalars = objective_scalars_[run.dataset];
  const double sign = spec_.search.maximize ? -1.0 : 1.0;
  const bool multi_objective = r.num_objectives > 1;
  const std::vector<double>& ref = reference_points_[run.dataset];
  const std::uint32_t top = static_cast<std::uint32_t>(fidelities_.size() - 1);
  const bool by_queries = spec_.budget_unit == BudgetUnit::kQueries;
  const bool by_seconds = spec_.budget_unit == BudgetUnit::kSeconds;
  const std::vector<double>* epoch_seconds =
      by_seconds ? &epoch_seconds_[run.dataset]->values : nullptr;

  const ArchId space_size = benchmark_->space().size();
  // Loop invariants in locals: the compiler would reload them from memory after every
  // virtual ask/tell (search_profile: about 1.5% of a regularized-evolution query).
  const bool constrained = !constraints.empty();
  const std::size_t num_scalar_objectives = objective_scalars.size();
  const QueryTarget* const search_targets = search.data();
  std::vector<std::uint32_t> trial_fidelity;  // by trial id (ids are dense, in ask order)
  const bool keep_all = recording_ == StepRecording::kAll;
  const std::size_t expected = by_queries ? spec_.budget_queries : 64;
  if (!by_queries) trial_fidelity.reserve(expected + spec_.workers);
  if (keep_all) {
    r.steps.reserve(expected);
    r.objectives.reserve(expected * r.num_objectives);
  }
  double now = 0.0;
  double spent = 0.0;
  const double budget = spec_.budget_amount();
  StepRow row;
  std::uint32_t steps_done = 0;
  bool have_incumbent = false;
  std::uint32_t incumbent_fidelity = 0;
  double best_objective = std::numeric_limits<double>::infinity();
  PointSet front;
  front.dims = r.num_objectives;

  // Looks a trial up and prices it: fills `f` (everything but its finish time) and pays the
  // cost from the budget.
  const auto evaluate = [&](const Trial& trial, InFlight& f) __attribute__((always_inline)) {
    if (trial.arch >= space_size || trial.fidelity > top) {
      throw InternalError("algorithm '" + entry.name + "' proposed arch " +
                          std::to_string(trial.arch) + " at fidelity " +
                          std::to_string(trial.fidelity) + " outside the space");
    }
    if (!by_queries) {  // the cost model needs the fidelity of the trial a resume continues
      if (trial_fidelity.size() <= trial.id) trial_fidelity.resize(trial.id + 1, 0);
      trial_fidelity[trial.id] = trial.fidelity;
    }
    // Field by field, arch through opaque(): ask() has just written the trial with narrow
    // stores, and a wider load over several of them (a whole-struct copy, or two fields fused)
    // cannot be forwarded from them (a stall per query).
    f.obs.trial.id = trial.id;
    f.obs.trial.arch = opaque(trial.arch);
    f.obs.trial.fidelity = trial.fidelity;
    f.obs.trial.resume_from = trial.resume_from;
    f.observed = evaluator.query(search_targets[trial.fidelity], trial.arch);
    // Without step rows only the last row's and the final incumbent's report values are
    // kept: record_final looks them up, which keeps the report column out of the cache.
    f.reported =
        keep_all ? evaluator.query(report, trial.arch) : std::numeric_limits<double>::quiet_NaN();
    f.feasible = !constrained || ctx.feasible(trial.arch);
    f.obs.objectives[0] =
        std::isnan(f.observed) ? std::numeric_limits<double>::infinity() : sign * f.observed;
    for (std::size_t k = 0; k < num_scalar_objectives; ++k) {
      const double v = objective_scalars[k]->values[trial.arch];
      f.obs.objectives[k + 1] = std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
    }
    double cost = 1.0;
    if (!by_queries) {
      const Fidelity& fid = fidelities_[trial.fidelity];
      cost = fid.epochs;
      if (trial.resume_from && *trial.resume_from < trial_fidelity.size()) {
        const Fidelity& prev = fidelities_[trial_fidelity[*trial.resume_from]];
        // Same schedule: pay only the extra epochs; another schedule: the full run.
        if (prev.schedule == fid.schedule) cost = std::max(0.0, fid.epochs - prev.epochs);
      }
      // Seconds: the epochs paid times the model's estimated seconds per epoch.
      if (by_seconds) cost *= (*epoch_seconds)[trial.arch];
    }
    // Estimated seconds when the budget is in seconds; otherwise no time model is loaded.
    f.obs.cost_seconds = by_seconds ? cost : 0.0;
    spent += cost;
    f.cost = cost;
  };
  // The step row of a finished trial (its incumbent fields are kept up to date by finish()).
  const auto fill_row = [&](const InFlight& done) __attribute__((always_inline)) {
    const Trial& t = done.obs.trial;
    row.step = steps_done;
    row.arch = t.arch;
    row.fidelity = t.fidelity;
    row.observed = done.observed;
    row.reported = done.reported;
    row.feasible = done.feasible;
    row.time = now;
    row.cost = done.cost;
    if (!have_incumbent) {
      row.incumbent = t.arch;
      row.incumbent_observed = std::numeric_limits<double>::quiet_NaN();
      row.incumbent_reported = std::numeric_limits<double>::quiet_NaN();
    }
  };
  // A result arrives at simulated time `now`: update the incumbent, record the step row
  // (all rows, or only remember the result for the final row), tell the algorithm.
  const auto finish = [&](const InFlight& done) __attribute__((always_inline)) {
    const Trial& t = done.obs.trial;
    ++steps_done;
    // Incumbent: best search objective among feasible results at the highest fidelity seen
    // (a higher fidelity replaces it); ties keep the earlier result.
    const double objective = done.obs.objectives[0];
    if (done.feasible && (!have_incumbent || t.fidelity > incumbent_fidelity ||
                          (t.fidelity == incumbent_fidelity && objective < best_objective))) {
      have_incumbent = true;
      incumbent_fidelity = t.fidelity;
      best_objective = objective;
      row.incumbent = t.arch;
      row.incumbent_observed = done.observed;
      // Without step rows only the final incumbent's report value is needed: record_final
      // looks it up (queries are pure, so the value is the same).
      if (keep_all) row.incumbent_reported = done.reported;
    }
    if (multi_objective && done.feasible && t.fidelity == top) {
      front.values.insert(front.values.end(), done.obs.objectives.begin(),
                          done.obs.objectives.end());
    }
    if (keep_all) {
      fill_row(done);
      if (multi_objective) row.hypervolume = hypervolume(front, ref);
      r.objectives.insert(r.objectives.end(), done.obs.objectives.begin(),
                          done.obs.objectives.end());
      r.steps.push_back(row);
    }
    algo.tell(done.obs, ctx);
  };
  // Without step rows: the final row, from the last result (called once, after the loop).
  const auto record_final = [&](const InFlight& done) {
    if (keep_all || steps_done == 0) return;
    fill_row(done);
    row.reported = evaluator.query(report, row.arch);
    if (have_incumbent) row.incumbent_reported = evaluator.query(report, row.incumbent);
    if (multi_objective) row.hypervolume = hypervolume(front, ref);
    r.objectives.assign(done.obs.objectives.begin(), done.obs.objectives.end());
    r.steps.push_back(row);
  };

  // Query and epoch budgets count what was paid; a seconds budget is on the simulated clock
  // (elapsed time, so N workers get N times the compute, as on a real cluster). A started
  // evaluation is paid in full.
  const auto budget_left = [&] { return (by_seconds ? now : spent) < budget; };
  if (spec_.workers == 1) {
    // One simulated worker: ask, evaluate, the result arrives `cost` later, tell.
    InFlight f;
    f.obs.objectives.resize(r.num_objectives);
    while (budget_left()) {
      const std::optional<Trial> trial = algo.ask(ctx);
      if (!trial) break;  // the algorithm has nothing left to propose
      evaluate(*trial, f);
      now += f.cost;
      finish(f);
    }
    record_final(f);
  } else {
    // Several simulated workers: an event queue of the trials in flight, the earliest
    // finish first (ties by trial id).
    std::vector<InFlight> slots;  // one per busy simulated worker, reused
    std::vector<std::uint32_t> free_slots;
    std::vector<Pending> in_flight;  // heap ordered by (finish, trial id)
    const auto later = [](const Pending& a, const Pending& b) {
      return a.finish > b.finish || (a.finish == b.finish && a.id > b.id);
    };
    bool exhausted = false;
    std::uint32_t last_slot = 0;
    while (true) {
      while (!exhausted && in_flight.size() < spec_.workers && budget_left()) {
        const std::optional<Trial> trial = algo.ask(ctx);
        if (!trial) {
          if (in_flight.empty()) exhausted = true;  // nothing pending: the algorithm is done
          break;
        }
        if (free_slots.empty()) {
          free_slots.push_back(static_cast<std::uint32_t>(slots.size()));
          slots.emplace_back();
          slots.back().obs.objectives.resize(r.num_objectives);
        }
        const std::uint32_t slot = free_slots.back();
        free_slots.pop_back();
        evaluate(*trial, slots[slot]);
        in_flight.push_back({now + slots[slot].cost, trial->id, slot});
        std::push_heap(in_flight.begin(), in_flight.end(), later);
      }
      if (in_flight.empty()) break;
      std::pop_heap(in_flight.begin(), in_flight.end(), later);
      now = in_flight.back().finish;
      const std::uint32_t slot = in_flight.back().slot;
      in_flight.pop_back();
      finish(slots[slot]);
      free_slots.push_back(slot);
      last_slot = slot;  // reused only by a trial that finishes later
    }
    if (!slots.empty()) record_final(slots[last_slot]);
  }
}

double Runner::execute_all(const std::vector<RunPlan>& runs, unsigned threads,
                           const std::function<void(std::vector<RunResult>&&)>& on_done) const {
  using Clock = std::chrono::steady_clock;
  if (runs.empty()) return 0.0;
  threads = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, runs.size()));
  // Finished runs are handed over at most kFlushInterval after they finish: slow runs one by
  // one, fast runs in groups (a commit per 0.1 ms run would cost more than the run).
  constexpr auto kFlushInterval = std::chrono::milliseconds(100);
  // threads - 1 helper threads and this thread run the runs; this thread also hands finished
  // runs to on_done in batches (group commit). No thread beyond `threads` competes for the
  // cores, and this thread's cache already holds the benchmark it just loaded. While runs are
  // short (under kShortRun), or when it is alone, it takes runs itself and hands over between
  // them; with helpers, after a longer run it only hands over, every kFlushInterval, so a slow
  // run never delays the commit of the helpers' finished runs by more than that run, and it
  // starts one more helper in its place (the hand-over thread then mostly sleeps).
  constexpr auto kShortRun = std::chrono::milliseconds(10);
  constexpr std::size_t kFlushRuns = 128;
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::condition_variable ready;
  std::vector<RunResult> queue;
  unsigned helpers_left = threads - 1;
  std::vector<double> busy(threads, 0.0);
  // Runs the next run on worker w; false when none is left. Returns its duration in `took`.
  const auto run_next = [&](unsigned w, Clock::duration& took) {
    const std::size_t i = next.fetch_add(1);
    if (i >= runs.size()) return false;
    const auto t0 = Clock::now();
    RunResult r = execute(runs[i]);
    took = Clock::now() - t0;
    busy[w] += std::chrono::duration<double>(took).count();
    const std::lock_guard<std::mutex> lock(mutex);
    queue.push_back(std::move(r));
    return true;
  };
  const auto helper = [&](unsigned w) {
    Clock::duration took{};
    while (run_next(w, took)) {
    }
    {
      const std::lock_guard<std::mutex> lock(mutex);
      --helpers_left;
    }
    ready.notify_one();
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(helper, t);
  std::exception_ptr consumer_error;
  // Hands the finished runs over; false when on_done threw (the helpers then stop).
  const auto hand_over = [&]() {
    std::vector<RunResult> batch;
    {
      const std::lock_guard<std::mutex> lock(mutex);
      batch.swap(queue);
    }
    if (batch.empty()) return true;
    try {
      on_done(std::move(batch));
    } catch (...) {
      consumer_error = std::current_exception();
      next.store(runs.size());  // helpers stop after their current run
      return false;
    }
    return true;
  };
  bool ok = true;
  auto last_flush = Clock::now();
  Clock::duration took{};
  std::size_t taken = 0;  // runs this thread has run
  const bool alone = pool.empty();
  while (ok && (alone || took < kShortRun) && run_next(0, took)) {
    // Hand over every kFlushInterval and, with helpers, every kFlushRuns of its own runs: the
    // commits then overlap the helpers' work instead of all waiting for the end.
    if ((!alone && ++taken % kFlushRuns == 0) || Clock::now() - last_flush >= kFlushInterval) {
      ok = hand_over();
      last_flush = Clock::now();
    }
  }
  if (ok && !alone && next.load() < runs.size()) {
    // Runs are long: from now on this thread only hands over, and one more helper takes its
    // place, so `threads` threads still compute. It is worker 0: this thread ran its last run
    // above, so busy[0] has one writer at a time and sums one timeline of compute.
    {
      const std::lock_guard<std::mutex> lock(mutex);
      ++helpers_left;
    }
    pool.emplace_back(helper, 0U);
  }
  while (ok) {
    bool all_done = false;
    {
      std::unique_lock<std::mutex> lock(mutex);
      ready.wait_for(lock, kFlushInterval, [&] { return helpers_left == 0; });
      all_done = helpers_left == 0;
    }
    ok = hand_over();
    if (all_done) break;
  }
  for (auto& t : pool) t.join();
  if (consumer_error) std::rethrow_exception(consumer_error);
  return *std::max_element(busy.begin(), busy.end());
}

}  // namespace tabnas
