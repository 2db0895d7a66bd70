// HW-NAS-Bench's own pickle (HW-NAS-Bench-v1_0.pickle layout, ../shared/docs/FORMATS.md
// section 3) through `tabnas import hw`: the fixture tests/fixtures/pickle/hwnas_like.pickle
// (make_fixtures.py, hwnas_object()) stores every value bit for bit under the documented device
// names and units, with partial coverage and the fbnet tables noted, not imported; malformed
// files give a DataError naming the file and the item path and leave the store untouched.
//
// The fixture's third config arch string is NB201 index 2583, not 2 (make_fixtures.py's ARCHS),
// so the fixture imports into a copy of the NB201 store whose arch list has 2 and 2583 swapped,
// and into the real list it fails the config check at ['nasbench201']['cifar10']['config'][2].
#include <algorithm>
#include <array>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>

#include "hw/hw_pickle_reader.hpp"
#include "hw/hwnas_bench_reader.hpp"
#include "hw_test_support.hpp"
#include "pickle/opcodes.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/hw/hw_columns.hpp"
#include "unit/pickle/pickle_test_support.hpp"

using namespace tabnas;
using namespace tabnas::test::hw;
namespace fs = std::filesystem;
namespace op = tabnas::pickle::op;

namespace {

// make_fixtures.py ARCHS (the configs of the fixture, index i -> ARCHS[i]).
const std::array<std::string, 3> kFixtureArchs = {
    "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_"
    "connect~2|",
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_"
    "connect~2|",
    "|none~0|+|skip_connect~0|none~1|+|nor_conv_3x3~0|none~1|avg_pool_3x3~2|"};

// hwnas_object(): datasets and metrics in the order of their positions d and k.
const std::array<std::string, 3> kSuffix = {"", "_cifar100", "_imagenet16"};
const std::array<std::pair<std::string, std::string>, 4> kMetrics = {
    {{"edgegpu", "latency"}, {"edgegpu", "energy"}, {"raspi4", "latency"}, {"fpga", "latency"}}};

std::string fixture_path() {
  return (fs::path(TABNAS_SOURCE_DIR) / "tests" / "fixtures" / "pickle" / "hwnas_like.pickle")
      .string();
}

/// The value hwnas_object() writes: 1.5 + d + 0.25 * k + 0.001 * i, evaluated as Python does
/// (left to right, ints converted to float).
double fixture_value(int d, int k, int i) {
  return 1.5 + static_cast<double>(d) + 0.25 * static_cast<double>(k) +
         0.001 * static_cast<double>(i);
}

std::uint64_t bits(double v) {
  return std::bit_cast<std::uint64_t>(v);
}

std::int64_t count(Store& s, const std::string& sql) {
  auto st = s.db().prepare(sql);
  st.step();
  return st.column_int(0);
}

/// The real NB201 index of an arch string.
std::size_t real_index(const std::string& arch) {
  const auto list = Store(test::nb201_store_path(), Store::Mode::kRead).arch_strings("nb201");
  const auto it = std::find(list.begin(), list.end(), arch);
  REQUIRE(it != list.end());
  return static_cast<std::size_t>(it - list.begin());
}

std::string real_arch(std::size_t i) {
  static const auto list =
      Store(test::nb201_store_path(), Store::Mode::kRead).arch_strings("nb201");
  return list.at(i);
}

/// A copy of the NB201 store whose arch list matches the fixture's configs (2 <-> 2583).
std::string fixture_store(const test::TempDir& dir) {
  const std::string path = store_copy(dir, "hwnas.sqlite");
  const std::size_t k = real_index(kFixtureArchs[2]);
  REQUIRE(k != 2);
  Store s(path, Store::Mode::kWrite);
  s.db().exec("UPDATE arch SET arch_str = '" + real_arch(2) + "' WHERE space = 'nb201' AND idx = " +
              std::to_string(k) + "; UPDATE arch SET arch_str = '" + kFixtureArchs[2] +
              "' WHERE space = 'nb201' AND idx = 2;");
  const auto list = s.arch_strings("nb201");
  REQUIRE(list[0] == kFixtureArchs[0]);
  REQUIRE(list[1] == kFixtureArchs[1]);
  REQUIRE(list[2] == kFixtureArchs[2]);
  return path;
}

/// Import-report rows (kind, item, message) of one source.
std::vector<std::array<std::string, 3>> report_of(Store& s, std::int64_t source_id) {
  return s.import_report(source_id);
}

const std::array<std::string, 3>* find_line(const std::vector<std::array<std::string, 3>>& rows,
                                            const std::string& kind, const std::string& item) {
  for (const auto& r : rows) {
    if (r[0] == kind && r[1] == item) return &r;
  }
  return nullptr;
}

// --- A minimal Python object model and a pickle writer for the hostile files -----------------

struct Py {
  enum class T { kFloat, kInt, kStr, kBool, kNone, kList, kDict };
  T t = T::kNone;
  double f = 0.0;
  std::int64_t i = 0;
  std::string s;
  bool b = false;
  std::vector<Py> items;          ///< list elements, dict values
  std::vector<std::string> keys;  ///< dict keys (str)

