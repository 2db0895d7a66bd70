#pragma once
/// @file Runs an experiment: datasets x algorithms x seeds, one run per thread, on an
/// immutable Benchmark. Results never depend on the thread count.
#include <functional>
#include <memory>
#include <vector>

#include "tabnas/eval/benchmark.hpp"
#include "tabnas/run/experiment_spec.hpp"
#include "tabnas/run/pareto.hpp"
#include "tabnas/run/run_result.hpp"
#include "tabnas/search/algorithm_registry.hpp"

namespace tabnas {

/// One planned run.
struct RunPlan {
  std::size_t index = 0;
  std::size_t dataset = 0;    ///< index into spec.datasets
  std::size_t algorithm = 0;  ///< index into spec.algorithms
  std::int64_t seed = 0;
};

/// Which step rows a run keeps in RunResult::steps.
enum class StepRecording {
  kAll,       ///< one row per query (trajectory outputs, anytime reports)
  kLastOnly,  ///< only the final row (its `step` is the query count): per-run results only
};

class Runner {
 public:
  /// Resolves names and checks capabilities; loads nothing.
  /// @param benchmark must hold the search and report columns of every dataset.
  /// @param recording kLastOnly when no per-step output will be written (`run
  ///        --no-trajectory`): the runs then keep one row instead of one per query.
  Runner(const ExperimentSpec& spec, std::shared_ptr<const Benchmark> benchmark,
         StepRecording recording = StepRecording::kAll);

  /// Column keys the experiment needs for `spec` (dataset names as given).
  static std::vector<MetricKey> needed_columns(const ExperimentSpec& spec);
  /// Name of the per-architecture scalar for a quantity on a dataset ("<name>@<dataset>").
  static std::string scalar_name(const ArchQuantitySpec& q, const std::string& dataset);
  /// Name of the per-architecture scalar of estimated seconds per training epoch on a dataset
  /// ("epoch_seconds@<dataset>"); loaded when the budget is in seconds.
  static std::string epoch_seconds_scalar(const std::string& dataset);
  /// Reference point used for hypervolume on a dataset (spec's, or the worst value of each
  /// objective over the whole table).
  [[nodiscard]] const std::vector<double>& reference_point(std::size_t dataset) const {
    return reference_points_[dataset];
  }
  /// Number of objectives (1 + extra objectives).
  [[nodiscard]] std::uint32_t num_objectives() const noexcept {
    return static_cast<std::uint32_t>(1 + spec_.objectives.size());
  }

  /// All runs in canonical order (dataset, algorithm, seed).
  [[nodiscard]] const std::vector<RunPlan>& plan() const noexcept { return plan_; }
  /// Executes one run (thread-safe: runs share only the immutable benchmark).
  [[nodiscard]] RunResult execute(const RunPlan& run) const;
  /// Executes `runs` on `threads` threads: the calling thread and threads - 1 helpers. Finished
  /// runs are handed to `on_done` on the calling thread in batches (a slow consumer such as a
  /// database commit never stalls the helpers): the calling thread runs runs too and hands over
  /// between them, at least every 0.1 s (and, with helpers, every 128 of its runs); with
  /// helpers, once a run takes over 10 ms it only hands over, every 0.1 s, and one more helper
  /// computes in its place (so `threads` threads compute throughout). Returns
  /// the search compute time: the largest per-worker sum of execute() times (with one thread,
  /// exactly the time spent searching).
  double execute_all(const std::vector<RunPlan>& runs, unsigned threads,
                     const std::function<void(std::vector<RunResult>&&)>& on_done) const;
  /// Best report value over all architectures of a dataset (mean over runs), for regret.
  [[nodiscard]] double best_report_value(std::size_t dataset) const;
  /// Multi-objective experiments: the exact Pareto front of the whole table on a dataset (every
  /// feasible architecture's objectives as the algorithms see them at the full fidelity, search
  /// signal as seed-mean), non-dominated points only; empty for single-objective experiments.
  [[nodiscard]] const PointSet& true_front(std::size_t dataset) const {
    return true_fronts_[dataset];
  }
  /// Hypervolume of true_front() for the reference point (NaN for single-objective
  /// experiments); hypervolume regret = this minus a run's hypervolume.
  [[nodiscard]] double true_hypervolume(std::size_t dataset) const { return true_hv_[dataset]; }
  /// Derived seed of a run.
  [[nodiscard]] std::uint64_t run_seed(std::size_t dataset, std::int64_t seed) const;
  /// For tests and profiling: true runs every algorithm through the virtual Algorithm
  /// interface instead of the search loop compiled for its class. Results are identical.
  void set_virtual_dispatch(bool on) noexcept { virtual_dispatch_ = on; }

 private:
  /// The search loop of one run with algorithm object `algo` (runner.cpp). It is compiled once
  /// per registered algorithm class (algorithm_list.hpp), so ask() and tell() are direct calls,
  /// inlined where the class defines them in its header; A = Algorithm is the virtual loop.
  template <typename A>
  void run_search(A& algo, const RunPlan& run, RunResult& r) const;
  /// Builds the per-class entry points (runner.cpp).
  struct TypedLoops;
  /// Constructs the class of the run's algorithm entry from its params; runs run_search() with it.
  using TypedRun = void (*)(const Runner& runner, const RunPlan& run, RunResult& r);

  const ExperimentSpec& spec_;
  std::shared_ptr<const Benchmark> benchmark_;
  std::vector<RunPlan> plan_;
  std::vector<std::vector<const MetricColumn*>> search_columns_;    ///< [dataset][fidelity]
  std::vector<std::vector<const ArchScalar*>> objective_scalars_;   ///< [dataset][objective-1]
  std::vector<std::vector<const ArchScalar*>> constraint_scalars_;  ///< [dataset][constraint]
  std::vector<std::vector<double>> reference_points_;               ///< [dataset]
  std::vector<PointSet> true_fronts_;                               ///< [dataset]
  std::vector<double> true_hv_;                                     ///< [dataset]
  std::vector<Fidelity> fidelities_;
  std::vector<const MetricColumn*> report_columns_;  ///< per dataset
  std::vector<const ArchScalar*> epoch_seconds_;     ///< per dataset (seconds budgets only)
  std::vector<const AlgorithmInfo*> infos_;          ///< per algorithm entry
  std::vector<Params> params_;                       ///< validated once, per algorithm entry
  std::vector<std::string> rng_names_;               ///< "algorithm/<name>", per entry
  std::vector<TypedRun> typed_runs_;                 ///< per algorithm entry
  StepRecording recording_;
  bool virtual_dispatch_ = false;
};

}  // namespace tabnas
