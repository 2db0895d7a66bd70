// Store: schema, provenance, CSV import (exact values, errors), atomicity, HDF5 curves.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "csv/csv_importer.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/store/csv_reader.hpp"
#include "tabnas/store/curve_file.hpp"
#include "tabnas/store/import_writer.hpp"
#include "test_support.hpp"

using namespace tabnas;

namespace {

SpaceFactory spaces() {
  return [](const std::string& n, const std::vector<std::string>& l) { return make_space(n, l); };
}

std::int64_t count_rows(Store& s, const std::string& table) {
  auto st = s.db().prepare("SELECT COUNT(*) FROM " + table);
  st.step();
  return st.column_int(0);
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a new store has the schema version and no data", "[store]") {
  test::TempDir dir;
  Store s(dir.str("s.sqlite"), Store::Mode::kWrite);
  CHECK(s.spaces().empty());
  CHECK(s.columns().empty());
  CHECK_THROWS_AS(s.arch_strings("nb201"), ConfigError);
  auto st = s.db().prepare("SELECT value FROM meta WHERE key='schema_version'");
  REQUIRE(st.step());
  CHECK(st.column_text(0) == std::to_string(kSchemaVersion));
}

TEST_CASE("opening a missing store for reading fails with a clear error", "[store]") {
  test::TempDir dir;
  CHECK_THROWS_AS(Store(dir.str("none.sqlite"), Store::Mode::kRead), StoreError);
  write_text(dir.str("junk.sqlite"), "this is not sqlite");
  CHECK_THROWS(Store(dir.str("junk.sqlite"), Store::Mode::kRead));
}

TEST_CASE("CSV import stores every value of the hp12 table exactly, with provenance", "[store]") {
  Store s(test::nb201_store_path(), Store::Mode::kRead);
  CsvReader csv(test::data_dir() + "/nb201/nb201_hp12_accuracy.csv");
  std::vector<std::string> header;
  REQUIRE(csv.next(header));
  REQUIRE(header[3] == "cifar10_valid_x_valid");
  std::vector<double> expected;
  std::vector<std::string> strings;
  std::vector<std::string> f;
  while (csv.next(f)) {
    expected.push_back(std::stod(f[3]));
    strings.push_back(f[1]);
  }
  REQUIRE(expected.size() == 15625);
  std::vector<double> got(15625, std::nan(""));
  const auto n = s.for_each_value("nb201", {"cifar10-valid", "valid", "hp12", "accuracy"},
                                  [&](std::uint32_t a, int run, double v) {
                                    CHECK(run == -1);
                                    got[a] = v;
                                  });
  CHECK(n == 15625);
  for (std::size_t i = 0; i < expected.size(); ++i) REQUIRE(got[i] == expected[i]);
  CHECK(s.arch_strings("nb201") == strings);
  const auto sources = s.sources();
  REQUIRE(sources.size() == 2);
  CHECK(sources[0].sha256.size() == 64);
  CHECK(sources[0].importer == "csv:nb201_hp12_accuracy");
  CHECK(sources[0].rows == 93750);
  CHECK(sources[1].rows == 118257);  // 46875 cells minus the empty run3 cells
  CHECK(!s.import_report(sources[1].id).empty());
}

TEST_CASE("CSV import rejects bad files without touching the store", "[store]") {
  test::TempDir dir;
  const std::string store_path = dir.str("s.sqlite");
  {
    Store s(store_path, Store::Mode::kWrite);
    CsvImporter::run(s, test::data_dir() + "/nb201/nb201_hp12_accuracy.csv", std::nullopt,
                     spaces());
  }
  const auto before = test::read_file(store_path);
  Store s(store_path, Store::Mode::kWrite);
  const auto rows_before = count_rows(s, "metric");
  const std::string header =
      "index,arch_str,cifar10_ori_test,cifar10_valid_x_valid,cifar100_x_test,cifar100_x_valid,"
      "imagenet16_120_x_test,imagenet16_120_x_valid\n";
  const std::string arch0 =
      "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_"
      "connect~2|";

  SECTION("missing file") {
    CHECK_THROWS_AS(CsvImporter::run(s, dir.str("missing.csv"), std::nullopt, spaces()), DataError);
  }
  SECTION("not a number, named by file, line and column") {
    write_text(dir.str("bad.csv"), header + "0," + arch0 + ",69.55,abc,1,2,3,4\n");
    try {
      CsvImporter::run(s, dir.str("bad.csv"), std::nullopt, spaces());
      FAIL("no error");
    } catch (const DataError& e) {
      const std::string m = e.what();
      CHECK(m.find("bad.csv:2") != std::string::npos);
      CHECK(m.find("cifar10_valid_x_valid") != std::string::npos);
    }
  }
  SECTION("wrong field count") {
    write_text(dir.str("bad.csv"), header + "0," + arch0 + ",69.55\n");
    CHECK_THROWS_AS(CsvImporter::run(s, dir.str("bad.csv"), std::nullopt, spaces()), DataError);
  }
  SECTION("unknown header") {
    write_text(dir.str("bad.csv"), "a,b\n1,2\n");
    CHECK_THROWS_AS(CsvImporter::run(s, dir.str("bad.csv"), std::nullopt, spaces()), ConfigError);
  }
  SECTION("arch string that contradicts the store's index order") {
    write_text(dir.str("bad.csv"), header + "1," + arch0 + ",1,2,3,4,5,6\n");
    CHECK_THROWS_AS(CsvImporter::run(s, dir.str("bad.csv"), std::nullopt, spaces()), DataError);
  }
  SECTION("empty file") {
    write_text(dir.str("bad.csv"), "");
    CHECK_THROWS_AS(CsvImporter::run(s, dir.str("bad.csv"), std::nullopt, spaces()), DataError);
  }
  SECTION("unterminated quote") {
    write_text(dir.str("bad.csv"), header + "0,\"" + arch0 + ",1,2,3,4,5,6\n");
    CHECK_THROWS_AS(CsvImporter::run(s, dir.str("bad.csv"), std::nullopt, spaces()), DataError);
  }
  CHECK(count_rows(s, "metric") == rows_before);
  CHECK(count_rows(s, "source") == 1);
}

TEST_CASE("an exception inside an import rolls everything back", "[store]") {
  test::TempDir dir;
  Store s(dir.str("s.sqlite"), Store::Mode::kWrite);
  {
    ImportWriter w(s, "test", test::data_dir() + "/nb201/nb201_hp12_accuracy.csv");
    w.put_metric("nb201", {"d", "valid", "f", "accuracy"}, 0, 0, std::nullopt, 1.0);
    // no commit: destructor rolls back
  }
  CHECK(count_rows(s, "metric") == 0);
  CHECK(count_rows(s, "source") == 0);
}

TEST_CASE("a source whose rows later imports all replaced leaves the provenance", "[store]") {
  test::TempDir dir;
  Store s(dir.str("s.sqlite"), Store::Mode::kWrite);
  write_text(dir.str("a.csv"), "a");
  write_text(dir.str("b.csv"), "b");
  write_text(dir.str("empty.csv"), "e");
  const MetricKey x{"d", "valid", "f", "x"};
  const MetricKey y{"d", "valid", "f", "y"};
  // Writes `keys` (one arch each) from `file`; returns the paths of the listed sources.
  const auto import = [&](const std::string& file, const std::vector<MetricKey>& keys) {
    ImportWriter w(s, "test", dir.str(file));
    for (const auto& k : keys) w.put_metric("nb201", k, 0, 0, std::nullopt, 1.0);
    w.note("note", file, "imported");
    w.commit();
    std::vector<std::string> names;
    for (const auto& src : s.sources()) {
      names.push_back(std::filesystem::path(src.path).filename().string());
    }
    return names;
  };
  CHECK(import("empty.csv", {}) == std::vector<std::string>{"empty.csv"});
  CHECK(import("a.csv", {x, y}) == std::vector<std::string>{"empty.csv", "a.csv"});
  // b replaces x only: a still owns y and stays.
  CHECK(import("b.csv", {x}) == std::vector<std::string>{"empty.csv", "a.csv", "b.csv"});
  // b again, now with y too: neither the first b nor a owns a row any more.
  CHECK(import("b.csv", {x, y}) == std::vector<std::string>{"empty.csv", "b.csv"});
  // The same file once more: one record of it, with the rows; the source that never owned a
  // row (its import report may say why) stays.
  CHECK(import("b.csv", {x, y}) == std::vector<std::string>{"empty.csv", "b.csv"});
  CHECK(s.sources().back().rows == 2);
  CHECK(count_rows(s, "metric") == 2);
  CHECK(count_rows(s, "import_report") == 2);  // the dropped sources' reports went with them
}

TEST_CASE("an import killed with SIGKILL mid-transaction leaves the previous store intact",
          "[store][atomicity]") {
  test::TempDir dir;
  const std::string store = dir.str("s.sqlite");
  const std::string bin = test::tabnas_binary();
  const std::string data = test::data_dir();
  auto first = test::run_command("'" + bin + "' --store '" + store + "' import csv '" + data +
                                 "/nb201/nb201_hp12_accuracy.csv'");
  REQUIRE(first.exit_code == 0);
  auto killed =
      test::run_command("TABNAS_TEST_KILL_AFTER_ROWS=50000 '" + bin + "' --store '" + store +
                        "' import csv '" + data + "/nb201/nb201_hp200_xvalid_runs.csv'");
  CHECK(killed.exit_code == 128 + 9);
  {
    Store s(store, Store::Mode::kWrite);
    auto ok = s.db().prepare("PRAGMA integrity_check");
    REQUIRE(ok.step());
    CHECK(ok.column_text(0) == "ok");
    CHECK(count_rows(s, "metric") == 93750);
    CHECK(count_rows(s, "source") == 1);
  }
  // The same import without the kill completes afterwards.
  auto again = test::run_command("'" + bin + "' --store '" + store + "' import csv '" + data +
                                 "/nb201/nb201_hp200_xvalid_runs.csv'");
  CHECK(again.exit_code == 0);
  Store s(store, Store::Mode::kRead);
  CHECK(count_rows(s, "metric") == 93750 + 118257);
}

TEST_CASE("HDF5 curve files round-trip NaN-padded [arch x seed x epoch] arrays", "[store]") {
  test::TempDir dir;
  CurveArray a;
  a.shape = {3, 2, 4};
  a.data.resize(24);
  for (std::size_t i = 0; i < 24; ++i)
    a.data[i] = i % 5 == 0 ? std::nan("") : 0.5 * static_cast<double>(i);
  {
    CurveFile f(dir.str("c.h5"), CurveFile::Mode::kCreate);
    f.write("cifar10-valid.valid.hp12.accuracy", a);
  }
  CurveFile f(dir.str("c.h5"), CurveFile::Mode::kRead);
  CHECK(f.names() == std::vector<std::string>{"cifar10-valid.valid.hp12.accuracy"});
  const CurveArray b = f.read("cifar10-valid.valid.hp12.accuracy");
  CHECK(b.shape == a.shape);
  for (std::size_t i = 0; i < 24; ++i) {
    if (std::isnan(a.data[i])) {
      CHECK(std::isnan(b.data[i]));
    } else {
      CHECK(b.data[i] == a.data[i]);
    }
  }
  CHECK_THROWS_AS(f.read("missing"), StoreError);
  CHECK_THROWS_AS(CurveFile(dir.str("none.h5"), CurveFile::Mode::kRead), StoreError);
}
