#pragma once
// Helpers shared by the pickle tests: paths, hand-written pickle bytes, strict JSON comparison,
// Python invocation, small CSV parsing.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "pickle/read_options.hpp"
#include "pickle/value.hpp"

namespace tabnas::pickle::test {

/// The source tree (compile definition TABNAS_SOURCE_DIR, env override TABNAS_SOURCE_DIR).
std::filesystem::path source_dir();
/// tests/fixtures.
std::filesystem::path fixtures_dir();
/// The shared data directory: env TABNAS_DATA, else <source>/../shared/data; nullopt (with a
/// Catch2 WARN by the caller) when it does not exist.
std::optional<std::filesystem::path> data_dir();

/// Reads a whole file. Throws std::runtime_error when unreadable.
std::vector<std::byte> read_file(const std::filesystem::path& path);
/// Reads a whole file as text.
std::string read_text(const std::filesystem::path& path);

/// True when `python3` can be run.
bool python_available();
/// Runs a shell command; returns its exit status.
int run_command(const std::string& command);
/// A fresh empty temporary directory, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// Hand-written pickle bytes.
class PickleBytes {
 public:
  PickleBytes& op(std::uint8_t code);
  PickleBytes& u8(std::uint8_t v);
  PickleBytes& u16(std::uint16_t v);
  PickleBytes& u32(std::uint32_t v);
  PickleBytes& u64(std::uint64_t v);
  PickleBytes& f64be(double v);
  PickleBytes& raw(std::string_view bytes);
  /// A protocol-0 text argument followed by '\n'.
  PickleBytes& line(std::string_view text);
  /// SHORT_BINUNICODE of a short str.
  PickleBytes& str(std::string_view s);
  [[nodiscard]] std::span<const std::byte> span() const noexcept { return bytes_; }
  [[nodiscard]] const std::vector<std::byte>& bytes() const noexcept { return bytes_; }
  [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }

 private:
  std::vector<std::byte> bytes_;
};

/// Parses with read_pickle and the given source name.
Value parse(std::span<const std::byte> data, std::string source = "test.pkl");
Value parse(const PickleBytes& p, std::string source = "test.pkl");

/// Parses JSON keeping object key order, in linear time (nlohmann::ordered_json::parse is
/// quadratic in the number of keys of one object; the NB201 tables have 15625-key dicts).
nlohmann::ordered_json parse_json(const std::string& text);

/// Strict JSON equality: same types (any integer kinds alike), doubles bit for bit, objects
/// with the same keys in the same order. Returns "" when equal, else a description of the first
/// difference with its JSON path.
std::string json_difference(const nlohmann::ordered_json& expected,
                            const nlohmann::ordered_json& actual, const std::string& path = "$");

/// Parses a double with std::from_chars (correctly rounded, like Python's float()).
double parse_double(std::string_view text);

/// Minimal CSV (no quoted fields): header + rows.
struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  [[nodiscard]] std::size_t column(std::string_view name) const;
};
Csv read_csv(const std::filesystem::path& path);

/// NB201 arch string -> the 6 op ids in arch-string order (none 0, skip 1, conv1x1 2,
/// conv3x3 3, avgpool 4).
std::vector<int> nb201_op_ids(std::string_view arch_str);

}  // namespace tabnas::pickle::test
