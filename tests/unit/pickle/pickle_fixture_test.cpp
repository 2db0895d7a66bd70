// The generated fixtures of tests/fixtures/pickle (make_fixtures.py): the benchmark-shaped
// containers, numpy payloads of every decoded dtype, and pandas/torch records.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstring>

#include "container/open_any.hpp"
#include "container/torch_zip.hpp"
#include "pickle/cursor.hpp"
#include "pickle/value_json.hpp"
#include "pickle_test_support.hpp"

namespace fs = std::filesystem;
using tabnas::container::ContainerFormat;
using tabnas::container::open_any;
using tabnas::pickle::Cursor;
using tabnas::pickle::Kind;
using tabnas::pickle::NdArray;
using tabnas::pickle::Value;
using tabnas::pickle::test::fixtures_dir;
using tabnas::pickle::test::json_difference;
using tabnas::pickle::test::python_available;
using tabnas::pickle::test::read_text;
using tabnas::pickle::test::run_command;
using tabnas::pickle::test::TempDir;

namespace {

fs::path fixture(const std::string& name) {
  return fixtures_dir() / "pickle" / name;
}

nlohmann::ordered_json values() {
  return tabnas::pickle::test::parse_json(read_text(fixture("VALUES.json")));
}

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

}  // namespace

TEST_CASE("fixtures match their committed JSON forms", "[pickle][fixtures]") {
  std::size_t compared = 0;
  for (const char* name :
       {"hwnas_like.pickle", "nats_tss_meta.pickle.pbz2", "numpy_arrays_p2.pickle",
        "numpy_arrays_p5.pickle", "pandas_like.pd", "torch_tensor_zip.pt"}) {
    const auto expected =
        tabnas::pickle::test::parse_json(read_text(fixture(std::string(name) + ".json")));
    const auto actual = tabnas::pickle::to_inspect_json(open_any(fixture(name)).value);
    const std::string diff = json_difference(expected, actual);
    if (!diff.empty()) FAIL_CHECK(name << ": " << diff);
    ++compared;
  }
  CHECK(compared == 6);
}

TEST_CASE("large fixtures match Python's unpickler", "[pickle][fixtures][python]") {
  if (!python_available()) {
    WARN("python3 not available: skipping");
    return;
  }
  TempDir tmp;
  for (const char* name : {"nb201_legacy.pth", "nb201_zip.pth", "nats_tss_000000.pickle.pbz2"}) {
    const fs::path out = tmp.path() / "form.json";
    REQUIRE(run_command("python3 '" + (fixtures_dir() / "pickle_json_form.py").string() + "' '" +
                        fixture(name).string() + "' > '" + out.string() + "'") == 0);
    const auto expected = tabnas::pickle::test::parse_json(read_text(out));
    const auto actual = tabnas::pickle::to_inspect_json(open_any(fixture(name)).value);
    const std::string diff = json_difference(expected, actual);
    if (!diff.empty()) FAIL_CHECK(name << ": " << diff);
  }
}

TEST_CASE("NB201 legacy .pth fixture", "[pickle][fixtures][torch]") {
  const auto v = values();
  const auto loaded = open_any(fixture("nb201_legacy.pth"));
  CHECK(loaded.format == ContainerFormat::kLegacyTorch);
  const Cursor c(loaded.value, "nb201_legacy.pth");
  const auto& archs = c["meta_archs"].items();
  REQUIRE(archs.size() == 3);
  for (std::size_t i = 0; i < 3; ++i)
    CHECK(archs[i].as_string() == v["archs"][i].get<std::string>());
  // arch2infos is keyed by int index
  const Cursor infos = c["arch2infos"];
  REQUIRE(infos.size() == 3);
  for (std::int64_t i = 0; i < 3; ++i) {
    const Cursor arch = infos.at(Value::from_int(i));
    CHECK(arch["less"]["arch_index"].as_int() == i);
    CHECK(arch["full"]["arch_str"].as_string() ==
          v["archs"][static_cast<std::size_t>(i)].get<std::string>());
  }
  // v1.0 style: arch 0 'less' only has cifar10-valid
  CHECK(infos.at(Value::from_int(0))["less"]["all_results"].size() == 2);
  const Cursor rc = infos.at(Value::from_int(1))["less"]["all_results"].at("cifar10-valid", 777);
  CHECK(same_bits(rc["params"].as_double(), v["params_arch1"].get<double>()));
  CHECK(same_bits(rc["flop"].as_double(), v["flop_arch1"].get<double>()));
  CHECK(same_bits(rc["train_acc1es"].at(Value::from_int(11)).as_double(),
                  v["acc_1_cifar10-valid_777_11_train"].get<double>()));
  const Cursor full = infos.at(Value::from_int(0))["full"]["all_results"].at("cifar100", 999);
  const int last = v["full_epochs"].get<int>() - 1;
  CHECK(same_bits(full["eval_acc1es"]["x-valid@" + std::to_string(last)].as_double(),
                  v["acc_0_cifar100_999_last_x-valid"].get<double>()));
  CHECK_FALSE(full["eval_acc1es"].find("x-valid@0").has_value());  // sparse like NATS hp=200
  // arch 2 lacks seed 999
  CHECK(infos.at(Value::from_int(2))["full"]["all_results"].size() == 4);
  // evaluated_indexes: a protocol-2 set (REDUCE(__builtin__.set, ([0, 1, 2],)))
  CHECK(c["evaluated_indexes"].kind() == Kind::kSet);
  CHECK(c["evaluated_indexes"].size() == 3);
}

