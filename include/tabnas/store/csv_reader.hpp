#pragma once
/// @file Minimal RFC-4180 CSV reader with line numbers for error messages.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace tabnas {

/// Reads a CSV file row by row. Quoted fields with "" escapes are supported.
class CsvReader {
 public:
  /// @throws DataError naming the file when it cannot be opened.
  explicit CsvReader(const std::string& path);
  /// Reads the next row into `fields`; false at end of file. @throws DataError on an
  /// unterminated quote (naming file and line).
  bool next(std::vector<std::string>& fields);
  /// 1-based line number of the row last returned.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::size_t line_ = 0;
  std::size_t next_line_ = 1;
};

/// Parses a decimal double exactly (std::from_chars). @throws DataError with `where`.
double parse_double_field(const std::string& text, const std::string& where);
/// Parses a base-10 integer. @throws DataError with `where`.
long long parse_int_field(const std::string& text, const std::string& where);

}  // namespace tabnas
