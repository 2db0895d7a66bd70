#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <map>
#include <set>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cli_context.hpp"
#include "option_parsing.hpp"
#include "tabnas/app/arch_scalars.hpp"
#include "tabnas/app/name_resolver.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/core/sha256.hpp"
#include "tabnas/core/text_format.hpp"
#include "tabnas/eval/benchmark.hpp"
#include "tabnas/run/experiment_spec.hpp"
#include "tabnas/run/progress_store.hpp"
#include "tabnas/run/results_writer.hpp"
#include "tabnas/run/runner.hpp"
#include "tabnas/store/store.hpp"
#include "tabnas/version.hpp"

namespace po = boost::program_options;

namespace tabnas::cli {

int run_run(CliContext& ctx, const std::vector<std::string>& args) {
  const std::string usage = "tabnas run SPEC.json [--out DIR] [--threads N] [--dry-run]";
  po::options_description desc("run options");
  desc.add_options()("spec", po::value<std::string>(), "experiment spec (JSON)")(
      "out", po::value<std::string>(),
      "output directory (default: ./<experiment name> in the working directory)")(
      "threads", po::value<unsigned>()->default_value(0),
      "worker threads, one run per thread (0 = all cores); results do not depend on it")(
      "dry-run", "check the spec and the store, print the number of runs and queries, run nothing")(
      "timing", "print real seconds per phase (load, search, write) on stderr")(
      "fresh", "discard the finished runs recorded in the output directory and start over")(
      "no-trajectory",
      "skip the per-step outputs (trajectory.jsonl and the step table); write the per-run "
      "results, summary and manifest only (the runs keep only their final row: less memory "
      "and smaller progress commits)");
  po::positional_options_description pos;
  pos.add("spec", 1);
  po::variables_map vm;
  if (!parse_command("run", usage, args, desc, pos, vm)) return 0;
  if (vm.count("spec") == 0U)
    throw ConfigError("tabnas run: missing SPEC.json (usage: " + usage + ")");
  ExperimentSpec spec = ExperimentSpec::from_file(vm["spec"].as<std::string>());

  using Clock = std::chrono::steady_clock;
  const auto t_load = Clock::now();
  Store store(ctx.store_path, Store::Mode::kRead);
  const auto space = make_space(spec.benchmark, store.arch_strings(spec.benchmark));
  std::vector<ColumnSummary> cols;
  for (auto& c : store.columns()) {
    if (c.space == spec.benchmark) cols.push_back(c);
  }
  const NameResolver names(spec.benchmark, cols);
  for (std::size_t d = 0; d < spec.datasets.size(); ++d) {
    const std::string where =
        spec.datasets.size() == 1 ? "$.dataset" : "$.datasets[" + std::to_string(d) + "]";
    const MetricKey s =
        names.key(spec.datasets[d], spec.search.split, spec.search.fidelity, spec.search.metric,
                  vm["spec"].as<std::string>() + ": " + where + " / $.search");
    const MetricKey r =
        names.key(spec.datasets[d], spec.report.split, spec.report.fidelity, spec.report.metric,
                  vm["spec"].as<std::string>() + ": " + where + " / $.report");
    spec.datasets[d] = s.dataset;
    for (auto& f : spec.fidelities) {
      f = names
              .key(spec.datasets[d], spec.search.split, f, spec.search.metric,
                   vm["spec"].as<std::string>() + ": $.fidelities")
              .fidelity;
    }
    spec.search.fidelity = s.fidelity;
    spec.report.fidelity = r.fidelity;
  }
  const std::size_t total_runs = spec.datasets.size() * spec.algorithms.size() * spec.seeds.size();
  if (vm.count("dry-run") != 0U) {
    // Everything a real run needs from the store is checked here too (hardware tables for
    // objectives and constraints, the time model's FLOPs).
    (void)build_arch_scalars(store, spec.benchmark, *space, spec);
    std::cout << spec.name << ": " << spec.datasets.size() << " dataset(s) x "
              << spec.algorithms.size() << " algorithm(s) x " << spec.seeds.size()
              << " seed(s) = " << total_runs << " runs, ";
    if (spec.budget_unit == BudgetUnit::kQueries) {
      std::cout << "up to " << total_runs * spec.budget_queries << " queries";
    } else if (spec.budget_unit == BudgetUnit::kEpochs) {
      std::cout << spec.budget_queries << " epochs of budget each";
    } else {
      std::cout << format_double(spec.budget_seconds)
                << " estimated seconds of budget each (simulated clock, "
                << time_model_description(spec.benchmark)["name"].get<std::string>() << ")";
    }
    std::cout << ", " << spec.workers << " simulated worker(s)\n";
    return 0;
  }
  const auto benchmark = Benchmark::load(store, spec.benchmark, space, Runner::needed_columns(spec),
                                         build_arch_scalars(store, spec.benchmark, *space, spec));
  const auto sources = store.sources();
  const bool trajectory = vm.count("no-trajectory") == 0U;
  // Without per-step outputs the runs keep only their final row (less memory, smaller commits).
  const Runner runner(spec, benchmark, trajectory ? StepRecording::kAll : StepRecording::kLastOnly);

  // Resumable runs: finished runs are appended to <out>/progress.bin in groups, at most
  // 0.1 s after they finish (Runner::execute_all); a rerun of the same spec on the same store
  // skips them.
  const std::string out_dir = vm.count("out") != 0U ? vm["out"].as<std::string>() : spec.name;
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) throw ConfigError("cannot create output directory '" + out_dir + "': " + ec.message());
  const std::string progress_path = out_dir + "/progress.bin";
  if (vm.count("fresh") != 0U) {
    std::filesystem::remove(progress_path);
    // Written by tabnas versions before the append-only log; never read now.
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(out_dir + "/progress.sqlite" + suffix);
    }
  }
  Sha256 identity;
  {
    nlohmann::ordered_json id = spec.source;
    id["$resolved_datasets"] = spec.datasets;
    id["$resolved_fidelities"] = spec.fidelities;
    id["$store_schema"] = kSchemaVersion;
    // Another build may draw or compute differently: its runs must not mix with these.
    id["$tabnas"] = std::string(kTabnasVersion) + " " + kTabnasGitCommit;
    // Test hook: stands in for another build.
    if (const char* b = std::getenv("TABNAS_TEST_BUILD_ID"); b != nullptr) id["$tabnas"] = b;
    if (spec.budget_unit == BudgetUnit::kSeconds)
      id["$time_model"] = time_model_description(spec.benchmark);
    // The content of the sources, not their records: importing the same file again (as every
    // `scripts/quickstart.sh` does) must not stop a resume.
    std::set<std::string> contents;
    for (const auto& src : sources) contents.insert(src.sha256);
    for (const auto& sha : contents) id["$store_sources"].push_back(sha);
    // Runs recorded without their steps cannot feed a later run's trajectory outputs.
    if (!trajectory) id["$steps"] = "last only";
    const std::string text = id.dump();
    identity.update(text.data(), text.size());
  }
  ProgressStore progress_store(progress_path, identity.hex_digest());
  if (progress_store.discarded_bytes() > 0 && !ctx.quiet) {
    std::cerr << "note: " << progress_path << " ended in an incomplete or damaged record ("
              << progress_store.discarded_bytes()
              << " bytes, e.g. from an interrupted run); its runs are run again\n";
  }
  std::map<std::size_t, RunResult> finished = progress_store.take_finished();
  std::vector<RunPlan> todo;
  for (const auto& p : runner.plan()) {
    if (finished.count(p.index) == 0) todo.push_back(p);
  }
  long long kill_after = 0;  // test hook: SIGKILL after this many newly committed runs
  if (const char* k = std::getenv("TABNAS_TEST_KILL_AFTER_RUNS"); k != nullptr) {
    kill_after = std::atoll(k);
  }
  if (!finished.empty() && !ctx.quiet) {
    std::cerr << "resuming: " << finished.size() << " of " << total_runs
              << " runs already finished in " << progress_path << "\n";
  }

  unsigned threads = vm["threads"].as<unsigned>();
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  const bool show_progress = !ctx.quiet && isatty(STDERR_FILENO) != 0;
  // Results in plan order (RunResult::index is the position in runner.plan()), so no sort.
  std::vector<RunResult> results(total_runs);
  std::size_t num_done = finished.size();
  for (auto& [index, r] : finished) {
    if (index >= total_runs) {
      throw DataError("'" + progress_path + "' holds run " + std::to_string(index) +
                      " but the experiment has " + std::to_string(total_runs) +
                      " runs; pass --fresh");
    }
    results[index] = std::move(r);
  }
  long long committed = 0;
  const auto start = std::chrono::steady_clock::now();
  auto last_print = start;
  const double compute_seconds =
      runner.execute_all(todo, threads, [&](std::vector<RunResult>&& batch) {
        const auto n = static_cast<long long>(batch.size());
        if (kill_after > 0 && committed + n >= kill_after) {
          // Test hook: commit exactly kill_after runs, then die as a kill -9 would.
          batch.resize(static_cast<std::size_t>(kill_after - committed));
          progress_store.record(batch);
          std::raise(SIGKILL);
        }
        progress_store.record(batch);
        for (auto& r : batch) results[r.index] = std::move(r);
        num_done += batch.size();
        committed += n;
        if (!show_progress) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_print < std::chrono::milliseconds(200) && num_done != total_runs) return;
        last_print = now;
        const double elapsed = std::chrono::duration<double>(now - start).count();
        // The rate of the runs this process finished (resumed runs took no time here).
        const double eta =
            elapsed / static_cast<double>(committed) * static_cast<double>(total_runs - num_done);
        std::cerr << "\r  runs " << num_done << "/" << total_runs << "  elapsed "
                  << static_cast<int>(elapsed) << " s  eta " << static_cast<int>(eta) << " s   "
                  << std::flush;
      });
  if (show_progress) std::cerr << "\n";

  const auto t_write = Clock::now();
  ResultsWriter writer(spec, runner, out_dir, trajectory);
  if (spec.budget_unit == BudgetUnit::kSeconds)
    writer.set_time_model(time_model_description(spec.benchmark));
  const auto summary = writer.summarize(results);
  writer.write_all(results, sources, summary);
  std::cout << writer.summary_text(summary);
  if (vm.count("timing") != 0U) {
    const auto t_end = Clock::now();
    double algo = 0.0;
    for (const auto& r : results) algo += r.algorithm_seconds;
    std::cerr << "timing: load " << std::chrono::duration<double>(start - t_load).count()
              << " s, search " << std::chrono::duration<double>(t_write - start).count() << " s ("
              << threads << " threads, with progress commits; compute " << compute_seconds
              << " s = busiest worker; inside ask/tell " << algo << " s summed over runs), write "
              << std::chrono::duration<double>(t_end - t_write).count() << " s\n";
  }
  std::size_t failed = 0;
  for (const auto& r : results) {
    if (r.status != RunStatus::kOk) {
      if (failed < 5) {
        std::cerr << "tabnas: run " << r.dataset << "/" << r.algorithm << "/seed " << r.seed
                  << " failed: " << r.error << "\n";
      }
      ++failed;
    }
  }
  if (!ctx.quiet) {
    std::cerr << "results in " << out_dir << "/ ("
              << (vm.count("no-trajectory") == 0U ? "trajectory.jsonl, " : "")
              << "results.sqlite, summary.txt/json, manifest.json, timing.json)\n";
  }
  if (failed > 0) {
    std::cerr << "tabnas: " << failed << " of " << total_runs << " runs failed\n";
    return static_cast<int>(ExitCode::kRunsFailed);
  }
  return 0;
}

}  // namespace tabnas::cli
