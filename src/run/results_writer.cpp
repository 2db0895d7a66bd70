#include "tabnas/run/results_writer.hpp"

#include <H5public.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <boost/version.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "tabnas/core/atomic_file.hpp"
#include "tabnas/core/atomic_file_writer.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/text_format.hpp"
#include "tabnas/run/statistics.hpp"
#include "tabnas/store/sqlite_database.hpp"
#include "tabnas/version.hpp"

namespace tabnas {

namespace {

using Json = nlohmann::ordered_json;

/// format_double's text of a finite number, "null" otherwise; written straight into `out` (the
/// trajectory has a million numbers: no temporary strings).
void append_number(std::string& out, double v) {
  if (std::isfinite(v)) {
    append_double(out, v);
  } else {
    out += "null";
  }
}

void append_uint(std::string& out, std::uint64_t v) {
  std::array<char, 24> buf{};
  const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), res.ptr);
}

void append_json_string(std::string& out, const std::string& s) {
  out += Json(s).dump();
}

Json number_or_null(double v) {
  return std::isfinite(v) ? Json(v) : Json(nullptr);
}

}  // namespace

std::string strip_real_time(const std::string& text) {
  if (!text.empty() && text.front() == '{') {
    Json j = Json::parse(text);
    j.erase("real_time");
    return j.dump(2) + "\n";
  }
  const auto at = text.find("\n" + std::string(kRealTimeHeading));
  return at == std::string::npos ? text : text.substr(0, at + 1);
}

ResultsWriter::ResultsWriter(const ExperimentSpec& spec, const Runner& runner, std::string out_dir,
                             bool trajectory)
    : spec_(spec), runner_(runner), out_dir_(std::move(out_dir)), trajectory_(trajectory) {}

std::vector<SummaryRow> ResultsWriter::summarize(const std::vector<RunResult>& results) const {
  std::vector<SummaryRow> rows;
  for (std::size_t d = 0; d < spec_.datasets.size(); ++d) {
    const double best = runner_.best_report_value(d);
    for (const auto& a : spec_.algorithms) {
      SummaryRow row;
      row.dataset = spec_.datasets[d];
      row.algorithm = a.label;
      std::vector<double> finals;
      std::vector<double> hvs;
      double seconds_sum = 0.0;
      double time_sum = 0.0;
      for (const auto& r : results) {
        if (r.dataset != row.dataset || r.algorithm != row.algorithm) continue;
        ++row.runs;
        seconds_sum += r.algorithm_seconds;
        row.algorithm_seconds_max = std::max(row.algorithm_seconds_max, r.algorithm_seconds);
        if (r.status != RunStatus::kOk || r.steps.empty()) {
          ++row.failed;
          continue;
        }
        finals.push_back(r.steps.back().incumbent_reported);
        hvs.push_back(r.steps.back().hypervolume);
        time_sum += r.steps.back().time;
      }
      row.algorithm_seconds_mean =
          row.runs == 0 ? std::nan("") : seconds_sum / static_cast<double>(row.runs);
      row.final_time_mean =
          timed() && !finals.empty() ? time_sum / static_cast<double>(finals.size()) : std::nan("");
      row.true_hv = runner_.true_hypervolume(d);
      if (spec_.objectives.empty()) {
        row.hv_mean = row.hv_std = row.hv_ci_low = row.hv_ci_high = std::nan("");
      } else {
        const SampleStats h = SampleStats::of(hvs);
        row.hv_mean = h.mean;
        row.hv_std = h.std;
        row.hv_ci_low = h.ci_low;
        row.hv_ci_high = h.ci_high;
      }
      const SampleStats s = SampleStats::of(finals);
      row.mean = s.mean;
      row.std = s.std;
      row.ci_low = s.ci_low;
      row.ci_high = s.ci_high;
      row.median = s.median;
      row.best_in_table = best;
      row.regret = spec_.report.maximize ? best - s.mean : s.mean - best;
      rows.push_back(row);
    }
  }
  return rows;
}

