#pragma once
/// @file Safe pickle reader: pickle bytes -> Value tree, never executing anything.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>

#include "pickle/read_options.hpp"
#include "pickle/value.hpp"

namespace tabnas::pickle {

/// Reads pickles of protocols 0-5 as data. Globals are never imported or called: a short list is
/// emulated (OrderedDict, set/frozenset/list/tuple/dict/bytes/bytearray, `_codecs.encode`, numpy
/// dtype/scalar/_reconstruct/_frombuffer), every other global becomes an opaque kGlobal/kCall
/// record (or a DataError in strict mode). Malformed input of any kind (truncation, unknown
/// opcodes, bad memo indexes, stack underflow, lengths beyond the input, excessive nesting,
/// inconsistent numpy payloads, self-referencing structures) raises tabnas::DataError with the
/// source name, the byte offset and the opcode. Memory use is bounded by a small multiple of
/// the input size (see ReadOptions::max_expanded_elements).
///
/// Several pickles may follow each other in one buffer (legacy PyTorch files): call read_next()
/// repeatedly; each pickle gets a fresh memo, as with consecutive pickle.load() calls.
class PickleReader {
 public:
  /// The reader keeps a view of `data`: the bytes must outlive it.
  PickleReader(std::span<const std::byte> data, ReadOptions options);
  ~PickleReader();
  PickleReader(const PickleReader&) = delete;
  PickleReader& operator=(const PickleReader&) = delete;
  PickleReader(PickleReader&&) noexcept;
  PickleReader& operator=(PickleReader&&) noexcept;

  /// Reads one pickle starting at offset() and returns its object; offset() then points just
  /// past its STOP opcode.
  /// @throws DataError for malformed input (message: source, byte offset, opcode, reason).
  Value read_next();

  /// Byte offset of the next unread byte.
  [[nodiscard]] std::size_t offset() const noexcept;

  /// True when every byte has been consumed.
  [[nodiscard]] bool at_end() const noexcept;

 private:
  class Machine;
  std::unique_ptr<Machine> machine_;
};

/// Reads the first pickle of `data` (trailing bytes are ignored, as pickle.loads does).
/// @throws DataError for malformed input.
[[nodiscard]] Value read_pickle(std::span<const std::byte> data, const ReadOptions& options = {});

/// Reads the file's first pickle; options.source_name defaults to the path when left at
/// "<memory>". Files are memory-mapped.
/// @throws DataError when the file cannot be read or is malformed.
[[nodiscard]] Value read_pickle_file(const std::filesystem::path& path, ReadOptions options = {});

}  // namespace tabnas::pickle
