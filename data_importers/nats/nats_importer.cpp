#include "nats/nats_importer.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <tuple>

#include "container/bzip2_decoder.hpp"
#include "container/container_format.hpp"
#include "container/mapped_file.hpp"
#include "container/open_any.hpp"
#include "nats/nats_record_reader.hpp"
#include "nats/ordered_queue.hpp"
#include "pickle/cursor.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/sha256.hpp"
#include "tabnas/store/curve_writer.hpp"
#include "tabnas/store/import_writer.hpp"

namespace fs = std::filesystem;

namespace tabnas::nats {

namespace {

constexpr std::size_t kNb201Archs = 15625;
constexpr std::size_t kSssArchs = 32768;
/// Architectures whose scalar rows are sorted and written together.
constexpr std::size_t kRowBatchArchs = 64;
/// Examples listed per import-report line.
constexpr std::size_t kExamples = 5;

/// A decoded record or the error that decoding it raised.
struct Decoded {
  NatsArchRecord record;
  std::exception_ptr error;
  std::string sha256;  ///< of the file's bytes (directory form)
  bool end = false;    ///< end-of-stream marker
};

std::string join_examples(const std::vector<std::string>& v, std::size_t total) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i > 0 ? "; " : "") + v[i];
  if (total > v.size()) out += "; ...";
  return out;
}

bool is_sss_string(const std::string& s) {
  static const std::regex kSss("[0-9]+(:[0-9]+)*");
  return std::regex_match(s, kSss);
}

/// Per-arch-file name: six digits + ".pickle.pbz2" (or ".pickle").
std::optional<std::int64_t> arch_file_index(const std::string& name) {
  static const std::regex kName("([0-9]{6,})\\.pickle(\\.pbz2)?");
  std::smatch m;
  if (!std::regex_match(name, m, kName)) return std::nullopt;
  return std::stoll(m[1].str());
}

/// Writes records into the store and the curve file; owns the import report bookkeeping.
class RecordSink {
 public:
  RecordSink(ImportWriter& writer, CurveWriter& curves, std::string source)
      : writer_(writer), curves_(curves), source_(std::move(source)) {}

  /// Space the rows are filed under; "" = decided by the first record's arch string.
  void set_space(std::string space) { space_ = std::move(space); }
  [[nodiscard]] const std::string& space() const noexcept { return space_; }
  void set_meta(const std::vector<std::string>* meta) { meta_ = meta; }

  void write(const NatsArchRecord& r) {
    if (r.index < 0) throw DataError(source_ + ": negative architecture index");
    const auto arch = static_cast<std::uint32_t>(r.index);
    if (meta_ != nullptr && static_cast<std::size_t>(r.index) >= meta_->size()) {
      throw DataError(source_ + ": record of architecture " + std::to_string(r.index) +
                      " but meta_archs lists " + std::to_string(meta_->size()));
    }
    if (space_.empty()) space_ = is_sss_string(r.arch_str) ? "nats_sss" : "nb201";
    if (!arch_seen_.insert(arch).second) {
      throw DataError(source_ + ": architecture " + std::to_string(r.index) + " appears twice");
    }
    arch_str_.emplace(arch, r.arch_str);
    if (r.recorded_index != r.index) {
      if (index_mismatch_.size() < kExamples) {
        index_mismatch_.push_back(std::to_string(r.index) + " holds arch_index " +
                                  std::to_string(r.recorded_index));
      }
      ++index_mismatches_;
    }
    // run slot = position of the seed among this arch's seeds of (dataset, fidelity)
    std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> seeds;
    for (const NatsRun& run : r.runs) seeds[{run.dataset, run.fidelity}].push_back(run.seed);
    for (auto& [key, list] : seeds) {
      std::sort(list.begin(), list.end());
      if (std::adjacent_find(list.begin(), list.end()) != list.end()) {
        throw DataError(source_ + ": architecture " + std::to_string(r.index) + ", " + key.first +
                        " " + key.second + ": a seed appears twice");
      }
      seed_histogram_[key.first + " " + key.second][list.size()] += 1;
    }
    // runs in (dataset, fidelity, seed) order: the curves' seed axes then list the seeds sorted
    // (new seeds of later architectures are appended), and sums are taken in a fixed order
    std::vector<const NatsRun*> sorted;
    for (const NatsRun& run : r.runs) sorted.push_back(&run);
    std::sort(sorted.begin(), sorted.end(), [](const NatsRun* a, const NatsRun* b) {
      return std::tie(a->dataset, a->fidelity, a->seed) <
             std::tie(b->dataset, b->fidelity, b->seed);
    });
    for (const NatsRun* run : sorted) write_run(arch, *run, seeds[{run->dataset, run->fidelity}]);
    for (const auto& [key, list] : seeds) resolve_costs(arch, sorted, key.first, key.second, list);
    curves_.arch_done(arch);
    if (++archs_ % kRowBatchArchs == 0) flush_rows();
  }

