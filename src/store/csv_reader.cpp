#include "tabnas/store/csv_reader.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>

#include "tabnas/core/errors.hpp"

namespace tabnas {

CsvReader::CsvReader(const std::string& path)
    : path_(path), file_(std::fopen(path.c_str(), "rb"), &std::fclose) {
  if (!file_) throw DataError("cannot open CSV '" + path + "': " + std::strerror(errno));
}

bool CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  std::FILE* f = file_.get();
  int c = std::fgetc(f);
  if (c == EOF) return false;
  line_ = next_line_;
  std::string field;
  bool in_quotes = false;
  bool any = false;
  while (true) {
    if (c == EOF) {
      if (in_quotes) {
        throw DataError(path_ + ":" + std::to_string(line_) + ": unterminated quoted field");
      }
      break;
    }
    any = true;
    const char ch = static_cast<char>(c);
    if (in_quotes) {
      if (ch == '"') {
        const int d = std::fgetc(f);
        if (d == '"') {
          field += '"';
        } else {
          in_quotes = false;
          c = d;
          continue;
        }
      } else {
        if (ch == '\n') ++next_line_;
        field += ch;
      }
    } else if (ch == '"') {
      in_quotes = true;
    } else if (ch == ',') {
      fields.push_back(std::move(field));
      field.clear();
    } else if (ch == '\n') {
      ++next_line_;
      break;
    } else if (ch != '\r') {
      field += ch;
    }
    c = std::fgetc(f);
  }
  if (any) fields.push_back(std::move(field));
  return true;
}

double parse_double_field(const std::string& text, const std::string& where) {
  double v = 0.0;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  while (first < last && *first == ' ') ++first;
  const auto res = std::from_chars(first, last, v);
  if (res.ec != std::errc() || res.ptr != last) {
    throw DataError(where + ": '" + text + "' is not a number");
  }
  return v;
}

long long parse_int_field(const std::string& text, const std::string& where) {
  long long v = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) {
    throw DataError(where + ": '" + text + "' is not an integer");
  }
  return v;
}

}  // namespace tabnas
