// The real benchmark files of the shared data directory (TABNAS_DATA, default
// <source>/../shared/data): structure checks, bit-exact agreement with the flat CSV copies, and
// agreement with Python's own unpickler (tests/fixtures/pickle_json_form.py) where python3 runs.
#include <catch2/catch.hpp>

#include <bit>
#include <map>
#include <set>
#include <unordered_map>

#include "container/open_any.hpp"
#include "pickle/cursor.hpp"
#include "pickle/pickle_reader.hpp"
#include "pickle/value_json.hpp"
#include "pickle_test_support.hpp"
#include "tabnas/core/errors.hpp"

namespace fs = std::filesystem;
using tabnas::container::ContainerFormat;
using tabnas::container::open_any;
using tabnas::pickle::Cursor;
using tabnas::pickle::Kind;
using tabnas::pickle::NdArray;
using tabnas::pickle::Value;
using tabnas::pickle::test::Csv;
using tabnas::pickle::test::data_dir;
using tabnas::pickle::test::fixtures_dir;
using tabnas::pickle::test::json_difference;
using tabnas::pickle::test::nb201_op_ids;
using tabnas::pickle::test::parse_double;
using tabnas::pickle::test::python_available;
using tabnas::pickle::test::read_csv;
using tabnas::pickle::test::read_text;
using tabnas::pickle::test::run_command;
using tabnas::pickle::test::TempDir;

namespace {

#define TABNAS_REQUIRE_DATA(dir)                                             \
  const auto dir = data_dir();                                               \
  if (!dir) {                                                                \
    WARN("shared data directory not found (set TABNAS_DATA): test skipped"); \
    return;                                                                  \
  }

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

std::vector<std::string> str_keys(const Value& dict) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : dict.dict_items()) keys.push_back(k.as_string());
  return keys;
}

}  // namespace

TEST_CASE("NATS-Bench tss per-arch file", "[pickle][realdata][nats]") {
  TABNAS_REQUIRE_DATA(dir);
  const fs::path path = *dir / "nats" / "NATS-tss-v1_0-3ffb9-simple" / "000000.pickle.pbz2";
  const auto loaded = open_any(path);
  CHECK(loaded.format == ContainerFormat::kBzip2Pickle);
  const Value& root = loaded.value;
  CHECK(str_keys(root) == std::vector<std::string>{"12", "200"});
  const Cursor c(root, path.filename().string());

  const Cursor hp12 = c["12"];
  CHECK(hp12["arch_index"].as_int() == 0);
  CHECK(hp12["arch_str"].as_string() ==
        "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|"
        "skip_connect~2|");
  CHECK(hp12["clear_net_done"].kind() == Kind::kBool);
  // all_results is keyed by (dataset, seed) tuples, in pickle order
  std::vector<std::pair<std::string, std::int64_t>> keys;
  for (const auto& [k, v] : hp12["all_results"].dict_items()) {
    REQUIRE(k.kind() == Kind::kTuple);
    keys.emplace_back(k.items()[0].as_string(), k.items()[1].as_int());
  }
  CHECK(keys == std::vector<std::pair<std::string, std::int64_t>>{{"cifar10-valid", 777},
                                                                  {"cifar10-valid", 111},
                                                                  {"cifar10", 111},
                                                                  {"cifar100", 111},
                                                                  {"ImageNet16-120", 111}});
  const Cursor rc = hp12["all_results"].at("cifar10-valid", 777);
  CHECK(same_bits(rc["params"].as_double(), 0.129306));  // numpy.float64 scalar
  CHECK(same_bits(rc["flop"].as_double(), 15.64737));
  CHECK(same_bits(rc["latency"][0].as_double(), 0.0139359758611311));
  CHECK(rc["seed"].as_string() == "0777");
  CHECK(rc["epochs"].as_int() == 12);
  CHECK(rc["name"].as_string() == "cifar10-valid");
  CHECK(rc["net_state_dict"].is_none());
  CHECK(rc["train_times"].kind() == Kind::kDict);  // collections.OrderedDict
  CHECK(same_bits(rc["train_acc1es"].at(Value::from_int(0)).as_double(), 28.172000009765625));
  CHECK(rc["eval_names"].items().size() == 2);
  CHECK(rc["arch_config"]["channel"].as_int() == 16);
  const auto& seeds = hp12["dataset_seed"]["cifar10-valid"].items();
  REQUIRE(seeds.size() == 2);
  CHECK(seeds[0].as_int() == 111);
  CHECK(seeds[1].as_int() == 777);

  // hp '200': 12 runs, sparse evaluation epochs
  const Cursor hp200 = c["200"];
  CHECK(hp200["all_results"].size() == 12);
  const Cursor c100 = hp200["all_results"].at("cifar100", 777);
  CHECK(c100["epochs"].as_int() == 200);
  CHECK(c100["train_acc5es"].is_none());
  CHECK(c100["eval_acc1es"].find("ori-test@0").has_value());
  CHECK(c100["eval_acc1es"].find("x-valid@199").has_value());
  CHECK_FALSE(c100["eval_acc1es"].find("x-valid@0").has_value());
  CHECK(c100["eval_times"].find("x-valid@0").has_value());

  // path-aware errors
  CHECK_THROWS_WITH(hp200["all_results"].at("cifar10", 123),
                    Catch::StartsWith("000000.pickle.pbz2: at ['200']['all_results']: key "
                                      "('cifar10', 123) not found"));
  CHECK_THROWS_WITH(rc["seed"].as_double(),
                    Catch::Contains("at ['12']['all_results'][('cifar10-valid', 777)]['seed']: "
                                    "expected float or int, found str '0777'"));
}

