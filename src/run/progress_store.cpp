#include "tabnas/run/progress_store.hpp"

#include <algorithm>
#include <cstring>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {

// Version of the binary run layout below; bump when RunResult, StepRow or the layout changes.
// 1: one table row per run. 2: one table row per commit group (a per-run insert cost more than
// a fast run itself).
constexpr int kRecordFormat = 2;
// A group's records are split over table rows of about this size: SQLite copies a blob several
// times on insert, and one 11.5 MB row took 45 ms against 19 ms in 1 MiB rows (measured).
constexpr std::size_t kMaxBlobBytes = std::size_t{1} << 20U;

void put(std::string& out, const void* p, std::size_t n) {
  out.append(static_cast<const char*>(p), n);
}

template <typename T>
void put_value(std::string& out, T v) {
  put(out, &v, sizeof v);
}

void put_string(std::string& out, const std::string& s) {
  put_value(out, static_cast<std::uint32_t>(s.size()));
  put(out, s.data(), s.size());
}

/// Reads a run record; every read checks the bytes left, so a damaged blob gives a DataError
/// (never a read past its end).
class RecordReader {
 public:
  RecordReader(std::string_view blob, const std::string& path, std::int64_t group)
      : p_(blob.data()), end_(blob.data() + blob.size()), path_(path), group_(group) {}

  [[nodiscard]] bool done() const { return p_ == end_; }

  template <typename T>
  T value() {
    T v;
    std::memcpy(&v, take(sizeof v), sizeof v);
    return v;
  }
  std::string string() {
    const auto n = value<std::uint32_t>();
    return {take(n), n};
  }

 private:
  const char* take(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) {
      throw DataError("progress file '" + path_ + "': truncated run record in group " +
                      std::to_string(group_) + "; pass --fresh to discard the recorded runs");
    }
    const char* at = p_;
    p_ += n;
    return at;
  }
  const char* p_;
  const char* end_;
  const std::string& path_;
  std::int64_t group_;
};

void pack_run(std::string& out, const RunResult& r) {
  put_value(out, static_cast<std::uint64_t>(r.index));
  put_value(out, r.seed);
  put_value(out, r.run_seed);
  put_value(out, static_cast<std::uint8_t>(r.status == RunStatus::kOk ? 1 : 0));
  put_value(out, r.algorithm_seconds);
  put_value(out, r.num_objectives);
  put_string(out, r.dataset);
  put_string(out, r.algorithm);
  put_string(out, r.error);
  put_value(out, static_cast<std::uint32_t>(r.steps.size()));
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
  put_value(out, static_cast<std::uint32_t>(r.objectives.size()));
  put(out, r.objectives.data(), r.objectives.size() * sizeof(double));
}

RunResult unpack_run(RecordReader& in) {
  RunResult r;
  r.index = static_cast<std::size_t>(in.value<std::uint64_t>());
  r.seed = in.value<std::int64_t>();
  r.run_seed = in.value<std::uint64_t>();
  r.status = in.value<std::uint8_t>() != 0 ? RunStatus::kOk : RunStatus::kFailed;
  r.algorithm_seconds = in.value<double>();
  r.num_objectives = in.value<std::uint32_t>();
  r.dataset = in.string();
  r.algorithm = in.string();
  r.error = in.string();
  const auto num_steps = in.value<std::uint32_t>();
  r.steps.reserve(std::min<std::uint32_t>(num_steps, 1U << 20U));
  for (std::uint32_t k = 0; k < num_steps; ++k) {
    StepRow s;
    s.step = in.value<std::uint32_t>();
    s.arch = in.value<ArchId>();
    s.fidelity = in.value<std::uint32_t>();
    s.observed = in.value<double>();
    s.reported = in.value<double>();
    s.incumbent = in.value<ArchId>();
    s.incumbent_observed = in.value<double>();
    s.incumbent_reported = in.value<double>();
    s.cost = in.value<double>();
    s.time = in.value<double>();
    s.feasible = in.value<std::uint8_t>() != 0;
    s.hypervolume = in.value<double>();
    r.steps.push_back(s);
  }
  const auto num_values = in.value<std::uint32_t>();
  r.objectives.reserve(std::min<std::uint32_t>(num_values, 1U << 20U));
  for (std::uint32_t k = 0; k < num_values; ++k) r.objectives.push_back(in.value<double>());
  return r;
}