  [[nodiscard]] Py& at(const std::string& key) {
    const auto it = std::find(keys.begin(), keys.end(), key);
    REQUIRE(it != keys.end());
    return items[static_cast<std::size_t>(it - keys.begin())];
  }
  void erase(const std::string& key) {
    const auto it = std::find(keys.begin(), keys.end(), key);
    REQUIRE(it != keys.end());
    items.erase(items.begin() + (it - keys.begin()));
    keys.erase(it);
  }
  void set(const std::string& key, Py v) {
    const auto it = std::find(keys.begin(), keys.end(), key);
    if (it != keys.end()) {
      items[static_cast<std::size_t>(it - keys.begin())] = std::move(v);
      return;
    }
    keys.push_back(key);
    items.push_back(std::move(v));
  }
};

Py num(double v) {
  Py p;
  p.t = Py::T::kFloat;
  p.f = v;
  return p;
}
Py integer(std::int64_t v) {
  Py p;
  p.t = Py::T::kInt;
  p.i = v;
  return p;
}
Py text(std::string v) {
  Py p;
  p.t = Py::T::kStr;
  p.s = std::move(v);
  return p;
}
Py boolean(bool v) {
  Py p;
  p.t = Py::T::kBool;
  p.b = v;
  return p;
}
Py list(std::vector<Py> v) {
  Py p;
  p.t = Py::T::kList;
  p.items = std::move(v);
  return p;
}
Py dict() {
  Py p;
  p.t = Py::T::kDict;
  return p;
}
Py floats(const std::vector<double>& v) {
  std::vector<Py> out;
  for (const double x : v) out.push_back(num(x));
  return list(std::move(out));
}
Py config_of(const std::vector<std::string>& archs) {
  std::vector<Py> out;
  for (const auto& a : archs) {
    Py c = dict();
    c.set("name", text("infer.tiny"));
    c.set("C", integer(16));
    c.set("N", integer(5));
    c.set("arch_str", text(a));
    c.set("num_classes", integer(10));
    out.push_back(std::move(c));
  }
  return list(std::move(out));
}

void emit(pickle::test::PickleBytes& p, const Py& v) {
  switch (v.t) {
    case Py::T::kFloat:
      p.op(op::kBinFloat).f64be(v.f);
      break;
    case Py::T::kInt:
      p.op(op::kBinInt).u32(static_cast<std::uint32_t>(v.i));
      break;
    case Py::T::kStr:
      p.op(op::kBinUnicode).u32(static_cast<std::uint32_t>(v.s.size())).raw(v.s);
      break;
    case Py::T::kBool:
      p.op(v.b ? op::kNewTrue : op::kNewFalse);
      break;
    case Py::T::kNone:
      p.op(op::kNone);
      break;
    case Py::T::kList:
      p.op(op::kEmptyList);
      for (const auto& e : v.items) {
        emit(p, e);
        p.op(op::kAppend);
      }
      break;
    case Py::T::kDict:
      p.op(op::kEmptyDict);
      for (std::size_t k = 0; k < v.keys.size(); ++k) {
        p.op(op::kBinUnicode).u32(static_cast<std::uint32_t>(v.keys[k].size())).raw(v.keys[k]);
        emit(p, v.items[k]);
        p.op(op::kSetItem);
      }
      break;
  }
}

void write_pickle(const std::string& path, const Py& root) {
  pickle::test::PickleBytes p;
  p.op(op::kProto).u8(4);
  emit(p, root);
  p.op(op::kStop);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(p.bytes().data()),
            static_cast<std::streamsize>(p.size()));
}

const std::array<std::string, 3> kDatasetKeys = {"cifar10", "cifar100", "ImageNet16-120"};

