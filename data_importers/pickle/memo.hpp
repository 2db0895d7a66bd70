#pragma once
/// @file The unpickler's memo table.
#include <cstdint>
#include <queue>
#include <unordered_map>
#include <vector>

#include "pickle/memo_liveness.hpp"
#include "pickle/value.hpp"

namespace tabnas::pickle {

/// Memo indices of a pickle: dense slots 0..n-1 as written by MEMOIZE/BINPUT in practice, plus
/// a hash map for sparse indices (a hostile LONG_BINPUT 0xFFFFFFFF must not allocate 4 G slots).
/// size() counts entries like len() of Python's memo dict, which MEMOIZE uses as next index.
class Memo {
 public:
  /// Outcome of a lookup.
  enum class Status : std::uint8_t { kFound, kMissing, kReleased };

  /// Forgets everything, including keep_only().
  void clear();
  /// Streaming mode: from now on only entries that `last_fetch` says are fetched again are
  /// stored (the others are counted, so that MEMOIZE numbers stay right, and report kReleased
  /// if fetched after all), and evict_before() drops them after their last fetch.
  void keep_only(LastFetch last_fetch);
  /// In keep_only() mode: drops stored entries whose last fetch is before `offset`.
  void evict_before(std::uint64_t offset);
  /// Entries stored now (for tests and memory accounting).
  [[nodiscard]] std::uint64_t stored() const noexcept {
    return keep_only_ ? live_.size() : dense_.size() + sparse_.size();
  }
  void put(std::uint64_t index, Value value);
  /// Looks up an entry; `out` is set when kFound.
  [[nodiscard]] Status get(std::uint64_t index, const Value*& out) const;
  /// Retires an entry handed to a streaming callback (later gets report kReleased).
  void release(std::uint64_t index);
  /// The value stored at `index` or nullptr (released entries included).
  [[nodiscard]] const Value* peek(std::uint64_t index) const;
  /// Number of entries.
  [[nodiscard]] std::uint64_t size() const noexcept {
    return keep_only_ ? put_count_ : dense_.size() + sparse_.size();
  }

 private:
  struct Slot {
    Value value;
    bool released = false;
  };
  Slot* slot(std::uint64_t index);
  [[nodiscard]] const Slot* slot(std::uint64_t index) const;

  std::vector<Slot> dense_;
  std::unordered_map<std::uint64_t, Slot> sparse_;
  // keep_only() mode
  bool keep_only_ = false;
  LastFetch last_fetch_;
  std::unordered_map<std::uint64_t, Slot> live_;
  std::vector<bool> put_dense_;  ///< indexes put so far (dense part)
  std::unordered_map<std::uint64_t, bool> put_sparse_;
  std::uint64_t put_count_ = 0;
  using Expiry = std::pair<std::uint64_t, std::uint64_t>;  ///< (last fetch offset, index)
  std::priority_queue<Expiry, std::vector<Expiry>, std::greater<>> expiry_;
};

}  // namespace tabnas::pickle
