// tools/measure_latency.py on 3 architectures with a tiny repeat count (CPU), and its CSV
// imported with `tabnas import hw-csv`. Skipped (with a warning) when PyTorch is not importable.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "hw_test_support.hpp"
#include "nb201/nb201_cell.hpp"
#include "nb201/nb201_network_cost.hpp"
#include "tabnas/hw/hw_columns.hpp"

using namespace tabnas;
using namespace tabnas::test::hw;

namespace {

/// A python interpreter that can import torch ("" when none): Debian's python3-torch is
/// installed for /usr/bin/python3, which may not be the first python3 in PATH.
std::string python_with_torch() {
  for (const std::string py : {"/usr/bin/python3", "python3"}) {
    if (test::run_command(py + " -c 'import torch'").exit_code == 0) return py;
  }
  return "";
}

}  // namespace

TEST_CASE("measure_latency.py measures 3 NB201 networks on CPU and its CSV imports", "[hw]") {
  const std::string py = python_with_torch();
  if (py.empty()) {
    WARN("skipped: PyTorch is not importable (optional: scripts/install_torch.sh)");
    return;
  }
  test::TempDir dir;
  const std::string out = dir.str("cpu.csv");
  const std::string cmd = py + " " + std::string(TABNAS_SOURCE_DIR) +
                          "/tools/measure_latency.py --indices 0,9,1651 --repeats 2 --warmup 1 "
                          "--threads 1 --arch-csv " +
                          test::data_dir() + "/nb201/nb201_hp12_accuracy.csv --out " + out;
  auto r = test::run_command(cmd);
  INFO(cmd << "\n" << r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = read_plain_csv(out);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] == std::vector<std::string>{"index", "arch_str", "local_cpu_latency_b1_ms"});

  // The networks are NB201's: parameter counts equal tabnas' exact counts (cifar10, 10 classes).
  const auto meta = nlohmann::json::parse(test::read_file(dir.str("cpu.meta.json")));
  CHECK(meta["input"] == "3x32x32");
  CHECK(meta["repeats"] == 2);
  CHECK(meta["measured"] == 3);
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const auto cell = nb201::Nb201Cell::parse(rows[k][1]);
    const auto cost = nb201::Nb201NetworkCost::compute(cell, "cifar10");
    CHECK(meta["params"][rows[k][0]].get<double>() == Approx(cost.params_m * 1e6).margin(0.5));
  }

  const std::string bin = test::tabnas_binary() + " --store " + store_copy(dir);
  r = test::run_command(bin + " import hw-csv " + out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("device local_cpu latency batch 1: 3/15625 archs, ms") != std::string::npos);
  r = test::run_command(bin + " --json hw devices");
  const auto d = nlohmann::json::parse(r.out);
  REQUIRE(d.size() == 1);
  CHECK(d[0]["measured"] == 3);
  CHECK(d[0]["unit"] == "ms");
}