  /// Import-report lines and summary notes; called once after the last record.
  void report(const std::vector<std::string>& meta, ImportSummary& summary) {
    if (!arch_seen_.empty() && *arch_seen_.rbegin() >= meta.size()) {
      throw DataError(source_ + ": record of architecture " + std::to_string(*arch_seen_.rbegin()) +
                      " but meta_archs lists " + std::to_string(meta.size()));
    }
    // arch strings against meta_archs
    std::size_t str_mismatches = 0;
    std::vector<std::string> examples;
    for (const auto& [arch, s] : arch_str_) {
      if (arch < meta.size() && meta[arch] != s) {
        if (examples.size() < kExamples) {
          examples.push_back(std::to_string(arch) + " is '" + s + "', meta_archs says '" +
                             meta[arch] + "'");
        }
        ++str_mismatches;
      }
    }
    warn_mismatch("arch_str", str_mismatches,
                  " records hold another architecture than meta_archs lists at their index; "
                  "they are filed under the index they were found at, as the NATS API does: ",
                  examples, summary);
    warn_mismatch("arch_index", index_mismatches_,
                  " records carry an arch_index different from the index they are filed under "
                  "(file name or arch2infos key), which wins: ",
                  index_mismatch_, summary);
    // coverage
    std::size_t missing = 0;
    std::vector<std::string> missing_examples;
    for (std::size_t i = 0; i < meta.size(); ++i) {
      if (arch_seen_.count(static_cast<std::uint32_t>(i)) == 0U) {
        if (missing_examples.size() < kExamples) missing_examples.push_back(std::to_string(i));
        ++missing;
      }
    }
    if (missing > 0) {
      const std::string msg = std::to_string(missing) + " of " + std::to_string(meta.size()) +
                              " architectures of meta_archs have no results: " +
                              join_examples(missing_examples, missing);
      writer_.note("missing", "architectures", msg);
      summary.notes.push_back(msg);
      summary.missing += static_cast<std::int64_t>(missing);
    }
    // seeds per (dataset, fidelity)
    for (const auto& [key, hist] : seed_histogram_) {
      std::string msg;
      for (const auto& [n, count] : hist) {
        msg += (msg.empty() ? "" : ", ") + std::to_string(count) + " archs with " +
               std::to_string(n) + (n == 1 ? " seed" : " seeds");
      }
      writer_.note("note", "seeds " + key, msg);
    }
    // sparse curves and the valtest rule
    for (const auto& [key, cs] : curve_slots_) {
      if (cs.sparse_runs == 0) continue;
      std::string msg = std::to_string(cs.sparse_runs) + " of " + std::to_string(cs.runs) +
                        " runs have values at only some epochs (NaN elsewhere in the curve)";
      if (key.split == "valid") {
        msg +=
            ". NATS rule: at an epoch without a valid value, simulate_train_eval uses the "
            "valtest (ori-test) value; `tabnas query --epoch` applies it";
      }
      writer_.note(
          "missing",
          "sparse " + key.dataset + " " + key.fidelity + " " + key.split + " " + key.metric, msg);
    }
    if (!cost_patched_.empty() || cost_patches_ > 0) {
      const std::string msg =
          std::to_string(cost_patches_) +
          " (arch, dataset, fidelity) groups have params/flops that differ across seeds; the "
          "resolved value (run -1) is the seed-888 value (NATS API v1.6 legacy fix), or the "
          "mean when seed 888 is absent: " +
          join_examples(cost_patched_, cost_patches_);
      writer_.note("patched", "seed-888 rule", msg);
      summary.notes.push_back(msg);
    } else {
      writer_.note("note", "seed-888 rule",
                   "params and flops agree across the seeds of every (arch, dataset, fidelity); "
                   "the rule (use seed 888's value when they differ) changed nothing");
    }
    summary.archs = static_cast<std::int64_t>(archs_);
    flush_rows();
    for (const auto& [k, id] : columns_) {
      summary.columns.push_back(k.dataset + "/" + k.split + "/" + k.fidelity + "/" + k.metric);
    }
  }