/// A well-formed HW-NAS-Bench-like object: 3 datasets x {edgegpu_latency, edgegpu_energy,
/// eyeriss_arithmetic_intensity} with `n` values each (no config) and one fbnet table.
Py good_object(std::size_t n = 3) {
  Py nb = dict();
  for (std::size_t d = 0; d < 3; ++d) {
    Py ds = dict();
    for (const char* m : {"edgegpu_latency", "edgegpu_energy", "eyeriss_arithmetic_intensity"}) {
      std::vector<double> v;
      for (std::size_t i = 0; i < n; ++i) v.push_back(1.0 + static_cast<double>(d + i));
      ds.set(m, floats(v));
    }
    nb.set(kDatasetKeys[d], std::move(ds));
  }
  Py table = dict();
  table.set("FC_Cin1504_Cout100", num(0.5));
  table.set("AvgP_H4_W4_Cin1504_Cout1504_kernel4_stride1", num(0.25));
  Py fb = dict();
  fb.set("edgegpu_latency", std::move(table));
  fb.set("fpga_energy", dict());
  Py root = dict();
  root.set("nasbench201", std::move(nb));
  root.set("fbnet", std::move(fb));
  return root;
}

/// Writes `root` as dir/name, imports it into a copy of the NB201 store and returns the
/// DataError message (checking it starts with the file path and left the store untouched);
/// "" when the import succeeded.
std::string import_error(const Py& root, const std::string& name = "HW-NAS-Bench-v1_0.pickle") {
  test::TempDir dir;
  const std::string path = dir.str(name);
  write_pickle(path, root);
  Store s(store_copy(dir), Store::Mode::kWrite);
  const auto sources = count(s, "SELECT COUNT(*) FROM source");
  try {
    (void)HwTableImporter::import_file(s, path, spaces());
  } catch (const DataError& e) {
    CHECK(count(s, "SELECT COUNT(*) FROM hw_metric") == 0);
    CHECK(count(s, "SELECT COUNT(*) FROM source") == sources);
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.rfind(path + ": ", 0) == 0);
    return msg.substr(path.size());
  }
  return "";
}

std::string q(const std::string& s) {
  return "'" + s + "'";
}

}  // namespace

TEST_CASE("HW-NAS-Bench fixture: every value bit for bit, devices per dataset, units",
          "[hw][pickle][hwnas]") {
  test::TempDir dir;
  const std::string store = fixture_store(dir);
  Store s(store, Store::Mode::kWrite);
  const auto sum = HwTableImporter::import_file(s, fixture_path(), spaces());
  CHECK(sum.importer == "hw-pickle:hwnas-pickle");
  CHECK(sum.rows == 3 * 4 * 3);
  CHECK(sum.archs == 3);
  CHECK(sum.missing == 0);
  REQUIRE(sum.columns.size() == 12);
  CHECK(std::find(sum.columns.begin(), sum.columns.end(),
                  "edgegpu_cifar100 energy batch 1: 3/15625 archs, mJ") != sum.columns.end());
  CHECK(std::find(sum.columns.begin(), sum.columns.end(),
                  "fpga_imagenet16 latency batch 1: 3/15625 archs, ms") != sum.columns.end());
  CHECK(std::find(sum.columns.begin(), sum.columns.end(),
                  "raspi4 latency batch 1: 3/15625 archs, ms") != sum.columns.end());

  for (int d = 0; d < 3; ++d) {
    for (int k = 0; k < 4; ++k) {
      const auto& [device, metric] = kMetrics[static_cast<std::size_t>(k)];
      const HwColumnKey key{"nb201", device + kSuffix[static_cast<std::size_t>(d)], metric, 1};
      INFO(key.label());
      const HwColumnData col = load_hw_column(s, key);
      CHECK(col.archs == std::vector<ArchId>{0, 1, 2});
      CHECK(col.unit == (metric == "energy" ? "mJ" : "ms"));
      CHECK(col.predicted == std::vector<std::uint8_t>{0, 0, 0});
      REQUIRE(col.values.size() == 3);
      for (int i = 0; i < 3; ++i) {
        CHECK(bits(col.values[static_cast<std::size_t>(i)]) == bits(fixture_value(d, k, i)));
      }
    }
  }
  // Exactly these 12 columns (the fbnet tables are not imported), one source.
  const auto columns = list_hw_columns(s);
  REQUIRE(columns.size() == 12);
  std::vector<std::string> devices;
  for (const auto& c : columns) {
    devices.push_back(c.key.device + "/" + c.key.metric + "/" + c.unit);
    CHECK(c.measured == 3);
    CHECK(c.source_ids == std::vector<std::int64_t>{sum.source_id});
  }
  CHECK(devices ==
        std::vector<std::string>{"edgegpu/energy/mJ", "edgegpu/latency/ms",
                                 "edgegpu_cifar100/energy/mJ", "edgegpu_cifar100/latency/ms",
                                 "edgegpu_imagenet16/energy/mJ", "edgegpu_imagenet16/latency/ms",
                                 "fpga/latency/ms", "fpga_cifar100/latency/ms",
                                 "fpga_imagenet16/latency/ms", "raspi4/latency/ms",
                                 "raspi4_cifar100/latency/ms", "raspi4_imagenet16/latency/ms"});
}

