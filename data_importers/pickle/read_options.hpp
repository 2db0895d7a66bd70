#pragma once
/// @file Options of the pickle reader.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pickle/value.hpp"

namespace tabnas::pickle {

/// Streaming hook: hands the entries of one (huge) dict to a callback as soon as each
/// SETITEM/SETITEMS batch that adds them has been executed, instead of storing them.
///
/// The dict is found by `dict_path`: str keys from the top-level dict down (empty = the
/// top-level dict itself, i.e. the first dict pushed on an empty stack). Example: NAS-Bench-201's
/// `{"arch2infos"}` streams one entry per architecture. After the callback returns, the reader
/// drops its references to the entry: the memo slots of the entry's containers are retired, so a
/// later memo reference to them fails with DataError instead of silently sharing data. The
/// callback may keep copies of the Values it receives (they stay valid). In the returned tree
/// the streamed dict is present but holds no entries. An exception thrown by the callback aborts
/// the read and propagates unchanged.
struct StreamOptions {
  std::vector<std::string> dict_path;
  /// Called once per entry, in pickle order; empty = no streaming.
  std::function<void(const Value& key, const Value& value)> on_entry;
  /// Optional: called with input offsets (offset_base + position) the reader has passed, so a
  /// caller that memory-mapped the input can drop the pages below from its resident set (they
  /// are read again from the file if needed). Offsets increase, except that the real pass
  /// starts again from the beginning after the first pass over the memo (MemoLiveness).
  std::function<void(std::uint64_t offset)> on_consumed;
};

/// How a pickle is read. Every limit turns into a DataError naming the file, offset and opcode.
struct ReadOptions {
  /// Name used in error messages (the file path, or "archive.zip:archive/data.pkl").
  std::string source_name = "<memory>";
  /// Added to the byte offsets in error messages (when the pickle starts inside a larger file).
  std::uint64_t offset_base = 0;
  /// Reject globals that are neither emulated nor on the list of known data-only globals
  /// (pandas/torch containers kept as opaque Call records) instead of recording them.
  bool strict_globals = false;
  /// Maximum container nesting depth and maximum number of open MARKs.
  std::uint32_t max_nesting = 10000;
  /// Maximum number of elements the reader may create by copying or decoding beyond what the
  /// input spells out (emulated list()/set()/dict() copies, numpy payload elements);
  /// 0 = 8 x input size + 4 Mi.
  std::uint64_t max_expanded_elements = 0;
  /// Streaming of one dict (see StreamOptions).
  StreamOptions stream;
};

}  // namespace tabnas::pickle