  [[nodiscard]] std::size_t archs() const noexcept { return archs_; }
  [[nodiscard]] const std::map<std::string, MetricKey>& curve_keys() const { return curve_keys_; }

 private:
  /// A `mismatch` import-report line and a summary WARNING, when count > 0.
  void warn_mismatch(const std::string& item, std::size_t count, const std::string& what,
                     const std::vector<std::string>& examples, ImportSummary& summary) {
    if (count == 0) return;
    const std::string msg = std::to_string(count) + what + join_examples(examples, count);
    writer_.note("mismatch", item, msg);
    summary.notes.push_back("WARNING: " + msg);
  }

  /// One scalar row, written in batches sorted like the table's primary key.
  struct PendingRow {
    int column = 0;
    std::uint32_t arch = 0;
    int run = 0;
    std::int64_t seed = 0;
    bool has_seed = false;
    double value = 0.0;
  };
  /// One HDF5 curve dataset and its sparse-run counts.
  struct CurveSlot {
    int handle = 0;
    std::size_t sparse_runs = 0;
    std::size_t runs = 0;
  };

  void put(const std::string& dataset, const std::string& split, const std::string& fidelity,
           const std::string& metric, std::uint32_t arch, int run, std::optional<std::int64_t> seed,
           double value) {
    MetricKey key{dataset, split, fidelity, metric};
    auto it = columns_.find(key);
    if (it == columns_.end()) {
      it = columns_.emplace(std::move(key), static_cast<int>(column_keys_.size())).first;
      column_keys_.push_back(&it->first);
    }
    pending_.push_back(
        PendingRow{it->second, arch, run, seed.value_or(0), seed.has_value(), value});
  }

  /// Writes the pending rows in primary-key order (column, arch, run): consecutive inserts then
  /// land in the same B-tree pages, which roughly halves SQLite's cost per row here.
  void flush_rows() {
    std::vector<int> rank(column_keys_.size());
    int r = 0;
    for (const auto& [key, id] : columns_) rank[static_cast<std::size_t>(id)] = r++;
    std::sort(pending_.begin(), pending_.end(), [&](const PendingRow& a, const PendingRow& b) {
      return std::tuple(rank[static_cast<std::size_t>(a.column)], a.arch, a.run) <
             std::tuple(rank[static_cast<std::size_t>(b.column)], b.arch, b.run);
    });
    for (const PendingRow& row : pending_) {
      writer_.put_metric(
          space_, *column_keys_[static_cast<std::size_t>(row.column)], row.arch, row.run,
          row.has_seed ? std::optional<std::int64_t>(row.seed) : std::nullopt, row.value);
    }
    pending_.clear();
  }

  void write_run(std::uint32_t arch, const NatsRun& run, const std::vector<std::int64_t>& seeds) {
    const int slot =
        static_cast<int>(std::find(seeds.begin(), seeds.end(), run.seed) - seeds.begin());
    for (const RunCurve& c : run.curves) {
      MetricKey key{run.dataset, c.split, run.fidelity, c.metric};
      auto it = curve_slots_.find(key);
      if (it == curve_slots_.end()) {
        const std::string name = run.dataset + "." + run.fidelity + "." + c.split + "." + c.metric;
        CurveSlot cs;
        cs.handle = curves_.dataset(name, run.epochs);
        curve_keys_.emplace(name, key);
        it = curve_slots_.emplace(std::move(key), cs).first;
      }
      curves_.put(it->second.handle, arch, run.seed, c.values);
      it->second.runs += 1;
      if (c.present < run.epochs) it->second.sparse_runs += 1;
      if (c.metric == "time") {
        if (c.split == "train") {
          double total = 0.0;
          for (double x : c.values) total += std::isnan(x) ? 0.0 : x;
          put(run.dataset, "train", run.fidelity, "time", arch, slot, run.seed, total);
        }
        continue;
      }
      if (c.metric == "top5") continue;
      const double last = c.values.back();
      if (!std::isnan(last)) {
        put(run.dataset, c.split, run.fidelity, c.metric, arch, slot, run.seed, last);
      }
    }
  }

