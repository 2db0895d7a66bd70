// Hardware tables: small files in every layout (units, empty cells, re-import) and malformed
// files, which raise DataError naming file:line and leave the store untouched.
#include <bit>
#include <catch2/catch.hpp>

#include "hw/hw_csv_reader.hpp"
#include "hw_test_support.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/hw/hw_columns.hpp"

using namespace tabnas;
using namespace tabnas::test::hw;

namespace {

std::int64_t count(Store& s, const std::string& sql) {
  auto st = s.db().prepare(sql);
  st.step();
  return st.column_int(0);
}

/// Imports `text` as dir/name into a copy of the NB201 store; returns the DataError message
/// (empty when no error) and checks the store was left untouched on error.
std::string import_error(const std::string& name, const std::string& text) {
  test::TempDir dir;
  const std::string path = dir.str(name);
  write_text(path, text);
  Store s(store_copy(dir), Store::Mode::kWrite);
  const auto sources = count(s, "SELECT COUNT(*) FROM source");
  try {
    HwTableImporter::import_csv(s, path, spaces());
  } catch (const DataError& e) {
    CHECK(count(s, "SELECT COUNT(*) FROM hw_metric") == 0);
    CHECK(count(s, "SELECT COUNT(*) FROM source") == sources);
    std::string msg = e.what();
    // Messages name the file by the path given.
    CHECK(msg.rfind(path, 0) == 0);
    return msg.substr(path.size());
  }
  return "";
}

std::string arch(std::uint32_t i) {
  static const auto list =
      Store(test::nb201_store_path(), Store::Mode::kRead).arch_strings("nb201");
  return list[i];
}

}  // namespace

TEST_CASE("wide layout: units converted to ms, empty cells skipped, report notes", "[hw]") {
  test::TempDir dir;
  const std::string path = dir.str("mine.csv");
  write_text(path,
             "index,arch_str,dev_latency_b1_ms,dev_latency_b8_s,dev_latency_b2_us\n"
             "3," +
                 arch(3) +
                 ",1.25,0.0015538465976715089,2500\n"
                 "0," +
                 arch(0) +
                 ",2,,7\n"
                 "15624," +
                 arch(15624) + ",0.1,3e-3,\n");
  Store s(store_copy(dir), Store::Mode::kWrite);
  const auto summary = HwTableImporter::import_csv(s, path, spaces());
  CHECK(summary.importer == "hw-csv:wide");
  CHECK(summary.rows == 7);
  CHECK(summary.archs == 3);
  CHECK(summary.missing == 2);
  const auto d = load_hw_column(s, {"nb201", "dev", "latency", 1});
  CHECK(d.archs == std::vector<ArchId>{0, 3, 15624});
  CHECK(d.values == std::vector<double>{2.0, 1.25, 0.1});
  CHECK(d.unit == "ms");
  const auto s8 = load_hw_column(s, {"nb201", "dev", "latency", 8});
  REQUIRE(s8.values.size() == 2);
  CHECK(std::bit_cast<std::uint64_t>(s8.values[0]) ==
        std::bit_cast<std::uint64_t>(0.0015538465976715089 * 1000.0));
  CHECK(s8.values[1] == 3e-3 * 1000.0);
  const auto us = load_hw_column(s, {"nb201", "dev", "latency", 2});
  CHECK(us.values == std::vector<double>{7.0 / 1000.0, 2500.0 / 1000.0});
  bool empty_note = false;
  bool missing_note = false;
  for (const auto& r : s.import_report(summary.source_id)) {
    empty_note =
        empty_note || (r[0] == "missing" && r[2].find("2 empty value cells") != std::string::npos);
    missing_note = missing_note || (r[0] == "missing" && r[1] == "dev latency batch 1" &&
                                    r[2].find("15622 of 15625") != std::string::npos);
  }
  CHECK(empty_note);
  CHECK(missing_note);

  // Re-import: the same rows are replaced (counted), nothing is duplicated.
  const auto again = HwTableImporter::import_csv(s, path, spaces());
  CHECK(count(s, "SELECT COUNT(*) FROM hw_metric") == 7);
  bool replaced = false;
  for (const auto& r : s.import_report(again.source_id)) {
    replaced = replaced || (r[0] == "replaced" && r[1] == "dev latency batch 1" &&
                            r[2].find("3 measured and 0 predicted") != std::string::npos);
  }
  CHECK(replaced);
}