TEST_CASE("HW-NAS-Bench fixture: import report (coverage, units, config, fbnet)",
          "[hw][pickle][hwnas]") {
  test::TempDir dir;
  Store s(fixture_store(dir), Store::Mode::kWrite);
  const auto sum = HwTableImporter::import_file(s, fixture_path(), spaces());
  const auto rows = report_of(s, sum.source_id);
  for (const auto& r : rows) UNSCOPED_INFO(r[0] << " | " << r[1] << " | " << r[2]);

  const auto* layout = find_line(rows, "note", "layout");
  REQUIRE(layout != nullptr);
  CHECK_THAT((*layout)[2], Catch::Contains("HW-NAS-Bench pickle") &&
                               Catch::Contains("<device>_cifar100") &&
                               Catch::Contains("latency ms, energy mJ"));

  const auto* fbnet = find_line(rows, "note", "fbnet");
  REQUIRE(fbnet != nullptr);
  CHECK_THAT((*fbnet)[2], Catch::Contains("1 FBNet lookup table ('edgegpu_latency')") &&
                              Catch::Contains("3 entries") && Catch::Contains("not imported"));

  for (const auto& ds : kDatasetKeys) {
    const auto* config = find_line(rows, "note", "config " + ds);
    REQUIRE(config != nullptr);
    CHECK((*config)[2] == "['nasbench201']['" + ds +
                              "']['config']: 3 arch strings, each checked against the space's "
                              "architecture list");
  }

  const auto* energy = find_line(rows, "note", "edgegpu_cifar100 energy batch 1");
  REQUIRE(energy != nullptr);
  CHECK((*energy)[2] ==
        "edge GPU, NVIDIA Jetson TX2 (HW-NAS-Bench, measured), CIFAR-100 variant (3x32x32 input, "
        "100 classes); source column '['nasbench201']['cifar100']['edgegpu_energy']'; unit mJ, "
        "stored unchanged; batch 1 (assumed: the source states no batch size); coverage 3 of "
        "15625 (0.02%)");
  const auto* latency = find_line(rows, "note", "raspi4 latency batch 1");
  REQUIRE(latency != nullptr);
  CHECK_THAT((*latency)[2], Catch::Contains("CIFAR-10 variant") &&
                                Catch::Contains("unit ms, stored unchanged") &&
                                Catch::Contains("coverage 3 of 15625"));
  // Partial coverage: one `missing` line per column.
  std::size_t missing = 0;
  for (const auto& r : rows) {
    if (r[0] != "missing") continue;
    ++missing;
    CHECK_THAT(r[2], Catch::StartsWith("15622 of 15625 architectures not measured"));
  }
  CHECK(missing == 12);
  CHECK(find_line(rows, "note", "not imported") == nullptr);
  CHECK(find_line(rows, "note", "arch list") == nullptr);
}

TEST_CASE("HW-NAS-Bench config arch strings are checked against the store's arch list",
          "[hw][pickle][hwnas]") {
  // Into the real NB201 list the fixture's third config (NB201 index 2583) is a mismatch.
  test::TempDir dir;
  Store s(store_copy(dir), Store::Mode::kWrite);
  try {
    (void)HwTableImporter::import_file(s, fixture_path(), spaces());
    FAIL("no error");
  } catch (const DataError& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.rfind(fixture_path() +
                        ": at ['nasbench201']['cifar10']['config'][2]: index 2 but "
                        "its arch string '" +
                        kFixtureArchs[2] + "' is index 2583",
                    0) == 0);
  }
  CHECK(count(s, "SELECT COUNT(*) FROM hw_metric") == 0);

  // A hand-made file whose cifar100 config names index 1's cell at index 0.
  Py root = good_object();
  root.at("nasbench201").at("cifar10").set("config", config_of({real_arch(0), real_arch(1)}));
  root.at("nasbench201").at("cifar100").set("config", config_of({real_arch(1)}));
  CHECK_THAT(import_error(root), Catch::StartsWith(": at ['nasbench201']['cifar100']['config'][0]"
                                                   ": index 0 but its arch string '" +
                                                   real_arch(1) + "' is index 1"));
  // Matching configs import (and need not cover every value).
  root.at("nasbench201").at("cifar100").set("config", config_of({real_arch(0)}));
  CHECK(import_error(root).empty());

  // A config entry without arch_str, or not a dict.
  Py no_arch = good_object();
  Py cfg = config_of({real_arch(0)});
  cfg.items[0].erase("arch_str");
  no_arch.at("nasbench201").at("ImageNet16-120").set("config", cfg);
  CHECK_THAT(import_error(no_arch),
             Catch::StartsWith(": at ['nasbench201']['ImageNet16-120']['config'][0]: key "
                               "'arch_str' not found"));
  Py not_dict = good_object();
  not_dict.at("nasbench201").at("cifar10").set("config", list({text(real_arch(0))}));
  CHECK_THAT(import_error(not_dict),
             Catch::StartsWith(": at ['nasbench201']['cifar10']['config'][0]: expected a network "
                               "config dict"));
}