  /// Run -1 rows: params/flops with the seed-888 rule, latency = mean of the measured ones.
  void resolve_costs(std::uint32_t arch, const std::vector<const NatsRun*>& all,
                     const std::string& dataset, const std::string& fidelity,
                     const std::vector<std::int64_t>& seeds) {
    std::vector<const NatsRun*> runs;
    for (const NatsRun* run : all) {
      if (run->dataset == dataset && run->fidelity == fidelity) runs.push_back(run);
    }
    const NatsRun* seed888 = nullptr;
    bool differ = false;
    double params_sum = 0.0;
    double flops_sum = 0.0;
    double lat_sum = 0.0;
    std::size_t lat_n = 0;
    for (const NatsRun* run : runs) {
      if (run->seed == 888) seed888 = run;
      differ = differ || run->params != runs.front()->params || run->flops != runs.front()->flops;
      params_sum += run->params;
      flops_sum += run->flops;
      if (!std::isnan(run->latency)) {
        lat_sum += run->latency;
        ++lat_n;
      }
    }
    double params = runs.front()->params;
    double flops = runs.front()->flops;
    if (differ) {
      if (seed888 != nullptr) {
        params = seed888->params;
        flops = seed888->flops;
      } else {
        params = params_sum / static_cast<double>(runs.size());
        flops = flops_sum / static_cast<double>(runs.size());
      }
      if (cost_patched_.size() < kExamples) {
        cost_patched_.push_back("arch " + std::to_string(arch) + " " + dataset + " " + fidelity +
                                " (" + std::to_string(seeds.size()) + " seeds)");
      }
      ++cost_patches_;
    }
    // Per-seed cost rows only where the seeds disagree; otherwise run -1 holds the one value
    // every seed has (a quarter of all rows fewer on a full tss import).
    bool lat_differ = false;
    for (const NatsRun* run : runs) {
      lat_differ = lat_differ || !(run->latency == runs.front()->latency ||
                                   (std::isnan(run->latency) && std::isnan(runs.front()->latency)));
    }
    for (const NatsRun* run : runs) {
      const int slot =
          static_cast<int>(std::find(seeds.begin(), seeds.end(), run->seed) - seeds.begin());
      if (differ) {
        put(dataset, "none", fidelity, "params", arch, slot, run->seed, run->params);
        put(dataset, "none", fidelity, "flops", arch, slot, run->seed, run->flops);
      }
      if (lat_differ && !std::isnan(run->latency)) {
        put(dataset, "none", fidelity, "latency", arch, slot, run->seed, run->latency);
      }
    }
    put(dataset, "none", fidelity, "params", arch, -1, std::nullopt, params);
    put(dataset, "none", fidelity, "flops", arch, -1, std::nullopt, flops);
    if (lat_n > 0) {
      put(dataset, "none", fidelity, "latency", arch, -1, std::nullopt,
          lat_sum / static_cast<double>(lat_n));
    }
  }

  ImportWriter& writer_;
  CurveWriter& curves_;
  std::string source_;
  std::string space_;
  const std::vector<std::string>* meta_ = nullptr;
  std::set<std::uint32_t> arch_seen_;
  std::map<std::uint32_t, std::string> arch_str_;
  std::vector<std::string> index_mismatch_;
  std::size_t index_mismatches_ = 0;
  std::map<std::string, std::map<std::size_t, std::size_t>> seed_histogram_;
  std::vector<std::string> cost_patched_;
  std::size_t cost_patches_ = 0;
  std::map<MetricKey, CurveSlot> curve_slots_;
  std::map<std::string, MetricKey> curve_keys_;
  std::map<MetricKey, int> columns_;           ///< column -> id
  std::vector<const MetricKey*> column_keys_;  ///< id -> column (keys of columns_)
  std::vector<PendingRow> pending_;
  std::size_t archs_ = 0;
};

