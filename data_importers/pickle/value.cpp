#include "pickle/value.hpp"

#include <cmath>
#include <cstdio>

#include "pickle/value_nodes.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::pickle {

using detail::ArrayNode;
using detail::BigIntNode;
using detail::CallNode;
using detail::DictNode;
using detail::GlobalNode;
using detail::Node;
using detail::SeqNode;
using detail::TextNode;
using detail::ValueAccess;

// ---------------------------------------------------------------------------------------------
// Iterative destruction

namespace detail {
namespace {

struct Reaper {
  std::vector<std::shared_ptr<Node>> pending;
  bool active = false;
};

Reaper& reaper() noexcept {
  thread_local Reaper instance;
  return instance;
}

void push_pending(Reaper& r, Value& v) noexcept {
  if (!v.has_children() || v.node() == nullptr) return;
  try {
    r.pending.push_back(ValueAccess::take_node(v));
  } catch (...) {
    // Out of memory: let this one be destroyed recursively.
  }
}

/// Runs `collect` with the reaper active; the outermost caller drains the queue.
template <typename F>
void with_reaper(F&& collect) noexcept {
  Reaper& r = reaper();
  const bool owner = !r.active;
  r.active = true;
  collect(r);
  if (owner) {
    while (!r.pending.empty()) {
      std::shared_ptr<Node> n = std::move(r.pending.back());
      r.pending.pop_back();
      n.reset();  // may queue more nodes
    }
    r.active = false;
  }
}

}  // namespace

void defer_release(std::vector<Value>& values) noexcept {
  with_reaper([&](Reaper& r) {
    for (auto& v : values) push_pending(r, v);
  });
}

void defer_release(DictItems& items) noexcept {
  with_reaper([&](Reaper& r) {
    for (auto& [k, v] : items) {
      push_pending(r, k);
      push_pending(r, v);
    }
  });
}

void defer_release(Value& value) noexcept {
  with_reaper([&](Reaper& r) { push_pending(r, value); });
}

SeqNode::~SeqNode() {
  defer_release(items);
}
DictNode::~DictNode() {
  defer_release(items);
}
ArrayNode::~ArrayNode() {
  defer_release(array.objects);
}
CallNode::~CallNode() {
  with_reaper([&](Reaper& r) {
    push_pending(r, call.callee);
    push_pending(r, call.args);
    push_pending(r, call.kwargs);
    push_pending(r, call.state);
    for (auto& v : call.appended) push_pending(r, v);
    for (auto& [k, v] : call.set_items) {
      push_pending(r, k);
      push_pending(r, v);
    }
  });
}

void clear_children(Kind kind, Node* node) noexcept {
  switch (kind) {
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kSet:
    case Kind::kFrozenSet: {
      std::vector<Value> tmp;
      tmp.swap(static_cast<SeqNode*>(node)->items);
      defer_release(tmp);
      break;
    }
    case Kind::kDict: {
      DictItems tmp;
      tmp.swap(static_cast<DictNode*>(node)->items);
      defer_release(tmp);
      break;
    }
    case Kind::kNdArray: {
      std::vector<Value> tmp;
      tmp.swap(static_cast<ArrayNode*>(node)->array.objects);
      defer_release(tmp);
      break;
    }
    case Kind::kCall: {
      Call tmp;
      std::swap(tmp, static_cast<CallNode*>(node)->call);
      defer_release(tmp.callee);
      defer_release(tmp.args);
      defer_release(tmp.kwargs);
      defer_release(tmp.state);
      defer_release(tmp.appended);
      defer_release(tmp.set_items);
      break;
    }
    default:
      break;
  }
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Names

std::string_view kind_name(Kind kind) noexcept {
  switch (kind) {
    case Kind::kNone:
      return "None";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kBigInt:
      return "int (beyond int64)";
    case Kind::kFloat:
      return "float";
    case Kind::kStr:
      return "str";
    case Kind::kBytes:
      return "bytes";
    case Kind::kByteArray:
      return "bytearray";
    case Kind::kList:
      return "list";
    case Kind::kTuple:
      return "tuple";
    case Kind::kDict:
      return "dict";
    case Kind::kSet:
      return "set";
    case Kind::kFrozenSet:
      return "frozenset";
    case Kind::kNdArray:
      return "ndarray";
    case Kind::kGlobal:
      return "global";
    case Kind::kCall:
      return "call";
  }
  return "?";
}

std::string_view call_how_name(CallHow how) noexcept {
  switch (how) {
    case CallHow::kReduce:
      return "reduce";
    case CallHow::kNewObj:
      return "newobj";
    case CallHow::kNewObjEx:
      return "newobj_ex";
    case CallHow::kInst:
      return "inst";
    case CallHow::kObj:
      return "obj";
    case CallHow::kPersistentId:
      return "persid";
  }
  return "?";
}

const GlobalRef* Call::callee_global() const noexcept {
  if (callee.kind() != Kind::kGlobal) return nullptr;
  return &static_cast<const GlobalNode*>(callee.node())->global;
}

bool Call::is(std::string_view module, std::string_view name) const noexcept {
  const GlobalRef* g = callee_global();
  return g != nullptr && g->module == module && g->name == name;
}

std::size_t NdArray::size() const noexcept {
  std::size_t n = 1;
  for (auto d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Construction

Value Value::from_bool(bool b) noexcept {
  Value v;
  v.kind_ = Kind::kBool;
  v.scalar_.b = b;
  return v;
}

Value Value::from_int(std::int64_t i) noexcept {
  Value v;
  v.kind_ = Kind::kInt;
  v.scalar_.i = i;
  return v;
}

Value Value::from_double(double d) noexcept {
  Value v;
  v.kind_ = Kind::kFloat;
  v.scalar_.d = d;
  return v;
}

Value Value::from_big_int(BigInt value) {
  if (value.fits_int64()) return from_int(value.to_int64());
  auto node = std::make_shared<BigIntNode>();
  node->value = std::move(value);
  return Value(Kind::kBigInt, std::move(node));
}

namespace {
Value make_text(Kind kind, std::string text) {
  auto node = std::make_shared<TextNode>();
  node->text = std::move(text);
  return ValueAccess::make(kind, std::move(node));
}

std::uint32_t max_child_depth(const std::vector<Value>& items) noexcept {
  std::uint32_t d = 0;
  for (const auto& v : items) {
    if (v.node() != nullptr && v.node()->depth > d) d = v.node()->depth;
  }
  return d;
}

Value make_seq(Kind kind, std::vector<Value> items) {
  auto node = std::make_shared<SeqNode>();
  node->depth = max_child_depth(items) + 1;
  node->items = std::move(items);
  return ValueAccess::make(kind, std::move(node));
}
}  // namespace

Value Value::str(std::string utf8) {
  return make_text(Kind::kStr, std::move(utf8));
}
Value Value::bytes(std::string data) {
  return make_text(Kind::kBytes, std::move(data));
}
Value Value::bytearray(std::string data) {
  return make_text(Kind::kByteArray, std::move(data));
}
Value Value::list(std::vector<Value> items) {
  return make_seq(Kind::kList, std::move(items));
}
Value Value::tuple(std::vector<Value> items) {
  return make_seq(Kind::kTuple, std::move(items));
}
Value Value::set(std::vector<Value> items) {
  return make_seq(Kind::kSet, std::move(items));
}
Value Value::frozenset(std::vector<Value> items) {
  return make_seq(Kind::kFrozenSet, std::move(items));
}

Value Value::dict(DictItems items) {
  auto node = std::make_shared<DictNode>();
  std::uint32_t d = 0;
  for (const auto& [k, v] : items) {
    if (k.node() != nullptr && k.node()->depth > d) d = k.node()->depth;
    if (v.node() != nullptr && v.node()->depth > d) d = v.node()->depth;
  }
  node->depth = d + 1;
  node->items = std::move(items);
  return Value(Kind::kDict, std::move(node));
}

Value Value::ndarray(NdArray array) {
  auto node = std::make_shared<ArrayNode>();
  node->depth = max_child_depth(array.objects) + 1;
  node->array = std::move(array);
  return Value(Kind::kNdArray, std::move(node));
}

Value Value::global(std::string module, std::string name) {
  auto node = std::make_shared<GlobalNode>();
  node->emulation = GlobalRegistry::lookup(module, name);
  node->global.module = std::move(module);
  node->global.name = std::move(name);
  return Value(Kind::kGlobal, std::move(node));
}

Value Value::call(Call call) {
  auto node = std::make_shared<CallNode>();
  std::uint32_t d = 0;
  auto upd = [&d](const Value& v) {
    if (v.node() != nullptr && v.node()->depth > d) d = v.node()->depth;
  };
  upd(call.callee);
  upd(call.args);
  upd(call.kwargs);
  upd(call.state);
  for (const auto& v : call.appended) upd(v);
  for (const auto& [k, v] : call.set_items) {
    upd(k);
    upd(v);
  }
  node->depth = d + 1;
  node->call = std::move(call);
  return Value(Kind::kCall, std::move(node));
}

// ---------------------------------------------------------------------------------------------
// Access

bool Value::has_children() const noexcept {
  switch (kind_) {
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kDict:
    case Kind::kSet:
    case Kind::kFrozenSet:
    case Kind::kNdArray:
    case Kind::kCall:
      return true;
    default:
      return false;
  }
}

void Value::wrong_kind(std::string_view wanted) const {
  throw DataError("expected " + std::string(wanted) + ", found " + describe());
}

bool Value::as_bool() const {
  if (kind_ != Kind::kBool) wrong_kind("bool");
  return scalar_.b;
}

std::int64_t Value::as_int() const {
  if (kind_ == Kind::kBigInt) {
    throw DataError("integer " + describe() + " does not fit in 64 bits");
  }
  if (kind_ != Kind::kInt) wrong_kind("int");
  return scalar_.i;
}

double Value::as_double() const {
  if (kind_ == Kind::kFloat) return scalar_.d;
  if (kind_ == Kind::kInt) return static_cast<double>(scalar_.i);
  wrong_kind("float or int");
}

const std::string& Value::as_string() const {
  if (kind_ != Kind::kStr) wrong_kind("str");
  return static_cast<const TextNode*>(node_.get())->text;
}

const std::string& Value::as_bytes() const {
  if (kind_ != Kind::kBytes && kind_ != Kind::kByteArray) wrong_kind("bytes or bytearray");
  return static_cast<const TextNode*>(node_.get())->text;
}

BigInt Value::as_big_int() const {
  if (kind_ == Kind::kInt) return BigInt::from_int64(scalar_.i);
  if (kind_ != Kind::kBigInt) wrong_kind("int");
  return static_cast<const BigIntNode*>(node_.get())->value;
}

const std::vector<Value>& Value::items() const {
  switch (kind_) {
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kSet:
    case Kind::kFrozenSet:
      return static_cast<const SeqNode*>(node_.get())->items;
    default:
      wrong_kind("list, tuple, set or frozenset");
  }
}

const DictItems& Value::dict_items() const {
  if (kind_ != Kind::kDict) wrong_kind("dict");
  return static_cast<const DictNode*>(node_.get())->items;
}

const NdArray& Value::as_ndarray() const {
  if (kind_ != Kind::kNdArray) wrong_kind("ndarray");
  return static_cast<const ArrayNode*>(node_.get())->array;
}

const GlobalRef& Value::as_global() const {
  if (kind_ != Kind::kGlobal) wrong_kind("global");
  return static_cast<const GlobalNode*>(node_.get())->global;
}

const Call& Value::as_call() const {
  if (kind_ != Kind::kCall) wrong_kind("call");
  return static_cast<const CallNode*>(node_.get())->call;
}

std::vector<Value>& Value::mutable_items() {
  (void)items();  // kind check
  return static_cast<SeqNode*>(node_.get())->items;
}

DictItems& Value::mutable_dict_items() {
  (void)dict_items();
  return static_cast<DictNode*>(node_.get())->items;
}

Call& Value::mutable_call() {
  (void)as_call();
  return static_cast<CallNode*>(node_.get())->call;
}

NdArray& Value::mutable_ndarray() {
  (void)as_ndarray();
  return static_cast<ArrayNode*>(node_.get())->array;
}

std::size_t Value::size() const noexcept {
  switch (kind_) {
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kSet:
    case Kind::kFrozenSet:
      return static_cast<const SeqNode*>(node_.get())->items.size();
    case Kind::kDict:
      return static_cast<const DictNode*>(node_.get())->items.size();
    case Kind::kNdArray:
      return static_cast<const ArrayNode*>(node_.get())->array.size();
    default:
      return 0;
  }
}

const Value* Value::find(std::string_view key) const {
  const DictItems& pairs = dict_items();
  for (auto it = pairs.rbegin(); it != pairs.rend(); ++it) {
    if (it->first.kind_ == Kind::kStr &&
        static_cast<const TextNode*>(it->first.node_.get())->text == key) {
      return &it->second;
    }
  }
  return nullptr;
}

const Value* Value::find(const Value& key) const {
  const DictItems& pairs = dict_items();
  for (auto it = pairs.rbegin(); it != pairs.rend(); ++it) {
    if (equals(it->first, key)) return &it->second;
  }
  return nullptr;
}

const Value& Value::as_dict_get(std::string_view key) const {
  if (const Value* v = find(key)) return *v;
  std::string msg =
      "key '" + std::string(key) + "' not found in dict of " + std::to_string(size()) + " items";
  const DictItems& pairs = dict_items();
  if (!pairs.empty()) {
    msg += " (keys:";
    std::size_t shown = 0;
    for (const auto& [k, v] : pairs) {
      if (shown == 8) {
        msg += " ...";
        break;
      }
      msg += " " + k.describe(30);
      ++shown;
    }
    msg += ")";
  }
  throw DataError(msg);
}

// ---------------------------------------------------------------------------------------------
// Equality and description

namespace {

bool numeric(const Value& v) {
  return v.kind() == Kind::kBool || v.kind() == Kind::kInt || v.kind() == Kind::kFloat;
}

bool equals_at(const Value& a, const Value& b, int depth) {
  if (depth > 1000) throw DataError("values nest too deeply to compare");
  if (numeric(a) && numeric(b)) {
    auto as_num = [](const Value& v, double& d, std::int64_t& i) {
      if (v.kind() == Kind::kFloat) {
        d = v.as_double();
        return true;
      }
      i = v.kind() == Kind::kBool ? (v.as_bool() ? 1 : 0) : v.as_int();
      return false;
    };
    double da = 0;
    double db = 0;
    std::int64_t ia = 0;
    std::int64_t ib = 0;
    const bool fa = as_num(a, da, ia);
    const bool fb = as_num(b, db, ib);
    if (!fa && !fb) return ia == ib;
    if (fa && fb) return da == db;
    // int vs float: exact comparison (the int must convert exactly).
    const double f = fa ? da : db;
    const std::int64_t n = fa ? ib : ia;
    if (!std::isfinite(f) || f != std::trunc(f)) return false;
    if (f < -9223372036854775808.0 || f >= 9223372036854775808.0) return false;
    return static_cast<std::int64_t>(f) == n;
  }
  if (a.kind() != b.kind()) {
    // Sets and frozensets compare equal in Python; tuple and list do not.
    const bool sa = a.kind() == Kind::kSet || a.kind() == Kind::kFrozenSet;
    const bool sb = b.kind() == Kind::kSet || b.kind() == Kind::kFrozenSet;
    if (!(sa && sb)) return false;
  }
  if (a.same_node(b) && a.node() != nullptr) return true;
  switch (a.kind()) {
    case Kind::kNone:
      return true;
    case Kind::kBigInt:
      return a.as_big_int() == b.as_big_int();
    case Kind::kStr:
      return a.as_string() == b.as_string();
    case Kind::kBytes:
    case Kind::kByteArray:
      return a.as_bytes() == b.as_bytes();
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kSet:
    case Kind::kFrozenSet: {
      const auto& x = a.items();
      const auto& y = b.items();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!equals_at(x[i], y[i], depth + 1)) return false;
      }
      return true;
    }
    case Kind::kDict: {
      const auto& x = a.dict_items();
      const auto& y = b.dict_items();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!equals_at(x[i].first, y[i].first, depth + 1) ||
            !equals_at(x[i].second, y[i].second, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    case Kind::kGlobal:
      return a.as_global().module == b.as_global().module &&
             a.as_global().name == b.as_global().name;
    default:
      return false;  // distinct arrays / calls
  }
}

}  // namespace

bool equals(const Value& a, const Value& b) {
  return equals_at(a, b, 0);
}

std::string Value::describe(std::size_t max_chars) const {
  auto clip = [max_chars](std::string s) {
    if (s.size() > max_chars) {
      s.resize(max_chars);
      s += "...";
    }
    return s;
  };
  switch (kind_) {
    case Kind::kNone:
      return "None";
    case Kind::kBool:
      return scalar_.b ? "bool True" : "bool False";
    case Kind::kInt:
      return "int " + std::to_string(scalar_.i);
    case Kind::kBigInt: {
      const BigInt& b = static_cast<const BigIntNode*>(node_.get())->value;
      return "int " + clip(b.decimal_is_cheap() ? b.to_decimal() : b.to_hex());
    }
    case Kind::kFloat: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", scalar_.d);
      return std::string("float ") + buf;
    }
    case Kind::kStr:
      return "str '" + clip(static_cast<const TextNode*>(node_.get())->text) + "'";
    case Kind::kBytes:
    case Kind::kByteArray:
      return std::string(kind_name(kind_)) + " of " +
             std::to_string(static_cast<const TextNode*>(node_.get())->text.size()) + " bytes";
    case Kind::kGlobal:
      return "global " + clip(as_global().qualified());
    case Kind::kCall: {
      const Call& c = as_call();
      const GlobalRef* g = c.callee_global();
      return std::string("call (") + std::string(call_how_name(c.how)) + ") of " +
             (g != nullptr ? clip(g->qualified()) : std::string("<expression>"));
    }
    case Kind::kNdArray:
      return "ndarray " + as_ndarray().dtype + " of " + std::to_string(size()) + " elements";
    default:
      return std::string(kind_name(kind_)) + " of " + std::to_string(size()) + " items";
  }
}

}  // namespace tabnas::pickle
