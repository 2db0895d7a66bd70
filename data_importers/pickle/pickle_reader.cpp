#include "pickle/pickle_reader.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "container/mapped_file.hpp"
#include "pickle/global_registry.hpp"
#include "pickle/memo.hpp"
#include "pickle/memo_liveness.hpp"
#include "pickle/numpy_decoder.hpp"
#include "pickle/opcodes.hpp"
#include "pickle/text_codec.hpp"
#include "pickle/value_nodes.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::pickle {

namespace op {

std::string_view name(std::uint8_t code) noexcept {
  switch (code) {
    case kMark:
      return "MARK";
    case kStop:
      return "STOP";
    case kPop:
      return "POP";
    case kPopMark:
      return "POP_MARK";
    case kDup:
      return "DUP";
    case kFloat:
      return "FLOAT";
    case kInt:
      return "INT";
    case kBinInt:
      return "BININT";
    case kBinInt1:
      return "BININT1";
    case kLong:
      return "LONG";
    case kBinInt2:
      return "BININT2";
    case kNone:
      return "NONE";
    case kPersId:
      return "PERSID";
    case kBinPersId:
      return "BINPERSID";
    case kReduce:
      return "REDUCE";
    case kString:
      return "STRING";
    case kBinString:
      return "BINSTRING";
    case kShortBinString:
      return "SHORT_BINSTRING";
    case kUnicode:
      return "UNICODE";
    case kBinUnicode:
      return "BINUNICODE";
    case kAppend:
      return "APPEND";
    case kBuild:
      return "BUILD";
    case kGlobal:
      return "GLOBAL";
    case kDict:
      return "DICT";
    case kEmptyDict:
      return "EMPTY_DICT";
    case kAppends:
      return "APPENDS";
    case kGet:
      return "GET";
    case kBinGet:
      return "BINGET";
    case kInst:
      return "INST";
    case kLongBinGet:
      return "LONG_BINGET";
    case kList:
      return "LIST";
    case kEmptyList:
      return "EMPTY_LIST";
    case kObj:
      return "OBJ";
    case kPut:
      return "PUT";
    case kBinPut:
      return "BINPUT";
    case kLongBinPut:
      return "LONG_BINPUT";
    case kSetItem:
      return "SETITEM";
    case kTuple:
      return "TUPLE";
    case kEmptyTuple:
      return "EMPTY_TUPLE";
    case kSetItems:
      return "SETITEMS";
    case kBinFloat:
      return "BINFLOAT";
    case kProto:
      return "PROTO";
    case kNewObj:
      return "NEWOBJ";
    case kExt1:
      return "EXT1";
    case kExt2:
      return "EXT2";
    case kExt4:
      return "EXT4";
    case kTuple1:
      return "TUPLE1";
    case kTuple2:
      return "TUPLE2";
    case kTuple3:
      return "TUPLE3";
    case kNewTrue:
      return "NEWTRUE";
    case kNewFalse:
      return "NEWFALSE";
    case kLong1:
      return "LONG1";
    case kLong4:
      return "LONG4";
    case kBinBytes:
      return "BINBYTES";
    case kShortBinBytes:
      return "SHORT_BINBYTES";
    case kShortBinUnicode:
      return "SHORT_BINUNICODE";
    case kBinUnicode8:
      return "BINUNICODE8";
    case kBinBytes8:
      return "BINBYTES8";
    case kEmptySet:
      return "EMPTY_SET";
    case kAddItems:
      return "ADDITEMS";
    case kFrozenSet:
      return "FROZENSET";
    case kNewObjEx:
      return "NEWOBJ_EX";
    case kStackGlobal:
      return "STACK_GLOBAL";
    case kMemoize:
      return "MEMOIZE";
    case kFrame:
      return "FRAME";
    case kByteArray8:
      return "BYTEARRAY8";
    case kNextBuffer:
      return "NEXT_BUFFER";
    case kReadOnlyBuffer:
      return "READONLY_BUFFER";
    default:
      return "unknown";
  }
}

}  // namespace op

using detail::Node;
using detail::ValueAccess;

// =============================================================================================
// The stack machine

class PickleReader::Machine {
 public:
  Machine(std::span<const std::byte> data, ReadOptions options)
      : data_(reinterpret_cast<const unsigned char*>(data.data())),
        size_(data.size()),
        opt_(std::move(options)) {
    budget_total_ = opt_.max_expanded_elements != 0
                        ? opt_.max_expanded_elements
                        : 8 * static_cast<std::uint64_t>(size_) + (std::uint64_t{1} << 22U);
    streaming_ = static_cast<bool>(opt_.stream.on_entry);
  }

  Value run();

  std::size_t pos_ = 0;
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  // ---- errors ---------------------------------------------------------------------------
  [[noreturn]] void fail(const std::string& msg) const {
    char head[64];
    std::snprintf(head, sizeof head, " (opcode 0x%02x ", static_cast<unsigned>(op_));
    throw DataError(opt_.source_name + ": byte offset " +
                    std::to_string(opt_.offset_base + op_pos_) + head + std::string(op::name(op_)) +
                    "): " + msg);
  }

  // ---- input ----------------------------------------------------------------------------
  [[nodiscard]] std::size_t remaining() const noexcept { return size_ - pos_; }

  void need(std::uint64_t n) const {
    if (n > remaining()) {
      fail("truncated input: argument needs " + std::to_string(n) + " bytes, only " +
           std::to_string(remaining()) + " left");
    }
  }

  std::uint64_t read_le(std::size_t n) {
    need(n);
    std::uint64_t v = 0;
    for (std::size_t k = n; k-- > 0;) v = (v << 8U) | data_[pos_ + k];
    pos_ += n;
    return v;
  }