TEST_CASE("NB201 zip .pth fixture", "[pickle][fixtures][torch]") {
  const auto zip = tabnas::container::TorchZip::open_file(fixture("nb201_zip.pth"));
  CHECK(zip.prefix() == "archive/");
  const auto version = zip.read_member("archive/version");
  CHECK(std::string(reinterpret_cast<const char*>(version.data()), version.size()) == "3\n");
  const Value v = zip.read_data_pickle();
  const Cursor c(v, "nb201_zip.pth");
  CHECK(c["arch2infos"].size() == 1);
  CHECK(same_bits(c["arch2infos"]
                      .at(Value::from_int(1))["less"]["all_results"]
                      .at("cifar10-valid", 777)["params"]
                      .as_double(),
                  values()["params_arch1"].get<double>()));
}

TEST_CASE("NATS tss fixture", "[pickle][fixtures][nats]") {
  const auto loaded = open_any(fixture("nats_tss_000000.pickle.pbz2"));
  CHECK(loaded.format == ContainerFormat::kBzip2Pickle);
  const Cursor c(loaded.value, "nats fixture");
  CHECK(loaded.value.dict_items()[0].first.as_string() == "12");
  CHECK(loaded.value.dict_items()[1].first.as_string() == "200");
  const Cursor rc = c["12"]["all_results"].at("ImageNet16-120", 111);
  CHECK(same_bits(rc["params"].as_double(), values()["params_arch0"].get<double>()));
  CHECK(same_bits(rc["latency"][0].as_double(), values()["latency_arch0"].get<double>()));
  CHECK(c["200"]["all_results"].size() == 12);

  const Cursor meta(open_any(fixture("nats_tss_meta.pickle.pbz2")).value, "meta");
  CHECK(meta["total_archs"].as_int() == 3);
  CHECK(meta["arch2infos"].is_none());
  CHECK(meta["evaluated_indexes"].kind() == Kind::kSet);
}

