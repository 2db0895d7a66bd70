#include "tabnas/store/import_writer.hpp"

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "tabnas/core/errors.hpp"
#include "tabnas/core/sha256.hpp"

namespace tabnas {

namespace {

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string sha_of_source(const std::string& path) {
  if (std::filesystem::is_directory(path)) {
    // A directory source (e.g. NATS per-arch files): the importer replaces this with a digest
    // over its files (ImportWriter::set_source_sha256).
    return "directory";
  }
  return Sha256::of_file(path);
}

}  // namespace

ImportWriter::ImportWriter(Store& store, const std::string& importer,
                           const std::string& source_path)
    : store_(store),
      tx_(store.db()),
      metric_stmt_(store.db().prepare(
          "INSERT OR REPLACE INTO metric(space, dataset, split, fidelity, metric, arch, run, seed, "
          "value, source_id) VALUES (?,?,?,?,?,?,?,?,?,?)")),
      hw_stmt_(store.db().prepare(
          "INSERT OR REPLACE INTO hw_metric(space, device, metric, batch, arch, value, unit, "
          "predicted, source_id) VALUES (?,?,?,?,?,?,?,?,?)")),
      note_stmt_(store.db().prepare(
          "INSERT INTO import_report(source_id, kind, item, message) VALUES (?,?,?,?)")) {
  // Large imports (millions of rows) insert into many key ranges at once: a 256 MiB page cache
  // keeps the B-tree pages they touch in memory instead of re-reading them from the WAL.
  store_.db().exec("PRAGMA cache_size=-262144");
  const std::string abs = std::filesystem::absolute(source_path).lexically_normal().string();
  auto st = store_.db().prepare(
      "INSERT INTO source(path, sha256, importer, imported_at) VALUES (?,?,?,?)");
  st.bind(1, abs);
  st.bind(2, sha_of_source(source_path));
  st.bind(3, importer);
  st.bind(4, utc_now());
  st.step();
  auto id = store_.db().prepare("SELECT last_insert_rowid()");
  id.step();
  source_id_ = id.column_int(0);
  // Test hook for the atomicity tests: the process kills itself (SIGKILL, no cleanup) after
  // writing this many rows inside the open transaction.
  if (const char* k = std::getenv("TABNAS_TEST_KILL_AFTER_ROWS"); k != nullptr) {
    kill_after_rows_ = std::atoll(k);
  }
}

void ImportWriter::count_row() {
  ++rows_;
  if (kill_after_rows_ > 0 && rows_ == kill_after_rows_) std::raise(SIGKILL);
}

void ImportWriter::set_arch_list(const std::string& space,
                                 const std::vector<std::string>& arch_strings,
                                 const std::vector<std::uint32_t>& canonical_ids) {
  std::vector<std::string> existing;
  {
    auto st = store_.db().prepare("SELECT arch_str FROM arch WHERE space = ? ORDER BY idx");
    st.bind(1, space);
    while (st.step()) existing.push_back(st.column_text(0));
  }
  if (!existing.empty()) {
    if (existing != arch_strings) {
      throw DataError("architecture list of space '" + space +
                      "' differs from the one already in the store; refusing to mix index "
                      "orders (import into a new --store)");
    }
    return;
  }
  auto st =
      store_.db().prepare("INSERT INTO arch(space, idx, arch_str, canonical_id) VALUES (?,?,?,?)");
  for (std::size_t i = 0; i < arch_strings.size(); ++i) {
    st.bind(1, space);
    st.bind(2, static_cast<std::int64_t>(i));
    st.bind(3, arch_strings[i]);
    if (i < canonical_ids.size()) {
      st.bind(4, static_cast<std::int64_t>(canonical_ids[i]));
    } else {
      st.bind_null(4);
    }
    st.step();
    st.reset();
  }
}

void ImportWriter::put_metric(const std::string& space, const MetricKey& key, std::uint32_t arch,
                              int run, std::optional<std::int64_t> seed, double value) {
  auto& st = metric_stmt_;
  st.bind(1, space);
  st.bind(2, key.dataset);
  st.bind(3, key.split);
  st.bind(4, key.fidelity);
  st.bind(5, key.metric);
  st.bind(6, std::int64_t{arch});
  st.bind(7, std::int64_t{run});
  if (seed) {
    st.bind(8, *seed);
  } else {
    st.bind_null(8);
  }
  if (std::isnan(value)) {
    st.bind_null(9);
  } else {
    st.bind(9, value);
  }
  st.bind(10, source_id_);
  st.step();
  st.reset();
  count_row();
}

void ImportWriter::put_hw(const std::string& space, const std::string& device,
                          const std::string& metric, int batch, std::uint32_t arch, double value,
                          const std::string& unit, bool predicted) {
  auto& st = hw_stmt_;
  st.bind(1, space);
  st.bind(2, device);
  st.bind(3, metric);
  st.bind(4, std::int64_t{batch});
  st.bind(5, std::int64_t{arch});
  st.bind(6, value);
  st.bind(7, unit);
  st.bind(8, std::int64_t{predicted ? 1 : 0});
  st.bind(9, source_id_);
  st.step();
  st.reset();
  count_row();
}

void ImportWriter::put_curve(const std::string& space, const MetricKey& key,
                             const std::string& h5_file, const std::string& h5_dataset) {
  auto st = store_.db().prepare(
      "INSERT OR REPLACE INTO curve(space, dataset, split, fidelity, metric, h5_file, h5_dataset, "
      "source_id) VALUES (?,?,?,?,?,?,?,?)");
  st.bind(1, space);
  st.bind(2, key.dataset);
  st.bind(3, key.split);
  st.bind(4, key.fidelity);
  st.bind(5, key.metric);
  st.bind(6, h5_file);
  st.bind(7, h5_dataset);
  st.bind(8, source_id_);
  st.step();
}

void ImportWriter::set_source_sha256(const std::string& hex) {
  auto st = store_.db().prepare("UPDATE source SET sha256 = ? WHERE id = ?");
  st.bind(1, hex);
  st.bind(2, source_id_);
  st.step();
}

void ImportWriter::note(const std::string& kind, const std::string& item,
                        const std::string& message) {
  auto& st = note_stmt_;
  st.bind(1, source_id_);
  st.bind(2, kind);
  st.bind(3, item);
  st.bind(4, message);
  st.step();
  st.reset();
}

void ImportWriter::commit() {
  store_.db().exec(
      "DELETE FROM column_index;"
      "INSERT INTO column_index SELECT space, dataset, split, fidelity, metric, "
      "COUNT(DISTINCT arch), COUNT(*), MAX(run), MIN(run) FROM metric "
      "GROUP BY space, dataset, split, fidelity, metric;");
  // A source all of whose rows later imports replaced (INSERT OR REPLACE gives a row to the
  // newest import; typically the same file imported again) describes nothing in the store any
  // more: drop it with its import report, so provenance (`tabnas info`, manifests, the identity
  // of resumable runs) lists what the store holds. Sources that never owned a row (rows = 0,
  // this import until the UPDATE below, or one whose rows were all rejected) stay.
  store_.db().exec(
      "DROP TABLE IF EXISTS temp.live_source;"
      "CREATE TEMP TABLE live_source AS SELECT source_id AS id FROM metric "
      "UNION SELECT source_id FROM hw_metric UNION SELECT source_id FROM curve;"
      "DELETE FROM import_report WHERE source_id IN (SELECT id FROM source WHERE rows > 0 AND "
      "id NOT IN (SELECT id FROM temp.live_source));"
      "DELETE FROM source WHERE rows > 0 AND id NOT IN (SELECT id FROM temp.live_source);"
      "DROP TABLE temp.live_source;");
  auto st = store_.db().prepare("UPDATE source SET rows = ? WHERE id = ?");
  st.bind(1, rows_);
  st.bind(2, source_id_);
  st.step();
  tx_.commit();
}

}  // namespace tabnas
