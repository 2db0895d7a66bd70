// The real pandas DataFrame pickle nb201/mini-bench-arch-cell-accs.pd imports through the safe
// pickle reader into the same columns as nb201_hp12_accuracy.csv, with identical values; a
// pickle that is not a DataFrame is rejected with the file named.
#include <bit>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <tuple>

#include "csv/csv_importer.hpp"
#include "pandas/data_frame_reader.hpp"
#include "pickle_test_support.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/store/store.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace tabnas;

namespace {

SpaceFactory spaces() {
  return [](const std::string& n, const std::vector<std::string>& l) { return make_space(n, l); };
}

/// Every stored metric value: (dataset, split, fidelity, metric, arch, run) -> bits.
std::map<std::tuple<std::string, std::string, std::string, std::string, std::uint32_t, int>,
         std::uint64_t>
dump(Store& s) {
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::uint32_t, int>,
           std::uint64_t>
      out;
  for (const auto& c : s.columns()) {
    const MetricKey& k = c.key;
    s.for_each_value(c.space, k, [&](std::uint32_t arch, int run, double v) {
      out.emplace(std::make_tuple(k.dataset, k.split, k.fidelity, k.metric, arch, run),
                  std::bit_cast<std::uint64_t>(v));
    });
  }
  return out;
}

}  // namespace

TEST_CASE("pandas mini-bench DataFrame imports exactly like the hp12 CSV",
          "[pickle][pandas][realdata]") {
  const auto dir = pickle::test::data_dir();
  if (!dir) {
    WARN("data directory missing: skipping");
    return;
  }
  const fs::path pd = *dir / "nb201" / "mini-bench-arch-cell-accs.pd";
  const pandas::DataFrame frame = pandas::read_data_frame(pd.string());
  REQUIRE(frame.rows == 15625);
  REQUIRE(frame.columns.size() == 8);
  CHECK(frame.columns[0].name == "arch");
  CHECK(frame.columns[0].kind == pandas::FrameColumn::Kind::kInt);
  CHECK(frame.columns[1].kind == pandas::FrameColumn::Kind::kString);

  test::TempDir tmp;
  std::vector<std::string> header;
  for (const auto& c : frame.columns) header.push_back(c.name);
  {
    Store s(tmp.str("pd.sqlite"), Store::Mode::kWrite);
    const auto sum = CsvImporter::run_table(s, pd.string(), header, pandas::to_text_rows(frame),
                                            std::nullopt, spaces(), "pandas");
    CHECK(sum.importer == "pandas:nb201_mini_bench_hp12");
    CHECK(sum.rows == 6 * 15625);
  }
  {
    Store s(tmp.str("csv.sqlite"), Store::Mode::kWrite);
    CsvImporter::run(s, (*dir / "nb201" / "nb201_hp12_accuracy.csv").string(), std::nullopt,
                     spaces());
  }
  Store a(tmp.str("pd.sqlite"), Store::Mode::kRead);
  Store b(tmp.str("csv.sqlite"), Store::Mode::kRead);
  CHECK(a.arch_strings("nb201") == b.arch_strings("nb201"));
  const auto va = dump(a);
  CHECK(va.size() == 6 * 15625);
  CHECK(va == dump(b));
}

TEST_CASE("a pickle that is not a DataFrame is rejected with the file named", "[pickle][pandas]") {
  const fs::path file = pickle::test::fixtures_dir() / "pickle" / "hwnas_like.pickle";
  try {
    (void)pandas::read_data_frame(file.string());
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK(std::string(e.what()).find("hwnas_like.pickle") != std::string::npos);
    CHECK(std::string(e.what()).find("DataFrame") != std::string::npos);
  }
}