TEST_CASE("numpy arrays of every decoded dtype", "[pickle][fixtures][numpy]") {
  for (const char* name : {"numpy_arrays_p2.pickle", "numpy_arrays_p5.pickle"}) {
    INFO(name);
    const Cursor c(open_any(fixture(name)).value, name);
    const NdArray& f8 = c["f8"].as_ndarray();
    CHECK(f8.dtype == "<f8");
    CHECK(f8.shape == std::vector<std::int64_t>{2, 3});
    CHECK(f8.f64 == std::vector<double>{0.5, -1.25, 3.0, 1e300, -0.0, 2.5e-310});
    CHECK(std::signbit(f8.f64[4]));
    // Fortran-ordered payloads come back in C order
    CHECK(c["f8_fortran"].as_ndarray().f64 == std::vector<double>{1, 2, 3, 4, 5, 6});
    CHECK(c["i4_3d"].as_ndarray().i64 == std::vector<std::int64_t>{-4, -3, -2, -1, 0, 1, 2, 3});
    CHECK(c["f8_big"].as_ndarray().dtype == ">f8");
    CHECK(c["f8_big"].as_ndarray().f64 == std::vector<double>{1.0, -2.5, 1e-3});
    CHECK(c["f4"].as_ndarray().f64 == std::vector<double>{0.5, 3.25});
    CHECK(c["f2"].as_ndarray().f64 == std::vector<double>{0.5, -2.0, 65504.0});
    CHECK(c["i8"].as_ndarray().i64 == std::vector<std::int64_t>{INT64_MIN, INT64_MAX, 7});
    CHECK(c["i2_big"].as_ndarray().i64 == std::vector<std::int64_t>{-300, 300});
    CHECK(c["i1"].as_ndarray().i64 == std::vector<std::int64_t>{-128, 127});
    CHECK(c["u1"].as_ndarray().i64 == std::vector<std::int64_t>{0, 200, 255});
    CHECK(c["u2"].as_ndarray().i64 == std::vector<std::int64_t>{65535});
    CHECK(c["u8"].as_ndarray().i64 == std::vector<std::int64_t>{0, INT64_MAX});
    CHECK(c["b1"].as_ndarray().dtype == "|b1");
    CHECK(c["b1"].as_ndarray().i64 == std::vector<std::int64_t>{1, 0, 1});
    CHECK(c["zero_d"].as_ndarray().shape.empty());
    CHECK(c["zero_d"].as_ndarray().f64 == std::vector<double>{42.0});
    CHECK(c["empty"].as_ndarray().size() == 0);
    const NdArray& objects = c["objects"].as_ndarray();
    CHECK(objects.dtype == "|O");
    CHECK(objects.objects[0].as_string() == "a");
    CHECK(objects.objects[1].kind() == Kind::kTuple);
    CHECK(same_bits(c["scalar_f8"].as_double(), 0.129306));
    CHECK(c["scalar_f4"].as_double() == 0.25);
    CHECK(c["scalar_i8"].as_int() == -5);
    CHECK(c["scalar_u8_big"].kind() == Kind::kBigInt);
    CHECK(c["scalar_u8_big"].value().as_big_int().to_decimal() == "18446744073709551615");
    CHECK(c["scalar_b1"].as_bool());
  }
}

TEST_CASE("pandas-like DataFrame fixture", "[pickle][fixtures][pandas]") {
  const Cursor c(open_any(fixture("pandas_like.pd")).value, "pandas_like.pd");
  REQUIRE(c.as_call().is("pandas.core.frame", "DataFrame"));
  const Cursor state(c.as_call().state, "state");
  CHECK(state["_typ"].as_string() == "dataframe");
  const Cursor mgr_state(state["_data"].as_call().state, "mgr");
  const Cursor blocks = mgr_state[3]["0.14.1"]["blocks"];
  REQUIRE(blocks.size() == 3);
  const NdArray& floats = blocks[0]["values"].as_ndarray();
  CHECK(floats.shape == std::vector<std::int64_t>{2, 3});
  CHECK(floats.f64 == std::vector<double>{69.55, 88.22, 69.95, 63.364, 82.834, 64.0});
  const auto& slice = blocks[0]["mgr_locs"].as_call();
  CHECK(slice.is("builtins", "slice"));
  CHECK(slice.args.items()[0].as_int() == 2);
  CHECK(blocks[1]["values"].as_ndarray().i64 == std::vector<std::int64_t>{0, 1, 2});
  CHECK(blocks[2]["values"].as_ndarray().objects.size() == 3);
  // the same float block is referenced from the state tuple through the memo
  CHECK(mgr_state[1][0].value().same_node(blocks[0]["values"].value()));
}

TEST_CASE("torch zip with a tensor keeps the storage as a persistent id", "[pickle][fixtures]") {
  const auto zip = tabnas::container::TorchZip::open_file(fixture("torch_tensor_zip.pt"));
  const Cursor c(zip.read_data_pickle(), "torch_tensor_zip.pt");
  const auto& rebuild = c["weights"].as_call();
  CHECK(rebuild.is("torch._utils", "_rebuild_tensor_v2"));
  const Value& storage = rebuild.args.items()[0];
  REQUIRE(storage.kind() == Kind::kCall);
  CHECK(storage.as_call().how == tabnas::pickle::CallHow::kPersistentId);
  const auto& pid = storage.as_call().args.items();
  CHECK(pid[0].as_string() == "storage");
  CHECK(pid[1].as_global().name == "FloatStorage");
  CHECK(pid[2].as_string() == "0");
  const auto raw = zip.read_member(zip.prefix() + "data/" + pid[2].as_string());
  REQUIRE(raw.size() == 12);
  float first = 0;
  std::memcpy(&first, raw.data(), 4);
  CHECK(first == 0.5F);
}