/// Progress line on stderr, at most every half second.
class ProgressLine {
 public:
  ProgressLine(bool on, std::string what) : on_(on), what_(std::move(what)) {}
  void update(std::size_t done, std::size_t total, bool force = false) {
    if (!on_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    std::cerr << "\r  " << what_ << " " << done;
    if (total > 0) {
      std::cerr << "/" << total << " (" << (100 * done / total) << "%)";
      if (done > 0 && done < total) {
        std::cerr << "  eta "
                  << static_cast<int>(elapsed / static_cast<double>(done) *
                                      static_cast<double>(total - done))
                  << " s";
      }
    }
    std::cerr << "  elapsed " << static_cast<int>(elapsed) << " s   " << std::flush;
  }
  void done() {
    if (on_) std::cerr << "\n";
  }

 private:
  bool on_;
  std::string what_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

std::vector<std::string> read_meta_archs(const pickle::Value& top, const std::string& source) {
  const pickle::Cursor c(top, source);
  const pickle::Cursor list = c["meta_archs"];
  std::vector<std::string> out;
  out.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) out.push_back(list[i].as_string());
  if (out.empty()) list.fail("meta_archs is empty");
  return out;
}

/// The default space of an architecture list: "nb201" for topology strings, "nats_sss" for
/// channel strings.
std::string default_space(const std::vector<std::string>& meta) {
  return is_sss_string(meta.front()) ? "nats_sss" : "nb201";
}

/// Sets the store's architecture list of `space` to `meta` (or checks it against the list
/// already there).
void set_arch_list(ImportWriter& writer, const std::vector<std::string>& meta,
                   const std::string& space, bool space_requested, const SpaceFactory& spaces,
                   const std::string& source, ImportSummary& summary) {
  const std::size_t full = space == "nats_sss" ? kSssArchs : kNb201Archs;
  if ((space == "nb201" || space == "nats_sss") && meta.size() != full) {
    throw DataError(
        source + ": meta_archs lists " + std::to_string(meta.size()) + " architectures; space '" +
        space + "' has " + std::to_string(full) +
        (space_requested ? "" : "; give --space NAME to import it as a space of its own"));
  }
  std::vector<std::uint32_t> canon(meta.size());
  if (space == "nb201") {
    const auto s = spaces(space, meta);
    for (std::uint32_t i = 0; i < meta.size(); ++i) canon[i] = s->canonical_id(i);
  } else {
    for (std::uint32_t i = 0; i < meta.size(); ++i) canon[i] = i;  // no isomorphisms known
  }
  writer.set_arch_list(space, meta, canon);
  summary.notes.push_back("space '" + space + "': " + std::to_string(meta.size()) +
                          " architectures in meta_archs");
}

/// Removes curve files of interrupted imports and files no curve row refers to any more.
void tidy_curve_dir(Store& store, bool partial_only) {
  const fs::path dir = store.curve_dir();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return;
  std::set<std::string> used;
  auto st = store.db().prepare("SELECT DISTINCT h5_file FROM curve");
  while (st.step()) used.insert(st.column_text(0));
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const bool partial = name.ends_with(".partial");
    const bool orphan = name.ends_with(".h5") && used.count(name) == 0U;
    if (partial || (!partial_only && orphan)) fs::remove(e.path(), ec);
  }
}

/// The directory form: meta + per-arch files decoded on `threads` threads.
fs::path meta_file(const fs::path& dir) {
  for (const char* name : {"meta.pickle.pbz2", "meta.pickle"}) {
    if (fs::exists(dir / name)) return dir / name;
  }
  throw DataError(dir.string() +
                  ": no meta.pickle.pbz2 (a NATS-Bench per-architecture directory holds "
                  "meta.pickle.pbz2 and NNNNNN.pickle.pbz2 files)");
}

/// Decodes the per-architecture files of `dir` and writes them; `digest` receives one line
/// "<file name> <sha256>\n" per file in index order (the directory's provenance).
void import_directory(const fs::path& dir, RecordSink& sink, unsigned threads,
                      ProgressLine& progress, Sha256& digest) {
  std::vector<std::pair<std::int64_t, fs::path>> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (auto i = arch_file_index(e.path().filename().string())) files.emplace_back(*i, e.path());
  }
  if (files.empty()) throw DataError(dir.string() + ": no NNNNNN.pickle.pbz2 files");
  std::sort(files.begin(), files.end());

  const std::size_t n = files.size();
  OrderedQueue<Decoded> queue(64);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  auto worker = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= n || stop.load()) return;
      Decoded d;
      try {
        const container::MappedFile file(files[i].second);
        const auto bytes = file.bytes();
        d.sha256 =
            Sha256::of(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
        pickle::ReadOptions options;
        options.source_name = files[i].second.string();
        const auto loaded = container::open_any_bytes(bytes, options);
        d.record = NatsRecordReader::read(loaded.value, files[i].first, files[i].second.string());
      } catch (...) {
        d.error = std::current_exception();
      }
      if (!queue.push(i, std::move(d))) return;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  auto shutdown = [&] {
    stop.store(true);
    queue.close();
    for (auto& t : pool) t.join();
  };
  try {
    for (std::size_t i = 0; i < n; ++i) {
      Decoded d = queue.pop();
      if (d.error) std::rethrow_exception(d.error);
      sink.write(d.record);
      const std::string line = files[i].second.filename().string() + " " + d.sha256 + "\n";
      digest.update(line.data(), line.size());
      progress.update(i + 1, n);
    }
  } catch (...) {
    shutdown();
    throw;
  }
  shutdown();
  progress.update(n, n, true);
}