TEST_CASE("NATS-Bench sss files and both meta files", "[pickle][realdata][nats]") {
  TABNAS_REQUIRE_DATA(dir);
  const fs::path sss = *dir / "nats" / "NATS-sss-v1_0-50262-simple";
  for (const char* name : {"000000.pickle.pbz2", "000011.pickle.pbz2", "000284.pickle.pbz2"}) {
    const Value v = open_any(sss / name).value;
    CHECK(str_keys(v) == std::vector<std::string>{"01", "12", "90"});
  }
  CHECK(Cursor(open_any(sss / "000284.pickle.pbz2").value, "284")["90"]["arch_str"].as_string() ==
        "8:8:40:32:40");

  const Csv csv = read_csv(*dir / "nb201" / "nb201_hp12_accuracy.csv");
  const Value tss_meta =
      open_any(*dir / "nats" / "NATS-tss-v1_0-3ffb9-simple" / "meta.pickle.pbz2").value;
  const Cursor m(tss_meta, "meta");
  CHECK(m["total_archs"].as_int() == 15625);
  CHECK(m["arch2infos"].is_none());
  CHECK(m["evaluated_indexes"].kind() == Kind::kSet);
  CHECK(m["evaluated_indexes"].size() == 0);
  const auto& archs = m["meta_archs"].items();
  REQUIRE(archs.size() == 15625);
  REQUIRE(csv.rows.size() == 15625);
  const std::size_t arch_col = csv.column("arch_str");
  std::size_t same = 0;
  for (std::size_t i = 0; i < archs.size(); ++i) {
    if (archs[i].as_string() == csv.rows[i][arch_col] && csv.rows[i][0] == std::to_string(i)) {
      ++same;
    }
  }
  CHECK(same == 15625);

  const Value sss_meta = open_any(sss / "meta.pickle.pbz2").value;
  CHECK(Cursor(sss_meta, "sss meta")["meta_archs"].size() == 32768);
}

TEST_CASE("NB201 hp200 x-valid pickles agree with the CSV bit for bit", "[pickle][realdata]") {
  TABNAS_REQUIRE_DATA(dir);
  const Csv csv = read_csv(*dir / "nb201" / "nb201_hp200_xvalid_runs.csv");
  const std::map<std::string, std::string> files = {{"cifar10-valid", "cifar10.pkl"},
                                                    {"cifar100", "cifar100.pkl"},
                                                    {"ImageNet16-120", "imagenet.pkl"}};
  const std::size_t c_arch = csv.column("arch_str");
  const std::size_t c_ds = csv.column("dataset");
  const std::size_t c_run1 = csv.column("run1");
  for (const auto& [dataset, file] : files) {
    const Value v = tabnas::pickle::read_pickle_file(*dir / "nb201" / "hp200_xvalid" / file);
    REQUIRE(v.size() == 15625);
    std::unordered_map<std::string, const Value*> by_key;
    for (const auto& [k, runs] : v.dict_items()) by_key[k.as_string()] = &runs;
    std::size_t rows = 0;
    std::size_t exact = 0;
    for (const auto& row : csv.rows) {
      if (row[c_ds] != dataset) continue;
      ++rows;
      std::string key;
      for (int id : nb201_op_ids(row[c_arch])) key += static_cast<char>('0' + id);
      const auto found = by_key.find(key);
      REQUIRE(found != by_key.end());
      const Value* runs = found->second;
      std::vector<double> expected;
      for (std::size_t k = c_run1; k < row.size() && k < c_run1 + 3; ++k) {
        if (!row[k].empty()) expected.push_back(parse_double(row[k]));
      }
      bool ok = runs->items().size() == expected.size();
      for (std::size_t k = 0; ok && k < expected.size(); ++k) {
        ok = same_bits(runs->items()[k].as_double(), expected[k]);
      }
      if (ok) ++exact;
    }
    CHECK(rows == 15625);
    CHECK(exact == 15625);
  }
}