TEST_CASE("HELP-like and BRP-like small files", "[hw]") {
  test::TempDir dir;
  Store s(store_copy(dir), Store::Mode::kWrite);
  write_text(dir.str("h.csv"),
             "nb201_index,arch_str,gpu_1,gpu_32,phone_1,cpu_6226\n"
             "5," +
                 arch(5) + ",1,2,3,4\n");
  const auto h = HwTableImporter::import_csv(s, dir.str("h.csv"), spaces());
  CHECK(h.importer == "hw-csv:help");
  const auto cols = list_hw_columns(s);
  std::vector<std::string> keys;
  for (const auto& c : cols) keys.push_back(c.key.label());
  CHECK(keys == std::vector<std::string>{"cpu_6226 latency b1", "gpu latency b1", "gpu latency b32",
                                         "phone_1 latency b1"});
  write_text(dir.str("dev.csv"), "nb201_index,arch_str,latency_s\n7," + arch(7) + ",0.25\n");
  const auto b = HwTableImporter::import_csv(s, dir.str("dev.csv"), spaces());
  CHECK(b.importer == "hw-csv:brp");
  CHECK(load_hw_column(s, {"nb201", "dev", "latency", 1}).values == std::vector<double>{250.0});
}

TEST_CASE("malformed hardware tables raise DataError naming file:line", "[hw]") {
  const std::string head = "index,arch_str,dev_latency_b1_ms\n";
  const std::string ok0 = "0," + arch(0) + ",1.5\n";
  CHECK(import_error("a.csv", head + ok0 + "1," + arch(1) + ",abc\n")
            .rfind(":3 column dev_latency_b1_ms: 'abc' is not a number", 0) == 0);
  CHECK(import_error("b.csv", head + "0," + arch(0) + ",1.5,9\n")
            .rfind(":2: 4 fields, expected 3", 0) == 0);
  const std::string dup = import_error("c.csv", head + ok0 + "0," + arch(0) + ",1.7\n");
  CHECK(dup.rfind(":3: index 0 appears again (first at line 2)", 0) == 0);
  CHECK(import_error("d.csv", head + "15625,x,1\n")
            .find(":2: index 15625 is outside space 'nb201'") == 0);
  CHECK(import_error("e.csv", head + ok0 + "2," + arch(1) + ",1\n")
            .rfind(":3: index 2 but its arch string", 0) == 0);
  CHECK(import_error("f.csv", head + "0," + arch(0) + ",-1\n")
            .rfind(":2 column dev_latency_b1_ms: value '-1' is not a positive finite number", 0) ==
        0);
  CHECK(import_error("g.csv", head + "0," + arch(0) + ",0\n")
            .rfind(":2 column dev_latency_b1_ms: value '0'", 0) == 0);
  CHECK(import_error("h.csv", head + "0," + arch(0) + ",nan\n")
            .rfind(":2 column dev_latency_b1_ms: value 'nan'", 0) == 0);
  CHECK(import_error("i.csv", head + "0,|bogus~0|,1\n").rfind(":2: ", 0) == 0);
  CHECK(import_error("j.csv", "index,arch_str,dev_latency_b1_min\n" + ok0)
            .rfind(":1: unrecognised hardware table", 0) == 0);
  CHECK(import_error("k.csv", "").rfind(":1: empty file", 0) == 0);
  CHECK(import_error("l.csv", "foo,bar\n1,2\n").rfind(":1: unrecognised hardware table", 0) == 0);
  CHECK(import_error("m.csv", "index,arch_str,dev_energy_b1_ms\n" + ok0)
            .rfind(":1: column 'dev_energy_b1_ms': metric 'energy'", 0) == 0);
  CHECK(import_error("n.csv", head).rfind(": no data rows", 0) == 0);
  CHECK(import_error("o.csv", "nb201_index,arch_str,latency_s\n4," + arch(5) + ",0.1\n")
            .rfind(":2: index 4 but its arch string", 0) == 0);
  CHECK(import_error("cpu-nasbench201-log.csv", ",nasbench201_3,1.0,2\n,nasbench201_x,1.0,2\n")
            .rfind(":2 column 2: 'x' is not an integer", 0) == 0);
  CHECK(import_error("cpu-nasbench201-log.csv", ",nasbench201_3,1.0\n,nasbench201_4\n")
            .rfind(":2: 2 fields", 0) == 0);
  CHECK(import_error("cpu-nasbench201-log.csv", ",nasbench201_3,1.0\nx,nasbench201_4,2\n")
            .rfind(":2: expected ',nasbench201_<id>,<ms>,...'", 0) == 0);
  CHECK(import_error("renamed.csv", ",nasbench201_3,1.0\n").rfind(": an nn-Meter log", 0) == 0);
}