std::string ResultsWriter::summary_text(const std::vector<SummaryRow>& summary) const {
  std::string out;
  char line[512];
  const std::string budget =
      spec_.budget_unit == BudgetUnit::kSeconds
          ? format_double(spec_.budget_seconds) +
                " estimated seconds (simulated clock; training time model " + time_model_name() +
                ", see manifest.json)"
          : std::to_string(spec_.budget_queries) +
                (spec_.budget_unit == BudgetUnit::kQueries ? " queries" : " epochs");
  std::snprintf(
      line, sizeof line, "%s: %s/%s/%s (%s) of the incumbent after %s, searched on %s/%s (%s)\n",
      spec_.name.c_str(), spec_.report.split.c_str(), spec_.report.fidelity.c_str(),
      spec_.report.metric.c_str(), std::string(seed_policy_name(spec_.report.policy)).c_str(),
      budget.c_str(), spec_.search.split.c_str(), spec_.search.fidelity.c_str(),
      std::string(seed_policy_name(spec_.search.policy)).c_str());
  out += line;
  std::snprintf(line, sizeof line, "%-16s %-24s %5s %6s %9s %8s %21s %9s %9s\n", "dataset",
                "algorithm", "runs", "failed", "mean", "std", "95% CI (t)", "best", "regret");
  out += line;
  for (const auto& r : summary) {
    const std::string ci =
        "[" + format_fixed(r.ci_low, 3) + ", " + format_fixed(r.ci_high, 3) + "]";
    std::snprintf(line, sizeof line, "%-16s %-24s %5zu %6zu %9s %8s %21s %9s %9s\n",
                  r.dataset.c_str(), r.algorithm.c_str(), r.runs, r.failed,
                  format_fixed(r.mean, 3).c_str(), format_fixed(r.std, 3).c_str(), ci.c_str(),
                  format_fixed(r.best_in_table, 3).c_str(), format_fixed(r.regret, 3).c_str());
    out += line;
  }
  if (!spec_.objectives.empty()) {
    out += "hypervolume of the feasible front at the budget (objectives: search signal";
    for (const auto& o : spec_.objectives) out += ", " + o.name();
    out +=
        "; reference point and the true Pareto front of the whole table per dataset in "
        "manifest.json; regret = true front's hypervolume - mean)\n";
    std::snprintf(line, sizeof line, "%-16s %-24s %12s %10s %25s %12s %10s\n", "dataset",
                  "algorithm", "mean", "std", "95% CI (t)", "true front", "regret");
    out += line;
    for (const auto& r : summary) {
      const std::string ci =
          "[" + format_fixed(r.hv_ci_low, 4) + ", " + format_fixed(r.hv_ci_high, 4) + "]";
      std::snprintf(line, sizeof line, "%-16s %-24s %12s %10s %25s %12s %10s\n", r.dataset.c_str(),
                    r.algorithm.c_str(), format_fixed(r.hv_mean, 4).c_str(),
                    format_fixed(r.hv_std, 4).c_str(), ci.c_str(),
                    format_fixed(r.true_hv, 4).c_str(),
                    format_fixed(r.true_hv - r.hv_mean, 4).c_str());
      out += line;
    }
  }
  // Real time, kept apart from every simulated quantity above (strip_real_time removes it).
  out += std::string(kRealTimeHeading) +
         " (wall clock of ask/tell and table look-ups on this machine; not simulated, not "
         "reproducible)\n";
  std::snprintf(line, sizeof line, "%-16s %-24s %5s %12s %12s\n", "dataset", "algorithm", "runs",
                "mean s", "max s");
  out += line;
  for (const auto& r : summary) {
    std::snprintf(line, sizeof line, "%-16s %-24s %5zu %12s %12s\n", r.dataset.c_str(),
                  r.algorithm.c_str(), r.runs, format_fixed(r.algorithm_seconds_mean, 5).c_str(),
                  format_fixed(r.algorithm_seconds_max, 5).c_str());
    out += line;
  }
  return out;
}

std::string ResultsWriter::time_model_name() const {
  return time_model_.is_object() ? time_model_.value("name", std::string("?"))
                                 : std::string("(not recorded)");
}

bool ResultsWriter::timed() const {
  return spec_.workers > 1 || spec_.budget_unit != BudgetUnit::kQueries;
}

