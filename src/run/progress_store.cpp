#include "tabnas/run/progress_store.hpp"

#include <cstring>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {

// Version of the binary step layout below; bump when StepRow changes.
constexpr int kStepFormat = 1;

void put(std::string& out, const void* p, std::size_t n) {
  out.append(static_cast<const char*>(p), n);
}

template <typename T>
void put_value(std::string& out, T v) {
  put(out, &v, sizeof v);
}

template <typename T>
T get_value(const char*& p, const char* end) {
  if (static_cast<std::size_t>(end - p) < sizeof(T)) {
    throw DataError("progress file: truncated step record");
  }
  T v;
  std::memcpy(&v, p, sizeof v);
  p += sizeof v;
  return v;
}

std::string pack_steps(const RunResult& r) {
  std::string out;
  out.reserve(r.steps.size() * 72);
  for (const StepRow& s : r.steps) {
    put_value(out, s.step);
    put_value(out, s.arch);
    put_value(out, s.fidelity);
    put_value(out, s.observed);
    put_value(out, s.reported);
    put_value(out, s.incumbent);
    put_value(out, s.incumbent_observed);
    put_value(out, s.incumbent_reported);
    put_value(out, s.cost);
    put_value(out, s.time);
    put_value(out, static_cast<std::uint8_t>(s.feasible ? 1 : 0));
    put_value(out, s.hypervolume);
  }
  return out;
}

std::vector<StepRow> unpack_steps(std::string_view blob) {
  std::vector<StepRow> steps;
  const char* p = blob.data();
  const char* end = blob.data() + blob.size();
  while (p < end) {
    StepRow s;
    s.step = get_value<std::uint32_t>(p, end);
    s.arch = get_value<ArchId>(p, end);
    s.fidelity = get_value<std::uint32_t>(p, end);
    s.observed = get_value<double>(p, end);
    s.reported = get_value<double>(p, end);
    s.incumbent = get_value<ArchId>(p, end);
    s.incumbent_observed = get_value<double>(p, end);
    s.incumbent_reported = get_value<double>(p, end);
    s.cost = get_value<double>(p, end);
    s.time = get_value<double>(p, end);
    s.feasible = get_value<std::uint8_t>(p, end) != 0;
    s.hypervolume = get_value<double>(p, end);
    steps.push_back(s);
  }
  return steps;
}

}  // namespace

ProgressStore::ProgressStore(const std::string& path, const std::string& spec_hash) {
  db_ = std::make_unique<SqliteDatabase>(path, true);
  // WAL with synchronous=OFF: a commit is a write() without fsync. That survives the process
  // being killed at any point (the WAL is in the OS page cache); only an OS crash or power
  // loss can lose recent runs, which a rerun then recomputes. 64 KiB pages: a run's steps
  // are a ~12 KB blob, and large pages halve the cost of writing them (measured).
  db_->exec("PRAGMA page_size=65536; PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
  db_->exec(
      "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
      "CREATE TABLE IF NOT EXISTS finished(run INTEGER PRIMARY KEY, dataset TEXT, algorithm "
      "TEXT, seed INTEGER, run_seed TEXT, status TEXT, error TEXT, algorithm_seconds REAL, "
      "num_objectives INTEGER, steps BLOB, objectives BLOB);");
  std::string have;
  {
    auto st = db_->prepare("SELECT value FROM meta WHERE key = 'spec_hash'");
    if (st.step()) have = st.column_text(0);
  }
  if (have.empty()) {
    auto st =
        db_->prepare("INSERT INTO meta(key, value) VALUES ('spec_hash', ?), ('step_format', ?)");
    st.bind(1, spec_hash);
    st.bind(2, std::to_string(kStepFormat));
    st.step();
  } else if (have != spec_hash) {
    throw ConfigError(
        "'" + path +
        "' holds runs of a different spec, store or --no-trajectory setting; use another "
        "--out directory or pass --fresh to discard them");
  } else {
    auto st = db_->prepare("SELECT value FROM meta WHERE key = 'step_format'");
    if (!st.step() || st.column_text(0) != std::to_string(kStepFormat)) {
      throw ConfigError("'" + path + "' was written by another tabnas version; pass --fresh");
    }
  }
}

std::map<std::size_t, RunResult> ProgressStore::load_finished() {
  std::map<std::size_t, RunResult> out;
  auto st = db_->prepare(
      "SELECT run, dataset, algorithm, seed, run_seed, algorithm_seconds, num_objectives, steps, "
      "objectives FROM finished WHERE status = 'ok' ORDER BY run");
  while (st.step()) {
    RunResult r;
    r.index = static_cast<std::size_t>(st.column_int(0));
    r.dataset = st.column_text(1);
    r.algorithm = st.column_text(2);
    r.seed = st.column_int(3);
    r.run_seed = std::stoull(st.column_text(4));
    r.algorithm_seconds = st.column_double(5);
    r.num_objectives = static_cast<std::uint32_t>(st.column_int(6));
    r.steps = unpack_steps(st.column_blob(7));
    const std::string_view objs = st.column_blob(8);
    r.objectives.resize(objs.size() / sizeof(double));
    if (!objs.empty()) std::memcpy(r.objectives.data(), objs.data(), objs.size());
    out.emplace(r.index, std::move(r));
  }
  return out;
}

void ProgressStore::record(const std::vector<RunResult>& runs) {
  if (runs.empty()) return;
  SqliteTransaction tx(*db_);
  auto st = db_->prepare("INSERT OR REPLACE INTO finished VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  std::string steps;
  for (const RunResult& r : runs) {
    st.reset();
    st.bind(1, static_cast<std::int64_t>(r.index));
    st.bind(2, r.dataset);
    st.bind(3, r.algorithm);
    st.bind(4, r.seed);
    st.bind(5, std::to_string(r.run_seed));
    st.bind(6, std::string_view(r.status == RunStatus::kOk ? "ok" : "failed"));
    st.bind(7, r.error);
    st.bind(8, r.algorithm_seconds);
    st.bind(9, std::int64_t{r.num_objectives});
    steps = pack_steps(r);
    st.bind_blob(10, steps.data(), steps.size());
    st.bind_blob(11, r.objectives.data(), r.objectives.size() * sizeof(double));
    st.step();
  }
  tx.commit();
}

}  // namespace tabnas