TEST_CASE("HW-NAS-Bench fixture into an empty store: no arch list, DataError naming the file",
          "[hw][pickle][hwnas]") {
  test::TempDir dir;
  Store s(dir.str("empty.sqlite"), Store::Mode::kWrite);
  try {
    (void)HwTableImporter::import_file(s, fixture_path(), spaces());
    FAIL("no error");
  } catch (const DataError& e) {
    const std::string msg = e.what();
    CHECK(msg.rfind(fixture_path() + ": the store has no architecture list", 0) == 0);
  }
  CHECK(count(s, "SELECT COUNT(*) FROM hw_metric") == 0);
}

TEST_CASE("HW-NAS-Bench pickle: other metrics, ints, unknown keys, merging with HELP columns",
          "[hw][pickle][hwnas]") {
  test::TempDir dir;
  const std::string store = store_copy(dir);
  // An earlier measurement of HELP's fpga column (the CIFAR-10 variant): same column.
  write_text(dir.str("help_fpga.csv"), "index,fpga_latency_b1_ms\n1,9.5\n15624,2.5\n");
  Py root = good_object();
  for (const auto& ds : kDatasetKeys) {
    root.at("nasbench201").at(ds).set("fpga_latency", list({integer(2), num(2.5)}));
  }
  root.at("nasbench201").at("cifar100").set("average_hw_metric", floats({1.0}));
  root.at("nasbench201").at("cifar10").set("gpu_latency", floats({1.0}));
  root.at("nasbench201").set("cifar10-valid", dict());
  root.set("version", text("v1.0"));
  const std::string path = dir.str("HW-NAS-Bench-v1_0.pickle");
  write_pickle(path, root);

  Store s(store, Store::Mode::kWrite);
  (void)HwTableImporter::import_file(s, dir.str("help_fpga.csv"), spaces());
  const auto sum = HwTableImporter::import_file(s, path, spaces());
  CHECK(sum.rows == 3 * (3 * 3 + 2));
  const auto ai = load_hw_column(s, {"nb201", "eyeriss_imagenet16", "arithmetic_intensity", 1});
  CHECK(ai.unit == "unknown");
  CHECK(ai.values == std::vector<double>{3.0, 4.0, 5.0});
  const auto fpga = load_hw_column(s, {"nb201", "fpga", "latency", 1});
  CHECK(fpga.archs == std::vector<ArchId>{0, 1, 15624});
  CHECK(fpga.values == std::vector<double>{2.0, 2.5, 2.5});
  CHECK(std::find(sum.columns.begin(), sum.columns.end(),
                  "eyeriss arithmetic_intensity batch 1: 3/15625 archs, unknown") !=
        sum.columns.end());
  CHECK(std::find(sum.notes.begin(), sum.notes.end(),
                  "fpga latency batch 1: replaced 1 measured and 0 predicted rows") !=
        sum.notes.end());

  const auto rows = s.import_report(sum.source_id);
  const auto* skipped = find_line(rows, "note", "not imported");
  REQUIRE(skipped != nullptr);
  CHECK((*skipped)[2] ==
        "4 entries of no known dataset or device (edgegpu, raspi4, edgetpu, pixel3, eyeriss, "
        "fpga): ['version'], ['nasbench201']['cifar10-valid'], "
        "['nasbench201']['cifar10']['gpu_latency'], ['nasbench201']['cifar100']['average_hw_"
        "metric']");
  const auto* fbnet = find_line(rows, "note", "fbnet");
  REQUIRE(fbnet != nullptr);
  CHECK_THAT((*fbnet)[2], Catch::Contains("2 FBNet lookup tables ('edgegpu_latency', "
                                          "'fpga_energy') with 2 entries in all"));
  const auto* config = find_line(rows, "note", "config cifar100");
  REQUIRE(config != nullptr);
  CHECK((*config)[2] ==
        "['nasbench201']['cifar100'] has no 'config': values taken in NB201 index order, "
        "unchecked");
  const auto* unknown = find_line(rows, "note", "eyeriss_cifar100 arithmetic_intensity batch 1");
  REQUIRE(unknown != nullptr);
  CHECK_THAT((*unknown)[2], Catch::Contains("unit unknown, stored unchanged"));

  // A second import replaces its own rows; units stay consistent.
  const auto again = HwTableImporter::import_file(s, path, spaces());
  CHECK(again.rows == sum.rows);
  CHECK(count(s, "SELECT COUNT(*) FROM hw_metric") == 3 * (3 * 3 + 2) + 1);
}

