#pragma once
/// @file Navigation in a Value tree with path-aware error messages.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "pickle/value.hpp"

namespace tabnas::pickle {

/// A position in a Value tree that remembers how it was reached, so that every failed lookup
/// or type check raises a DataError like
/// `000000.pickle.pbz2: at ['12']['all_results'][('cifar10', 777)]: key not found ...`.
/// Holds a Value handle (cheap to copy; keeps the subtree alive).
class Cursor {
 public:
  /// Root cursor; `source` names the file in messages.
  Cursor(Value root, std::string source);

  /// Dict entry with a str key. @throws DataError when not a dict or the key is absent.
  [[nodiscard]] Cursor operator[](std::string_view key) const;
  /// List/tuple element. @throws DataError when not a sequence or out of range.
  [[nodiscard]] Cursor operator[](std::size_t index) const;
  /// Dict entry with any key (compared with equals()).
  /// @throws DataError when not a dict or the key is absent.
  [[nodiscard]] Cursor at(const Value& key) const;
  /// Dict entry with the tuple key (str, int), as in NATS `all_results`.
  /// @throws DataError when not a dict or the key is absent.
  [[nodiscard]] Cursor at(std::string_view first, std::int64_t second) const;
  /// Dict entry with a str key, or nullopt when absent. @throws DataError when not a dict.
  [[nodiscard]] std::optional<Cursor> find(std::string_view key) const;

  /// The Value here (a handle copy, so it is safe on temporaries: `c["a"][0].value()`).
  /// References returned by the accessors below point into the tree and stay valid while any
  /// handle to the tree (e.g. the root Value) lives.
  [[nodiscard]] Value value() const noexcept { return value_; }
  /// Python-style access path from the root, e.g. "['12']['arch_str']"; "" at the root.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] Kind kind() const noexcept { return value_.kind(); }
  [[nodiscard]] bool is_none() const noexcept { return value_.is_none(); }

  /// Typed access; each @throws DataError naming the path when the kind does not match.
  [[nodiscard]] double as_double() const;
  [[nodiscard]] std::int64_t as_int() const;
  [[nodiscard]] bool as_bool() const;
  [[nodiscard]] const std::string& as_string() const;
  [[nodiscard]] const std::vector<Value>& items() const;
  [[nodiscard]] const DictItems& dict_items() const;
  [[nodiscard]] const NdArray& as_ndarray() const;
  [[nodiscard]] const Call& as_call() const;
  /// Number of elements (see Value::size()).
  [[nodiscard]] std::size_t size() const noexcept { return value_.size(); }

  /// Raises a DataError about this position with the given reason.
  [[noreturn]] void fail(const std::string& reason) const;

 private:
  Cursor(Value v, std::shared_ptr<const std::string> source, std::string path)
      : value_(std::move(v)), source_(std::move(source)), path_(std::move(path)) {}
  [[nodiscard]] Cursor child(const Value& v, const std::string& step) const;

  Value value_;
  std::shared_ptr<const std::string> source_;
  std::string path_;
};

/// Python-like repr of small keys for paths: 'abc', 12, (a, b), None, True.
[[nodiscard]] std::string short_repr(const Value& v, std::size_t max_chars = 60);

}  // namespace tabnas::pickle
