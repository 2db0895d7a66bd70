#pragma once
/// @file The value tree produced by the pickle reader.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pickle/big_int.hpp"

namespace tabnas::pickle {

struct NdArray;
struct Call;
struct GlobalRef;
namespace detail {
struct Node;
struct ValueAccess;
}  // namespace detail

/// What a Value holds. Python types map one to one; numpy scalars arrive as kBool/kInt/kFloat,
/// numpy arrays as kNdArray, and every global that is not emulated as kGlobal/kCall data.
enum class Kind : std::uint8_t {
  kNone,
  kBool,
  kInt,     ///< fits in int64
  kBigInt,  ///< does not fit in int64
  kFloat,
  kStr,  ///< UTF-8 (lone surrogates kept as Python's "surrogatepass" 3-byte form)
  kBytes,
  kByteArray,
  kList,
  kTuple,
  kDict,  ///< ordered key/value pairs, keys of any kind (dict and collections.OrderedDict)
  kSet,
  kFrozenSet,
  kNdArray,  ///< decoded numpy array
  kGlobal,   ///< a reference to module.name, never resolved to code
  kCall,     ///< opaque construction record: callee(args) + state, never executed
};

/// Short Python-like name of a kind ("dict", "float", ...), for messages.
[[nodiscard]] std::string_view kind_name(Kind kind) noexcept;

class Value;
/// Key/value pairs of a dict, in insertion order.
using DictItems = std::vector<std::pair<Value, Value>>;

/// A handle to one node of the tree. Scalars are held inline; strings, containers and the other
/// heap kinds are shared between copies (as the pickle memo shares Python objects), so copying a
/// Value is cheap and mutating a container through one copy is visible through all of them.
/// Destruction of deep trees is iterative (no recursion on the C++ stack).
class Value {
 public:
  /// None.
  Value() noexcept = default;

  [[nodiscard]] static Value none() noexcept { return {}; }
  [[nodiscard]] static Value from_bool(bool b) noexcept;
  [[nodiscard]] static Value from_int(std::int64_t i) noexcept;
  /// kInt when the value fits in int64, kBigInt otherwise.
  [[nodiscard]] static Value from_big_int(BigInt value);
  [[nodiscard]] static Value from_double(double d) noexcept;
  [[nodiscard]] static Value str(std::string utf8);
  [[nodiscard]] static Value bytes(std::string data);
  [[nodiscard]] static Value bytearray(std::string data);
  [[nodiscard]] static Value list(std::vector<Value> items);
  [[nodiscard]] static Value tuple(std::vector<Value> items);
  [[nodiscard]] static Value set(std::vector<Value> items);
  [[nodiscard]] static Value frozenset(std::vector<Value> items);
  [[nodiscard]] static Value dict(DictItems items);
  [[nodiscard]] static Value ndarray(NdArray array);
  [[nodiscard]] static Value global(std::string module, std::string name);
  [[nodiscard]] static Value call(Call call);

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  [[nodiscard]] bool is_none() const noexcept { return kind_ == Kind::kNone; }
  /// True for kinds that hold child Values (list, tuple, dict, set, frozenset, ndarray, call).
  [[nodiscard]] bool has_children() const noexcept;
  /// True for kStr.
  [[nodiscard]] bool is_str() const noexcept { return kind_ == Kind::kStr; }
  /// True for list and tuple.
  [[nodiscard]] bool is_sequence() const noexcept {
    return kind_ == Kind::kList || kind_ == Kind::kTuple;
  }

  /// @throws DataError unless kBool.
  [[nodiscard]] bool as_bool() const;
  /// @throws DataError unless kInt (a kBigInt is reported as out of range).
  [[nodiscard]] std::int64_t as_int() const;
  /// Accepts kFloat and kInt (numpy float scalars are kFloat already).
  /// @throws DataError for other kinds.
  [[nodiscard]] double as_double() const;
  /// @throws DataError unless kStr.
  [[nodiscard]] const std::string& as_string() const;
  /// Raw bytes of kBytes or kByteArray. @throws DataError for other kinds.
  [[nodiscard]] const std::string& as_bytes() const;
  /// kBigInt, or kInt widened. @throws DataError for other kinds.
  [[nodiscard]] BigInt as_big_int() const;
  /// Elements of a list, tuple, set or frozenset. @throws DataError for other kinds.
  [[nodiscard]] const std::vector<Value>& items() const;
  /// Pairs of a dict. @throws DataError for other kinds.
  [[nodiscard]] const DictItems& dict_items() const;
  /// @throws DataError unless kNdArray.
  [[nodiscard]] const NdArray& as_ndarray() const;
  /// @throws DataError unless kGlobal.
  [[nodiscard]] const GlobalRef& as_global() const;
  /// @throws DataError unless kCall.
  [[nodiscard]] const Call& as_call() const;

  /// Number of direct elements: items, pairs, array elements; 0 for scalars.
  [[nodiscard]] std::size_t size() const noexcept;

  /// Dict lookup by str key; the last matching pair wins (as later SETITEMs do in Python).
  /// Returns nullptr when absent. @throws DataError when this is not a dict.
  [[nodiscard]] const Value* find(std::string_view key) const;
  /// Dict lookup by any key, compared with equals(). @throws DataError when this is not a dict.
  [[nodiscard]] const Value* find(const Value& key) const;
  /// Dict lookup by str key. @throws DataError when this is not a dict or the key is absent; the
  /// message lists some of the keys present.
  [[nodiscard]] const Value& as_dict_get(std::string_view key) const;

  /// Same node (for heap kinds) or same scalar.
  [[nodiscard]] bool same_node(const Value& other) const noexcept {
    return kind_ == other.kind_ && node_ == other.node_;
  }

  /// One-line description for messages ("str 'abc'", "dict of 3 items"), at most ~max_chars.
  [[nodiscard]] std::string describe(std::size_t max_chars = 60) const;

  /// Mutable access used while building the tree (the reader, tests).
  /// @throws DataError on kind mismatch.
  std::vector<Value>& mutable_items();
  DictItems& mutable_dict_items();
  Call& mutable_call();
  NdArray& mutable_ndarray();

  /// The shared heap node (nullptr for inline scalars and None); for the reader's bookkeeping.
  [[nodiscard]] detail::Node* node() const noexcept { return node_.get(); }

 private:
  friend struct detail::ValueAccess;
  Value(Kind kind, std::shared_ptr<detail::Node> node) noexcept
      : kind_(kind), node_(std::move(node)) {}
  [[noreturn]] void wrong_kind(std::string_view wanted) const;

  Kind kind_ = Kind::kNone;
  union Scalar {
    bool b;
    std::int64_t i;
    double d;
  } scalar_{.i = 0};
  std::shared_ptr<detail::Node> node_;
};

/// Python-style equality: bool/int/float compare by numeric value, str/bytes by content,
/// containers elementwise (dicts and sets in order), globals by name, other heap nodes by identity.
/// @throws DataError when the values nest deeper than 1000 levels.
[[nodiscard]] bool equals(const Value& a, const Value& b);

}  // namespace tabnas::pickle

// The complete types are needed by everything that looks inside a Value.
#include "pickle/call.hpp"
#include "pickle/nd_array.hpp"
