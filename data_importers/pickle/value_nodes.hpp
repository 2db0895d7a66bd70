#pragma once
/// @file Internal heap nodes behind Value (not part of the public API).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pickle/global_registry.hpp"
#include "pickle/value.hpp"

namespace tabnas::pickle::detail {

/// Memo slot marker for "not memoised".
inline constexpr std::uint32_t kNoMemo = 0xFFFFFFFFU;

/// Common header of every heap node. Fields are reader bookkeeping.
struct Node {
  std::uint32_t memo_index = kNoMemo;  ///< last memo slot that stored this node
  std::uint32_t depth = 0;             ///< container nesting depth (0 for leaves)
  bool shared = false;                 ///< a second reference was taken (GET, DUP)
  bool released = false;               ///< handed to a streaming callback, memo slot dropped
};

struct TextNode : Node {
  std::string text;
};

struct BigIntNode : Node {
  BigInt value;
};

struct GlobalNode : Node {
  GlobalRef global;
  Emulation emulation = Emulation::kUnknown;  ///< GlobalRegistry::lookup, cached at creation
};

struct SeqNode : Node {
  SeqNode() = default;
  SeqNode(const SeqNode&) = delete;
  SeqNode& operator=(const SeqNode&) = delete;
  ~SeqNode();
  std::vector<Value> items;
};

struct DictNode : Node {
  DictNode() = default;
  DictNode(const DictNode&) = delete;
  DictNode& operator=(const DictNode&) = delete;
  ~DictNode();
  DictItems items;
  std::uint64_t streamed = 0;  ///< entries handed to a streaming callback instead of stored
};

struct ArrayNode : Node {
  ArrayNode() = default;
  ArrayNode(const ArrayNode&) = delete;
  ArrayNode& operator=(const ArrayNode&) = delete;
  ~ArrayNode();
  NdArray array;
};

struct CallNode : Node {
  CallNode() = default;
  CallNode(const CallNode&) = delete;
  CallNode& operator=(const CallNode&) = delete;
  ~CallNode();
  Call call;
};

/// Privileged access to Value internals for the reader and the node code.
struct ValueAccess {
  static Value make(Kind kind, std::shared_ptr<Node> node) noexcept {
    return Value(kind, std::move(node));
  }
  static std::shared_ptr<Node> take_node(Value& v) noexcept { return std::move(v.node_); }
  static const std::shared_ptr<Node>& node_ptr(const Value& v) noexcept { return v.node_; }
};

/// Moves the heap nodes out of `values` so that their destruction happens in a loop instead of
/// recursively (deep trees would otherwise overflow the C++ stack). Never throws.
void defer_release(std::vector<Value>& values) noexcept;
void defer_release(DictItems& items) noexcept;
void defer_release(Value& value) noexcept;

/// Visits every child Value of a node of the given kind (used by graph walks).
template <typename F>
void for_each_child(Kind kind, Node* node, F&& f) {
  switch (kind) {
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kSet:
    case Kind::kFrozenSet:
      for (auto& v : static_cast<SeqNode*>(node)->items) f(v);
      break;
    case Kind::kDict:
      for (auto& [k, v] : static_cast<DictNode*>(node)->items) {
        f(k);
        f(v);
      }
      break;
    case Kind::kNdArray:
      for (auto& v : static_cast<ArrayNode*>(node)->array.objects) f(v);
      break;
    case Kind::kCall: {
      Call& c = static_cast<CallNode*>(node)->call;
      f(c.callee);
      f(c.args);
      f(c.kwargs);
      f(c.state);
      for (auto& v : c.appended) f(v);
      for (auto& [k, v] : c.set_items) {
        f(k);
        f(v);
      }
      break;
    }
    default:
      break;
  }
}

/// Removes every child of a node (breaks reference cycles).
void clear_children(Kind kind, Node* node) noexcept;

}  // namespace tabnas::pickle::detail
