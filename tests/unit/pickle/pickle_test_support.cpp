#include "pickle_test_support.hpp"

#include <unistd.h>

#include <atomic>
#include <bit>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "pickle/pickle_reader.hpp"

namespace tabnas::pickle::test {

namespace fs = std::filesystem;

fs::path source_dir() {
  if (const char* env = std::getenv("TABNAS_SOURCE_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return TABNAS_SOURCE_DIR;
}

fs::path fixtures_dir() {
  return source_dir() / "tests" / "fixtures";
}

std::optional<fs::path> data_dir() {
  fs::path dir;
  if (const char* env = std::getenv("TABNAS_DATA"); env != nullptr && *env != '\0') {
    dir = env;
  } else {
    dir = source_dir() / ".." / "shared" / "data";
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::nullopt;
  return fs::canonical(dir);
}

std::vector<std::byte> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::vector<char> buf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> out(buf.size());
  for (std::size_t i = 0; i < buf.size(); ++i) out[i] = static_cast<std::byte>(buf[i]);
  return out;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int run_command(const std::string& command) {
  const int rc = std::system(command.c_str());
  if (rc == -1) return -1;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

bool python_available() {
  static const bool ok =
      run_command("python3 -c 'import pickle, bz2, zipfile' >/dev/null 2>&1") == 0;
  return ok;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("tabnas_pickle_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

PickleBytes& PickleBytes::op(std::uint8_t code) {
  return u8(code);
}
PickleBytes& PickleBytes::u8(std::uint8_t v) {
  bytes_.push_back(static_cast<std::byte>(v));
  return *this;
}
PickleBytes& PickleBytes::u16(std::uint16_t v) {
  for (int k = 0; k < 2; ++k) u8(static_cast<std::uint8_t>((v >> (8 * k)) & 0xFFU));
  return *this;
}
PickleBytes& PickleBytes::u32(std::uint32_t v) {
  for (int k = 0; k < 4; ++k) u8(static_cast<std::uint8_t>((v >> (8 * k)) & 0xFFU));
  return *this;
}
PickleBytes& PickleBytes::u64(std::uint64_t v) {
  for (int k = 0; k < 8; ++k) u8(static_cast<std::uint8_t>((v >> (8 * k)) & 0xFFU));
  return *this;
}
PickleBytes& PickleBytes::f64be(double v) {
  const auto bits = std::bit_cast<std::uint64_t>(v);
  for (int k = 7; k >= 0; --k) u8(static_cast<std::uint8_t>((bits >> (8 * k)) & 0xFFU));
  return *this;
}
PickleBytes& PickleBytes::raw(std::string_view bytes) {
  for (char c : bytes) u8(static_cast<std::uint8_t>(c));
  return *this;
}
PickleBytes& PickleBytes::line(std::string_view text) {
  raw(text);
  return u8('\n');
}
PickleBytes& PickleBytes::str(std::string_view s) {
  op(0x8c);
  u8(static_cast<std::uint8_t>(s.size()));
  return raw(s);
}

Value parse(std::span<const std::byte> data, std::string source) {
  ReadOptions o;
  o.source_name = std::move(source);
  return read_pickle(data, o);
}

Value parse(const PickleBytes& p, std::string source) {
  return parse(p.span(), std::move(source));
}

namespace {

/// SAX handler that appends object members without searching for duplicates.
class OrderedBuilder {
 public:
  using J = nlohmann::ordered_json;

  bool null() { return add(J(nullptr)); }
  bool boolean(bool v) { return add(J(v)); }
  bool number_integer(J::number_integer_t v) { return add(J(v)); }
  bool number_unsigned(J::number_unsigned_t v) { return add(J(v)); }
  bool number_float(J::number_float_t v, const J::string_t&) { return add(J(v)); }
  bool string(J::string_t& v) { return add(J(std::move(v))); }
  bool binary(J::binary_t& v) { return add(J::binary(std::move(v))); }
  bool start_object(std::size_t) {
    stack_.push_back(place(J::object()));
    return true;
  }
  bool key(J::string_t& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    stack_.push_back(place(J::array()));
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    throw std::runtime_error("JSON parse error at " + std::to_string(position) + ": " + e.what());
  }
  J take() { return std::move(root_); }

 private:
  bool add(J v) {
    place(std::move(v));
    return true;
  }
  J* place(J v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    J* parent = stack_.back();
    if (parent->is_array()) {
      auto& arr = parent->get_ref<J::array_t&>();
      arr.push_back(std::move(v));
      return &arr.back();
    }
    auto& obj = parent->get_ref<J::object_t&>();
    obj.Container::emplace_back(std::move(key_), std::move(v));
    return &obj.Container::back().second;
  }

  J root_;
  std::vector<J*> stack_;
  J::string_t key_;
};

bool is_int(const nlohmann::ordered_json& j) {
  return j.is_number_integer() || j.is_number_unsigned();
}
}  // namespace

nlohmann::ordered_json parse_json(const std::string& text) {
  OrderedBuilder builder;
  nlohmann::ordered_json::sax_parse(text, &builder);
  return builder.take();
}

std::string json_difference(const nlohmann::ordered_json& e, const nlohmann::ordered_json& a,
                            const std::string& path) {
  if (is_int(e) && is_int(a)) {
    const bool e_neg = e.is_number_integer() && e.get<std::int64_t>() < 0;
    const bool a_neg = a.is_number_integer() && a.get<std::int64_t>() < 0;
    if (e_neg != a_neg || (e_neg ? e.get<std::int64_t>() != a.get<std::int64_t>()
                                 : e.get<std::uint64_t>() != a.get<std::uint64_t>())) {
      return path + ": expected " + e.dump() + ", got " + a.dump();
    }
    return "";
  }
  if (e.type() != a.type()) {
    return path + ": expected " + e.dump().substr(0, 200) + " (" + e.type_name() + "), got " +
           a.dump().substr(0, 200) + " (" + a.type_name() + ")";
  }
  switch (e.type()) {
    case nlohmann::ordered_json::value_t::number_float: {
      const auto be = std::bit_cast<std::uint64_t>(e.get<double>());
      const auto ba = std::bit_cast<std::uint64_t>(a.get<double>());
      if (be != ba) return path + ": expected float " + e.dump() + ", got " + a.dump();
      return "";
    }
    case nlohmann::ordered_json::value_t::array: {
      if (e.size() != a.size()) {
        return path + ": expected " + std::to_string(e.size()) + " elements, got " +
               std::to_string(a.size());
      }
      for (std::size_t i = 0; i < e.size(); ++i) {
        std::string d = json_difference(e[i], a[i], path + "[" + std::to_string(i) + "]");
        if (!d.empty()) return d;
      }
      return "";
    }
    case nlohmann::ordered_json::value_t::object: {
      if (e.size() != a.size()) {
        return path + ": expected " + std::to_string(e.size()) + " keys, got " +
               std::to_string(a.size()) + " (" + a.dump().substr(0, 200) + ")";
      }
      auto ie = e.begin();
      auto ia = a.begin();
      for (; ie != e.end(); ++ie, ++ia) {
        if (ie.key() != ia.key()) {
          return path + ": expected key '" + ie.key() + "', got '" + ia.key() + "'";
        }
        std::string d = json_difference(ie.value(), ia.value(), path + "." + ie.key());
        if (!d.empty()) return d;
      }
      return "";
    }
    default:
      if (e != a) return path + ": expected " + e.dump() + ", got " + a.dump();
      return "";
  }
}

double parse_double(std::string_view text) {
  double v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) {
    throw std::runtime_error("not a number: '" + std::string(text) + "'");
  }
  return v;
}

std::size_t Csv::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  throw std::runtime_error("no CSV column " + std::string(name));
}

Csv read_csv(const fs::path& path) {
  Csv csv;
  std::istringstream in(read_text(path));
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
      const auto comma = line.find(',', start);
      fields.push_back(line.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (first) {
      csv.header = std::move(fields);
      first = false;
    } else {
      csv.rows.push_back(std::move(fields));
    }
  }
  return csv;
}

std::vector<int> nb201_op_ids(std::string_view arch_str) {
  static const std::vector<std::string> op_names = {"none", "skip_connect", "nor_conv_1x1",
                                                    "nor_conv_3x3", "avg_pool_3x3"};
  std::vector<int> ids;
  std::size_t pos = 0;
  while ((pos = arch_str.find('|', pos)) != std::string_view::npos) {
    const auto end = arch_str.find('|', pos + 1);
    if (end == std::string_view::npos) break;
    const std::string_view token = arch_str.substr(pos + 1, end - pos - 1);
    pos = end;
    if (token == "+" || token.empty()) continue;
    const std::string op(token.substr(0, token.find('~')));
    bool found = false;
    for (std::size_t k = 0; k < op_names.size(); ++k) {
      if (op_names[k] == op) {
        ids.push_back(static_cast<int>(k));
        found = true;
      }
    }
    if (!found) throw std::runtime_error("unknown op " + op);
  }
  return ids;
}

}  // namespace tabnas::pickle::test