  std::string_view read_bytes(std::uint64_t n) {
    need(n);
    std::string_view s(reinterpret_cast<const char*>(data_ + pos_), static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return s;
  }

  /// A protocol-0 text argument up to (not including) the newline.
  std::string_view read_line() {
    const void* nl = std::memchr(data_ + pos_, '\n', remaining());
    if (nl == nullptr) fail("truncated input: text argument has no terminating newline");
    const auto end = static_cast<std::size_t>(static_cast<const unsigned char*>(nl) - data_);
    std::string_view s(reinterpret_cast<const char*>(data_ + pos_), end - pos_);
    pos_ = end + 1;
    return s;
  }

  std::uint64_t read_decimal_index(std::string_view line) {
    std::uint64_t v = 0;
    const auto* b = line.data();
    const auto* e = line.data() + line.size();
    const auto r = std::from_chars(b, e, v);
    if (line.empty() || r.ec != std::errc() || r.ptr != e) {
      fail("memo index '" + std::string(line.substr(0, 40)) + "' is not a non-negative integer");
    }
    return v;
  }

  // ---- stack ----------------------------------------------------------------------------
  [[nodiscard]] std::size_t base() const noexcept { return marks_.empty() ? 0 : marks_.back(); }

  Value pop() {
    if (stack_.size() <= base()) fail("stack underflow");
    Value v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }

  Value& top() {
    if (stack_.size() <= base()) fail("stack underflow");
    return stack_.back();
  }

  /// Pops the topmost MARK; returns the stack index where its items start.
  std::size_t pop_mark() {
    if (marks_.empty()) fail("no MARK on the stack");
    const std::size_t k = marks_.back();
    marks_.pop_back();
    return k;
  }

  /// The container below the items of a just-popped mark at index k.
  Value& target_below(std::size_t k) {
    if (k == 0 || k - 1 < base()) fail("stack underflow: no object below the MARK");
    return stack_[k - 1];
  }

  void push(Value v) {
    if (streaming_) {
      if (v.kind() == Kind::kDict && stream_target_ == nullptr) {
        on_dict_pushed(v);
      } else if (v.kind() == Kind::kInt && stream_target_ != nullptr) {
        deliver_early();
      }
    }
    stack_.push_back(std::move(v));
  }

  std::vector<Value> take_from(std::size_t k) {
    std::vector<Value> items(
        std::make_move_iterator(stack_.begin() + static_cast<std::ptrdiff_t>(k)),
        std::make_move_iterator(stack_.end()));
    stack_.resize(k);
    return items;
  }

  // ---- bookkeeping ----------------------------------------------------------------------
  void charge(std::uint64_t elements) {
    budget_used_ += elements;
    if (budget_used_ > budget_total_) {
      fail("expansion limit exceeded: more than " + std::to_string(budget_total_) +
           " elements copied or decoded (ReadOptions::max_expanded_elements)");
    }
  }

  void check_depth(const Value& v) {
    if (v.node() != nullptr && v.node()->depth > opt_.max_nesting) {
      fail("containers nest deeper than " + std::to_string(opt_.max_nesting) + " levels");
    }
  }

  /// A second reference to a node now exists.
  static void mark_shared(const Value& v) {
    if (v.node() != nullptr && v.has_children()) v.node()->shared = true;
  }

  /// Called before `target` is mutated; remembers shared nodes for the graph check.
  void note_mutation(const Value& target) {
    Node* n = target.node();
    if (n != nullptr && n->shared && registered_.insert(n).second)
      mutated_shared_.push_back(target);
  }

  void grow_depth(const Value& target, const Value& child) {
    Node* n = target.node();
    if (child.node() != nullptr && child.node()->depth + 1 > n->depth) {
      n->depth = child.node()->depth + 1;
      check_depth(target);
    }
  }

  Value checked(Value v) {
    check_depth(v);
    return v;
  }

  // ---- opcode groups ----------------------------------------------------------------------
  void load_int_text();
  void load_long_text();
  void load_float_text();
  void load_string_text();
  void load_py2_string(std::string_view raw);
  void load_unicode_text();
  void load_utf8(std::string_view raw);
  void load_long_binary(std::string_view raw);
  void load_global(std::string module, std::string name);
  void memo_get(std::uint64_t index);
  void memo_put(std::uint64_t index);
  void append_items(Value& target, std::vector<Value> items);
  void set_items(Value& target, std::vector<Value> flat);
  void add_items(Value& target, std::vector<Value> items);
  void build();
  Value reduce(Value callee, Value args);
  Value newobj(Value cls, Value args, Value kwargs, CallHow how);
  Value opaque(CallHow how, Value callee, Value args, Value kwargs = {});
  std::optional<Value> emulate(Emulation e, const Value& callee, const Value& args);
  Value from_iterable(const Value& it, Kind kind, const Value& callee, const Value& args);
  Value numpy_from_buffer(const Value& callee, const Value& args);
  bool numpy_set_state(Value& target, const Value& state);

  // ---- streaming ----------------------------------------------------------------------------
  void on_dict_pushed(const Value& v);
  void deliver_early();
  void deliver(Value& target, std::vector<Value>& flat);
  void release_memo(const Value& v);

  // ---- graph checks ---------------------------------------------------------------------------
  struct GraphReport {
    bool cycle = false;
    std::uint32_t max_depth = 0;
    std::vector<std::pair<Kind, Node*>> back_targets;
  };
  GraphReport analyse(const std::vector<Value>& roots) const;
  void break_cycles() noexcept;
  void finish(const Value& result);
  void reset();

  const unsigned char* data_;
  std::size_t size_;
  ReadOptions opt_;
  std::size_t op_pos_ = 0;
  std::uint8_t op_ = 0;

  std::vector<Value> stack_;
  std::vector<std::size_t> marks_;
  Memo memo_;
  std::vector<Value> mutated_shared_;
  std::unordered_set<Node*> registered_;
  std::uint64_t budget_total_ = 0;
  std::uint64_t budget_used_ = 0;

  bool streaming_ = false;
  std::vector<Node*> stream_path_nodes_;
  Node* stream_target_ = nullptr;
};

// =============================================================================================
// Main loop

Value PickleReader::Machine::run() {
  reset();
  if (streaming_) {
    // Keep only the memo entries that are fetched again, and only until their last fetch: the
    // memo is what would otherwise grow with the file (docs/nats_import.md).
    std::function<void(std::uint64_t)> progress;
    if (opt_.stream.on_consumed) {
      progress = [this](std::uint64_t at) { opt_.stream.on_consumed(opt_.offset_base + at); };
    }
    if (auto last_fetch = MemoLiveness::scan(data_, size_, pos_, progress)) {
      memo_.keep_only(std::move(*last_fetch));
    }
  }
  try {
    for (;;) {
      op_pos_ = pos_;
      if (pos_ >= size_) {
        op_ = 0;
        fail("pickle data ends without a STOP opcode");
      }
      op_ = data_[pos_++];
      switch (op_) {
        case op::kMark:
          if (marks_.size() >= opt_.max_nesting) {
            fail("more than " + std::to_string(opt_.max_nesting) + " open MARKs");
          }
          marks_.push_back(stack_.size());
          break;
        case op::kStop: {
          Value result = pop();
          finish(result);
          reset();
          return result;
        }
        case op::kPop:
          if (stack_.size() > base()) {
            stack_.pop_back();
          } else {
            (void)pop_mark();
          }
          break;
        case op::kPopMark:
          stack_.resize(pop_mark());
          break;
        case op::kDup: {
          Value v = top();
          mark_shared(v);
          push(std::move(v));
          break;
        }
        case op::kFloat:
          load_float_text();
          break;
        case op::kInt:
          load_int_text();
          break;
        case op::kBinInt:
          push(Value::from_int(static_cast<std::int32_t>(static_cast<std::uint32_t>(read_le(4)))));
          break;
        case op::kBinInt1:
          push(Value::from_int(static_cast<std::int64_t>(read_le(1))));
          break;
        case op::kBinInt2:
          push(Value::from_int(static_cast<std::int64_t>(read_le(2))));
          break;
        case op::kLong:
          load_long_text();
          break;
        case op::kLong1:
          load_long_binary(read_bytes(read_le(1)));
          break;
        case op::kLong4: {
          const auto n = static_cast<std::int32_t>(static_cast<std::uint32_t>(read_le(4)));
          if (n < 0) fail("LONG4 byte count is negative");
          load_long_binary(read_bytes(static_cast<std::uint64_t>(n)));
          break;
        }
        case op::kNone:
          push(Value());
          break;
        case op::kNewTrue:
          push(Value::from_bool(true));
          break;
        case op::kNewFalse:
          push(Value::from_bool(false));
          break;
        case op::kPersId: {
          const std::string_view line = read_line();
          if (!TextCodec::is_ascii(line)) fail("PERSID argument is not ASCII");
          push(opaque(CallHow::kPersistentId, Value(), Value::str(std::string(line))));
          break;
        }
        case op::kBinPersId: {
          Value pid = pop();
          push(opaque(CallHow::kPersistentId, Value(), std::move(pid)));
          break;
        }
        case op::kReduce: {
          Value args = pop();
          Value callee = pop();
          push(checked(reduce(std::move(callee), std::move(args))));
          break;
        }
        case op::kString:
          load_string_text();
          break;
        case op::kBinString: {
          const auto n = static_cast<std::int32_t>(static_cast<std::uint32_t>(read_le(4)));
          if (n < 0) fail("BINSTRING byte count is negative");
          load_py2_string(read_bytes(static_cast<std::uint64_t>(n)));
          break;
        }
        case op::kShortBinString:
          load_py2_string(read_bytes(read_le(1)));
          break;
        case op::kUnicode:
          load_unicode_text();
          break;
        case op::kBinUnicode:
          load_utf8(read_bytes(read_le(4)));
          break;
        case op::kShortBinUnicode:
          load_utf8(read_bytes(read_le(1)));
          break;
        case op::kBinUnicode8:
          load_utf8(read_bytes(read_le(8)));
          break;
        case op::kBinBytes:
          push(Value::bytes(std::string(read_bytes(read_le(4)))));
          break;
        case op::kShortBinBytes:
          push(Value::bytes(std::string(read_bytes(read_le(1)))));
          break;
        case op::kBinBytes8:
          push(Value::bytes(std::string(read_bytes(read_le(8)))));
          break;
        case op::kByteArray8:
          push(Value::bytearray(std::string(read_bytes(read_le(8)))));
          break;
        case op::kNextBuffer:
        case op::kReadOnlyBuffer:
          fail("out-of-band buffers (pickle protocol 5 buffer_callback) are not supported");
        case op::kAppend: {
          Value v = pop();
          std::vector<Value> one;
          one.push_back(std::move(v));
          append_items(top(), std::move(one));
          break;
        }
        case op::kAppends: {
          const std::size_t k = pop_mark();
          std::vector<Value> items = take_from(k);
          append_items(target_below(k), std::move(items));
          break;
        }
        case op::kBuild:
          build();
          break;
        case op::kGlobal: {
          std::string module(read_line());
          std::string name(read_line());
          load_global(std::move(module), std::move(name));
          break;
        }
        case op::kStackGlobal: {
          Value name = pop();
          Value module = pop();
          if (!module.is_str() || !name.is_str()) fail("STACK_GLOBAL requires two str arguments");
          load_global(module.as_string(), name.as_string());
          break;
        }
        case op::kInst: {
          std::string module(read_line());
          std::string name(read_line());
          load_global(std::move(module), std::move(name));
          Value cls = pop();
          const std::size_t k = pop_mark();
          push(checked(opaque(CallHow::kInst, std::move(cls), Value::tuple(take_from(k)))));
          break;
        }
        case op::kObj: {
          const std::size_t k = pop_mark();
          std::vector<Value> items = take_from(k);
          if (items.empty()) fail("OBJ needs a class after the MARK");
          Value cls = std::move(items.front());
          items.erase(items.begin());
          push(checked(opaque(CallHow::kObj, std::move(cls), Value::tuple(std::move(items)))));
          break;
        }
        case op::kDict: {
          const std::size_t k = pop_mark();
          std::vector<Value> flat = take_from(k);
          if (flat.size() % 2 != 0) fail("odd number of items for DICT");
          DictItems pairs;
          pairs.reserve(flat.size() / 2);
          for (std::size_t i = 0; i < flat.size(); i += 2) {
            pairs.emplace_back(std::move(flat[i]), std::move(flat[i + 1]));
          }
          push(checked(Value::dict(std::move(pairs))));
          break;
        }
        case op::kEmptyDict:
          push(Value::dict({}));
          break;
        case op::kList: {
          const std::size_t k = pop_mark();
          push(checked(Value::list(take_from(k))));
          break;
        }
        case op::kEmptyList:
          push(Value::list({}));
          break;
        case op::kTuple: {
          const std::size_t k = pop_mark();
          push(checked(Value::tuple(take_from(k))));
          break;
        }
        case op::kEmptyTuple:
          push(Value::tuple({}));
          break;
        case op::kTuple1:
        case op::kTuple2:
        case op::kTuple3: {
          const std::size_t n = static_cast<std::size_t>(op_ - op::kTuple1) + 1;
          if (stack_.size() < base() + n) fail("stack underflow");
          push(checked(Value::tuple(take_from(stack_.size() - n))));
          break;
        }
        case op::kEmptySet:
          push(Value::set({}));
          break;
        case op::kFrozenSet: {
          const std::size_t k = pop_mark();
          push(checked(Value::frozenset(take_from(k))));
          break;
        }
        case op::kAddItems: {
          const std::size_t k = pop_mark();
          std::vector<Value> items = take_from(k);
          add_items(target_below(k), std::move(items));
          break;
        }
        case op::kSetItem: {
          Value v = pop();
          Value key = pop();
          if (streaming_ && stream_target_ != nullptr && !marks_.empty() &&
              marks_.back() == stack_.size() && !stack_.empty() &&
              stack_.back().node() == stream_target_) {
            // Inside a SETITEMS batch of the streamed dict nothing may be set into it directly:
            // the previous entry was handed over early (deliver_early) and this SETITEM was
            // meant for that entry's value.
            fail(
                "the streamed dict's entry before this one was modified after it looked "
                "complete (an int key pushed right after its dict value); this layout cannot "
                "be streamed");
          }
          std::vector<Value> flat;
          flat.push_back(std::move(key));
          flat.push_back(std::move(v));
          set_items(top(), std::move(flat));
          break;
        }
        case op::kSetItems: {
          const std::size_t k = pop_mark();
          std::vector<Value> flat = take_from(k);
          if (flat.size() % 2 != 0) fail("odd number of items for SETITEMS");
          set_items(target_below(k), std::move(flat));
          break;
        }
        case op::kGet:
          memo_get(read_decimal_index(read_line()));
          break;
        case op::kBinGet:
          memo_get(read_le(1));
          break;
        case op::kLongBinGet:
          memo_get(read_le(4));
          break;
        case op::kPut:
          memo_put(read_decimal_index(read_line()));
          break;
        case op::kBinPut:
          memo_put(read_le(1));
          break;
        case op::kLongBinPut:
          memo_put(read_le(4));
          break;
        case op::kMemoize:
          memo_put(memo_.size());
          break;
        case op::kBinFloat: {
          need(8);
          std::uint64_t bits = 0;
          for (int k = 0; k < 8; ++k)
            bits = (bits << 8U) | data_[pos_ + static_cast<std::size_t>(k)];
          pos_ += 8;
          push(Value::from_double(std::bit_cast<double>(bits)));
          break;
        }
        case op::kProto: {
          const std::uint64_t proto = read_le(1);
          if (proto > 5) fail("unsupported pickle protocol " + std::to_string(proto));
          break;
        }
        case op::kNewObj: {
          Value args = pop();
          Value cls = pop();
          push(checked(newobj(std::move(cls), std::move(args), Value(), CallHow::kNewObj)));
          break;
        }
        case op::kNewObjEx: {
          Value kwargs = pop();
          Value args = pop();
          Value cls = pop();
          push(checked(
              newobj(std::move(cls), std::move(args), std::move(kwargs), CallHow::kNewObjEx)));
          break;
        }
        case op::kExt1:
        case op::kExt2:
        case op::kExt4:
          fail("extension registry codes (copyreg.add_extension) are not supported");
        case op::kFrame: {
          const std::uint64_t frame = read_le(8);
          if (frame > remaining()) {
            fail("truncated input: FRAME announces " + std::to_string(frame) + " bytes, only " +
                 std::to_string(remaining()) + " left");
          }
          break;
        }
        default:
          fail("unknown opcode");
      }
    }
  } catch (...) {
    break_cycles();
    reset();
    throw;
  }
}

void PickleReader::Machine::reset() {
  stack_.clear();
  marks_.clear();
  memo_.clear();
  mutated_shared_.clear();
  registered_.clear();
  stream_path_nodes_.clear();
  stream_target_ = nullptr;
}

// =============================================================================================
// Scalars and text

void PickleReader::Machine::load_int_text() {
  const std::string_view line = read_line();
  if (line == "00") return push(Value::from_bool(false));
  if (line == "01") return push(Value::from_bool(true));
  std::int64_t v = 0;
  const auto r = std::from_chars(line.data(), line.data() + line.size(), v);
  if (!line.empty() && r.ec == std::errc() && r.ptr == line.data() + line.size()) {
    return push(Value::from_int(v));
  }
  try {
    push(Value::from_big_int(BigInt::from_decimal(line)));
  } catch (const std::invalid_argument&) {
    fail("INT argument '" + std::string(line.substr(0, 40)) + "' is not a decimal integer");
  }
}

void PickleReader::Machine::load_long_text() {
  std::string_view line = read_line();
  if (!line.empty() && line.back() == 'L') line.remove_suffix(1);
  try {
    push(Value::from_big_int(BigInt::from_decimal(line)));
  } catch (const std::invalid_argument&) {
    fail("LONG argument '" + std::string(line.substr(0, 40)) +
         "' is not a decimal integer of at most 4300 digits");
  }
}

void PickleReader::Machine::load_float_text() {
  std::string_view line = read_line();
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  bool negative = false;
  std::string_view body = line;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  double v = 0;
  const auto r = std::from_chars(body.data(), body.data() + body.size(), v);
  if (body.empty() || body.front() == '+' || body.front() == '-' || r.ec != std::errc() ||
      r.ptr != body.data() + body.size()) {
    if (r.ec == std::errc::result_out_of_range) {
      fail("FLOAT argument '" + std::string(line.substr(0, 40)) + "' is out of range");
    }
    fail("FLOAT argument '" + std::string(line.substr(0, 40)) + "' is not a number");
  }
  push(Value::from_double(negative ? -v : v));
}

void PickleReader::Machine::load_string_text() {
  const std::string_view line = read_line();
  if (line.size() < 2 || (line.front() != '\'' && line.front() != '"') ||
      line.back() != line.front()) {
    fail("the STRING opcode argument must be quoted");
  }
  std::string error;
  auto decoded = TextCodec::decode_string_escapes(line.substr(1, line.size() - 2), error);
  if (!decoded) fail(error);
  load_py2_string(*decoded);
}

void PickleReader::Machine::load_py2_string(std::string_view raw) {
  // Python 2 str: ASCII text becomes str (pickle.load's default encoding="ASCII"); anything
  // else is kept as bytes (what encoding="bytes" gives) rather than failing.
  if (TextCodec::is_ascii(raw)) {
    push(Value::str(std::string(raw)));
  } else {
    push(Value::bytes(std::string(raw)));
  }
}

void PickleReader::Machine::load_unicode_text() {
  const std::string_view line = read_line();
  std::string error;
  auto decoded = TextCodec::decode_raw_unicode_escape(line, error);
  if (!decoded) fail(error);
  push(Value::str(std::move(*decoded)));
}

void PickleReader::Machine::load_utf8(std::string_view raw) {
  if (!TextCodec::is_valid_utf8_surrogatepass(raw)) fail("string argument is not valid UTF-8");
  push(Value::str(std::string(raw)));
}

void PickleReader::Machine::load_long_binary(std::string_view raw) {
  std::vector<std::uint8_t> bytes(raw.begin(), raw.end());
  push(Value::from_big_int(BigInt(std::move(bytes))));
}

void PickleReader::Machine::load_global(std::string module, std::string name) {
  if (!TextCodec::is_valid_utf8_surrogatepass(module) ||
      !TextCodec::is_valid_utf8_surrogatepass(name)) {
    fail("global name is not valid UTF-8");
  }
  module = GlobalRegistry::normalise_module(std::move(module));
  if (opt_.strict_globals && GlobalRegistry::lookup(module, name) == Emulation::kUnknown) {
    fail("global '" + module + "." + name +
         "' is not on the allow-list (strict mode accepts collections.OrderedDict, builtin "
         "containers, _codecs.encode, numpy dtype/scalar/ndarray pieces and known pandas/torch "
         "containers)");
  }
  push(Value::global(std::move(module), std::move(name)));
}

// =============================================================================================
// Memo

void PickleReader::Machine::memo_get(std::uint64_t index) {
  const Value* v = nullptr;
  switch (memo_.get(index, v)) {
    case Memo::Status::kMissing:
      fail("memo index " + std::to_string(index) + " was never stored (memo has " +
           std::to_string(memo_.size()) + " entries)");
    case Memo::Status::kReleased:
      fail("memo index " + std::to_string(index) +
           " refers to an entry already handed to the streaming callback (or dropped after "
           "what the streaming first pass found to be its last use)");
    case Memo::Status::kFound:
      break;
  }
  mark_shared(*v);
  push(*v);
}

void PickleReader::Machine::memo_put(std::uint64_t index) {
  const Value& v = top();
  if (Node* n = v.node(); n != nullptr && index < detail::kNoMemo) {
    n->memo_index = static_cast<std::uint32_t>(index);
  }
  memo_.put(index, v);
}

// =============================================================================================
// Container mutation

void PickleReader::Machine::append_items(Value& target, std::vector<Value> items) {
  switch (target.kind()) {
    case Kind::kList: {
      note_mutation(target);
      auto& dst = target.mutable_items();
      for (auto& v : items) {
        grow_depth(target, v);
        dst.push_back(std::move(v));
      }
      break;
    }
    case Kind::kCall: {
      note_mutation(target);
      auto& dst = target.mutable_call().appended;
      for (auto& v : items) {
        grow_depth(target, v);
        dst.push_back(std::move(v));
      }
      break;
    }
    default:
      fail("cannot append to " + target.describe());
  }
}

void PickleReader::Machine::add_items(Value& target, std::vector<Value> items) {
  if (target.kind() == Kind::kSet) {
    note_mutation(target);
    auto& dst = target.mutable_items();
    for (auto& v : items) {
      grow_depth(target, v);
      dst.push_back(std::move(v));
    }
    return;
  }
  if (target.kind() == Kind::kCall) {
    append_items(target, std::move(items));
    return;
  }
  fail("ADDITEMS needs a set, found " + target.describe());
}

void PickleReader::Machine::set_items(Value& target, std::vector<Value> flat) {
  if (target.kind() == Kind::kDict) {
    if (target.node() == stream_target_ && stream_target_ != nullptr) {
      deliver(target, flat);
      return;
    }
    note_mutation(target);
    auto& dst = target.mutable_dict_items();
    for (std::size_t i = 0; i < flat.size(); i += 2) {
      grow_depth(target, flat[i]);
      grow_depth(target, flat[i + 1]);
      dst.emplace_back(std::move(flat[i]), std::move(flat[i + 1]));
    }
    return;
  }
  if (target.kind() == Kind::kCall) {
    note_mutation(target);
    auto& dst = target.mutable_call().set_items;
    for (std::size_t i = 0; i < flat.size(); i += 2) {
      grow_depth(target, flat[i]);
      grow_depth(target, flat[i + 1]);
      dst.emplace_back(std::move(flat[i]), std::move(flat[i + 1]));
    }
    return;
  }
  fail("cannot set items on " + target.describe());
}

void PickleReader::Machine::build() {
  Value state = pop();
  Value& target = top();
  switch (target.kind()) {
    case Kind::kCall: {
      if (numpy_set_state(target, state)) return;
      note_mutation(target);
      Call& call = target.mutable_call();
      if (call.has_state) fail("second BUILD on the same object is not supported");
      call.has_state = true;
      grow_depth(target, state);
      call.state = std::move(state);
      return;
    }
    case Kind::kDict:
    case Kind::kList:
    case Kind::kSet:
      // OrderedDict/list/set reduce to (cls, args, None, ...): a None or empty state is a no-op.
      if (state.is_none() || (state.kind() == Kind::kDict && state.size() == 0)) return;
      fail("BUILD with instance state on a " + std::string(kind_name(target.kind())) +
           " is not supported");
    default:
      fail("BUILD on " + target.describe() + " is not supported");
  }
}

// =============================================================================================
// Calls: emulation of the allow-list, opaque records for everything else

Value PickleReader::Machine::opaque(CallHow how, Value callee, Value args, Value kwargs) {
  Call c;
  c.how = how;
  c.callee = std::move(callee);
  c.args = std::move(args);
  c.kwargs = std::move(kwargs);
  return Value::call(std::move(c));
}

Value PickleReader::Machine::reduce(Value callee, Value args) {
  if (callee.kind() == Kind::kGlobal) {
    const Emulation e = GlobalRegistry::of(callee);
    if (e != Emulation::kUnknown && e != Emulation::kKnownOpaque) {
      if (auto v = emulate(e, callee, args)) return std::move(*v);
    }
  }
  return opaque(CallHow::kReduce, std::move(callee), std::move(args));
}

Value PickleReader::Machine::newobj(Value cls, Value args, Value kwargs, CallHow how) {
  // cls.__new__(cls) of a builtin container is an empty container; the items follow.
  if (cls.kind() == Kind::kGlobal && args.kind() == Kind::kTuple && args.size() == 0 &&
      kwargs.is_none()) {
    switch (GlobalRegistry::of(cls)) {
      case Emulation::kOrderedDict:
      case Emulation::kDict:
        return Value::dict({});
      case Emulation::kList:
        return Value::list({});
      case Emulation::kSet:
        return Value::set({});
      default:
        break;
    }
  }
  return opaque(how, std::move(cls), std::move(args), std::move(kwargs));
}

Value PickleReader::Machine::from_iterable(const Value& it, Kind kind, const Value& callee,
                                           const Value& args) {
  std::vector<Value> items;
  switch (it.kind()) {
    case Kind::kList:
    case Kind::kTuple:
    case Kind::kSet:
    case Kind::kFrozenSet:
      charge(it.size());
      items = it.items();
      break;
    case Kind::kDict:
      charge(it.size());
      for (const auto& [k, v] : it.dict_items()) items.push_back(k);
      break;
    default:
      return opaque(CallHow::kReduce, callee, args);
  }
  for (const auto& v : items) mark_shared(v);
  switch (kind) {
    case Kind::kList:
      return Value::list(std::move(items));
    case Kind::kTuple:
      return Value::tuple(std::move(items));
    case Kind::kSet:
      return Value::set(std::move(items));
    default:
      return Value::frozenset(std::move(items));
  }
}

std::optional<Value> PickleReader::Machine::emulate(Emulation e, const Value& callee,
                                                    const Value& args) {
  if (args.kind() != Kind::kTuple) return std::nullopt;
  const auto& a = args.items();
  switch (e) {
    case Emulation::kOrderedDict:
    case Emulation::kDict: {
      if (a.empty()) return Value::dict({});
      if (a.size() != 1) return std::nullopt;
      DictItems pairs;
      if (a[0].kind() == Kind::kDict) {
        charge(a[0].size());
        pairs = a[0].dict_items();
      } else if (a[0].kind() == Kind::kList || a[0].kind() == Kind::kTuple) {
        charge(a[0].size());
        for (const Value& p : a[0].items()) {
          if ((p.kind() != Kind::kList && p.kind() != Kind::kTuple) || p.size() != 2) {
            return std::nullopt;
          }
          pairs.emplace_back(p.items()[0], p.items()[1]);
        }
      } else {
        return std::nullopt;
      }
      for (const auto& [k, v] : pairs) {
        mark_shared(k);
        mark_shared(v);
      }
      return Value::dict(std::move(pairs));
    }
    case Emulation::kList:
    case Emulation::kTuple:
    case Emulation::kSet:
    case Emulation::kFrozenSet: {
      const Kind kind = e == Emulation::kList    ? Kind::kList
                        : e == Emulation::kTuple ? Kind::kTuple
                        : e == Emulation::kSet   ? Kind::kSet
                                                 : Kind::kFrozenSet;
      if (a.empty()) {
        return kind == Kind::kList    ? Value::list({})
               : kind == Kind::kTuple ? Value::tuple({})
               : kind == Kind::kSet   ? Value::set({})
                                      : Value::frozenset({});
      }
      if (a.size() != 1) return std::nullopt;
      Value v = from_iterable(a[0], kind, callee, args);
      return v;
    }
    case Emulation::kByteArray:
    case Emulation::kBytes: {
      std::string data;
      if (a.empty()) {
        // empty
      } else if (a.size() == 1 &&
                 (a[0].kind() == Kind::kBytes || a[0].kind() == Kind::kByteArray)) {
        data = a[0].as_bytes();
      } else if (a.size() == 2 && a[0].is_str() && a[1].is_str() &&
                 (a[1].as_string() == "latin-1" || a[1].as_string() == "latin1")) {
        auto latin1 = TextCodec::utf8_to_latin1(a[0].as_string());
        if (!latin1) fail("bytearray/bytes argument is not latin-1 encodable");
        data = std::move(*latin1);
      } else {
        return std::nullopt;
      }
      return e == Emulation::kBytes ? Value::bytes(std::move(data))
                                    : Value::bytearray(std::move(data));
    }
    case Emulation::kCodecsEncode: {
      if (a.size() != 2 || !a[0].is_str() || !a[1].is_str()) return std::nullopt;
      const std::string& enc = a[1].as_string();
      if (enc == "latin1" || enc == "latin-1" || enc == "iso-8859-1" || enc == "iso8859-1") {
        auto latin1 = TextCodec::utf8_to_latin1(a[0].as_string());
        if (!latin1) fail("_codecs.encode argument is not latin-1 encodable");
        return Value::bytes(std::move(*latin1));
      }
      if (enc == "utf-8" || enc == "utf8") {
        if (TextCodec::has_surrogates(a[0].as_string())) return std::nullopt;
        return Value::bytes(a[0].as_string());
      }
      if (enc == "ascii") {
        if (!TextCodec::is_ascii(a[0].as_string())) fail("_codecs.encode argument is not ASCII");
        return Value::bytes(a[0].as_string());
      }
      return std::nullopt;
    }
    case Emulation::kNumpyScalar: {
      if (a.size() != 2) return std::nullopt;
      const auto dtype = NumpyDecoder::parse_dtype(a[0]);
      if (!dtype) return std::nullopt;
      try {
        auto v = NumpyDecoder::decode_scalar(*dtype, a[1]);
        if (v) mark_shared(*v);
        return v;
      } catch (const NumpyDecodeError& err) {
        fail(err.what());
      }
    }
    case Emulation::kNumpyFromBuffer:
      return numpy_from_buffer(callee, args);
    case Emulation::kNumpyDType:
    case Emulation::kNumpyReconstruct:
      // Kept as records: dtype is read where it is used, _reconstruct is decoded at BUILD.
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

Value PickleReader::Machine::numpy_from_buffer(const Value& callee, const Value& args) {
  const auto& a = args.items();
  if (a.size() != 4 || !a[3].is_str()) return opaque(CallHow::kReduce, callee, args);
  const auto dtype = NumpyDecoder::parse_dtype(a[1]);
  const std::string& order = a[3].as_string();
  if (!dtype || dtype->kind == 'O' || (order != "C" && order != "F")) {
    return opaque(CallHow::kReduce, callee, args);
  }
  try {
    std::uint64_t elements = 0;
    auto shape = NumpyDecoder::parse_shape(a[2], elements);
    charge(elements);
    auto array = NumpyDecoder::decode_array(*dtype, std::move(shape), elements, order == "F", a[0]);
    if (!array) return opaque(CallHow::kReduce, callee, args);
    return Value::ndarray(std::move(*array));
  } catch (const NumpyDecodeError& err) {
    fail(err.what());
  }
}

bool PickleReader::Machine::numpy_set_state(Value& target, const Value& state) {
  const Call& call = target.as_call();
  if (call.how != CallHow::kReduce || call.has_state ||
      GlobalRegistry::of(call.callee) != Emulation::kNumpyReconstruct) {
    return false;
  }
  // _reconstruct(ndarray, (0,), b'b') then BUILD (version, shape, dtype, is_fortran, payload);
  // the old 4-tuple form has no version.
  if (call.args.kind() != Kind::kTuple || call.args.size() < 1) return false;
  const Value& cls = call.args.items()[0];
  if (GlobalRegistry::of(cls) != Emulation::kNumpyNdarrayType) return false;
  if (state.kind() != Kind::kTuple || (state.size() != 5 && state.size() != 4)) return false;
  const auto& st = state.items();
  const std::size_t o = st.size() == 5 ? 1 : 0;
  const auto dtype = NumpyDecoder::parse_dtype(st[o + 1]);
  if (!dtype || st[o + 2].kind() != Kind::kBool) return false;
  try {
    std::uint64_t elements = 0;
    auto shape = NumpyDecoder::parse_shape(st[o], elements);
    charge(elements);
    auto array = NumpyDecoder::decode_array(*dtype, std::move(shape), elements, st[o + 2].as_bool(),
                                            st[o + 3]);
    if (!array) return false;
    if (array->storage == NdArray::Storage::kObject) {
      for (const auto& v : array->objects) mark_shared(v);
    }
    // Other references to the record (rare) keep the opaque form, now with its state.
    note_mutation(target);
    Call& mutable_call = target.mutable_call();
    mutable_call.has_state = true;
    mutable_call.state = state;
    mark_shared(state);
    Value decoded = checked(Value::ndarray(std::move(*array)));
    Node* old = target.node();
    if (old->memo_index != detail::kNoMemo) {
      const Value* slot = memo_.peek(old->memo_index);
      if (slot != nullptr && slot->node() == old) {
        decoded.node()->memo_index = old->memo_index;
        memo_.put(old->memo_index, decoded);
      }
    }
    target = std::move(decoded);
    return true;
  } catch (const NumpyDecodeError& err) {
    fail(err.what());
  }
}

// =============================================================================================
// Streaming

void PickleReader::Machine::on_dict_pushed(const Value& v) {
  const auto& path = opt_.stream.dict_path;
  if (stream_path_nodes_.empty()) {
    // The top-level dict: first dict pushed on an empty stack.
    if (!stack_.empty() || !marks_.empty()) return;
    stream_path_nodes_.push_back(v.node());
  } else {
    // A dict pushed as the value of key path[level] of the deepest matched dict, in either
    // the SETITEMS form (parent MARK k v ... key <dict>) or the SETITEM form (parent key <dict>).
    const std::size_t level = stream_path_nodes_.size() - 1;
    Node* parent = stream_path_nodes_.back();
    if (stack_.size() < 2) return;
    const Value& key = stack_.back();
    if (!key.is_str() || key.as_string() != path[level]) return;
    bool matched = false;
    if (!marks_.empty() && marks_.back() >= 1 && marks_.back() < stack_.size() &&
        stack_[marks_.back() - 1].node() == parent && (stack_.size() - marks_.back()) % 2 == 1) {
      matched = true;
    } else if (stack_[stack_.size() - 2].node() == parent &&
               (marks_.empty() || marks_.back() <= stack_.size() - 2)) {
      matched = true;
    }
    if (!matched) return;
    stream_path_nodes_.push_back(v.node());
  }
  if (stream_path_nodes_.size() == path.size() + 1) stream_target_ = stream_path_nodes_.back();
}

void PickleReader::Machine::deliver_early() {
  // Inside a SETITEMS batch of the streamed dict (its MARK is the topmost one) the stack holds
  // [key, non-empty dict value] when an int (the next entry's key) is pushed: the pair is
  // complete, so it is handed over now instead of at the end of the batch (CPython's pickler
  // batches 1000 entries). A valid pickle could only still modify that value with a SETITEM
  // whose key is the int being pushed (a dict of 1000k+1 items with int keys); the SETITEM
  // case refuses that with a DataError instead of misreading it.
  if (marks_.empty()) return;
  const std::size_t m = marks_.back();
  if (m == 0 || stack_.size() != m + 2 || stack_[m - 1].node() != stream_target_) return;
  // An empty dict may still get its single item by SETITEM: wait for the batch end then.
  if (stack_[m].kind() != Kind::kInt || stack_[m + 1].kind() != Kind::kDict ||
      stack_[m + 1].size() == 0) {
    return;
  }
  std::vector<Value> flat;
  flat.push_back(std::move(stack_[m]));
  flat.push_back(std::move(stack_[m + 1]));
  stack_.resize(m);
  deliver(stack_[m - 1], flat);
}

void PickleReader::Machine::deliver(Value& target, std::vector<Value>& flat) {
  auto* dict = static_cast<detail::DictNode*>(target.node());
  for (std::size_t i = 0; i < flat.size(); i += 2) {
    opt_.stream.on_entry(flat[i], flat[i + 1]);
    ++dict->streamed;
    release_memo(flat[i + 1]);
    flat[i + 1] = Value();
    flat[i] = Value();
  }
  memo_.evict_before(op_pos_);
  if (opt_.stream.on_consumed) opt_.stream.on_consumed(opt_.offset_base + op_pos_);
}

void PickleReader::Machine::release_memo(const Value& root) {
  // Retire the memo slots of every container in the delivered entry so its memory can go.
  std::vector<Value> todo;
  if (root.has_children()) todo.push_back(root);
  while (!todo.empty()) {
    Value v = std::move(todo.back());
    todo.pop_back();
    Node* n = v.node();
    if (n == nullptr || n->released) continue;
    n->released = true;
    if (n->memo_index != detail::kNoMemo) {
      const Value* slot = memo_.peek(n->memo_index);
      if (slot != nullptr && slot->node() == n) memo_.release(n->memo_index);
    }
    detail::for_each_child(v.kind(), n, [&todo](Value& c) {
      if (c.has_children()) todo.push_back(c);
    });
  }
}

// =============================================================================================
// Graph checks (only needed when a shared node was mutated: cycles, stale depths)

PickleReader::Machine::GraphReport PickleReader::Machine::analyse(
    const std::vector<Value>& roots) const {
  GraphReport report;
  struct Frame {
    Node* node;
    std::vector<std::pair<Kind, Node*>> children;
    std::size_t next = 0;
    std::uint32_t child_depth = 0;
  };
  auto children_of = [](Kind kind, Node* node) {
    std::vector<std::pair<Kind, Node*>> out;
    detail::for_each_child(kind, node, [&out](Value& c) {
      if (c.has_children() && c.node() != nullptr) out.emplace_back(c.kind(), c.node());
    });
    return out;
  };
  std::unordered_map<Node*, std::uint32_t> done;
  std::unordered_set<Node*> open;
  std::vector<Frame> frames;
  for (const Value& root : roots) {
    if (!root.has_children() || root.node() == nullptr) continue;
    if (done.count(root.node()) != 0) continue;
    open.insert(root.node());
    frames.push_back(Frame{root.node(), children_of(root.kind(), root.node())});
    while (!frames.empty()) {
      Frame& f = frames.back();
      if (f.next < f.children.size()) {
        const auto [kind, child] = f.children[f.next++];
        if (open.count(child) != 0) {
          report.cycle = true;
          report.back_targets.emplace_back(kind, child);
          continue;
        }
        if (auto it = done.find(child); it != done.end()) {
          f.child_depth = std::max(f.child_depth, it->second);
          continue;
        }
        open.insert(child);
        auto grandchildren = children_of(kind, child);
        frames.push_back(Frame{child, std::move(grandchildren)});
        continue;
      }
      const std::uint32_t depth = f.child_depth + 1;
      Node* node = f.node;
      frames.pop_back();
      open.erase(node);
      done.emplace(node, depth);
      report.max_depth = std::max(report.max_depth, depth);
      if (!frames.empty()) frames.back().child_depth = std::max(frames.back().child_depth, depth);
    }
  }
  return report;
}

void PickleReader::Machine::break_cycles() noexcept {
  if (mutated_shared_.empty()) return;
  try {
    const GraphReport r = analyse(mutated_shared_);
    for (const auto& [kind, node] : r.back_targets) detail::clear_children(kind, node);
  } catch (...) {
    // Out of memory while analysing: nothing better to do than leak.
  }
}

void PickleReader::Machine::finish(const Value& result) {
  if (mutated_shared_.empty()) return;
  std::vector<Value> roots;
  roots.push_back(result);
  roots.insert(roots.end(), mutated_shared_.begin(), mutated_shared_.end());
  const GraphReport r = analyse(roots);
  if (r.cycle) {
    for (const auto& [kind, node] : r.back_targets) detail::clear_children(kind, node);
    fail("self-referencing structure (a container that contains itself) is not supported");
  }
  if (r.max_depth > opt_.max_nesting) {
    fail("containers nest deeper than " + std::to_string(opt_.max_nesting) + " levels");
  }
}

// =============================================================================================
// Public API

PickleReader::PickleReader(std::span<const std::byte> data, ReadOptions options)
    : machine_(std::make_unique<Machine>(data, std::move(options))) {}
PickleReader::~PickleReader() = default;
PickleReader::PickleReader(PickleReader&&) noexcept = default;
PickleReader& PickleReader::operator=(PickleReader&&) noexcept = default;

Value PickleReader::read_next() {
  return machine_->run();
}
std::size_t PickleReader::offset() const noexcept {
  return machine_->pos_;
}
bool PickleReader::at_end() const noexcept {
  return machine_->pos_ >= machine_->size();
}

Value read_pickle(std::span<const std::byte> data, const ReadOptions& options) {
  PickleReader reader(data, options);
  return reader.read_next();
}

Value read_pickle_file(const std::filesystem::path& path, ReadOptions options) {
  if (options.source_name == "<memory>") options.source_name = path.string();
  const container::MappedFile file(path);
  return read_pickle(file.bytes(), options);
}

}  // namespace tabnas::pickle
