// The original pickle-format hardware tables (HELP latency_<config>.pt, BRP-NAS .pkl) import
// through the safe pickle reader and store exactly the values of their flat CSV copies, under
// the same device names and batch sizes; malformed pickles give clear errors.
#include <bit>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "hw/hw_pickle_reader.hpp"
#include "hw_test_support.hpp"
#include "tabnas/core/errors.hpp"

using namespace tabnas;
using namespace tabnas::test::hw;
namespace fs = std::filesystem;

namespace {

/// (device, batch, arch) -> value bits of every hw_metric row of a store.
std::map<std::tuple<std::string, int, std::uint32_t>, std::uint64_t> all_values(
    Store& s, const std::vector<std::pair<std::string, int>>& columns) {
  std::map<std::tuple<std::string, int, std::uint32_t>, std::uint64_t> out;
  for (const auto& [device, batch] : columns) {
    s.for_each_hw_value("nb201", device, "latency", batch, [&](std::uint32_t a, double v) {
      out.emplace(std::make_tuple(device, batch, a), std::bit_cast<std::uint64_t>(v));
    });
  }
  return out;
}

}  // namespace

TEST_CASE("HELP .pt files (all 27) store exactly the CSV copy's values", "[hw][pickle]") {
  const fs::path dir = fs::path(tabnas::test::data_dir()) / "hw" / "help-nb201";
  if (!fs::exists(dir)) {
    WARN("data directory missing: skipping");
    return;
  }
  tabnas::test::TempDir tmp;
  const std::string from_csv = store_copy(tmp, "csv.sqlite");
  const std::string from_pt = store_copy(tmp, "pt.sqlite");
  std::vector<std::pair<std::string, int>> columns;
  {
    Store s(from_csv, Store::Mode::kWrite);
    const auto sum =
        HwTableImporter::import_file(s, (dir / "help_nb201_latency.csv").string(), spaces());
    CHECK(sum.rows == 27 * 15625);  // 27 configurations (the data README says 26)
  }
  std::size_t files = 0;
  {
    Store s(from_pt, Store::Mode::kWrite);
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() != ".pt") continue;
      const HwTable t = HwPickleReader::read(e.path().string());
      REQUIRE(t.columns.size() == 1);
      columns.emplace_back(t.columns[0].device, t.columns[0].batch);
      const auto sum = HwTableImporter::import_file(s, e.path().string(), spaces());
      CHECK(sum.rows == 15625);
      ++files;
    }
  }
  CHECK(files == 27);
  // The device names and batches the .pt files get are the CSV copy's column names' ones.
  std::set<std::pair<std::string, int>> expected_columns(columns.begin(), columns.end());
  CHECK(expected_columns.count({"1080ti", 32}) == 1);
  CHECK(expected_columns.count({"titan_rtx", 256}) == 1);
  CHECK(expected_columns.count({"essential_ph_1", 1}) == 1);
  CHECK(expected_columns.count({"gold_6226", 1}) == 1);
  CHECK(expected_columns.count({"pixel3", 1}) == 1);
  Store a(from_csv, Store::Mode::kRead);
  Store b(from_pt, Store::Mode::kRead);
  const auto va = all_values(a, columns);
  const auto vb = all_values(b, columns);
  CHECK(va.size() == 27 * 15625);
  CHECK(va == vb);
}

TEST_CASE("BRP-NAS .pkl stores exactly the CSV copy's values", "[hw][pickle]") {
  const fs::path dir = fs::path(tabnas::test::data_dir()) / "hw" / "brp-nas";
  if (!fs::exists(dir)) {
    WARN("data directory missing: skipping");
    return;
  }
  tabnas::test::TempDir tmp;
  const std::string from_csv = store_copy(tmp, "csv.sqlite");
  const std::string from_pkl = store_copy(tmp, "pkl.sqlite");
  {
    Store s(from_csv, Store::Mode::kWrite);
    HwTableImporter::import_file(s, (dir / "eagle_desktop_cpu_i7_7820x_fp32.csv").string(),
                                 spaces());
  }
  {
    Store s(from_pkl, Store::Mode::kWrite);
    const auto sum = HwTableImporter::import_file(
        s, (dir / "desktop-cpu-core-i7-7820x-fp32.pkl").string(), spaces());
    CHECK(sum.rows == 15284);
  }
  Store a(from_csv, Store::Mode::kRead);
  Store b(from_pkl, Store::Mode::kRead);
  const auto va = all_values(a, {{"i7_7820x", 1}});
  CHECK(va.size() == 15284);
  CHECK(va == all_values(b, {{"i7_7820x", 1}}));
}

TEST_CASE("hardware pickles of another shape are rejected with the file named", "[hw][pickle]") {
  const fs::path fixture =
      fs::path(TABNAS_SOURCE_DIR) / "tests" / "fixtures" / "pickle" / "numpy_arrays_p2.pickle";
  try {
    (void)HwPickleReader::read(fixture.string());
    FAIL("no error");
  } catch (const DataError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("numpy_arrays_p2.pickle") != std::string::npos);
    CHECK(msg.find("HELP") != std::string::npos);
  }
  tabnas::test::TempDir tmp;
  const std::string cut = tmp.str("latency_cut.pt");
  {
    const fs::path src =
        fs::path(tabnas::test::data_dir()) / "hw" / "help-nb201" / "latency_fpga.pt";
    if (!fs::exists(src)) return;
    const std::string whole = tabnas::test::read_file(src.string());
    write_text(cut, whole.substr(0, whole.size() / 3));
  }
  try {
    (void)HwPickleReader::read(cut);
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).find("latency_cut.pt") != std::string::npos);
  }
}
