#include "tabnas/run/progress_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "tabnas/core/atomic_file_writer.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/rng.hpp"

namespace tabnas {

namespace {

// Version of the file layout below and of the run records in it; bump when RunResult,
// StepRow or either layout changes (older files are then refused: "pass --fresh").
constexpr std::uint32_t kFormat = 1;
constexpr std::array<char, 16> kFileMagic = {'t', 'a', 'b', 'n', 'a', 's', ' ', 'p',
                                             'r', 'o', 'g', 'r', 'e', 's', 's', '\n'};
constexpr std::uint32_t kByteOrderMark = 0x01020304U;
constexpr std::uint32_t kRecordMagic = 0x534e5552U;  // "RUNS" in little-endian bytes

/// Record header: magic, number of runs, payload length, payload checksum.
struct RecordHeader {
  std::uint32_t magic = kRecordMagic;
  std::uint32_t runs = 0;
  std::uint64_t length = 0;
  std::uint64_t checksum = 0;
};
static_assert(sizeof(RecordHeader) == 24);

/// Checksum of a record's payload: four multiply-xorshift lanes over 8-byte words (a few
/// microseconds per 100 KB), to tell a damaged tail (after an OS crash) from whole records.
std::uint64_t checksum64(const char* p, std::size_t n) {
  constexpr std::uint64_t kMul = 0xff51afd7ed558ccdULL;
  std::array<std::uint64_t, 4> lane = {0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL,
                                       0x165667b19e3779f9ULL, 0x27d4eb2f165667c5ULL};
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (std::size_t k = 0; k < 4; ++k) {
      std::uint64_t w;
      std::memcpy(&w, p + i + 8 * k, 8);
      lane[k] = (lane[k] ^ w) * kMul;
      lane[k] ^= lane[k] >> 32U;
    }
  }
  std::uint64_t h = n;
  for (const std::uint64_t l : lane) h = mix64(h ^ l);
  for (; i < n; ++i) h = mix64(h ^ static_cast<unsigned char>(p[i]));
  return h;
}

[[noreturn]] void io_error(const std::string& what, const std::string& path) {
  throw DataError(what + " progress file '" + path + "': " + std::strerror(errno));
}

/// Reads exactly n bytes at offset; false when the file ends first.
bool read_at(int fd, const std::string& path, std::uint64_t offset, char* out, std::size_t n) {
  while (n > 0) {
    const ssize_t got = ::pread(fd, out, n, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      io_error("cannot read", path);
    }
    if (got == 0) return false;
    out += got;
    n -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

std::uint64_t file_size(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) io_error("cannot stat", path);
  return static_cast<std::uint64_t>(st.st_size);
}

std::string make_header(const std::string& spec_hash) {
  std::string out(kFileMagic.data(), kFileMagic.size());
  const std::uint32_t fields[] = {kFormat, kByteOrderMark,
                                  static_cast<std::uint32_t>(spec_hash.size())};
  out.append(reinterpret_cast<const char*>(fields), sizeof fields);
  out += spec_hash;
  return out;
}

/// Checks the header; returns the experiment identity it holds and sets `end` to the first
/// byte after it. @throws ConfigError naming the file when it is not a progress file of this
/// format.
std::string read_header(int fd, const std::string& path, std::uint64_t& end) {
  const auto refuse = [&](const std::string& why) {
    throw ConfigError("'" + path + "' " + why + "; use another --out directory or pass --fresh");
  };
  std::array<char, 28> fixed{};
  if (!read_at(fd, path, 0, fixed.data(), fixed.size()) ||
      !std::equal(kFileMagic.begin(), kFileMagic.end(), fixed.begin())) {
    refuse("is not a tabnas progress file");
  }
  std::uint32_t fields[3];
  std::memcpy(fields, fixed.data() + kFileMagic.size(), sizeof fields);
  if (fields[1] != kByteOrderMark) refuse("was written on a machine of another byte order");
  if (fields[0] != kFormat) refuse("was written by another tabnas version");
  if (fields[2] > 1024) refuse("has a damaged header");  // before allocating that length
  std::string hash(fields[2], '\0');
  if (!read_at(fd, path, fixed.size(), hash.data(), hash.size())) refuse("has a damaged header");
  end = fixed.size() + hash.size();
  return hash;
}

/// Calls f(payload, runs, offset) for every whole, intact record from `offset` up to `size`;
/// returns the end of the last one (where an incomplete or damaged tail starts).
template <typename F>
std::uint64_t for_each_record(int fd, const std::string& path, std::uint64_t offset,
                              std::uint64_t size, std::string& payload, F&& f) {
  while (size - offset >= sizeof(RecordHeader)) {
    RecordHeader h;
    if (!read_at(fd, path, offset, reinterpret_cast<char*>(&h), sizeof h)) break;
    const std::uint64_t body = offset + sizeof h;
    if (h.magic != kRecordMagic || h.length > size - body) break;
    payload.resize(h.length);
    if (!read_at(fd, path, body, payload.data(), payload.size())) break;
    if (checksum64(payload.data(), payload.size()) != h.checksum) break;
    f(std::string_view(payload), h.runs, offset);
    offset = body + h.length;
  }
  return offset;
}

/// Bytes of one step row in a record (its fields, unpadded).
constexpr std::size_t kStepBytes = 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 1 + 8;

/// Bytes of a run's record (pack_run writes exactly these).
std::size_t packed_size(const RunResult& r) {
  return 8 + 8 + 8 + 1 + 8 + 4 + (4 + r.dataset.size()) + (4 + r.algorithm.size()) +
         (4 + r.error.size()) + 4 + r.steps.size() * kStepBytes + 4 +
         r.objectives.size() * sizeof(double);
}

/// Writes fields at a cursor into memory sized by packed_size (fixed-size copies the compiler
/// turns into single stores: packing is a small part of a commit).
class RecordWriter {
 public:
  explicit RecordWriter(char* at) : p_(at) {}
  template <typename T>
  void value(T v) {
    std::memcpy(p_, &v, sizeof v);
    p_ += sizeof v;
  }
  void bytes(const void* data, std::size_t n) {
    if (n > 0) std::memcpy(p_, data, n);
    p_ += n;
  }
  void string(const std::string& s) {
    value(static_cast<std::uint32_t>(s.size()));
    bytes(s.data(), s.size());
  }
  [[nodiscard]] const char* position() const { return p_; }

 private:
  char* p_;
};

/// Reads a run record; every read checks the bytes left, so a damaged blob gives a DataError
/// (never a read past its end).
class RecordReader {
 public:
  RecordReader(std::string_view payload, const std::string& path, std::uint64_t offset)
      : p_(payload.data()), end_(payload.data() + payload.size()), path_(path), offset_(offset) {}

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
      throw DataError("progress file '" + path_ + "': the record at byte " +
                      std::to_string(offset_) +
                      " ends inside a run; pass --fresh to discard the recorded runs");
    }
    const char* at = p_;
    p_ += n;
    return at;
  }
  const char* p_;
  const char* end_;
  const std::string& path_;
  std::uint64_t offset_;
};

