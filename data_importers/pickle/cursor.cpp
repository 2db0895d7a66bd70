#include "pickle/cursor.hpp"

#include <cstdio>

#include "tabnas/core/errors.hpp"

namespace tabnas::pickle {

std::string short_repr(const Value& v, std::size_t max_chars) {
  std::string out;
  switch (v.kind()) {
    case Kind::kNone:
      out = "None";
      break;
    case Kind::kBool:
      out = v.as_bool() ? "True" : "False";
      break;
    case Kind::kInt:
      out = std::to_string(v.as_int());
      break;
    case Kind::kFloat: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", v.as_double());
      out = buf;
      break;
    }
    case Kind::kStr: {
      out = "'";
      for (char c : v.as_string()) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
      }
      out += "'";
      break;
    }
    case Kind::kTuple: {
      out = "(";
      const auto& items = v.items();
      for (std::size_t i = 0; i < items.size() && out.size() < max_chars; ++i) {
        if (i > 0) out += ", ";
        out += short_repr(items[i], max_chars);
      }
      if (items.size() == 1) out += ",";
      out += ")";
      break;
    }
    default:
      out = "<" + v.describe(max_chars) + ">";
  }
  if (out.size() > max_chars) out = out.substr(0, max_chars) + "...";
  return out;
}

Cursor::Cursor(Value root, std::string source)
    : value_(std::move(root)), source_(std::make_shared<const std::string>(std::move(source))) {}

void Cursor::fail(const std::string& reason) const {
  throw DataError(*source_ + ": at " + (path_.empty() ? std::string("<root>") : path_) + ": " +
                  reason);
}

Cursor Cursor::child(const Value& v, const std::string& step) const {
  return Cursor(v, source_, path_ + step);
}

Cursor Cursor::operator[](std::string_view key) const {
  if (value_.kind() != Kind::kDict) fail("expected dict, found " + value_.describe());
  if (const Value* v = value_.find(key)) return child(*v, "['" + std::string(key) + "']");
  try {
    (void)value_.as_dict_get(key);
  } catch (const DataError& e) {
    fail(e.what());
  }
  fail("key '" + std::string(key) + "' not found");
}

Cursor Cursor::operator[](std::size_t index) const {
  if (!value_.is_sequence()) fail("expected list or tuple, found " + value_.describe());
  const auto& items = value_.items();
  if (index >= items.size()) {
    fail("index " + std::to_string(index) + " out of range for " + value_.describe());
  }
  return child(items[index], "[" + std::to_string(index) + "]");
}

Cursor Cursor::at(const Value& key) const {
  if (value_.kind() != Kind::kDict) fail("expected dict, found " + value_.describe());
  if (const Value* v = value_.find(key)) return child(*v, "[" + short_repr(key) + "]");
  std::string keys;
  std::size_t shown = 0;
  for (const auto& [k, v] : value_.dict_items()) {
    if (shown++ == 8) {
      keys += " ...";
      break;
    }
    keys += " " + short_repr(k, 40);
  }
  fail("key " + short_repr(key) + " not found in dict of " + std::to_string(value_.size()) +
       " items (keys:" + keys + ")");
}

Cursor Cursor::at(std::string_view first, std::int64_t second) const {
  std::vector<Value> parts;
  parts.push_back(Value::str(std::string(first)));
  parts.push_back(Value::from_int(second));
  return at(Value::tuple(std::move(parts)));
}

std::optional<Cursor> Cursor::find(std::string_view key) const {
  if (value_.kind() != Kind::kDict) fail("expected dict, found " + value_.describe());
  if (const Value* v = value_.find(key)) return child(*v, "['" + std::string(key) + "']");
  return std::nullopt;
}

namespace {
template <typename F>
auto guarded(const Cursor& c, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const DataError& e) {
    c.fail(e.what());
  }
}
}  // namespace

double Cursor::as_double() const {
  return guarded(*this, [&] { return value_.as_double(); });
}
std::int64_t Cursor::as_int() const {
  return guarded(*this, [&] { return value_.as_int(); });
}
bool Cursor::as_bool() const {
  return guarded(*this, [&] { return value_.as_bool(); });
}
const std::string& Cursor::as_string() const {
  return guarded(*this, [&]() -> const std::string& { return value_.as_string(); });
}
const std::vector<Value>& Cursor::items() const {
  return guarded(*this, [&]() -> const std::vector<Value>& { return value_.items(); });
}
const DictItems& Cursor::dict_items() const {
  return guarded(*this, [&]() -> const DictItems& { return value_.dict_items(); });
}
const NdArray& Cursor::as_ndarray() const {
  return guarded(*this, [&]() -> const NdArray& { return value_.as_ndarray(); });
}
const Call& Cursor::as_call() const {
  return guarded(*this, [&]() -> const Call& { return value_.as_call(); });
}

}  // namespace tabnas::pickle
