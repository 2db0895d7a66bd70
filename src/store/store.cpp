#include "tabnas/store/store.hpp"

#include <array>
#include <filesystem>
#include <limits>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {

constexpr const char* kSchemaSql = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS source(
  id INTEGER PRIMARY KEY, path TEXT NOT NULL, sha256 TEXT NOT NULL, importer TEXT NOT NULL,
  imported_at TEXT NOT NULL, rows INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS arch(
  space TEXT NOT NULL, idx INTEGER NOT NULL, arch_str TEXT NOT NULL, canonical_id INTEGER,
  PRIMARY KEY(space, idx)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS arch_by_str ON arch(space, arch_str);
CREATE TABLE IF NOT EXISTS metric(
  space TEXT NOT NULL, dataset TEXT NOT NULL, split TEXT NOT NULL, fidelity TEXT NOT NULL,
  metric TEXT NOT NULL, arch INTEGER NOT NULL, run INTEGER NOT NULL, seed INTEGER,
  value REAL, source_id INTEGER NOT NULL REFERENCES source(id),
  PRIMARY KEY(space, dataset, split, fidelity, metric, arch, run)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hw_metric(
  space TEXT NOT NULL, device TEXT NOT NULL, metric TEXT NOT NULL, batch INTEGER NOT NULL,
  arch INTEGER NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, predicted INTEGER NOT NULL,
  source_id INTEGER NOT NULL REFERENCES source(id),
  PRIMARY KEY(space, device, metric, batch, arch)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS import_report(
  source_id INTEGER NOT NULL REFERENCES source(id), kind TEXT NOT NULL, item TEXT NOT NULL,
  message TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS column_index(
  space TEXT NOT NULL, dataset TEXT NOT NULL, split TEXT NOT NULL, fidelity TEXT NOT NULL,
  metric TEXT NOT NULL, archs INTEGER NOT NULL, rows INTEGER NOT NULL, max_run INTEGER NOT NULL,
  min_run INTEGER NOT NULL, PRIMARY KEY(space, dataset, split, fidelity, metric)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS curve(
  space TEXT NOT NULL, dataset TEXT NOT NULL, split TEXT NOT NULL, fidelity TEXT NOT NULL,
  metric TEXT NOT NULL, h5_file TEXT NOT NULL, h5_dataset TEXT NOT NULL,
  source_id INTEGER NOT NULL REFERENCES source(id),
  PRIMARY KEY(space, dataset, split, fidelity, metric));
)SQL";

}  // namespace

Store::Store(const std::string& path, Mode mode) : path_(path) {
  const bool exists = path == ":memory:" || std::filesystem::exists(path);
  if (mode == Mode::kRead && !exists) {
    throw StoreError("store '" + path +
                     "' does not exist; create it with `tabnas import ...` (or pass --store / "
                     "set TABNAS_STORE)");
  }
  db_ = std::make_unique<SqliteDatabase>(path, mode == Mode::kWrite, mode == Mode::kRead);
  if (mode == Mode::kWrite) {
    db_->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    create_schema();
  }
  check_schema();
}

void Store::create_schema() {
  SqliteTransaction tx(*db_);
  db_->exec(kSchemaSql);
  auto st = db_->prepare("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)");
  st.bind(1, std::to_string(kSchemaVersion));
  st.step();
  tx.commit();
}

void Store::check_schema() {
  std::string version;
  try {
    auto st = db_->prepare("SELECT value FROM meta WHERE key = 'schema_version'");
    if (st.step()) version = st.column_text(0);
  } catch (const StoreError&) {
    throw DataError("'" + path_ + "' is not a tabnas store (no meta table)");
  }
  if (version.empty()) throw DataError("'" + path_ + "' is not a tabnas store (no schema version)");
  if (std::stoi(version) > kSchemaVersion) {
    throw StoreError("store '" + path_ + "' has schema version " + version +
                     ", newer than this tabnas (" + std::to_string(kSchemaVersion) + ")");
  }
}

std::string Store::curve_dir() const {
  return path_ + ".h5.d";
}

std::optional<std::pair<std::string, std::string>> Store::curve_location(const std::string& space,
                                                                         const MetricKey& key) {
  auto st = db_->prepare(
      "SELECT h5_file, h5_dataset FROM curve WHERE space = ? AND dataset = ? AND split = ? AND "
      "fidelity = ? AND metric = ?");
  st.bind(1, space);
  st.bind(2, key.dataset);
  st.bind(3, key.split);
  st.bind(4, key.fidelity);
  st.bind(5, key.metric);
  if (!st.step()) return std::nullopt;
  return std::make_pair(curve_dir() + "/" + st.column_text(0), st.column_text(1));
}

std::vector<std::string> Store::spaces() {
  std::vector<std::string> out;
  auto st = db_->prepare("SELECT DISTINCT space FROM arch ORDER BY space");
  while (st.step()) out.push_back(st.column_text(0));
  return out;
}

std::vector<std::string> Store::arch_strings(const std::string& space) {
  std::vector<std::string> out;
  auto st = db_->prepare("SELECT idx, arch_str FROM arch WHERE space = ? ORDER BY idx");
  st.bind(1, space);
  while (st.step()) {
    if (st.column_int(0) != static_cast<std::int64_t>(out.size())) {
      throw DataError("store '" + path_ + "': arch list of space '" + space + "' has a gap at " +
                      std::to_string(out.size()));
    }
    out.push_back(st.column_text(1));
  }
  if (out.empty()) {
    std::string have;
    for (const auto& s : spaces()) have += (have.empty() ? "" : ", ") + s;
    throw ConfigError("space '" + space + "' is not in store '" + path_ + "' (present: " +
                      (have.empty() ? "none; run `tabnas import default`" : have) + ")");
  }
  return out;
}

std::vector<ColumnSummary> Store::columns() {
  std::vector<ColumnSummary> out;
  // column_index is rebuilt by every import (ImportWriter::commit), so this is a cheap read.
  auto st = db_->prepare(
      "SELECT space, dataset, split, fidelity, metric, archs, rows, max_run, min_run "
      "FROM column_index ORDER BY space, dataset, split, fidelity, metric");
  while (st.step()) {
    ColumnSummary c;
    c.space = st.column_text(0);
    c.key = {st.column_text(1), st.column_text(2), st.column_text(3), st.column_text(4)};
    c.archs = st.column_int(5);
    c.rows = st.column_int(6);
    c.runs = st.column_int(7) + 1;
    c.seed_mean = st.column_int(8) < 0;
    out.push_back(c);
  }
  return out;
}

std::vector<SourceRecord> Store::sources() {
  std::vector<SourceRecord> out;
  auto st =
      db_->prepare("SELECT id, path, sha256, importer, imported_at, rows FROM source ORDER BY id");
  while (st.step()) {
    out.push_back({st.column_int(0), st.column_text(1), st.column_text(2), st.column_text(3),
                   st.column_text(4), st.column_int(5)});
  }
  return out;
}

std::vector<std::array<std::string, 3>> Store::import_report(std::int64_t source_id) {
  std::vector<std::array<std::string, 3>> out;
  auto st = db_->prepare(
      "SELECT kind, item, message FROM import_report WHERE source_id = ? ORDER BY rowid");
  st.bind(1, source_id);
  while (st.step()) out.push_back({st.column_text(0), st.column_text(1), st.column_text(2)});
  return out;
}

std::int64_t Store::for_each_value(const std::string& space, const MetricKey& key,
                                   const std::function<void(std::uint32_t, int, double)>& fn) {
  auto st = db_->prepare(
      "SELECT arch, run, value FROM metric WHERE space = ? AND dataset = ? AND split = ? AND "
      "fidelity = ? AND metric = ? ORDER BY arch, run");
  st.bind(1, space);
  st.bind(2, key.dataset);
  st.bind(3, key.split);
  st.bind(4, key.fidelity);
  st.bind(5, key.metric);
  std::int64_t n = 0;
  while (st.step()) {
    const double v = st.is_null(2) ? std::numeric_limits<double>::quiet_NaN() : st.column_double(2);
    fn(static_cast<std::uint32_t>(st.column_int(0)), static_cast<int>(st.column_int(1)), v);
    ++n;
  }
  return n;
}

std::int64_t Store::for_each_hw_value(const std::string& space, const std::string& device,
                                      const std::string& metric, int batch,
                                      const std::function<void(std::uint32_t, double)>& fn) {
  auto st = db_->prepare(
      "SELECT arch, value FROM hw_metric WHERE space = ? AND device = ? AND metric = ? AND "
      "batch = ? ORDER BY arch");
  st.bind(1, space);
  st.bind(2, device);
  st.bind(3, metric);
  st.bind(4, std::int64_t{batch});
  std::int64_t n = 0;
  while (st.step()) {
    fn(static_cast<std::uint32_t>(st.column_int(0)), st.column_double(1));
    ++n;
  }
  return n;
}

}  // namespace tabnas
