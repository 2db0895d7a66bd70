#include "hw/hw_pickle_reader.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>

#include "container/container_format.hpp"
#include "container/open_any.hpp"
#include "hw/hw_csv_reader.hpp"
#include "hw/hwnas_bench_reader.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {

double positive_value(const pickle::Value& v, const std::string& where) {
  if (v.kind() != pickle::Kind::kFloat && v.kind() != pickle::Kind::kInt) {
    throw DataError(where + ": expected a number, found " +
                    std::string(pickle::kind_name(v.kind())));
  }
  const double x = v.as_double();
  if (!std::isfinite(x) || !(x > 0.0)) {
    throw DataError(where + ": value " + v.describe() + " is not a positive finite number");
  }
  return x;
}

/// `<name>_<B>` with B a power of two: fills stem and batch.
bool split_batch(const std::string& name, std::string& stem, int& batch) {
  const std::size_t pos = name.rfind('_');
  if (pos == std::string::npos || pos == 0 || pos + 1 >= name.size() || name.size() - pos > 5) {
    return false;
  }
  for (std::size_t k = pos + 1; k < name.size(); ++k) {
    if (name[k] < '0' || name[k] > '9') return false;
  }
  stem = name.substr(0, pos);
  batch = std::stoi(name.substr(pos + 1));
  return batch > 0 && (batch & (batch - 1)) == 0;
}

HwTable read_help_list(const std::string& path, const pickle::Value& list) {
  namespace fs = std::filesystem;
  HwTable t;
  t.path = path;
  t.format = "help-pt";
  const std::string file = fs::path(path).filename().string();
  std::string config = fs::path(path).stem().string();
  if (config.rfind("latency_", 0) != 0) {
    throw DataError(path +
                    ": a HELP latency list must be named latency_<config>.pt to name "
                    "its device (e.g. latency_pixel3.pt, latency_1080ti_32.pt)");
  }
  config = config.substr(8);
  HwColumn c;
  std::string stem;
  int batch = 0;
  bool sibling = false;
  if (split_batch(config, stem, batch)) {
    for (const auto& e : fs::directory_iterator(fs::path(path).parent_path())) {
      const std::string other = e.path().filename().string();
      std::string s2;
      int b2 = 0;
      if (other != file && other.rfind("latency_", 0) == 0 && e.path().extension() == ".pt" &&
          split_batch(e.path().stem().string().substr(8), s2, b2) && s2 == stem) {
        sibling = true;
        break;
      }
    }
  }
  if (sibling) {
    c.device = stem;
    c.batch = batch;
  } else {
    c.device = config;
    c.batch = 1;
    c.batch_assumed = true;
  }
  c.source_column = file;
  c.source_unit = "ms";
  c.description = help_device_description(c.device);
  const auto& items = list.items();
  t.rows.reserve(items.size());
  c.row.reserve(items.size());
  c.raw.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    HwRow r;
    r.line = i + 1;
    r.has_index = true;
    r.index = static_cast<std::uint32_t>(i);
    t.rows.push_back(r);
    c.row.push_back(i);
    c.raw.push_back(positive_value(items[i], path + ": element " + std::to_string(i)));
  }
  t.columns.push_back(std::move(c));
  t.notes.push_back({"note", "layout",
                     "HELP .pt: PyTorch zip, data.pkl = list of " + std::to_string(items.size()) +
                         " latencies in ms indexed by NB201 index"});
  return t;
}

HwTable read_brp_dict(const std::string& path, const pickle::Value& dict) {
  namespace fs = std::filesystem;
  HwTable t;
  t.path = path;
  t.format = "brp-pkl";
  const std::string stem = fs::path(path).stem().string();
  HwColumn c;
  c.device = stem == "desktop-cpu-core-i7-7820x-fp32" ? "i7_7820x" : stem;
  c.batch = 1;
  c.batch_assumed = true;
  c.source_column = "value";
  c.source_unit = "s";
  c.description = stem == "desktop-cpu-core-i7-7820x-fp32"
                      ? "Intel Core i7-7820X desktop CPU, fp32 (BRP-NAS)"
                      : "device named after the file '" + stem + "'";
  const auto& items = dict.dict_items();
  t.rows.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string where = path + ": entry " + std::to_string(i);
    const auto& [key, value] = items[i];
    if (key.kind() != pickle::Kind::kTuple) {
      throw DataError(where + ": key must be a tuple of op ids, found " +
                      std::string(pickle::kind_name(key.kind())));
    }
    HwRow r;
    r.line = i + 1;
    for (const auto& op : key.items()) {
      if (op.kind() != pickle::Kind::kInt || op.as_int() < 0 || op.as_int() > 255) {
        throw DataError(where + ": op id " + op.describe() + " is not a small non-negative int");
      }
      r.ops.push_back(static_cast<std::uint8_t>(op.as_int()));
    }
    t.rows.push_back(std::move(r));
    c.row.push_back(i);
    c.raw.push_back(positive_value(value, where));
  }
  t.columns.push_back(std::move(c));
  t.notes.push_back(
      {"note", "layout", "BRP-NAS .pkl: dict op-id 6-tuple -> latency in seconds (stored in ms)"});
  return t;
}

}  // namespace

bool HwPickleReader::looks_like_pickle(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  const auto n = static_cast<std::size_t>(in.gcount());
  return container::detect_format(std::as_bytes(std::span<const char>(head, n))) !=
         container::ContainerFormat::kUnknown;
}

HwTable HwPickleReader::read(const std::string& path) {
  pickle::ReadOptions options;
  options.source_name = path;
  const container::LoadedPickle loaded = container::open_any(path, options);
  const pickle::Value& v = loaded.value;
  if (v.kind() == pickle::Kind::kList) return read_help_list(path, v);
  if (HwNasBenchReader::matches(v)) return HwNasBenchReader::read(path, v);
  if (v.kind() == pickle::Kind::kDict && v.size() > 0 &&
      v.dict_items().front().first.kind() == pickle::Kind::kTuple) {
    return read_brp_dict(path, v);
  }
  throw DataError(path + ": unrecognised hardware pickle (" +
                  std::string(container::format_name(loaded.format)) + " holding " + v.describe() +
                  "); expected a list of latencies in ms (HELP latency_<config>.pt), a dict "
                  "op-id tuple -> seconds (BRP-NAS .pkl) or a dict with the key 'nasbench201' "
                  "(HW-NAS-Bench-v1_0.pickle); see docs/hardware.md");
}

}  // namespace tabnas
