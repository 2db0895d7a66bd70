#pragma once
/// @file First pass over a pickle's opcodes for streaming: which memo entries are fetched
/// again, and where last.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>

namespace tabnas::pickle {

/// Memo index -> byte offset of its last GET/BINGET/LONG_BINGET.
using LastFetch = std::unordered_map<std::uint64_t, std::uint64_t>;

class MemoLiveness {
 public:
  /// Walks the opcodes of the pickle that starts at `start` up to its STOP without building
  /// anything and records, for every memo index that some GET/BINGET/LONG_BINGET fetches, the
  /// offset of its last fetch. In the official benchmark files that is about 2% of the entries
  /// (171 of 10735 in a NATS per-arch file), so a streaming reader can keep only those, and
  /// only until their last fetch. Returns nullopt (keep every entry) when the bytes are not a
  /// well-formed opcode stream; the real pass then reports the error.
  /// `progress`, when set, is called every 64 MiB with the offset reached (a caller that
  /// memory-mapped the input may drop the pages behind it).
  [[nodiscard]] static std::optional<LastFetch> scan(
      const unsigned char* data, std::size_t size, std::size_t start,
      const std::function<void(std::uint64_t)>& progress = {});
};

}  // namespace tabnas::pickle
