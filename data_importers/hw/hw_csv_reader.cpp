#include "hw/hw_csv_reader.hpp"

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "tabnas/core/errors.hpp"
#include "tabnas/core/sha256.hpp"
#include "tabnas/store/csv_reader.hpp"

namespace tabnas {

namespace {

constexpr std::uint32_t kMaxIndex = 0xffffffffU;

struct KnownDevice {
  std::string_view name;
  std::string_view description;
};

// HELP's 26 configurations (HayeonLee/HELP, data/nasbench201/latency); the first four are
// HW-NAS-Bench's CIFAR-10 values.
constexpr std::array<KnownDevice, 17> kHelpDevices = {{
    {"eyeriss", "Eyeriss accelerator (HW-NAS-Bench, CIFAR-10 variant)"},
    {"fpga", "FPGA (HW-NAS-Bench, CIFAR-10 variant)"},
    {"pixel3", "Google Pixel 3 phone (HW-NAS-Bench, CIFAR-10 variant)"},
    {"raspi4", "Raspberry Pi 4 (HW-NAS-Bench, CIFAR-10 variant)"},
    {"1080ti", "NVIDIA GTX 1080 Ti GPU (HELP)"},
    {"2080ti", "NVIDIA RTX 2080 Ti GPU (HELP)"},
    {"titanx", "NVIDIA Titan X GPU (HELP)"},
    {"titanxp", "NVIDIA Titan Xp GPU (HELP)"},
    {"titan_rtx", "NVIDIA Titan RTX GPU (HELP)"},
    {"gold_6226", "Intel Xeon Gold 6226 CPU (HELP)"},
    {"gold_6240", "Intel Xeon Gold 6240 CPU (HELP)"},
    {"silver_4114", "Intel Xeon Silver 4114 CPU (HELP)"},
    {"silver_4210r", "Intel Xeon Silver 4210R CPU (HELP)"},
    {"essential_ph_1", "Essential PH-1 phone (HELP; integer ms)"},
    {"pixel2", "Google Pixel 2 phone (HELP; integer ms)"},
    {"samsung_a50", "Samsung Galaxy A50 phone (HELP; integer ms)"},
    {"samsung_s7", "Samsung Galaxy S7 phone (HELP; integer ms)"},
}};

// nn-Meter's four NB201 logs (microsoft/nn-Meter), keyed by the file-name stem.
constexpr std::array<std::array<std::string_view, 3>, 4> kNnMeterDevices = {{
    {"cpu", "cortex_a76", "Arm Cortex-A76 CPU, TFLite 2.1 (nn-Meter)"},
    {"gpu", "adreno640", "Adreno 640 mobile GPU, TFLite 2.1 (nn-Meter)"},
    {"gpu1", "adreno630", "Adreno 630 mobile GPU, TFLite 2.1 (nn-Meter)"},
    {"vpu", "myriad_vpu", "Intel Movidius Myriad VPU, OpenVINO (nn-Meter)"},
}};

std::string help_description(const std::string& device) {
  return help_device_description(device);
}

std::string where_of(const std::string& path, std::size_t line) {
  return path + ":" + std::to_string(line);
}

/// Parses a positive finite latency value.
double parse_value(const std::string& text, const std::string& where) {
  const double v = parse_double_field(text, where);
  if (!std::isfinite(v) || !(v > 0.0)) {
    throw DataError(where + ": value '" + text + "' is not a positive finite number");
  }
  return v;
}

std::uint32_t parse_index(const std::string& text, const std::string& where) {
  const long long i = parse_int_field(text, where);
  if (i < 0 || i > static_cast<long long>(kMaxIndex)) {
    throw DataError(where + ": index " + text + " is negative or too large");
  }
  return static_cast<std::uint32_t>(i);
}

/// Rejects a second row with the same index (values of one column must be unique per arch).
class DuplicateCheck {
 public:
  explicit DuplicateCheck(std::string path) : path_(std::move(path)) {}
  void add(std::uint32_t index, std::size_t line) {
    auto [it, inserted] = first_line_.emplace(index, line);
    if (!inserted) {
      throw DataError(where_of(path_, line) + ": index " + std::to_string(index) +
                      " appears again (first at line " + std::to_string(it->second) + ")");
    }
  }