TEST_CASE("HW-NAS-Bench pickle: bad values name the file and the item path",
          "[hw][pickle][hwnas]") {
  auto with = [](const std::string& ds, const std::string& key, Py v) {
    Py root = good_object();
    root.at("nasbench201").at(ds).set(key, std::move(v));
    return root;
  };
  std::vector<double> v18(18, 1.25);
  v18[17] = -0.5;
  CHECK(import_error(with("cifar100", "edgegpu_latency", floats(v18))) ==
        ": at ['nasbench201']['cifar100']['edgegpu_latency'][17]: value -0.5 is not a positive "
        "finite number");
  CHECK(import_error(with("cifar10", "edgegpu_energy",
                          floats({1.0, std::numeric_limits<double>::quiet_NaN()}))) ==
        ": at ['nasbench201']['cifar10']['edgegpu_energy'][1]: value nan is not a positive finite "
        "number");
  CHECK(import_error(with("cifar10", "edgegpu_energy", floats({0.0}))) ==
        ": at ['nasbench201']['cifar10']['edgegpu_energy'][0]: value 0 is not a positive finite "
        "number");
  CHECK(import_error(with("ImageNet16-120", "edgegpu_latency",
                          floats({1.0, std::numeric_limits<double>::infinity()}))) ==
        ": at ['nasbench201']['ImageNet16-120']['edgegpu_latency'][1]: value inf is not a "
        "positive finite number");
  CHECK(import_error(with("cifar10", "edgegpu_latency", list({num(1.0), text("2.0")}))) ==
        ": at ['nasbench201']['cifar10']['edgegpu_latency'][1]: expected a number, found str "
        "'2.0'");
  CHECK(import_error(with("cifar10", "edgegpu_latency", list({boolean(true)}))) ==
        ": at ['nasbench201']['cifar10']['edgegpu_latency'][0]: expected a number, found bool "
        "True");
  CHECK(import_error(with("cifar10", "edgegpu_latency", list({Py{}}))) ==
        ": at ['nasbench201']['cifar10']['edgegpu_latency'][0]: expected a number, found None");
  CHECK_THAT(import_error(with("cifar100", "edgegpu_latency", text("1.0"))),
             Catch::StartsWith(": at ['nasbench201']['cifar100']['edgegpu_latency']: expected a "
                               "list, tuple or 1-D numpy array of numbers"));
  CHECK_THAT(import_error(with("cifar100", "edgegpu_latency", dict())),
             Catch::StartsWith(": at ['nasbench201']['cifar100']['edgegpu_latency']: expected a "
                               "list, tuple or 1-D numpy array"));
  CHECK(import_error(with("cifar10", "edgegpu_latency", list({}))) ==
        ": at ['nasbench201']['cifar10']['edgegpu_latency']: empty list; expected one value per "
        "NB201 architecture");
  CHECK(import_error(with("cifar10", "edgegpu_latency", floats(std::vector<double>(15626, 1.0)))) ==
        ": at ['nasbench201']['cifar10']['edgegpu_latency']: list of 15626 elements, more than "
        "the 15625 NB201 architectures");
  // A full-length table is accepted.
  CHECK(import_error(with("cifar10", "edgegpu_latency", floats(std::vector<double>(15625, 1.0)))) ==
        "");
}

