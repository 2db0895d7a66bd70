#include "pickle/value_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "pickle/text_codec.hpp"

namespace tabnas::pickle {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kHardDepthCap = 20000;

std::string to_hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4U]);
    out.push_back(kDigits[b & 0xFU]);
  }
  return out;
}

Json float_json(double d) {
  if (std::isnan(d)) return Json{{"$float", "nan"}};
  if (std::isinf(d)) return Json{{"$float", d > 0 ? "inf" : "-inf"}};
  return Json(d);
}

Json truncated(std::size_t n) {
  return Json{{"$truncated", n}};
}

/// Decodes one UTF-8 code point at s[i] (input is valid UTF-8), advancing i.
std::uint32_t next_code_point(const std::string& s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  auto cont = [&s](std::size_t k) { return static_cast<std::uint32_t>(s[k]) & 0x3FU; };
  if (c < 0x80U) {
    i += 1;
    return c;
  }
  if (c < 0xE0U && i + 1 < s.size()) {
    const std::uint32_t cp = ((c & 0x1FU) << 6U) | cont(i + 1);
    i += 2;
    return cp;
  }
  if (c < 0xF0U && i + 2 < s.size()) {
    const std::uint32_t cp = ((c & 0x0FU) << 12U) | (cont(i + 1) << 6U) | cont(i + 2);
    i += 3;
    return cp;
  }
  if (i + 3 < s.size()) {
    const std::uint32_t cp =
        ((c & 0x07U) << 18U) | (cont(i + 1) << 12U) | (cont(i + 2) << 6U) | cont(i + 3);
    i += 4;
    return cp;
  }
  i += 1;
  return 0xFFFDU;
}

/// json.dumps(s) with ensure_ascii=True.
void append_json_string_ascii(std::string& out, const std::string& s) {
  out.push_back('"');
  std::size_t i = 0;
  char buf[8];
  while (i < s.size()) {
    const std::uint32_t cp = next_code_point(s, i);
    switch (cp) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    if (cp >= 0x20U && cp <= 0x7EU) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x10000U) {
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
      out += buf;
    } else {
      const std::uint32_t v = cp - 0x10000U;
      std::snprintf(buf, sizeof buf, "\\u%04x", 0xD800U + (v >> 10U));
      out += buf;
      std::snprintf(buf, sizeof buf, "\\u%04x", 0xDC00U + (v & 0x3FFU));
      out += buf;
    }
  }
  out.push_back('"');
}

void append_sort_key(std::string& out, const Json& j) {
  switch (j.type()) {
    case Json::value_t::null:
      out += "N";
      break;
    case Json::value_t::boolean:
      out += j.get<bool>() ? "T" : "F";
      break;
    case Json::value_t::number_integer:
      out += "I" + std::to_string(j.get<std::int64_t>());
      break;
    case Json::value_t::number_unsigned:
      out += "I" + std::to_string(j.get<std::uint64_t>());
      break;
    case Json::value_t::number_float: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", j.get<double>());
      out += "D";
      out += buf;
      break;
    }
    case Json::value_t::string:
      out += "S";
      append_json_string_ascii(out, j.get_ref<const std::string&>());
      break;
    case Json::value_t::array: {
      out += "[";
      bool first = true;
      for (const auto& e : j) {
        if (!first) out += ",";
        first = false;
        append_sort_key(out, e);
      }
      out += "]";
      break;
    }
    case Json::value_t::object: {
      out += "{";
      bool first = true;
      for (const auto& [k, v] : j.items()) {
        if (!first) out += ",";
        first = false;
        append_json_string_ascii(out, k);
        out += ":";
        append_sort_key(out, v);
      }
      out += "}";
      break;
    }
    default:
      out += "?";
  }
}

/// Recursive converter with the three limits.
class Converter {
 public:
  Converter(int max_depth, int max_items, std::size_t max_nodes)
      : max_depth_(max_depth < 0 || max_depth > kHardDepthCap ? kHardDepthCap : max_depth),
        max_items_(max_items < 0 ? std::numeric_limits<std::size_t>::max()
                                 : static_cast<std::size_t>(max_items)),
        nodes_left_(max_nodes) {}

  Json convert(const Value& v, int depth) {
    const bool budget_ok = nodes_left_ > 0;
    if (budget_ok) --nodes_left_;
    if (v.has_children() && (depth >= max_depth_ || !budget_ok)) {
      return truncated(v.kind() == Kind::kCall ? 1 : v.size());
    }
    switch (v.kind()) {
      case Kind::kNone:
        return Json(nullptr);
      case Kind::kBool:
        return Json(v.as_bool());
      case Kind::kInt:
        return Json(v.as_int());
      case Kind::kBigInt: {
        const BigInt b = v.as_big_int();
        if (b.decimal_is_cheap()) return Json{{"$int", b.to_decimal()}};
        return Json{{"$int_hex", b.to_hex()}};
      }
      case Kind::kFloat:
        return float_json(v.as_double());
      case Kind::kStr: {
        const std::string& s = v.as_string();
        if (TextCodec::has_surrogates(s)) return Json{{"$str_surrogatepass", to_hex(s)}};
        return Json(s);
      }
      case Kind::kBytes:
        return Json{{"$bytes", to_hex(v.as_bytes())}};
      case Kind::kByteArray:
        return Json{{"$bytearray", to_hex(v.as_bytes())}};
      case Kind::kGlobal:
        return Json{{"$global", Json::array({v.as_global().module, v.as_global().name})}};
      case Kind::kList:
        return sequence(v.items(), depth);
      case Kind::kTuple:
        return Json{{"$tuple", sequence(v.items(), depth)}};
      case Kind::kSet:
        return Json{{"$set", sorted(v.items(), depth)}};
      case Kind::kFrozenSet:
        return Json{{"$frozenset", sorted(v.items(), depth)}};
      case Kind::kDict:
        return dict(v.dict_items(), depth);
      case Kind::kNdArray:
        return ndarray(v.as_ndarray(), depth);
      case Kind::kCall:
        return call(v.as_call(), depth);
    }
    return Json(nullptr);
  }

