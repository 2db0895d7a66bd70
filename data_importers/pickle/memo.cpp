#include "pickle/memo.hpp"

namespace tabnas::pickle {

void Memo::clear() {
  dense_.clear();
  sparse_.clear();
}

void Memo::put(std::uint64_t index, Value value) {
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
  if (index < dense_.size()) return &dense_[index];
  auto it = sparse_.find(index);
  return it == sparse_.end() ? nullptr : &it->second;
}

const Memo::Slot* Memo::slot(std::uint64_t index) const {
  if (index < dense_.size()) return &dense_[index];
  auto it = sparse_.find(index);
  return it == sparse_.end() ? nullptr : &it->second;
}

Memo::Status Memo::get(std::uint64_t index, const Value*& out) const {
  const Slot* s = slot(index);
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