TEST_CASE("HW-NAS-Bench pickle: missing keys and wrong containers name the item",
          "[hw][pickle][hwnas]") {
  Py no_dataset = good_object();
  no_dataset.at("nasbench201").erase("ImageNet16-120");
  CHECK_THAT(import_error(no_dataset),
             Catch::StartsWith(": at ['nasbench201']['ImageNet16-120']: dataset missing"));

  Py no_metric = good_object();
  no_metric.at("nasbench201").at("cifar100").erase("edgegpu_energy");
  CHECK(import_error(no_metric) ==
        ": at ['nasbench201']['cifar100']['edgegpu_energy']: missing (present under "
        "['nasbench201']['cifar10'])");

  Py extra_metric = good_object();
  extra_metric.at("nasbench201").at("ImageNet16-120").set("pixel3_latency", floats({1.0}));
  CHECK(import_error(extra_metric) ==
        ": at ['nasbench201']['cifar10']['pixel3_latency']: missing (present under "
        "['nasbench201']['ImageNet16-120'])");

  Py no_metrics = good_object();
  for (const char* m : {"edgegpu_latency", "edgegpu_energy", "eyeriss_arithmetic_intensity"}) {
    no_metrics.at("nasbench201").at("cifar10").erase(m);
  }
  CHECK_THAT(import_error(no_metrics),
             Catch::StartsWith(": at ['nasbench201']['cifar10']: no '<device>_<metric>' entries"));

  Py nb_list = good_object();
  nb_list.set("nasbench201", list({}));
  CHECK_THAT(import_error(nb_list),
             Catch::StartsWith(": at ['nasbench201']: expected a dict dataset -> metrics"));

  Py ds_list = good_object();
  ds_list.at("nasbench201").set("cifar100", floats({1.0}));
  CHECK_THAT(import_error(ds_list),
             Catch::StartsWith(": at ['nasbench201']['cifar100']: expected a dict metric -> "
                               "values"));

  Py cfg_text = good_object();
  cfg_text.at("nasbench201").at("cifar10").set("config", text("infer.tiny"));
  CHECK_THAT(import_error(cfg_text),
             Catch::StartsWith(": at ['nasbench201']['cifar10']['config']: expected a list (or "
                               "dict index -> config)"));

  // No fbnet key: still imports, the report says so.
  Py no_fbnet = good_object();
  no_fbnet.erase("fbnet");
  CHECK(import_error(no_fbnet).empty());
}

TEST_CASE("HW-NAS-Bench values as numpy arrays: 1-D numeric only", "[hw][pickle][hwnas]") {
  using pickle::NdArray;
  using pickle::Value;
  auto root_with = [](Value values) {
    auto metrics = [&values]() {
      pickle::DictItems m;
      m.emplace_back(Value::str("edgegpu_latency"), values);
      return Value::dict(std::move(m));
    };
    pickle::DictItems nb;
    for (const auto& ds : kDatasetKeys) nb.emplace_back(Value::str(ds), metrics());
    pickle::DictItems top;
    top.emplace_back(Value::str("nasbench201"), Value::dict(std::move(nb)));
    return Value::dict(std::move(top));
  };
  auto error_of = [](const Value& root) -> std::string {
    try {
      (void)HwNasBenchReader::read("x.pickle", root);
    } catch (const DataError& e) {
      return e.what();
    }
    return "";
  };
  NdArray f;
  f.dtype = "<f8";
  f.shape = {3};
  f.f64 = {0.5, 1.5, 2.5};
  {
    const Value root = root_with(Value::ndarray(f));
    REQUIRE(HwNasBenchReader::matches(root));
    const HwTable t = HwNasBenchReader::read("x.pickle", root);
    REQUIRE(t.columns.size() == 3);
    CHECK(t.columns[1].device == "edgegpu_cifar100");
    CHECK(t.columns[1].raw == std::vector<double>{0.5, 1.5, 2.5});
    CHECK(t.columns[1].row == std::vector<std::size_t>{3, 4, 5});
    CHECK(t.rows.size() == 9);
    CHECK(t.rows[4].index == 1);
    CHECK(t.rows[4].item == "['nasbench201']['cifar100'] index 1");
  }
  NdArray two_d = f;
  two_d.shape = {1, 3};
  CHECK(error_of(root_with(Value::ndarray(two_d))) ==
        "x.pickle: at ['nasbench201']['cifar10']['edgegpu_latency']: expected a 1-D numpy array, "
        "found dtype <f8 with shape (1, 3)");
  NdArray b;
  b.dtype = "|b1";
  b.shape = {2};
  b.storage = NdArray::Storage::kInt64;
  b.i64 = {1, 0};
  CHECK(error_of(root_with(Value::ndarray(b))) ==
        "x.pickle: at ['nasbench201']['cifar10']['edgegpu_latency']: expected a numeric array, "
        "found dtype |b1");
  NdArray ints = b;
  ints.dtype = "<i8";
  ints.i64 = {3, -4};
  CHECK(error_of(root_with(Value::ndarray(ints))) ==
        "x.pickle: at ['nasbench201']['cifar10']['edgegpu_latency'][1]: value -4 is not a "
        "positive finite number");
  NdArray objects;
  objects.dtype = "|O";
  objects.shape = {2};
  objects.storage = NdArray::Storage::kObject;
  objects.objects = {Value::from_double(1.0), Value::str("x")};
  CHECK(error_of(root_with(Value::ndarray(objects))) ==
        "x.pickle: at ['nasbench201']['cifar10']['edgegpu_latency'][1]: expected a number, found "
        "str 'x'");
  // Not the layout: no 'nasbench201' key; HwPickleReader names all three layouts.
  CHECK_FALSE(HwNasBenchReader::matches(Value::dict({})));
  CHECK_FALSE(HwNasBenchReader::matches(Value::list({})));
  test::TempDir dir;
  Py other = dict();
  other.set("nasbench101", dict());
  write_pickle(dir.str("other.pickle"), other);
  try {
    (void)HwPickleReader::read(dir.str("other.pickle"));
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK_THAT(std::string(e.what()),
               Catch::StartsWith(dir.str("other.pickle")) && Catch::Contains("'nasbench201'"));
  }
}