void ResultsWriter::write_jsonl(const std::vector<RunResult>& results) const {
  const bool timed = this->timed();
  const bool constrained = !spec_.constraints.empty();
  // Streamed in 1 MiB pieces to a temporary file renamed at the end: the whole file (28 MB for
  // 1000 runs x 150 steps) in one string cost more in fresh-page faults than the formatting.
  AtomicFileWriter file(out_dir_ + "/trajectory.jsonl");
  constexpr std::size_t kPiece = std::size_t{1} << 20U;
  std::string out;
  out.reserve(kPiece + 4096);
  for (const auto& r : results) {
    std::string prefix = "{\"dataset\":";
    append_json_string(prefix, r.dataset);
    prefix += ",\"algorithm\":";
    append_json_string(prefix, r.algorithm);
    prefix += ",\"seed\":" + std::to_string(r.seed);
    double cum = 0.0;
    for (const auto& s : r.steps) {
      cum += s.cost;
      out += prefix;
      out += ",\"step\":";
      append_uint(out, s.step);
      out += ",\"arch\":";
      append_uint(out, s.arch);
      out += ",\"fidelity\":";
      append_uint(out, s.fidelity);
      out += ",\"observed\":";
      append_number(out, s.observed);
      out += ",\"reported\":";
      append_number(out, s.reported);
      out += ",\"incumbent\":";
      append_uint(out, s.incumbent);
      out += ",\"incumbent_observed\":";
      append_number(out, s.incumbent_observed);
      out += ",\"incumbent_reported\":";
      append_number(out, s.incumbent_reported);
      out += ",\"cost\":";
      append_number(out, s.cost);
      out += ",\"cumulative_cost\":";
      append_number(out, cum);
      if (timed) {
        out += ",\"time\":";
        append_number(out, s.time);
      }
      if (constrained) out += s.feasible ? ",\"feasible\":true" : ",\"feasible\":false";
      if (r.num_objectives > 1) {
        out += ",\"objectives\":[";
        const std::size_t base = static_cast<std::size_t>(s.step - 1) * r.num_objectives;
        for (std::uint32_t k = 0; k < r.num_objectives; ++k) {
          if (k > 0) out += ',';
          append_number(out, r.objectives[base + k]);
        }
        out += "],\"hypervolume\":";
        append_number(out, s.hypervolume);
      }
      out += "}\n";
      if (out.size() >= kPiece) {
        file.write(out);
        out.clear();
      }
    }
  }
  file.write(out);
  file.commit();
}

void ResultsWriter::write_sqlite(const std::vector<RunResult>& results) const {
  const std::string path = out_dir_ + "/results.sqlite";
  const std::string tmp = temp_path_for(path);
  std::filesystem::remove(tmp);
  {
    SqliteDatabase db(tmp, true);
    db.exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
    db.exec(
        "CREATE TABLE experiment(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE run(idx INTEGER PRIMARY KEY, dataset TEXT, algorithm TEXT, seed INTEGER, "
        "run_seed TEXT, status TEXT, error TEXT, queries INTEGER, final_observed REAL, "
        "final_reported REAL);"
        "CREATE TABLE step(run INTEGER, step INTEGER, arch INTEGER, fidelity INTEGER, observed "
        "REAL, reported REAL, incumbent INTEGER, incumbent_observed REAL, incumbent_reported "
        "REAL, cost REAL, time REAL, feasible INTEGER, hypervolume REAL, objectives TEXT);");
    SqliteTransaction tx(db);
    {
      auto st = db.prepare("INSERT INTO experiment(key, value) VALUES (?, ?)");
      st.bind(1, std::string_view("spec"));
      st.bind(2, spec_.source.dump());
      st.step();
      if (!time_model_.is_null()) {
        st.reset();
        st.bind(1, std::string_view("time_model"));
        st.bind(2, time_model_.dump());
        st.step();
      }
    }
    auto run_st = db.prepare("INSERT INTO run VALUES (?,?,?,?,?,?,?,?,?,?)");
    // Steps go in multi-row INSERTs of kBatch rows: far fewer statement executions.
    constexpr std::size_t kBatch = 50;
    constexpr int kCols = 14;
    std::string batch_sql = "INSERT INTO step VALUES ";
    for (std::size_t i = 0; i < kBatch; ++i) {
      batch_sql += i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    }
    auto batch_st = db.prepare(batch_sql);
    auto step_st = db.prepare("INSERT INTO step VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const auto bind_real = [](SqliteStatement& st, int i, double v) {
      if (std::isfinite(v)) {
        st.bind(i, v);
      } else {
        st.bind_null(i);
      }
    };
    const auto bind_step = [&](SqliteStatement& st, int base, const RunResult& r,
                               const StepRow& s) {
      const std::size_t run = r.index;
      st.bind(base + 1, static_cast<std::int64_t>(run));
      st.bind(base + 2, std::int64_t{s.step});
      st.bind(base + 3, std::int64_t{s.arch});
      st.bind(base + 4, std::int64_t{s.fidelity});
      bind_real(st, base + 5, s.observed);
      bind_real(st, base + 6, s.reported);
      st.bind(base + 7, std::int64_t{s.incumbent});
      bind_real(st, base + 8, s.incumbent_observed);
      bind_real(st, base + 9, s.incumbent_reported);
      bind_real(st, base + 10, s.cost);
      bind_real(st, base + 11, s.time);
      st.bind(base + 12, std::int64_t{s.feasible ? 1 : 0});
      if (r.num_objectives > 1) {
        bind_real(st, base + 13, s.hypervolume);
        std::string objs = "[";
        const std::size_t at = static_cast<std::size_t>(s.step - 1) * r.num_objectives;
        for (std::uint32_t k = 0; k < r.num_objectives; ++k) {
          if (k > 0) objs += ',';
          append_number(objs, r.objectives[at + k]);
        }
        objs += ']';
        st.bind(base + 14, objs);
      } else {
        st.bind_null(base + 13);
        st.bind_null(base + 14);
      }
    };
    for (const auto& r : results) {
      run_st.bind(1, static_cast<std::int64_t>(r.index));
      run_st.bind(2, r.dataset);
      run_st.bind(3, r.algorithm);
      run_st.bind(4, r.seed);
      run_st.bind(5, std::to_string(r.run_seed));
      run_st.bind(6, std::string_view(r.status == RunStatus::kOk ? "ok" : "failed"));
      run_st.bind(7, r.error);
      // Queries of the run: the last row's 1-based step (runs may keep the last row only).
      run_st.bind(8, std::int64_t{r.steps.empty() ? 0U : r.steps.back().step});
      bind_real(run_st, 9, r.steps.empty() ? NAN : r.steps.back().incumbent_observed);
      bind_real(run_st, 10, r.steps.empty() ? NAN : r.steps.back().incumbent_reported);
      run_st.step();
      run_st.reset();
      if (!trajectory_) continue;
      std::size_t i = 0;
      for (; i + kBatch <= r.steps.size(); i += kBatch) {
        for (std::size_t k = 0; k < kBatch; ++k) {
          bind_step(batch_st, static_cast<int>(k) * kCols, r, r.steps[i + k]);
        }
        batch_st.step();
        batch_st.reset();
      }
      for (; i < r.steps.size(); ++i) {
        bind_step(step_st, 0, r, r.steps[i]);
        step_st.step();
        step_st.reset();
      }
    }
    // The index is built once after the rows are in: cheaper than keeping it up to date.
    db.exec("CREATE INDEX step_by_run ON step(run, step);");
    tx.commit();
  }
  commit_temp_file(tmp, path);
}

