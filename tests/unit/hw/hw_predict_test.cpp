// `tabnas hw predict` fills unmeasured architectures (predicted = 1) atomically and never
// overwrites measured rows; the hw subcommands as whole processes.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "hw_test_support.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/rng.hpp"
#include "tabnas/core/sha256.hpp"
#include "tabnas/core/text_format.hpp"
#include "tabnas/hw/arch_features.hpp"
#include "tabnas/hw/hw_columns.hpp"
#include "tabnas/hw/latency_filler.hpp"

using namespace tabnas;
using namespace tabnas::test::hw;

namespace {

struct Row {
  double value;
  std::int64_t predicted;
  std::int64_t source;
};

std::map<ArchId, Row> rows_of(Store& s, const std::string& device) {
  std::map<ArchId, Row> out;
  auto st = s.db().prepare(
      "SELECT arch, value, predicted, source_id FROM hw_metric WHERE device = ? ORDER BY arch");
  st.bind(1, device);
  while (st.step()) {
    out[static_cast<ArchId>(st.column_int(0))] = {st.column_double(1), st.column_int(2),
                                                  st.column_int(3)};
  }
  return out;
}

/// A device with an exactly additive latency, measured on `n` random architectures, written as
/// a wide CSV (values in shortest round-trip form).
std::string write_additive_device(const test::TempDir& dir, const SearchSpace& space, std::size_t n,
                                  std::vector<double>& truth) {
  Rng rng(11);
  std::vector<double> w(30);
  for (auto& v : w) v = rng.uniform(0.1, 1.0);
  std::vector<ArchId> all(space.size());
  for (ArchId a = 0; a < space.size(); ++a) all[a] = a;
  const ArchFeatures x(space, all);
  truth.assign(space.size(), 0.5);
  for (ArchId a = 0; a < space.size(); ++a) {
    for (std::size_t c = 0; c < 30; ++c) truth[a] += w[c] * x.at(a, c);
  }
  std::vector<ArchId> perm = all;
  rng.shuffle(perm);
  std::string csv = "index,testdev_latency_b1_ms\n";
  for (std::size_t k = 0; k < n; ++k)
    csv += std::to_string(perm[k]) + "," + format_double(truth[perm[k]]) + "\n";
  const std::string path = dir.str("testdev.csv");
  write_text(path, csv);
  return path;
}

}  // namespace

TEST_CASE("hw predict marks rows predicted and never overwrites measured ones", "[hw]") {
  test::TempDir dir;
  Store s(store_copy(dir), Store::Mode::kWrite);
  const auto space = make_space("nb201", s.arch_strings("nb201"));
  std::vector<double> truth;
  HwTableImporter::import_csv(s, write_additive_device(dir, *space, 300, truth), spaces());
  const auto before = rows_of(s, "testdev");
  REQUIRE(before.size() == 300);

  const HwColumnKey key{"nb201", "testdev", "latency", 1};
  const FillReport r = fill_missing_latencies(s, *space, key, "lut", dir.str("models"));
  CHECK(r.measured == 300);
  CHECK(r.written == 15625 - 300);
  CHECK(r.replaced_predicted == 0);
  const auto after = rows_of(s, "testdev");
  REQUIRE(after.size() == 15625);
  std::size_t predicted = 0;
  double worst = 0.0;
  for (const auto& [a, row] : after) {
    auto it = before.find(a);
    if (it != before.end()) {
      // Measured: untouched (value bits, flag, source).
      CHECK(row.predicted == 0);
      CHECK(row.value == it->second.value);
      CHECK(row.source == it->second.source);
    } else {
      ++predicted;
      CHECK(row.predicted == 1);
      CHECK(row.source == r.source_id);
      worst = std::max(worst, std::fabs(row.value - truth[a]) / truth[a]);
    }
  }
  CHECK(predicted == 15625 - 300);
  CHECK(worst < 1e-7);  // the additive model is recovered
  // Provenance: the model file, by path and sha256.
  bool found = false;
  for (const auto& src : s.sources()) {
    if (src.id != r.source_id) continue;
    found = true;
    CHECK(src.importer == "hw-predict:lut");
    CHECK(src.path == r.model_file);
    CHECK(src.sha256 == Sha256::of_file(r.model_file));
    CHECK(src.rows == 15625 - 300);
  }
  CHECK(found);
  const auto info = list_hw_columns(s);
  REQUIRE(info.size() == 1);
  CHECK(info[0].measured == 300);
  CHECK(info[0].predicted == 15625 - 300);

  // Predicting again (another model) replaces only the earlier predictions.
  const FillReport r2 = fill_missing_latencies(s, *space, key, "gbt", dir.str("models"));
  CHECK(r2.replaced_predicted == 15625 - 300);
  const auto again = rows_of(s, "testdev");
  for (const auto& [a, row] : before) {
    CHECK(again.at(a).value == row.value);
    CHECK(again.at(a).predicted == 0);
  }
  // A later measurement of a predicted architecture replaces the prediction with a measured row.
  ArchId some_predicted = 0;
  while (before.count(some_predicted) != 0) ++some_predicted;
  write_text(dir.str("one.csv"),
             "index,testdev_latency_b1_ms\n" + std::to_string(some_predicted) + ",42\n");
  HwTableImporter::import_csv(s, dir.str("one.csv"), spaces());
  const auto last = rows_of(s, "testdev");
  CHECK(last.at(some_predicted).value == 42.0);
  CHECK(last.at(some_predicted).predicted == 0);
  // Training now uses the 301 measured rows.
  CHECK(fill_missing_latencies(s, *space, key, "lut", dir.str("models")).measured == 301);
}

