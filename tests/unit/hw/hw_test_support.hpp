#pragma once
// Helpers of the hardware tests: writable copies of the NB201 store, the store with every
// hardware table of the data directory imported (built once per test process, read-only).
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "csv/csv_importer.hpp"
#include "hw/hw_table_importer.hpp"
#include "tabnas/app/space_registry.hpp"
#include "test_support.hpp"

namespace tabnas::test::hw {

inline SpaceFactory spaces() {
  return [](const std::string& n, const std::vector<std::string>& l) { return make_space(n, l); };
}

/// A writable copy of the NB201 store (arch list + accuracy tables) at dir/name.
inline std::string store_copy(const TempDir& dir, const std::string& name = "s.sqlite") {
  const std::string path = dir.str(name);
  std::filesystem::copy_file(nb201_store_path(), path);
  return path;
}

/// The NB201 store plus `tabnas import hw-default`, built once (read-only for tests).
inline const std::string& hw_default_store_path() {
  static TempDir dir;
  static std::string path;
  static std::once_flag once;
  std::call_once(once, [] {
    path = store_copy(dir, "hw.sqlite");
    Store store(path, Store::Mode::kWrite);
    HwTableImporter::import_default(store, data_dir(), spaces());
  });
  return path;
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

/// Plain split of a comma-separated file without quotes (the hardware CSVs have none).
inline std::vector<std::vector<std::string>> read_plain_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::size_t start = 0;
    while (true) {
      const std::size_t pos = line.find(',', start);
      f.push_back(line.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
      if (pos == std::string::npos) break;
      start = pos + 1;
    }
    rows.push_back(std::move(f));
  }
  return rows;
}

}  // namespace tabnas::test::hw
