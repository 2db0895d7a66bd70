#pragma once
/// @file bzip2 decompression (NATS-Bench .pickle.pbz2 files).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace tabnas::container {

/// Decompresses bzip2 data with libbz2, including several concatenated streams.
class Bzip2Decoder {
 public:
  /// Default output limit: 64 GiB (the largest NATS single-file benchmark is far below).
  static constexpr std::uint64_t kDefaultMaxOutput = std::uint64_t{64} << 30U;

  /// Decompresses every stream in `data`. As Python's bz2.decompress, bytes after the last
  /// complete stream that do not form another valid stream are ignored.
  /// @param source_name used in error messages
  /// @param max_output output size limit in bytes (guards against decompression bombs)
  /// @throws DataError for a corrupt or truncated first stream, a truncated later stream, or
  ///         output above max_output.
  [[nodiscard]] static std::vector<std::byte> decompress(
      std::span<const std::byte> data, const std::string& source_name,
      std::uint64_t max_output = kDefaultMaxOutput);

  /// Decompresses every stream in `data` into the file `out_path` (created or truncated),
  /// through a fixed 4 MiB buffer, so that multi-GB single-file benchmarks are never held in
  /// memory. Same stream rules and errors as decompress(). @returns the bytes written.
  /// @throws DataError as decompress(), or when `out_path` cannot be written.
  static std::uint64_t decompress_to_file(std::span<const std::byte> data,
                                          const std::string& source_name,
                                          const std::string& out_path,
                                          std::uint64_t max_output = kDefaultMaxOutput);

  /// True when `data` starts like a bzip2 stream ("BZh" + block size digit 1-9).
  [[nodiscard]] static bool looks_like(std::span<const std::byte> data) noexcept;
};

}  // namespace tabnas::container