void ResultsWriter::write_all(const std::vector<RunResult>& results,
                              const std::vector<SourceRecord>& sources,
                              const std::vector<SummaryRow>& summary) const {
  std::error_code ec;
  std::filesystem::create_directories(out_dir_, ec);
  if (ec) throw ConfigError("cannot create output directory '" + out_dir_ + "': " + ec.message());
  // The two big files are independent: write them on two threads.
  std::exception_ptr jsonl_error;
  std::thread jsonl([&]() {
    try {
      if (trajectory_) {
        write_jsonl(results);
      } else {
        std::filesystem::remove(out_dir_ + "/trajectory.jsonl");
      }
    } catch (...) {
      jsonl_error = std::current_exception();
    }
  });
  try {
    write_sqlite(results);
  } catch (...) {
    jsonl.join();
    throw;
  }
  jsonl.join();
  if (jsonl_error) std::rethrow_exception(jsonl_error);

  Json sj = Json::object();
  sj["experiment"] = spec_.name;
  if (spec_.budget_unit == BudgetUnit::kSeconds) {
    sj["budget_seconds"] = spec_.budget_seconds;
  } else {
    sj["budget_queries"] = spec_.budget_queries;  // the amount, in budget_unit
  }
  sj["budget_unit"] = budget_unit_name(spec_.budget_unit);
  if (!time_model_.is_null()) {
    sj["time_model"] = {
        {"name", time_model_name()}, {"estimated", true}, {"details", "manifest.json"}};
  }
  sj["metric"] = spec_.report.split + "/" + spec_.report.fidelity + "/" + spec_.report.metric;
  sj["rows"] = Json::array();
  for (const auto& r : summary) {
    Json row = Json::object();
    row["dataset"] = r.dataset;
    row["algorithm"] = r.algorithm;
    row["runs"] = r.runs;
    row["failed"] = r.failed;
    row["mean"] = number_or_null(r.mean);
    row["std"] = number_or_null(r.std);
    row["ci95_t"] = Json::array({number_or_null(r.ci_low), number_or_null(r.ci_high)});
    row["median"] = number_or_null(r.median);
    row["best_in_table"] = number_or_null(r.best_in_table);
    row["regret"] = number_or_null(r.regret);
    if (!spec_.objectives.empty()) {
      row["hypervolume_mean"] = number_or_null(r.hv_mean);
      row["hypervolume_std"] = number_or_null(r.hv_std);
      row["hypervolume_ci95_t"] =
          Json::array({number_or_null(r.hv_ci_low), number_or_null(r.hv_ci_high)});
      row["true_front_hypervolume"] = number_or_null(r.true_hv);
      row["hypervolume_regret_mean"] = number_or_null(r.true_hv - r.hv_mean);
    }
    if (timed()) {
      // Simulated clock (budget units; estimated seconds for a seconds budget).
      row["final_time_mean"] = number_or_null(r.final_time_mean);
    }
    sj["rows"].push_back(row);
  }
  // Real time, kept apart from every simulated quantity above (strip_real_time removes it).
  Json rt = Json::object();
  rt["note"] =
      "algorithm_seconds: real wall-clock seconds per run (ask/tell and table look-ups) on the "
      "machine that ran it; not simulated, not reproducible";
  rt["rows"] = Json::array();
  for (const auto& r : summary) {
    rt["rows"].push_back({{"dataset", r.dataset},
                          {"algorithm", r.algorithm},
                          {"runs", r.runs},
                          {"algorithm_seconds_mean", number_or_null(r.algorithm_seconds_mean)},
                          {"algorithm_seconds_max", number_or_null(r.algorithm_seconds_max)}});
  }
  // summary.* stay byte-identical between runs; the real time goes to timing.json (and to the
  // table printed on stdout).
  write_file_atomic(out_dir_ + "/summary.json", sj.dump(2) + "\n");
  write_file_atomic(out_dir_ + "/summary.txt", strip_real_time(summary_text(summary)));
  write_file_atomic(out_dir_ + "/timing.json", Json{{"real_time", rt}}.dump(2) + "\n");

  Json m = Json::object();
  m["tabnas_version"] = kTabnasVersion;
  m["git_commit"] = kTabnasGitCommit;
  m["compiler"] = __VERSION__;
  m["libraries"] = {{"sqlite", sqlite3_libversion()},
                    {"hdf5", std::to_string(H5_VERS_MAJOR) + "." + std::to_string(H5_VERS_MINOR) +
                                 "." + std::to_string(H5_VERS_RELEASE)},
                    {"boost", std::to_string(BOOST_VERSION / 100000) + "." +
                                  std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                                  std::to_string(BOOST_VERSION % 100)},
                    {"nlohmann_json", std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                                          std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                                          std::to_string(NLOHMANN_JSON_VERSION_PATCH)}};
  m["store_schema_version"] = kSchemaVersion;
  m["master_seed"] = spec_.master_seed;
  Json seeds = Json::array();
  for (std::size_t d = 0; d < spec_.datasets.size(); ++d) {
    for (const auto s : spec_.seeds) {
      seeds.push_back({{"dataset", spec_.datasets[d]},
                       {"seed", s},
                       {"run_seed", std::to_string(runner_.run_seed(d, s))}});
    }
  }
  m["derived_seeds"] = seeds;
  if (!spec_.objectives.empty()) {
    Json refs = Json::object();
    for (std::size_t d = 0; d < spec_.datasets.size(); ++d) {
      refs[spec_.datasets[d]] = runner_.reference_point(d);
    }
    m["hypervolume_reference_points"] = refs;
    Json fronts = Json::object();
    for (std::size_t d = 0; d < spec_.datasets.size(); ++d) {
      const PointSet& f = runner_.true_front(d);
      Json pts = Json::array();
      for (std::size_t i = 0; i < f.size(); ++i) {
        pts.push_back(std::vector<double>(f.point(i), f.point(i) + f.dims));
      }
      fronts[spec_.datasets[d]] = {{"hypervolume", number_or_null(runner_.true_hypervolume(d))},
                                   {"points", pts}};
    }
    m["true_pareto_fronts"] = fronts;
  }
  Json src = Json::array();
  for (const auto& s : sources) {
    src.push_back({{"file", std::filesystem::path(s.path).filename().string()},
                   {"sha256", s.sha256},
                   {"importer", s.importer},
                   {"rows", s.rows}});
  }
  m["store_sources"] = src;
  if (!time_model_.is_null()) m["time_model"] = time_model_;
  m["spec"] = spec_.source;
  write_file_atomic(out_dir_ + "/manifest.json", m.dump(2) + "\n");
}

}  // namespace tabnas