TEST_CASE("HELP latency .pt files agree with the CSV bit for bit", "[pickle][realdata][torch]") {
  TABNAS_REQUIRE_DATA(dir);
  const Csv csv = read_csv(*dir / "hw" / "help-nb201" / "help_nb201_latency.csv");
  REQUIRE(csv.rows.size() == 15625);
  std::size_t devices = 0;
  for (std::size_t col = 2; col < csv.header.size(); ++col) {
    const fs::path path = *dir / "hw" / "help-nb201" / ("latency_" + csv.header[col] + ".pt");
    const auto loaded = open_any(path);
    CHECK(loaded.format == ContainerFormat::kTorchZip);
    const auto& values = loaded.value.items();
    REQUIRE(values.size() == 15625);
    std::size_t exact = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (same_bits(values[i].as_double(), parse_double(csv.rows[i][col]))) ++exact;
    }
    CHECK(exact == 15625);
    ++devices;
  }
  CHECK(devices == 27);  // the folder holds 27 device files (README says 26)
}

TEST_CASE("BRP-NAS latency pickle agrees with the CSV bit for bit", "[pickle][realdata]") {
  TABNAS_REQUIRE_DATA(dir);
  const Value v = tabnas::pickle::read_pickle_file(*dir / "hw" / "brp-nas" /
                                                   "desktop-cpu-core-i7-7820x-fp32.pkl");
  REQUIRE(v.size() == 15284);
  // keys are 6-tuples of op ids, values numpy float64 scalars
  std::map<std::vector<int>, double> by_ops;
  for (const auto& [k, val] : v.dict_items()) {
    REQUIRE(k.kind() == Kind::kTuple);
    std::vector<int> ops;
    for (const auto& e : k.items()) ops.push_back(static_cast<int>(e.as_int()));
    by_ops[ops] = val.as_double();
  }
  const Csv csv = read_csv(*dir / "hw" / "brp-nas" / "eagle_desktop_cpu_i7_7820x_fp32.csv");
  REQUIRE(csv.rows.size() == 15284);
  std::size_t exact = 0;
  for (const auto& row : csv.rows) {
    const auto it = by_ops.find(nb201_op_ids(row[csv.column("arch_str")]));
    if (it != by_ops.end() && same_bits(it->second, parse_double(row[csv.column("latency_s")]))) {
      ++exact;
    }
  }
  CHECK(exact == 15284);
}