TEST_CASE("CLI: import hw of the HW-NAS-Bench pickle, hw devices, a constraint",
          "[hw][pickle][hwnas][integration]") {
  test::TempDir dir;
  const std::string store = fixture_store(dir);
  const std::string bin = q(test::tabnas_binary()) + " --store " + q(store);
  auto r = test::run_command(bin + " import hw " + q(fixture_path()));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("(hw-pickle:hwnas-pickle)") != std::string::npos);
  CHECK(r.out.find("36 values, 3 architectures") != std::string::npos);
  CHECK(r.out.find("device edgegpu_cifar100 energy batch 1: 3/15625 archs, mJ") !=
        std::string::npos);
  CHECK(r.out.find("device raspi4_imagenet16 latency batch 1: 3/15625 archs, ms") !=
        std::string::npos);

  r = test::run_command(bin + " --json hw devices");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 12);
  bool seen = false;
  for (const auto& c : j) {
    CHECK(c["measured"] == 3);
    CHECK(c["space_size"] == 15625);
    if (c["device"] == "edgegpu_imagenet16" && c["metric"] == "energy") {
      seen = true;
      CHECK(c["unit"] == "mJ");
    }
  }
  CHECK(seen);
  r = test::run_command(bin + " info --report");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("not imported: tabnas has no FBNet search space") != std::string::npos);

  // A constraint on a CIFAR-100 variant device: a short run, only architectures 0..2 feasible.
  nlohmann::ordered_json spec = {
      {"name", "hwnas_constraint"},
      {"benchmark", "nb201"},
      {"dataset", "cifar100"},
      {"search", {{"split", "valid"}, {"fidelity", "hp12"}, {"metric", "accuracy"}}},
      {"report", {{"split", "valid"}, {"fidelity", "hp200"}, {"metric", "accuracy"}}},
      {"budget", {{"queries", 10}}},
      {"constraints", {{{"device", "raspi4_cifar100"}, {"metric", "latency"}, {"max", 3.0015}}}},
      {"seeds", {{"count", 1}, {"start", 0}}},
      {"master_seed", 1},
      {"algorithms", {"random_search"}}};
  std::ofstream(dir.str("spec.json")) << spec.dump(2);
  r = test::run_command(bin + " --quiet --data " + q(test::data_dir()) + " run " +
                        q(dir.str("spec.json")) + " --out " + q(dir.str("out")) + " --threads 1");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::ifstream in(dir.str("out/trajectory.jsonl"));
  std::string line;
  std::size_t steps = 0;
  while (std::getline(in, line)) {
    const auto row = nlohmann::json::parse(line);
    const auto arch = row.at("arch").get<std::size_t>();
    CHECK(row.at("feasible").get<bool>() == (arch <= 1));  // 3.0, 3.001 < 3.0015 < 3.002
    ++steps;
  }
  CHECK(steps == 10);

  // Into the real NB201 list: exit 3, the message names the file and the config item.
  test::TempDir other;
  r = test::run_command(q(test::tabnas_binary()) + " --store " + q(store_copy(other)) +
                        " import hw " + q(fixture_path()));
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(fixture_path() + ": at ['nasbench201']['cifar10']['config'][2]") !=
        std::string::npos);
}