/// The ok runs of all groups by run index (failed runs are retried; a run recorded twice
/// keeps its latest record).
std::map<std::size_t, RunResult> load_runs(SqliteDatabase& db, const std::string& path) {
  std::map<std::size_t, RunResult> out;
  auto st = db.prepare("SELECT grp, runs, data FROM finished ORDER BY grp");
  while (st.step()) {
    const std::int64_t group = st.column_int(0);
    RecordReader in(st.column_blob(2), path, group);
    std::int64_t count = 0;
    while (!in.done()) {
      RunResult r = unpack_run(in);
      ++count;
      if (r.status == RunStatus::kOk) {
        const std::size_t index = r.index;
        out.insert_or_assign(index, std::move(r));
      }
    }
    if (count != st.column_int(1)) {
      throw DataError("progress file '" + path + "': group " + std::to_string(group) + " holds " +
                      std::to_string(count) + " runs, its row says " +
                      std::to_string(st.column_int(1)) + "; pass --fresh");
    }
  }
  return out;
}

}  // namespace

ProgressStore::ProgressStore(const std::string& path, const std::string& spec_hash) : path_(path) {
  db_ = std::make_unique<SqliteDatabase>(path, true);
  // WAL with synchronous=OFF: a commit is a write() without fsync. That survives the process
  // being killed at any point (the WAL is in the OS page cache); only an OS crash or power
  // loss can lose recent runs, which a rerun then recomputes. 64 KiB pages: a group of runs
  // with all their steps is a blob of megabytes.
  db_->exec("PRAGMA page_size=65536; PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
  db_->exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);");
  std::string have;
  {
    auto st = db_->prepare("SELECT value FROM meta WHERE key = 'spec_hash'");
    if (st.step()) have = st.column_text(0);
  }
  if (have.empty()) {
    auto st =
        db_->prepare("INSERT INTO meta(key, value) VALUES ('spec_hash', ?), ('record_format', ?)");
    st.bind(1, spec_hash);
    st.bind(2, std::to_string(kRecordFormat));
    st.step();
  } else if (have != spec_hash) {
    throw ConfigError(
        "'" + path +
        "' holds runs of a different spec, store or --no-trajectory setting; use another "
        "--out directory or pass --fresh to discard them");
  } else {
    auto st = db_->prepare("SELECT value FROM meta WHERE key = 'record_format'");
    if (!st.step() || st.column_text(0) != std::to_string(kRecordFormat)) {
      throw ConfigError("'" + path + "' was written by another tabnas version; pass --fresh");
    }
  }
  // Checked before creating the table, so a file of another version is left as it was.
  db_->exec(
      "CREATE TABLE IF NOT EXISTS finished(grp INTEGER PRIMARY KEY, runs INTEGER NOT NULL, "
      "ok INTEGER NOT NULL, data BLOB NOT NULL);");
}

std::map<std::size_t, RunResult> ProgressStore::load_finished() {
  return load_runs(*db_, path_);
}

std::map<std::size_t, RunResult> ProgressStore::read(const std::string& path) {
  SqliteDatabase db(path, false, true);
  return load_runs(db, path);
}

void ProgressStore::record(const std::vector<RunResult>& runs) {
  if (runs.empty()) return;
  SqliteTransaction tx(*db_);
  auto st = db_->prepare("INSERT INTO finished(runs, ok, data) VALUES (?, ?, ?)");
  std::int64_t count = 0;
  std::int64_t ok = 0;
  const auto flush = [&] {
    st.reset();
    st.bind(1, count);
    st.bind(2, ok);
    st.bind_blob(3, buffer_.data(), buffer_.size());
    st.step();
    buffer_.clear();
    count = 0;
    ok = 0;
  };
  buffer_.clear();
  for (const RunResult& r : runs) {
    pack_run(buffer_, r);
    ++count;
    if (r.status == RunStatus::kOk) ++ok;
    if (buffer_.size() >= kMaxBlobBytes) flush();
  }
  if (count > 0) flush();
  tx.commit();
}

}  // namespace tabnas