 private:
  std::string path_;
  std::unordered_map<std::uint32_t, std::size_t> first_line_;
};

struct WideName {
  std::string device;
  std::string metric;
  int batch = 0;
  std::string unit;
};

/// Splits `<device>_<metric>_b<batch>_<unit>`; false when the name does not match.
bool parse_wide_name(const std::string& name, WideName& out) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = name.find('_', start);
    parts.push_back(name.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  if (parts.size() < 4) return false;
  const std::string& unit = parts[parts.size() - 1];
  const std::string& b = parts[parts.size() - 2];
  const std::string& metric = parts[parts.size() - 3];
  if (unit != "ms" && unit != "s" && unit != "us") return false;
  if (b.size() < 2 || b[0] != 'b' || b.size() > 7) return false;
  for (std::size_t i = 1; i < b.size(); ++i) {
    if (b[i] < '0' || b[i] > '9') return false;
  }
  if (metric.empty()) return false;
  for (const char c : metric) {
    if (c < 'a' || c > 'z') return false;
  }
  std::string device;
  for (std::size_t i = 0; i + 3 < parts.size(); ++i) {
    if (parts[i].empty()) return false;
    device += (i == 0 ? "" : "_") + parts[i];
  }
  for (const char c : device) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  out.device = device;
  out.metric = metric;
  out.batch = std::stoi(b.substr(1));
  out.unit = unit;
  return out.batch > 0;
}

void check_field_count(const std::vector<std::string>& fields, std::size_t expected,
                       const std::string& where) {
  if (fields.size() != expected) {
    throw DataError(where + ": " + std::to_string(fields.size()) + " fields, expected " +
                    std::to_string(expected));
  }
}

bool blank(const std::vector<std::string>& fields) {
  return fields.empty() || (fields.size() == 1 && fields[0].empty());
}

/// Reads the rows of a file with a header: index column 0, optional arch_str column 1, value
/// columns given by `value_cols` (all of `columns`, in order).
void read_rows_with_header(CsvReader& reader, HwTable& t, std::size_t header_size, bool has_arch,
                           const std::vector<std::size_t>& value_cols,
                           const std::vector<std::string>& header) {
  std::vector<std::string> fields;
  std::vector<DuplicateCheck> dups;
  dups.reserve(value_cols.size());
  for (std::size_t k = 0; k < value_cols.size(); ++k) dups.emplace_back(t.path);
  while (reader.next(fields)) {
    const std::string where = where_of(t.path, reader.line());
    if (blank(fields)) continue;
    check_field_count(fields, header_size, where);
    HwRow row;
    row.line = reader.line();
    row.has_index = true;
    row.index = parse_index(fields[0], where + " column " + header[0]);
    if (has_arch) row.arch_str = fields[1];
    const std::size_t r = t.rows.size();
    t.rows.push_back(std::move(row));
    for (std::size_t k = 0; k < value_cols.size(); ++k) {
      const std::string& text = fields[value_cols[k]];
      if (text.empty()) {
        ++t.empty_cells;
        continue;
      }
      const double v = parse_value(text, where + " column " + header[value_cols[k]]);
      dups[k].add(t.rows[r].index, reader.line());
      t.columns[k].row.push_back(r);
      t.columns[k].raw.push_back(v);
    }
  }
}

HwTable read_nnmeter(const std::string& path, CsvReader& reader,
                     const std::vector<std::string>& first) {
  HwTable t;
  t.path = path;
  t.format = "nnmeter";
  std::string stem = std::filesystem::path(path).filename().string();
  const std::string suffix = "-nasbench201-log.csv";
  if (stem.size() <= suffix.size() ||
      stem.compare(stem.size() - suffix.size(), suffix.size(), suffix) != 0) {
    throw DataError(path +
                    ": an nn-Meter log (no header, ',nasbench201_<id>,<ms>,...') must be "
                    "named <device>-nasbench201-log.csv to name its device");
  }
  stem = stem.substr(0, stem.size() - suffix.size());
  HwColumn c;
  c.device = "nnmeter_" + stem;
  c.description = "nn-Meter device '" + stem + "'";
  for (const auto& d : kNnMeterDevices) {
    if (d[0] == stem) {
      c.device = std::string(d[1]);
      c.description = std::string(d[2]);
    }
  }
  c.batch = 1;
  c.batch_assumed = true;
  c.source_column = "column 3 (latency ms)";
  c.source_unit = "ms";
  t.columns.push_back(std::move(c));
  DuplicateCheck dup(path);
  std::vector<std::string> fields = first;
  std::size_t extra_min = ~std::size_t{0};
  std::size_t extra_max = 0;
  bool have = true;
  while (have) {
    const std::string where = where_of(path, reader.line());
    if (!blank(fields)) {
      if (fields.size() < 3) {
        throw DataError(where + ": " + std::to_string(fields.size()) +
                        " fields, an nn-Meter log row has at least 3 (',nasbench201_<id>,<ms>')");
      }
      const std::string prefix = "nasbench201_";
      if (!fields[0].empty() || fields[1].rfind(prefix, 0) != 0) {
        throw DataError(where + ": expected ',nasbench201_<id>,<ms>,...', found '" + fields[0] +
                        "," + fields[1] + "'");
      }
      HwRow row;
      row.line = reader.line();
      row.has_index = true;
      row.index = parse_index(fields[1].substr(prefix.size()), where + " column 2");
      dup.add(row.index, row.line);
      const double v = parse_value(fields[2], where + " column 3");
      t.columns[0].row.push_back(t.rows.size());
      t.columns[0].raw.push_back(v);
      t.rows.push_back(std::move(row));
      extra_min = std::min(extra_min, fields.size() - 3);
      extra_max = std::max(extra_max, fields.size() - 3);
    }
    have = reader.next(fields);
  }
  const std::string extra =
      extra_max == 0 ? std::string("no further columns")
                     : std::to_string(extra_min) +
                           (extra_min == extra_max ? "" : "-" + std::to_string(extra_max)) +
                           " further undocumented column(s) ignored";
  t.notes.push_back({"note", "layout",
                     "nn-Meter log without header: column 2 'nasbench201_<id>' = NB201 index, "
                     "column 3 = latency in ms; " +
                         extra});
  return t;
}

/// Records `<stem>.meta.json` beside a wide table (measurement settings) in the import report.
void record_meta_json(HwTable& t) {
  std::filesystem::path meta(t.path);
  meta.replace_extension(".meta.json");
  if (!std::filesystem::exists(meta)) {
    t.notes.push_back(
        {"note", "meta",
         "no " + meta.filename().string() + " beside the table: measurement settings unknown"});
    return;
  }
  std::ifstream in(meta, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(ss.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw DataError(meta.string() + ": invalid JSON: " + e.what());
  }
  t.notes.push_back(
      {"provenance", meta.string(), "sha256 " + Sha256::of_file(meta.string()) + "; " + j.dump()});
}

}  // namespace

HwTable HwCsvReader::read(const std::string& path) {
  CsvReader reader(path);
  std::vector<std::string> header;
  if (!reader.next(header) || blank(header)) {
    throw DataError(path + ":1: empty file (expected a hardware table, see docs/hardware.md)");
  }
  if (header.size() >= 3 && header[0].empty() && header[1].rfind("nasbench201_", 0) == 0) {
    return read_nnmeter(path, reader, header);
  }
  const std::string where1 = path + ":1";
  HwTable t;
  t.path = path;
  if (header.size() < 2 || (header[0] != "index" && header[0] != "nb201_index")) {
    throw DataError(where1 +
                    ": unrecognised hardware table: the first column must be 'index' or "
                    "'nb201_index' (layouts: HELP, BRP-NAS, nn-Meter log, "
                    "index[,arch_str],<device>_<metric>_b<batch>_<unit>...; docs/hardware.md)");
  }
  const bool has_arch = header[1] == "arch_str";
  const std::size_t first_value = has_arch ? 2 : 1;
  if (header.size() <= first_value) throw DataError(where1 + ": no value columns");
  std::vector<std::size_t> value_cols;
  for (std::size_t i = first_value; i < header.size(); ++i) value_cols.push_back(i);
  std::set<std::string> names;
  for (const auto i : value_cols) {
    if (header[i].empty())
      throw DataError(where1 + ": empty column name at column " + std::to_string(i + 1));
    if (!names.insert(header[i]).second)
      throw DataError(where1 + ": column '" + header[i] + "' appears twice");
  }

  bool all_wide = true;
  std::vector<WideName> wide(header.size());
  for (const auto i : value_cols) all_wide = all_wide && parse_wide_name(header[i], wide[i]);

  if (header.size() == 3 && has_arch && header[0] == "nb201_index" && header[2] == "latency_s") {
    t.format = "brp";
    HwColumn c;
    const std::string stem = std::filesystem::path(path).stem().string();
    c.device = stem == "eagle_desktop_cpu_i7_7820x_fp32" ? "i7_7820x" : stem;
    c.description = stem == "eagle_desktop_cpu_i7_7820x_fp32"
                        ? "Intel Core i7-7820X desktop CPU, fp32 (BRP-NAS / eagle)"
                        : "device named after the file '" + stem + "'";
    c.batch = 1;
    c.batch_assumed = true;
    c.source_column = "latency_s";
    c.source_unit = "s";
    t.columns.push_back(std::move(c));
    t.notes.push_back({"note", "layout",
                       "BRP-NAS layout: nb201_index, arch_str, latency in seconds; the index of "
                       "every row is checked against its arch string (op tuple in arch-string "
                       "edge order) through the search space"});
  } else if (all_wide) {
    t.format = "wide";
    std::set<std::string> keys;
    for (const auto i : value_cols) {
      HwColumn c;
      c.device = wide[i].device;
      c.metric = wide[i].metric;
      c.batch = wide[i].batch;
      c.source_column = header[i];
      c.source_unit = wide[i].unit;
      c.description = "device '" + c.device + "'";
      const std::string key = c.device + "/" + c.metric + "/" + std::to_string(c.batch);
      if (!keys.insert(key).second) {
        throw DataError(where1 + ": column '" + header[i] + "' repeats device/metric/batch " + key);
      }
      if (c.metric != "latency") {
        throw DataError(where1 + ": column '" + header[i] + "': metric '" + c.metric +
                        "' is not supported (allowed: latency)");
      }
      t.columns.push_back(std::move(c));
    }
    record_meta_json(t);
  } else if (header[0] == "nb201_index" && has_arch) {
    t.format = "help";
    // `<name>_<B>` is batch B only when B is a power of two and a sibling `<name>_<B'>` exists.
    std::map<std::string, int> stem_count;
    auto split = [](const std::string& n, std::string& stem, int& batch) {
      const std::size_t pos = n.rfind('_');
      if (pos == std::string::npos || pos + 1 >= n.size() || n.size() - pos > 5) return false;
      for (std::size_t k = pos + 1; k < n.size(); ++k) {
        if (n[k] < '0' || n[k] > '9') return false;
      }
      stem = n.substr(0, pos);
      batch = std::stoi(n.substr(pos + 1));
      // Batch sizes are powers of two (HELP: 1, 32, 256); gold_6226 / gold_6240 are CPUs.
      return !stem.empty() && batch > 0 && (batch & (batch - 1)) == 0;
    };
    for (const auto i : value_cols) {
      std::string stem;
      int b = 0;
      if (split(header[i], stem, b)) ++stem_count[stem];
    }
    for (const auto i : value_cols) {
      HwColumn c;
      std::string stem;
      int b = 0;
      if (split(header[i], stem, b) && stem_count[stem] > 1) {
        c.device = stem;
        c.batch = b;
      } else {
        c.device = header[i];
        c.batch = 1;
        c.batch_assumed = true;
      }
      c.source_column = header[i];
      c.source_unit = "ms";
      c.description = help_description(c.device);
      t.columns.push_back(std::move(c));
    }
    t.notes.push_back({"note", "layout",
                       "HELP layout: nb201_index, arch_str, one column per device configuration "
                       "in ms; '<gpu>_<B>' columns are batch B"});
  } else {
    std::string bad;
    for (const auto i : value_cols) {
      WideName w;
      if (!parse_wide_name(header[i], w)) {
        bad = header[i];
        break;
      }
    }
    throw DataError(where1 + ": unrecognised hardware table: column '" + bad +
                    "' is not '<device>_<metric>_b<batch>_<unit>' (unit ms, s or us), and the "
                    "header is neither HELP's (nb201_index,arch_str,...) nor BRP-NAS's "
                    "(nb201_index,arch_str,latency_s); see docs/hardware.md");
  }
  read_rows_with_header(reader, t, header.size(), has_arch, value_cols, header);
  if (t.rows.empty()) throw DataError(path + ": no data rows");
  return t;
}

std::string help_device_description(const std::string& device) {
  for (const auto& d : kHelpDevices) {
    if (d.name == device) return std::string(d.description);
  }
  return "HELP device " + device;
}

}  // namespace tabnas
