#pragma once
/// @file Test helper: the NB201 arch strings in official index order, read from the data
/// directory's nb201_hp12_accuracy.csv (column arch_str). Data directory: $TABNAS_DATA, or
/// TABNAS_SOURCE_DIR/../shared/data.
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace tabnas::test {

inline std::string data_dir() {
  const char* env = std::getenv("TABNAS_DATA");
  if (env != nullptr && *env != '\0') return env;
  return std::string(TABNAS_SOURCE_DIR) + "/../shared/data";
}

/// All 15625 arch strings, position = index. Read once. Throws std::runtime_error (failing the
/// test that asked) when the file is missing or malformed.
inline const std::vector<std::string>& nb201_arch_strings() {
  static const std::vector<std::string> strings = [] {
    const std::string path = data_dir() + "/nb201/nb201_hp12_accuracy.csv";
    std::ifstream in(path);
    if (!in) {
      throw std::runtime_error("cannot open " + path + " (set TABNAS_DATA to the data directory)");
    }
    std::string line;
    std::getline(in, line);
    if (line.rfind("index,arch_str,", 0) != 0) {
      throw std::runtime_error(path + ": unexpected header '" + line + "'");
    }
    std::vector<std::string> out;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const std::size_t c1 = line.find(',');
      const std::size_t c2 = line.find(',', c1 + 1);
      if (c1 == std::string::npos || c2 == std::string::npos) {
        throw std::runtime_error(path + ": malformed row '" + line + "'");
      }
      if (line.substr(0, c1) != std::to_string(out.size())) {
        throw std::runtime_error(path + ": row " + std::to_string(out.size()) + " has index " +
                                 line.substr(0, c1));
      }
      out.push_back(line.substr(c1 + 1, c2 - c1 - 1));
    }
    return out;
  }();
  return strings;
}

}  // namespace tabnas::test