/// The single-file forms: the pickle is streamed, one arch2infos entry at a time, on a parser
/// thread; this thread writes.
pickle::Value import_single_file(const fs::path& file, const std::string& tmp_path,
                                 RecordSink& sink, ProgressLine& progress) {
  const container::MappedFile mapped(file);
  std::unique_ptr<container::MappedFile> decompressed;
  std::span<const std::byte> bytes = mapped.bytes();
  const auto format = container::detect_format(bytes);
  if (format == container::ContainerFormat::kBzip2Pickle) {
    container::Bzip2Decoder::decompress_to_file(bytes, file.string(), tmp_path);
    decompressed = std::make_unique<container::MappedFile>(tmp_path);
    fs::remove(tmp_path);  // the mapping keeps the data until it is closed
    bytes = decompressed->bytes();
  }
  OrderedQueue<Decoded> queue(16);
  std::uint64_t produced = 0;
  pickle::Value top;
  std::exception_ptr parse_error;
  pickle::ReadOptions options;
  options.source_name = file.string();
  options.stream.dict_path = {"arch2infos"};
  if (format != container::ContainerFormat::kTorchZip) {
    // The pickle is read straight from the mapping (a zip member is copied out instead): drop
    // the pages behind the reader from the resident set, 64 MiB at a time.
    std::uint64_t dropped = 0;
    const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    options.stream.on_consumed = [bytes, dropped, page](std::uint64_t offset) mutable {
      const std::uint64_t upto = std::min<std::uint64_t>(offset, bytes.size()) / page * page;
      if (upto < dropped) dropped = 0;  // the reader's second pass started over
      if (upto < dropped + (std::uint64_t{64} << 20U)) return;
      auto* base = const_cast<std::byte*>(bytes.data());
      ::madvise(base + dropped, upto - dropped, MADV_DONTNEED);
      dropped = upto;
    };
  }
  options.stream.on_entry = [&](const pickle::Value& key, const pickle::Value& value) {
    Decoded d;
    try {
      if (key.kind() != pickle::Kind::kInt) {
        throw DataError(file.string() + ": arch2infos key " + pickle::short_repr(key) +
                        " is not an architecture index");
      }
      d.record = NatsRecordReader::read(
          value, key.as_int(),
          file.string() + ": arch2infos[" + std::to_string(key.as_int()) + "]");
    } catch (...) {
      d.error = std::current_exception();
    }
    if (!queue.push(produced++, std::move(d))) throw DataError("import cancelled");
  };
  std::thread parser([&] {
    try {
      top = container::open_any_bytes(bytes, options).value;
    } catch (...) {
      parse_error = std::current_exception();
    }
    Decoded end;
    end.end = true;
    queue.push(produced++, std::move(end));
  });
  std::size_t written = 0;
  try {
    for (;;) {
      Decoded d = queue.pop();
      if (d.error) std::rethrow_exception(d.error);
      if (d.end) break;
      sink.write(d.record);
      progress.update(++written, 0);
    }
  } catch (...) {
    queue.close();
    parser.join();
    throw;
  }
  parser.join();
  if (parse_error) std::rethrow_exception(parse_error);
  progress.update(written, 0, true);
  return top;
}

}  // namespace

std::string NatsImporter::detect(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return (fs::exists(fs::path(path) / "meta.pickle.pbz2", ec) ||
            fs::exists(fs::path(path) / "meta.pickle", ec))
               ? "nats-dir"
               : "";
  }
  if (!fs::is_regular_file(path, ec)) return "";
  try {
    const container::MappedFile f(path);
    switch (container::detect_format(f.bytes())) {
      case container::ContainerFormat::kBzip2Pickle:
      case container::ContainerFormat::kPickle:
        return "nats-file";
      case container::ContainerFormat::kTorchZip:
      case container::ContainerFormat::kLegacyTorch:
        return "nb201-pth";
      case container::ContainerFormat::kUnknown:
        return "";
    }
  } catch (const DataError&) {
    return "";
  }
  return "";
}

