#pragma once
/// @file One entry point for every pickle-based benchmark file.
#include <cstddef>
#include <filesystem>
#include <span>

#include "container/container_format.hpp"
#include "pickle/read_options.hpp"
#include "pickle/value.hpp"

namespace tabnas::container {

/// A decoded file: its outer format and its (main) pickled object.
struct LoadedPickle {
  ContainerFormat format = ContainerFormat::kUnknown;
  pickle::Value value;
};

/// Limits for open_any beyond the pickle reader's own.
struct OpenLimits {
  std::uint64_t max_decompressed = std::uint64_t{64} << 30U;  ///< bzip2 output / zip member
};

/// Detects the container from the file's first bytes and returns its pickled object:
/// bzip2 -> decompress then unpickle; PyTorch zip -> `<prefix>/data.pkl`; legacy PyTorch ->
/// the main object; `\x80` -> plain pickle. options.source_name defaults to the path.
/// @throws DataError for unreadable files, unsupported formats (the message lists the
///         supported ones), or malformed content.
[[nodiscard]] LoadedPickle open_any(const std::filesystem::path& path,
                                    pickle::ReadOptions options = {}, OpenLimits limits = {});

/// The same for bytes in memory (options.source_name names them in messages).
/// @throws DataError as open_any.
[[nodiscard]] LoadedPickle open_any_bytes(std::span<const std::byte> data,
                                          const pickle::ReadOptions& options,
                                          OpenLimits limits = {});

}  // namespace tabnas::container