TEST_CASE("tabnas hw devices / fit / predict as whole processes", "[hw]") {
  test::TempDir dir;
  const std::string store = store_copy(dir);
  const std::string bin = test::tabnas_binary() + " --store " + store;
  {
    Store s(store, Store::Mode::kWrite);
    const auto space = make_space("nb201", s.arch_strings("nb201"));
    std::vector<double> truth;
    HwTableImporter::import_csv(s, write_additive_device(dir, *space, 400, truth), spaces());
  }
  auto r = test::run_command(bin + " --json hw fit --device testdev --train 100 --seed 3");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 2);
  CHECK(j[0]["model"] == "lut");
  CHECK(j[0]["n_train"] == 100);
  CHECK(j[0]["n_test"] == 300);
  CHECK(j[0]["spearman"].get<double>() > 0.999);
  CHECK(j[0]["mape_percent"].get<double>() < 1e-4);
  CHECK(j[1]["model"] == "gbt");
  // Same seed, same result; the text form too.
  CHECK(test::run_command(bin + " --json hw fit --device testdev --train 100 --seed 3").out ==
        r.out);
  r = test::run_command(bin + " hw fit --device testdev --train 100 --model gbt");
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("gbt") != std::string::npos);

  r = test::run_command(bin + " hw fit --device nosuch --train 10");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("device 'nosuch'") != std::string::npos);
  r = test::run_command(bin + " hw fit --device testdev --train 400");
  CHECK(r.exit_code == 2);
  r = test::run_command(bin + " hw fit --device testdev --train 10 --batch 32");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("batches: 1") != std::string::npos);
  r = test::run_command(bin + " hw predict --device testdev --model mlp");
  CHECK(r.exit_code == 2);

  r = test::run_command(bin + " hw predict --device testdev --model lut");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("wrote 15225 predicted rows") != std::string::npos);
  r = test::run_command(bin + " --json hw devices");
  REQUIRE(r.exit_code == 0);
  const auto d = nlohmann::json::parse(r.out);
  REQUIRE(d.size() == 1);
  CHECK(d[0]["device"] == "testdev");
  CHECK(d[0]["measured"] == 400);
  CHECK(d[0]["predicted"] == 15225);
  CHECK(d[0]["space_size"] == 15625);
  CHECK(d[0]["sources"].size() == 2);
  r = test::run_command(bin + " hw devices");
  CHECK(r.out.find("testdev") != std::string::npos);
  CHECK(r.out.find("400/15625") != std::string::npos);
  r = test::run_command(bin + " hw nonsense");
  CHECK(r.exit_code == 2);
}

TEST_CASE("tabnas import hw-csv reports what it imported and bad files exit 3", "[hw]") {
  test::TempDir dir;
  const std::string bin = test::tabnas_binary() + " --store " + store_copy(dir);
  auto r = test::run_command(bin + " import hw-csv " + test::data_dir() +
                             "/nb201/nb201_h100_latency.csv");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("device h100 latency batch 256: 7043/15625 archs, ms") != std::string::npos);
  write_text(dir.str("bad.csv"), "index,dev_latency_b1_ms\n0,1\n1,x\n");
  r = test::run_command(bin + " import hw-csv " + dir.str("bad.csv"));
  CHECK(r.exit_code == 3);
  CHECK(r.err.find(dir.str("bad.csv") + ":3") != std::string::npos);
}