 private:
  Json sequence(const std::vector<Value>& items, int depth) {
    Json out = Json::array();
    const std::size_t n = std::min(items.size(), max_items_);
    for (std::size_t i = 0; i < n; ++i) out.push_back(convert(items[i], depth + 1));
    if (n < items.size()) out.push_back(truncated(items.size() - n));
    return out;
  }

  Json sorted(const std::vector<Value>& items, int depth) {
    std::vector<std::pair<std::string, Json>> keyed;
    keyed.reserve(items.size());
    for (const auto& v : items) {
      Json j = convert(v, depth + 1);
      keyed.emplace_back(inspect_sort_key(j), std::move(j));
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Json out = Json::array();
    const std::size_t n = std::min(keyed.size(), max_items_);
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::move(keyed[i].second));
    if (n < keyed.size()) out.push_back(truncated(keyed.size() - n));
    return out;
  }

  Json dict(const DictItems& items, int depth) {
    bool plain = true;
    for (const auto& [k, v] : items) {
      if (!k.is_str() || (!k.as_string().empty() && k.as_string()[0] == '$') ||
          TextCodec::has_surrogates(k.as_string())) {
        plain = false;
        break;
      }
    }
    const std::size_t n = std::min(items.size(), max_items_);
    if (plain) {
      // Appends to the ordered map's vector directly (its operator[] is a linear search);
      // a repeated key (only in hand-made pickles) overwrites in place, as a Python dict does.
      Json out = Json::object();
      auto& obj = out.get_ref<Json::object_t&>();
      std::unordered_map<std::string_view, std::size_t> position;
      position.reserve(n);
      for (std::size_t i = 0; i < n; ++i) {
        if (nodes_left_ > 0) --nodes_left_;  // the key
        const std::string& key = items[i].first.as_string();
        Json value = convert(items[i].second, depth + 1);
        const auto [it, fresh] = position.emplace(key, obj.size());
        if (fresh) {
          obj.Container::emplace_back(key, std::move(value));
        } else {
          (obj.begin() + static_cast<std::ptrdiff_t>(it->second))->second = std::move(value);
        }
      }
      if (n < items.size()) obj.Container::emplace_back("$truncated", items.size() - n);
      return out;
    }
    Json pairs = Json::array();
    for (std::size_t i = 0; i < n; ++i) {
      Json key = convert(items[i].first, depth + 1);
      Json value = convert(items[i].second, depth + 1);
      pairs.push_back(Json::array({std::move(key), std::move(value)}));
    }
    if (n < items.size()) pairs.push_back(truncated(items.size() - n));
    return Json{{"$dict", std::move(pairs)}};
  }

  Json ndarray(const NdArray& a, int depth) {
    Json data = Json::array();
    const std::size_t total = a.size();
    const std::size_t n = std::min(total, max_items_);
    for (std::size_t i = 0; i < n; ++i) {
      switch (a.storage) {
        case NdArray::Storage::kFloat64:
          data.push_back(float_json(a.f64[i]));
          break;
        case NdArray::Storage::kInt64:
          data.push_back(Json(a.i64[i]));
          break;
        case NdArray::Storage::kObject:
          data.push_back(convert(a.objects[i], depth + 1));
          break;
      }
    }
    if (n < total) data.push_back(truncated(total - n));
    Json shape = Json::array();
    for (auto d : a.shape) shape.push_back(d);
    Json body = Json::object();
    body["dtype"] = a.dtype;
    body["shape"] = std::move(shape);
    body["data"] = std::move(data);
    return Json{{"$ndarray", std::move(body)}};
  }

  Json call(const Call& c, int depth) {
    if (c.how == CallHow::kPersistentId) return Json{{"$persid", convert(c.args, depth + 1)}};
    Json out = Json::object();
    out["$call"] = convert(c.callee, depth + 1);
    out["how"] = std::string(call_how_name(c.how));
    out["args"] = convert(c.args, depth + 1);
    if (c.how == CallHow::kNewObjEx) out["kwargs"] = convert(c.kwargs, depth + 1);
    if (c.has_state) out["state"] = convert(c.state, depth + 1);
    if (!c.appended.empty()) out["appended"] = sequence(c.appended, depth);
    if (!c.set_items.empty()) {
      Json pairs = Json::array();
      const std::size_t n = std::min(c.set_items.size(), max_items_);
      for (std::size_t i = 0; i < n; ++i) {
        Json key = convert(c.set_items[i].first, depth + 1);
        Json value = convert(c.set_items[i].second, depth + 1);
        pairs.push_back(Json::array({std::move(key), std::move(value)}));
      }
      if (n < c.set_items.size()) pairs.push_back(truncated(c.set_items.size() - n));
      out["set_items"] = std::move(pairs);
    }
    return out;
  }

  int max_depth_;
  std::size_t max_items_;
  std::size_t nodes_left_;
};

}  // namespace

std::string inspect_sort_key(const nlohmann::ordered_json& j) {
  std::string out;
  append_sort_key(out, j);
  return out;
}

nlohmann::ordered_json to_inspect_json(const Value& value, int max_depth, int max_items,
                                       std::size_t max_nodes) {
  Converter c(max_depth, max_items, max_nodes);
  return c.convert(value, 0);
}

}  // namespace tabnas::pickle
