#include "container/bzip2_decoder.hpp"

#include <bzlib.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>

#include "tabnas/core/errors.hpp"

namespace tabnas::container {

namespace {

/// Owns one bz_stream in decompression mode.
class Bz2Stream {
 public:
  Bz2Stream() {
    std::memset(&s_, 0, sizeof s_);
    const int rc = BZ2_bzDecompressInit(&s_, 0, 0);
    if (rc != BZ_OK)
      throw DataError("libbz2: cannot initialise decompressor (code " + std::to_string(rc) + ")");
  }
  ~Bz2Stream() { BZ2_bzDecompressEnd(&s_); }
  Bz2Stream(const Bz2Stream&) = delete;
  Bz2Stream& operator=(const Bz2Stream&) = delete;
  bz_stream* get() noexcept { return &s_; }

 private:
  bz_stream s_{};
};

const char* bz_error_name(int rc) {
  switch (rc) {
    case BZ_DATA_ERROR:
      return "data integrity error (corrupt data or CRC mismatch)";
    case BZ_DATA_ERROR_MAGIC:
      return "not bzip2 data (bad magic bytes)";
    case BZ_MEM_ERROR:
      return "out of memory";
    case BZ_PARAM_ERROR:
      return "parameter error";
    default:
      return "error";
  }
}

enum class StreamEnd { kComplete, kTruncated, kError };

struct StreamResult {
  StreamEnd end;
  int code = BZ_OK;
  std::size_t consumed = 0;
};

/// Decompresses one stream starting at in[0], appending to out.
StreamResult decompress_stream(std::span<const std::byte> in, std::vector<std::byte>& out,
                               std::uint64_t max_output, const std::string& source_name) {
  Bz2Stream stream;
  bz_stream* s = stream.get();
  std::size_t in_pos = 0;
  // Start near the expected size (bzip2 ratios of pickles are ~4-10x) and grow geometrically.
  const std::size_t chunk = std::max<std::size_t>(std::size_t{1} << 16U, in.size() * 4);
  for (;;) {
    if (s->avail_in == 0 && in_pos < in.size()) {
      const std::size_t n = std::min<std::size_t>(in.size() - in_pos, UINT_MAX);
      s->next_in = const_cast<char*>(reinterpret_cast<const char*>(in.data() + in_pos));
      s->avail_in = static_cast<unsigned int>(n);
      in_pos += n;
    }
    if (out.size() >= max_output) {
      throw DataError(source_name + ": bzip2 output exceeds the limit of " +
                      std::to_string(max_output) + " bytes");
    }
    const std::size_t old = out.size();
    const std::size_t grow = static_cast<std::size_t>(
        std::min<std::uint64_t>(std::max<std::size_t>(chunk, old / 2), max_output - old));
    out.resize(old + grow);
    s->next_out = reinterpret_cast<char*>(out.data() + old);
    s->avail_out = static_cast<unsigned int>(std::min<std::size_t>(grow, UINT_MAX));
    const unsigned int avail_before = s->avail_out;
    const unsigned int in_before = s->avail_in;
    const int rc = BZ2_bzDecompress(s);
    const std::size_t produced = avail_before - s->avail_out;
    out.resize(old + produced);
    const std::size_t consumed = in_pos - s->avail_in;
    if (rc == BZ_STREAM_END) return {StreamEnd::kComplete, rc, consumed};
    if (rc != BZ_OK) return {StreamEnd::kError, rc, consumed};
    if (produced == 0 && s->avail_in == in_before && in_pos >= in.size()) {
      return {StreamEnd::kTruncated, rc, consumed};
    }
  }
}

}  // namespace

bool Bzip2Decoder::looks_like(std::span<const std::byte> data) noexcept {
  return data.size() >= 4 && data[0] == std::byte{'B'} && data[1] == std::byte{'Z'} &&
         data[2] == std::byte{'h'} && data[3] >= std::byte{'1'} && data[3] <= std::byte{'9'};
}

std::vector<std::byte> Bzip2Decoder::decompress(std::span<const std::byte> data,
                                                const std::string& source_name,
                                                std::uint64_t max_output) {
  std::vector<std::byte> out;
  std::size_t pos = 0;
  bool first = true;
  while (pos < data.size()) {
    const std::span<const std::byte> rest = data.subspan(pos);
    if (!first && !looks_like(rest)) break;  // trailing bytes after the last stream
    const std::size_t keep = out.size();
    const StreamResult r = decompress_stream(rest, out, max_output, source_name);
    switch (r.end) {
      case StreamEnd::kComplete:
        pos += r.consumed;
        break;
      case StreamEnd::kTruncated:
        throw DataError(source_name + ": truncated bzip2 stream starting at byte offset " +
                        std::to_string(pos) + " (input ends before the end-of-stream marker)");
      case StreamEnd::kError:
        if (first) {
          throw DataError(source_name + ": bzip2 " + bz_error_name(r.code) +
                          " in the stream starting at byte offset " + std::to_string(pos) +
                          " (about byte " + std::to_string(pos + r.consumed) + ")");
        }
        out.resize(keep);  // a broken later stream is ignored, as Python does
        return out;
    }
    first = false;
  }
  if (first) throw DataError(source_name + ": empty input is not bzip2 data");
  out.shrink_to_fit();
  return out;
}

std::uint64_t Bzip2Decoder::decompress_to_file(std::span<const std::byte> data,
                                               const std::string& source_name,
                                               const std::string& out_path,
                                               std::uint64_t max_output) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::fopen(out_path.c_str(), "wb"),
                                                      &std::fclose);
  if (!out) throw DataError("cannot create '" + out_path + "' for the decompressed " + source_name);
  std::vector<char> buf(std::size_t{4} << 20U);
  std::uint64_t written = 0;
  std::size_t pos = 0;
  bool first = true;
  while (pos < data.size()) {
    const std::span<const std::byte> rest = data.subspan(pos);
    if (!first && !looks_like(rest)) break;  // trailing bytes after the last stream
    Bz2Stream stream;
    bz_stream* s = stream.get();
    s->next_in = const_cast<char*>(reinterpret_cast<const char*>(rest.data()));
    s->avail_in = static_cast<unsigned int>(std::min<std::size_t>(rest.size(), UINT_MAX));
    std::size_t fed = s->avail_in;
    bool done = false;
    while (!done) {
      if (s->avail_in == 0 && fed < rest.size()) {
        const std::size_t n = std::min<std::size_t>(rest.size() - fed, UINT_MAX);
        s->next_in = const_cast<char*>(reinterpret_cast<const char*>(rest.data() + fed));
        s->avail_in = static_cast<unsigned int>(n);
        fed += n;
      }
      s->next_out = buf.data();
      s->avail_out = static_cast<unsigned int>(buf.size());
      const unsigned int in_before = s->avail_in;
      const int rc = BZ2_bzDecompress(s);
      const std::size_t produced = buf.size() - s->avail_out;
      written += produced;
      if (written > max_output) {
        throw DataError(source_name + ": bzip2 output exceeds the limit of " +
                        std::to_string(max_output) + " bytes");
      }
      if (produced > 0 && std::fwrite(buf.data(), 1, produced, out.get()) != produced) {
        throw DataError("cannot write '" + out_path + "' (disk full?)");
      }
      const std::size_t consumed = fed - s->avail_in;
      if (rc == BZ_STREAM_END) {
        pos += consumed;
        done = true;
      } else if (rc != BZ_OK) {
        if (!first) return written;  // a broken later stream is ignored, as Python does
        throw DataError(source_name + ": bzip2 " + bz_error_name(rc) +
                        " in the stream starting at byte offset " + std::to_string(pos) +
                        " (about byte " + std::to_string(pos + consumed) + ")");
      } else if (produced == 0 && s->avail_in == in_before && fed >= rest.size()) {
        throw DataError(source_name + ": truncated bzip2 stream starting at byte offset " +
                        std::to_string(pos) + " (input ends before the end-of-stream marker)");
      }
    }
    first = false;
  }
  if (first) throw DataError(source_name + ": empty input is not bzip2 data");
  if (std::fflush(out.get()) != 0) throw DataError("cannot write '" + out_path + "'");
  return written;
}

}  // namespace tabnas::container
