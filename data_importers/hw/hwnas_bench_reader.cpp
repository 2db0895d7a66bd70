#include "hw/hwnas_bench_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <vector>

#include "pickle/cursor.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/text_format.hpp"

namespace tabnas {

namespace {

using pickle::Cursor;
using pickle::Kind;
using pickle::Value;

struct DeviceInfo {
  std::string_view name;
  std::string_view description;
};

// HW-NAS-Bench's six devices (Li et al., ICLR 2021; README: latency ms, energy mJ).
constexpr std::array<DeviceInfo, 6> kDevices = {{
    {"edgegpu", "edge GPU, NVIDIA Jetson TX2 (HW-NAS-Bench, measured)"},
    {"raspi4", "Raspberry Pi 4 (HW-NAS-Bench, measured)"},
    {"edgetpu", "Google Edge TPU (HW-NAS-Bench, measured)"},
    {"pixel3", "Google Pixel 3 phone (HW-NAS-Bench, measured)"},
    {"eyeriss", "Eyeriss accelerator (HW-NAS-Bench, estimated)"},
    {"fpga", "FPGA (HW-NAS-Bench, estimated)"},
}};

struct DatasetInfo {
  std::string_view key;     ///< dataset key in the pickle
  std::string_view suffix;  ///< appended to the device name
  std::string_view what;
};

// The datasets the HW-NAS-Bench API reads; suffixes as tools/measure_latency.py's.
constexpr std::array<DatasetInfo, 3> kDatasets = {{
    {"cifar10", "", "CIFAR-10 variant (3x32x32 input, 10 classes)"},
    {"cifar100", "_cifar100", "CIFAR-100 variant (3x32x32 input, 100 classes)"},
    {"ImageNet16-120", "_imagenet16", "ImageNet16-120 variant (3x16x16 input, 120 classes)"},
}};

[[noreturn]] void fail(const std::string& path, const std::string& item,
                       const std::string& reason) {
  throw DataError(path + ": at " + item + ": " + reason);
}

const DeviceInfo* find_device(std::string_view name) {
  for (const auto& d : kDevices) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

std::string unit_of(const std::string& metric) {
  if (metric == "latency") return "ms";
  if (metric == "energy") return "mJ";
  return "unknown";
}

std::string quoted_key(const std::string& key) {
  return "['" + key + "']";
}

void check_length(const std::string& path, const std::string& item, std::size_t n,
                  const std::string& what) {
  if (n == 0) fail(path, item, "empty " + what + "; expected one value per NB201 architecture");
  if (n > HwNasBenchReader::kMaxArchs) {
    fail(path, item,
         what + " of " + std::to_string(n) + " elements, more than the " +
             std::to_string(HwNasBenchReader::kMaxArchs) + " NB201 architectures");
  }
}

std::string element_item(const std::string& item, std::size_t i) {
  return item + "[" + std::to_string(i) + "]";
}

/// `x` when it is positive and finite. @throws DataError naming item[i].
double checked(const std::string& path, const std::string& item, std::size_t i, double x) {
  if (!std::isfinite(x) || !(x > 0.0)) {
    fail(path, element_item(item, i),
         "value " + format_double(x) + " is not a positive finite number");
  }
  return x;
}

/// A list/tuple/object-array element: a float or int (numpy scalars arrive as such).
double element_value(const std::string& path, const std::string& item, std::size_t i,
                     const Value& e) {
  if (e.kind() != Kind::kFloat && e.kind() != Kind::kInt) {
    fail(path, element_item(item, i), "expected a number, found " + e.describe());
  }
  return checked(path, item, i, e.as_double());
}

/// The values of one `<device>_<metric>` entry, in index order.
std::vector<double> read_values(const std::string& path, const Cursor& c) {
  const std::string& item = c.path();
  const Value v = c.value();
  std::vector<double> out;
  if (v.is_sequence()) {
    const auto& items = v.items();
    check_length(path, item, items.size(), std::string(pickle::kind_name(v.kind())));
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      out.push_back(element_value(path, item, i, items[i]));
    }
    return out;
  }
  if (v.kind() != Kind::kNdArray) {
    fail(path, item,
         "expected a list, tuple or 1-D numpy array of numbers indexed by NB201 index, found " +
             v.describe());
  }
  const pickle::NdArray& a = v.as_ndarray();
  if (a.shape.size() != 1) {
    std::string shape;
    for (const auto s : a.shape) shape += (shape.empty() ? "" : ", ") + std::to_string(s);
    fail(path, item,
         "expected a 1-D numpy array, found dtype " + a.dtype + " with shape (" + shape + ")");
  }
  const char dtype_kind = a.dtype.size() >= 2 ? a.dtype[1] : '?';
  check_length(path, item, a.size(), "array");
  out.reserve(a.size());
  switch (a.storage) {
    case pickle::NdArray::Storage::kFloat64:
      for (std::size_t i = 0; i < a.f64.size(); ++i) {
        out.push_back(checked(path, item, i, a.f64[i]));
      }
      break;
    case pickle::NdArray::Storage::kInt64:
      if (dtype_kind != 'i' && dtype_kind != 'u') {
        fail(path, item, "expected a numeric array, found dtype " + a.dtype);
      }
      for (std::size_t i = 0; i < a.i64.size(); ++i) {
        out.push_back(checked(path, item, i, static_cast<double>(a.i64[i])));
      }
      break;
    case pickle::NdArray::Storage::kObject:
      for (std::size_t i = 0; i < a.objects.size(); ++i) {
        out.push_back(element_value(path, item, i, a.objects[i]));
      }
      break;
  }
  return out;
}

/// The arch_str of every config entry ("" where the config has no entry for an index).
std::vector<std::string> read_config(const std::string& path, const Cursor& c) {
  std::vector<std::pair<std::size_t, Cursor>> entries;
  if (c.value().is_sequence()) {
    const std::size_t n = c.size();
    if (n > HwNasBenchReader::kMaxArchs) {
      check_length(path, c.path(), n, std::string(pickle::kind_name(c.kind())));
    }
    entries.reserve(n);
    for (std::size_t i = 0; i < n; ++i) entries.emplace_back(i, c[i]);
  } else if (c.kind() == Kind::kDict) {
    for (const auto& [k, v] : c.dict_items()) {
      if (k.kind() != Kind::kInt || k.as_int() < 0 ||
          static_cast<std::uint64_t>(k.as_int()) >= HwNasBenchReader::kMaxArchs) {
        c.fail("key " + pickle::short_repr(k) + " is not an NB201 index 0.." +
               std::to_string(HwNasBenchReader::kMaxArchs - 1));
      }
      entries.emplace_back(static_cast<std::size_t>(k.as_int()), c.at(k));
    }
  } else {
    c.fail("expected a list (or dict index -> config) of network configs, found " +
           c.value().describe());
  }
  std::vector<std::string> out;
  for (const auto& [i, e] : entries) {
    if (e.kind() != Kind::kDict) {
      e.fail("expected a network config dict with 'arch_str', found " + e.value().describe());
    }
    const auto a = e.find("arch_str");
    if (!a) e.fail("key 'arch_str' not found in the network config");
    const std::string& arch = a->as_string();
    if (arch.empty()) a->fail("empty arch string");
    if (i >= out.size()) out.resize(i + 1);
    out[i] = arch;
  }
  return out;
}

/// The note on the FBNet lookup tables (never imported).
HwNote fbnet_note(const Value& root) {
  const Value* fb = root.find("fbnet");
  if (fb == nullptr) {
    return {"note", "fbnet", "no 'fbnet' key: the file holds no FBNet lookup tables"};
  }
  const std::string why = "not imported: tabnas has no FBNet search space";
  if (fb->kind() != Kind::kDict) {
    return {"note", "fbnet", "['fbnet'] is " + fb->describe() + ", not a dict; " + why};
  }
  std::size_t entries = 0;
  std::string names;
  for (const auto& [k, v] : fb->dict_items()) {
    if (v.kind() == Kind::kDict) entries += v.size();
    names += (names.empty() ? "" : ", ") + pickle::short_repr(k, 40);
  }
  return {"note", "fbnet",
          "['fbnet'] holds " + std::to_string(fb->size()) + " FBNet lookup table" +
              (fb->size() == 1 ? "" : "s") + (names.empty() ? "" : " (" + names + ")") + " with " +
              std::to_string(entries) + " entr" + (entries == 1 ? "y" : "ies") +
              " in all (block key -> cost); " + why};
}

}  // namespace

bool HwNasBenchReader::matches(const pickle::Value& root) {
  return root.kind() == Kind::kDict && root.find("nasbench201") != nullptr;
}

HwTable HwNasBenchReader::read(const std::string& path, const pickle::Value& root) {
  HwTable t;
  t.path = path;
  t.format = "hwnas-pickle";
  const Cursor top(root, path);
  if (top.kind() != Kind::kDict) top.fail("expected a dict, found " + root.describe());
  const Cursor nb = top["nasbench201"];
  if (nb.kind() != Kind::kDict) {
    nb.fail("expected a dict dataset -> metrics, found " + nb.value().describe());
  }
  std::vector<std::string> skipped;
  for (const auto& [k, v] : root.dict_items()) {
    if (k.is_str() && (k.as_string() == "nasbench201" || k.as_string() == "fbnet")) continue;
    skipped.push_back("[" + pickle::short_repr(k) + "]");
  }
  for (const auto& [k, v] : nb.dict_items()) {
    if (!k.is_str()) nb.fail("key " + pickle::short_repr(k) + " is not a dataset name (str)");
    const bool known = std::any_of(kDatasets.begin(), kDatasets.end(),
                                   [&](const DatasetInfo& d) { return d.key == k.as_string(); });
    if (!known) skipped.push_back(nb.path() + quoted_key(k.as_string()));
  }

  t.notes.push_back(
      {"note", "layout",
       "HW-NAS-Bench pickle: ['nasbench201'][dataset]['<device>_<metric>'] = values indexed by "
       "NB201 index; devices named <device> (cifar10), <device>_cifar100, <device>_imagenet16 "
       "(ImageNet16-120); units from the HW-NAS-Bench README: latency ms, energy mJ, other "
       "metrics unknown"});

  std::vector<std::string> reference_keys;
  std::string reference_item;
  for (const DatasetInfo& ds : kDatasets) {
    const std::string ds_key(ds.key);
    const auto found = nb.find(ds_key);
    if (!found) {
      fail(path, nb.path() + quoted_key(ds_key),
           "dataset missing (the HW-NAS-Bench API reads cifar10, cifar100 and ImageNet16-120)");
    }
    const Cursor& d = *found;
    if (d.kind() != Kind::kDict) {
      d.fail("expected a dict metric -> values, found " + d.value().describe());
    }
    std::vector<std::string> archs;
    const auto config = d.find("config");
    if (config) archs = read_config(path, *config);

    std::vector<std::string> keys_here;
    std::vector<HwColumn> columns;
    std::size_t n_rows = archs.size();
    for (const auto& [k, v] : d.dict_items()) {
      if (!k.is_str()) d.fail("key " + pickle::short_repr(k) + " is not a metric name (str)");
      const std::string& key = k.as_string();
      if (key == "config") continue;
      const std::size_t us = key.find('_');
      const DeviceInfo* dev = us == std::string::npos || us + 1 == key.size()
                                  ? nullptr
                                  : find_device(key.substr(0, us));
      if (dev == nullptr) {
        skipped.push_back(d.path() + quoted_key(key));
        continue;
      }
      if (std::find(keys_here.begin(), keys_here.end(), key) != keys_here.end()) {
        d.fail("key '" + key + "' appears twice");
      }
      keys_here.push_back(key);
      const Cursor m = d[key];
      HwColumn c;
      c.device = std::string(dev->name) + std::string(ds.suffix);
      c.metric = key.substr(us + 1);
      c.batch = 1;
      c.batch_assumed = true;
      c.source_column = m.path();
      c.source_unit = unit_of(c.metric);
      c.description = std::string(dev->description) + ", " + std::string(ds.what);
      c.raw = read_values(path, m);
      n_rows = std::max(n_rows, c.raw.size());
      columns.push_back(std::move(c));
    }
    if (keys_here.empty()) {
      d.fail(
          "no '<device>_<metric>' entries (e.g. 'edgegpu_latency'; devices: edgegpu, raspi4, "
          "edgetpu, pixel3, eyeriss, fpga)");
    }
    std::sort(keys_here.begin(), keys_here.end());
    if (reference_keys.empty()) {
      reference_keys = keys_here;
      reference_item = d.path();
    } else {
      for (const auto& key : reference_keys) {
        if (!std::binary_search(keys_here.begin(), keys_here.end(), key)) {
          fail(path, d.path() + quoted_key(key), "missing (present under " + reference_item + ")");
        }
      }
      for (const auto& key : keys_here) {
        if (!std::binary_search(reference_keys.begin(), reference_keys.end(), key)) {
          fail(path, reference_item + quoted_key(key), "missing (present under " + d.path() + ")");
        }
      }
    }

    const std::size_t base = t.rows.size();
    std::size_t checked_archs = 0;
    for (std::size_t i = 0; i < n_rows; ++i) {
      HwRow r;
      r.line = i + 1;
      r.has_index = true;
      r.index = static_cast<std::uint32_t>(i);
      if (i < archs.size() && !archs[i].empty()) {
        r.arch_str = archs[i];
        r.item = d.path() + "['config'][" + std::to_string(i) + "]";
        ++checked_archs;
      } else {
        r.item = d.path() + " index " + std::to_string(i);
      }
      t.rows.push_back(std::move(r));
    }
    for (HwColumn& c : columns) {
      c.row.resize(c.raw.size());
      for (std::size_t k = 0; k < c.raw.size(); ++k) c.row[k] = base + k;
      t.columns.push_back(std::move(c));
    }
    t.notes.push_back(
        {"note", "config " + ds_key,
         config ? config->path() + ": " + std::to_string(checked_archs) +
                      " arch strings, each checked against the space's architecture list"
                : d.path() + " has no 'config': values taken in NB201 index order, unchecked"});
  }
  t.notes.push_back(fbnet_note(root));
  if (!skipped.empty()) {
    std::string list;
    for (const auto& s : skipped) list += (list.empty() ? "" : ", ") + s;
    t.notes.push_back({"note", "not imported",
                       std::to_string(skipped.size()) + " entr" +
                           (skipped.size() == 1 ? "y" : "ies") +
                           " of no known dataset or device (edgegpu, raspi4, edgetpu, pixel3, "
                           "eyeriss, fpga): " +
                           list});
  }
  return t;
}

}  // namespace tabnas