ImportSummary NatsImporter::run(Store& store, const std::string& path, const SpaceFactory& spaces,
                                const NatsImportOptions& options) {
  const std::string form = detect(path);
  if (form.empty()) {
    std::error_code ec;
    if (!fs::exists(path, ec)) throw DataError("'" + path + "': no such file or directory");
    throw DataError("'" + path +
                    "' is neither a NATS-Bench per-architecture directory (with "
                    "meta.pickle.pbz2), a NATS-Bench single-file benchmark (.pickle.pbz2) nor "
                    "a NAS-Bench-201 .pth file");
  }
  ImportWriter writer(store, form, path);
  tidy_curve_dir(store, true);
  ImportSummary summary;
  summary.importer = form;
  summary.path = path;
  summary.source_id = writer.source_id();
  fs::create_directories(store.curve_dir());
  const std::string h5_name =
      form + "-" + std::to_string(writer.source_id()) + "-" + std::to_string(::getpid()) + ".h5";
  const fs::path h5_final = fs::path(store.curve_dir()) / h5_name;
  const fs::path h5_partial = fs::path(h5_final.string() + ".partial");
  CurveWriter curves(h5_partial.string(), options.deflate_level);
  RecordSink sink(writer, curves, path);
  std::vector<std::string> meta;
  ProgressLine progress(options.progress, "importing " + form + ": archs");
  try {
    if (form == "nats-dir") {
      // The arch list is known first: set it, then decode the files.
      const fs::path meta_path = meta_file(path);
      meta = read_meta_archs(container::open_any(meta_path).value, meta_path.string());
      const std::string space = options.space.empty() ? default_space(meta) : options.space;
      set_arch_list(writer, meta, space, !options.space.empty(), spaces, meta_path.string(),
                    summary);
      sink.set_space(space);
      sink.set_meta(&meta);
      const unsigned threads =
          options.threads > 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
      // Provenance of a directory: sha256 over "<name> <sha256 of the file>\n" lines, meta
      // first, then every per-architecture file in index order.
      Sha256 digest;
      const std::string meta_line =
          meta_path.filename().string() + " " + Sha256::of_file(meta_path.string()) + "\n";
      digest.update(meta_line.data(), meta_line.size());
      import_directory(path, sink, threads, progress, digest);
      const std::string dir_sha = digest.hex_digest();
      writer.set_source_sha256(dir_sha);
      writer.note("note", "provenance",
                  "sha256 " + dir_sha +
                      " over the lines '<file name> <sha256 of the file>' "
                      "of meta and every per-architecture file in index order");
      summary.notes.push_back("decoded " + std::to_string(sink.archs()) + " files on " +
                              std::to_string(threads) + " threads");
    } else {
      // The arch list arrives after arch2infos in the stream: rows are filed under the
      // requested space (or the first record's kind) and the list is set at the end, in the
      // same transaction.
      sink.set_space(options.space);
      const pickle::Value top = import_single_file(
          path, store.curve_dir() + "/" + h5_name + ".pickle.partial", sink, progress);
      meta = read_meta_archs(top, path);
      if (sink.archs() == 0) {
        throw DataError(path +
                        ": no arch2infos entries (a NATS meta file or a per-architecture file "
                        "holds no benchmark table; import the directory instead)");
      }
      set_arch_list(writer, meta, sink.space(), !options.space.empty(), spaces, path, summary);
    }
    progress.done();
    sink.report(meta, summary);
    writer.note("note", "form",
                form + ": " + std::to_string(sink.archs()) + " architectures, " +
                    std::to_string(curves.runs_written()) + " run curves");
    for (const auto& [name, key] : sink.curve_keys()) {
      writer.put_curve(sink.space(), key, h5_name, name);
    }
    curves.finish(static_cast<std::uint32_t>(meta.size()));
    fs::rename(h5_partial, h5_final);
    summary.rows = writer.rows();
    writer.commit();
  } catch (...) {
    std::error_code ec;
    fs::remove(h5_partial, ec);
    throw;
  }
  tidy_curve_dir(store, false);
  summary.notes.push_back("curves: " + h5_final.string());
  return summary;
}

}  // namespace tabnas::nats