void pack_run(RecordWriter& out, const RunResult& r) {
  out.value(static_cast<std::uint64_t>(r.index));
  out.value(r.seed);
  out.value(r.run_seed);
  out.value(static_cast<std::uint8_t>(r.status == RunStatus::kOk ? 1 : 0));
  out.value(r.algorithm_seconds);
  out.value(r.num_objectives);
  out.string(r.dataset);
  out.string(r.algorithm);
  out.string(r.error);
  out.value(static_cast<std::uint32_t>(r.steps.size()));
  for (const StepRow& s : r.steps) {
    out.value(s.step);
    out.value(s.arch);
    out.value(s.fidelity);
    out.value(s.observed);
    out.value(s.reported);
    out.value(s.incumbent);
    out.value(s.incumbent_observed);
    out.value(s.incumbent_reported);
    out.value(s.cost);
    out.value(s.time);
    out.value(static_cast<std::uint8_t>(s.feasible ? 1 : 0));
    out.value(s.hypervolume);
  }
  out.value(static_cast<std::uint32_t>(r.objectives.size()));
  out.bytes(r.objectives.data(), r.objectives.size() * sizeof(double));
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

/// The ok runs of every intact record from `offset` by run index, and where the intact part
/// ends (an incomplete or damaged tail starts there).
struct LoadedRuns {
  std::map<std::size_t, RunResult> runs;
  std::uint64_t end = 0;
};

LoadedRuns load_runs(int fd, const std::string& path, std::uint64_t offset, std::uint64_t size) {
  LoadedRuns out;
  std::string payload;
  out.end = for_each_record(
      fd, path, offset, size, payload,
      [&](std::string_view data, std::uint32_t runs, std::uint64_t at) {
        RecordReader in(data, path, at);
        std::uint32_t count = 0;
        while (!in.done()) {
          RunResult r = unpack_run(in);
          ++count;
          if (r.status == RunStatus::kOk) {
            const std::size_t index = r.index;
            out.runs.insert_or_assign(index, std::move(r));
          }
        }
        if (count != runs) {
          throw DataError("progress file '" + path + "': the record at byte " + std::to_string(at) +
                          " holds " + std::to_string(count) + " runs, its header says " +
                          std::to_string(runs) + "; pass --fresh");
        }
      });
  return out;
}

/// Closes a descriptor when the constructor throws.
struct FdGuard {
  int fd;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

ProgressStore::ProgressStore(const std::string& path, const std::string& spec_hash) : path_(path) {
  if (!std::filesystem::exists(path)) {
    // Created whole or not at all: a kill never leaves a file without its header.
    AtomicFileWriter writer(path);
    writer.write(make_header(spec_hash));
    writer.commit();
  }
  FdGuard guard{::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC)};
  if (guard.fd < 0) io_error("cannot open", path);
  if (::flock(guard.fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      throw ConfigError("'" + path +
                        "' is being written by another tabnas run; wait for it to finish or use "
                        "another --out directory");
    }
    io_error("cannot lock", path);
  }
  std::uint64_t header_end = 0;
  if (read_header(guard.fd, path, header_end) != spec_hash) {
    throw ConfigError(
        "'" + path +
        "' holds runs of a different spec, store, tabnas build or --no-trajectory setting; use "
        "another --out directory or pass --fresh to discard them");
  }
  // One pass reads the recorded runs and finds where the intact part ends. A record cut short
  // by a kill (or damaged by an OS crash) ends it: cut it off, so the next record follows
  // whole ones.
  const std::uint64_t size = file_size(guard.fd, path);
  LoadedRuns loaded = load_runs(guard.fd, path, header_end, size);
  if (loaded.end < size) {
    if (::ftruncate(guard.fd, static_cast<off_t>(loaded.end)) != 0) {
      io_error("cannot truncate", path);
    }
    discarded_ = size - loaded.end;
  }
  finished_ = std::move(loaded.runs);
  fd_ = guard.fd;
  guard.fd = -1;
}

ProgressStore::~ProgressStore() {
  if (fd_ >= 0) ::close(fd_);
}

std::map<std::size_t, RunResult> ProgressStore::take_finished() {
  return std::exchange(finished_, {});
}

std::map<std::size_t, RunResult> ProgressStore::read(const std::string& path) {
  FdGuard guard{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (guard.fd < 0) io_error("cannot open", path);
  std::uint64_t header_end = 0;
  (void)read_header(guard.fd, path, header_end);
  return load_runs(guard.fd, path, header_end, file_size(guard.fd, path)).runs;
}

void ProgressStore::record(const std::vector<RunResult>& runs) {
  if (runs.empty()) return;
  std::size_t size = sizeof(RecordHeader);
  for (const RunResult& r : runs) size += packed_size(r);
  buffer_.resize(size);
  RecordWriter out(buffer_.data() + sizeof(RecordHeader));
  for (const RunResult& r : runs) pack_run(out, r);
  if (out.position() != buffer_.data() + size) {
    throw InternalError("progress record of " + std::to_string(runs.size()) +
                        " runs: packed size differs from packed_size()");
  }
  RecordHeader h;
  h.runs = static_cast<std::uint32_t>(runs.size());
  h.length = buffer_.size() - sizeof h;
  h.checksum = checksum64(buffer_.data() + sizeof h, h.length);
  std::memcpy(buffer_.data(), &h, sizeof h);
  // Appended (O_APPEND) in one write() unless the kernel takes less: readers and later opens
  // ignore a record until all of it is in the file (length and checksum).
  const char* p = buffer_.data();
  std::size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t done = ::write(fd_, p, left);
    if (done < 0) {
      if (errno == EINTR) continue;
      io_error("cannot write", path_);
    }
    p += done;
    left -= static_cast<std::size_t>(done);
  }
}

}  // namespace tabnas
