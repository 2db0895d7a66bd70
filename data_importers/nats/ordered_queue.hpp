#pragma once
/// @file A bounded hand-over between producer threads and one consumer that takes the items in
/// sequence-number order (the producers may finish them out of order).
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <utility>

namespace tabnas::nats {

template <typename T>
class OrderedQueue {
 public:
  /// At most `window` items past the next one to be taken may be waiting.
  explicit OrderedQueue(std::uint64_t window) : window_(window) {}

  /// Blocks while `seq` is `window` or more ahead of the consumer; returns false (dropping the
  /// item) once close() was called.
  bool push(std::uint64_t seq, T item) {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return closed_ || seq < next_ + window_; });
    if (closed_) return false;
    items_.emplace(seq, std::move(item));
    if (seq == next_) ready_.notify_one();
    return true;
  }

  /// Blocks until item `next` is there and returns it. The caller knows how many to take.
  T pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return items_.count(next_) != 0U; });
    auto node = items_.extract(next_);
    ++next_;
    space_.notify_all();
    return std::move(node.mapped());
  }

  /// Wakes and releases every blocked producer (on error or shutdown).
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    space_.notify_all();
  }

 private:
  std::uint64_t window_;
  std::uint64_t next_ = 0;
  bool closed_ = false;
  std::map<std::uint64_t, T> items_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable space_;
};

}  // namespace tabnas::nats