TEST_CASE("mini-bench pandas DataFrame: the float block equals the CSV", "[pickle][realdata]") {
  TABNAS_REQUIRE_DATA(dir);
  const fs::path path = *dir / "nb201" / "mini-bench-arch-cell-accs.pd";
  const Value df = tabnas::pickle::read_pickle_file(path);
  const Cursor c(df, path.filename().string());
  REQUIRE(c.as_call().is("pandas.core.frame", "DataFrame"));
  const Cursor mgr = Cursor(c.as_call().state, "df")["_data"];
  REQUIRE(mgr.as_call().is("pandas.core.internals.managers", "BlockManager"));
  const Cursor st(mgr.as_call().state, "mgr");
  // state = (axes, block values, block items, {'0.14.1': {'axes', 'blocks'}})
  const Cursor v014 = st[3]["0.14.1"];
  // column names: axes[0] = _new_Index(Index, {'data': object ndarray, ...})
  const Value& columns_index = v014["axes"][0].value();
  const Value& index_args = columns_index.as_call().args.items()[1];
  const NdArray& names = index_args.as_dict_get("data").as_ndarray();
  std::vector<std::string> columns;
  for (const auto& n : names.objects) columns.push_back(n.as_string());
  CHECK(columns == std::vector<std::string>{"arch", "cellstr", "cifar10-test", "cifar10-val",
                                            "cifar100-test", "cifar100-val", "imagenet-test",
                                            "imagenet-val"});
  const std::map<std::string, std::string> to_csv = {
      {"cifar10-test", "cifar10_ori_test"},       {"cifar10-val", "cifar10_valid_x_valid"},
      {"cifar100-test", "cifar100_x_test"},       {"cifar100-val", "cifar100_x_valid"},
      {"imagenet-test", "imagenet16_120_x_test"}, {"imagenet-val", "imagenet16_120_x_valid"}};
  const Csv csv = read_csv(*dir / "nb201" / "nb201_hp12_accuracy.csv");
  REQUIRE(csv.rows.size() == 15625);
  std::size_t float_cells = 0;
  std::size_t checked_blocks = 0;
  for (const auto& block : v014["blocks"].items()) {
    const NdArray& values = block.as_dict_get("values").as_ndarray();
    const auto& slice = block.as_dict_get("mgr_locs").as_call();
    REQUIRE(slice.is("builtins", "slice"));
    const std::int64_t start = slice.args.items()[0].as_int();
    REQUIRE(values.shape.size() == 2);
    REQUIRE(values.shape[1] == 15625);
    for (std::int64_t r = 0; r < values.shape[0]; ++r) {
      const std::string& column = columns[static_cast<std::size_t>(start + r)];
      for (std::size_t i = 0; i < 15625; ++i) {
        const std::size_t flat = static_cast<std::size_t>(r) * 15625 + i;
        if (values.storage == NdArray::Storage::kFloat64) {
          const double expected = parse_double(csv.rows[i][csv.column(to_csv.at(column))]);
          if (same_bits(values.f64[flat], expected)) ++float_cells;
        } else if (values.storage == NdArray::Storage::kInt64) {
          REQUIRE(column == "arch");
          REQUIRE(values.i64[flat] == static_cast<std::int64_t>(i));
        } else {
          REQUIRE(column == "cellstr");
          REQUIRE(values.objects[flat].as_string() == csv.rows[i][csv.column("arch_str")]);
        }
      }
    }
    ++checked_blocks;
  }
  CHECK(checked_blocks == 3);
  CHECK(float_cells == 6 * 15625);
}

TEST_CASE("every real pickle matches Python's unpickler exactly", "[pickle][realdata][python]") {
  TABNAS_REQUIRE_DATA(dir);
  if (!python_available()) {
    WARN("python3 not available: skipping the Python parity check of real files");
    return;
  }
  std::vector<fs::path> files;
  for (const char* sub : {"nats/NATS-tss-v1_0-3ffb9-simple", "nats/NATS-sss-v1_0-50262-simple",
                          "nb201/hp200_xvalid", "hw/brp-nas"}) {
    for (const auto& e : fs::directory_iterator(*dir / sub)) {
      const auto ext = e.path().extension().string();
      if (ext == ".pbz2" || ext == ".pkl") files.push_back(e.path());
    }
  }
  files.push_back(*dir / "nb201" / "mini-bench-arch-cell-accs.pd");
  files.push_back(*dir / "hw" / "help-nb201" / "latency_eyeriss.pt");
  files.push_back(*dir / "hw" / "help-nb201" / "latency_pixel3.pt");
  TempDir tmp;
  std::size_t compared = 0;
  for (const auto& path : files) {
    const fs::path out = tmp.path() / "form.json";
    const std::string cmd = "python3 '" + (fixtures_dir() / "pickle_json_form.py").string() +
                            "' '" + path.string() + "' > '" + out.string() + "'";
    REQUIRE(run_command(cmd) == 0);
    const auto expected = tabnas::pickle::test::parse_json(read_text(out));
    const auto actual = tabnas::pickle::to_inspect_json(open_any(path).value);
    const std::string diff = json_difference(expected, actual);
    if (!diff.empty()) FAIL_CHECK(path.filename().string() << ": " << diff);
    ++compared;
  }
  CHECK(compared == 15);
}
