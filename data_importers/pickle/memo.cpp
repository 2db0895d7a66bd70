#include "pickle/memo.hpp"

namespace tabnas::pickle {

void Memo::clear() {
  dense_.clear();
  sparse_.clear();
  keep_only_ = false;
  last_fetch_.clear();
  live_.clear();
  put_dense_.clear();
  put_sparse_.clear();
  put_count_ = 0;
  expiry_ = {};
}

void Memo::keep_only(LastFetch last_fetch) {
  keep_only_ = true;
  last_fetch_ = std::move(last_fetch);
}

void Memo::evict_before(std::uint64_t offset) {
  while (!expiry_.empty() && expiry_.top().first < offset) {
    live_.erase(expiry_.top().second);
    expiry_.pop();
  }
}

void Memo::put(std::uint64_t index, Value value) {
  if (keep_only_) {
    // count distinct indexes like len(memo): dense bit set, hash map for hostile huge ones
    bool seen = false;
    if (index < (std::uint64_t{1} << 32U)) {
      if (index >= put_dense_.size()) put_dense_.resize(index + 1 + index / 2, false);
      seen = put_dense_[index];
      put_dense_[index] = true;
    } else {
      seen = put_sparse_.count(index) != 0U;
      put_sparse_[index] = true;
    }
    if (!seen) ++put_count_;
    auto it = last_fetch_.find(index);
    if (it == last_fetch_.end()) {
      live_.erase(index);  // an overwritten entry that is fetched no more
      return;
    }
    live_[index] = Slot{std::move(value), false};
    expiry_.emplace(it->second, index);
    return;
  }
  if (index < dense_.size()) {
    dense_[index] = Slot{std::move(value), false};
    return;
  }
  if (index == dense_.size()) {
    sparse_.erase(index);
    dense_.push_back(Slot{std::move(value), false});
    // Pull following sparse entries into the dense part.
    while (!sparse_.empty()) {
      auto it = sparse_.find(dense_.size());
      if (it == sparse_.end()) break;
      dense_.push_back(std::move(it->second));
      sparse_.erase(it);
    }
    return;
  }
  sparse_[index] = Slot{std::move(value), false};
}

Memo::Slot* Memo::slot(std::uint64_t index) {
  if (keep_only_) {
    auto it = live_.find(index);
    return it == live_.end() ? nullptr : &it->second;
  }
  if (index < dense_.size()) return &dense_[index];
  auto it = sparse_.find(index);
  return it == sparse_.end() ? nullptr : &it->second;
}

const Memo::Slot* Memo::slot(std::uint64_t index) const {
  if (keep_only_) {
    auto it = live_.find(index);
    return it == live_.end() ? nullptr : &it->second;
  }
  if (index < dense_.size()) return &dense_[index];
  auto it = sparse_.find(index);
  return it == sparse_.end() ? nullptr : &it->second;
}

Memo::Status Memo::get(std::uint64_t index, const Value*& out) const {
  const Slot* s = slot(index);
  if (s == nullptr && keep_only_) {
    const bool was_put = index < put_dense_.size() ? static_cast<bool>(put_dense_[index])
                                                   : put_sparse_.count(index) != 0U;
    return was_put ? Status::kReleased : Status::kMissing;
  }
  if (s == nullptr) return Status::kMissing;
  if (s->released) return Status::kReleased;
  out = &s->value;
  return Status::kFound;
}

void Memo::release(std::uint64_t index) {
  if (Slot* s = slot(index)) {
    s->released = true;
    s->value = Value();
  }
}

const Value* Memo::peek(std::uint64_t index) const {
  const Slot* s = slot(index);
  return s == nullptr ? nullptr : &s->value;
}

}  // namespace tabnas::pickle
