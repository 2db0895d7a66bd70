#pragma once
/// @file The unpickler's memo table.
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "pickle/value.hpp"

namespace tabnas::pickle {

/// Memo indices of a pickle: dense slots 0..n-1 as written by MEMOIZE/BINPUT in practice, plus
/// a hash map for sparse indices (a hostile LONG_BINPUT 0xFFFFFFFF must not allocate 4 G slots).
/// size() counts entries like len() of Python's memo dict, which MEMOIZE uses as next index.
class Memo {
 public:
  /// Outcome of a lookup.
  enum class Status : std::uint8_t { kFound, kMissing, kReleased };

  void clear();
  void put(std::uint64_t index, Value value);
  /// Looks up an entry; `out` is set when kFound.
  [[nodiscard]] Status get(std::uint64_t index, const Value*& out) const;
  /// Retires an entry handed to a streaming callback (later gets report kReleased).
  void release(std::uint64_t index);
  /// The value stored at `index` or nullptr (released entries included).
  [[nodiscard]] const Value* peek(std::uint64_t index) const;
  /// Number of entries.
  [[nodiscard]] std::uint64_t size() const noexcept { return dense_.size() + sparse_.size(); }

 private:
  struct Slot {
    Value value;
    bool released = false;
  };
  Slot* slot(std::uint64_t index);
  [[nodiscard]] const Slot* slot(std::uint64_t index) const;

  std::vector<Slot> dense_;
  std::unordered_map<std::uint64_t, Slot> sparse_;
};

}  // namespace tabnas::pickle
