// Evaluator against the real CSV tables: exact values, seed policies, determinism.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>

#include "tabnas/eval/evaluator.hpp"
#include "tabnas/store/csv_reader.hpp"
#include "tabnas/core/errors.hpp"
#include "test_support.hpp"

using namespace tabnas;

namespace {
const MetricKey kHp200{"cifar100", "valid", "hp200", "accuracy"};
const MetricKey kHp12{"ImageNet16-120", "test", "hp12", "accuracy"};
}  // namespace

TEST_CASE("mean policy equals the CSV values (hp12 seed-mean, hp200 mean of runs)", "[eval]") {
  const auto bench = test::nb201_benchmark({kHp200, kHp12});
  const Evaluator ev(1);
  const QueryTarget t200{&bench->column(kHp200), SeedPolicy::kMean, 0};
  const QueryTarget t12{&bench->column(kHp12), SeedPolicy::kMean, 0};
  {
    CsvReader csv(test::data_dir() + "/nb201/nb201_hp12_accuracy.csv");
    std::vector<std::string> f;
    csv.next(f);
    while (csv.next(f)) {
      const auto arch = static_cast<ArchId>(std::stoul(f[0]));
      REQUIRE(ev.query(t12, arch) == std::stod(f[6]));
    }
  }
  CsvReader csv(test::data_dir() + "/nb201/nb201_hp200_xvalid_runs.csv");
  std::vector<std::string> f;
  csv.next(f);
  std::size_t checked = 0;
  while (csv.next(f)) {
    if (f[2] != "cifar100") continue;
    const auto arch = static_cast<ArchId>(std::stoul(f[0]));
    double sum = 0.0;
    int n = 0;
    for (int k = 3; k < 6; ++k) {
      if (!f[k].empty()) {
        sum += std::stod(f[k]);
        ++n;
      }
    }
    REQUIRE(ev.query(t200, arch) == sum / n);
    ++checked;
  }
  CHECK(checked == 15625);
}

TEST_CASE("random policy picks a present run, deterministically per (run seed, arch)", "[eval]") {
  const auto bench = test::nb201_benchmark({kHp200});
  const MetricColumn& col = bench->column(kHp200);
  const QueryTarget t{&col, SeedPolicy::kRandom, 0};
  const Evaluator a(7);
  const Evaluator b(7);
  std::map<int, int> histogram;
  std::size_t differs_across_seeds = 0;
  for (ArchId arch = 0; arch < 2000; ++arch) {
    const double v = a.query(t, arch);
    REQUIRE(v == b.query(t, arch));
    const int run = a.random_run(col, arch);
    REQUIRE(run >= 0);
    REQUIRE(v == col.value(arch, static_cast<std::uint32_t>(run)));
    ++histogram[run];
    if (Evaluator(8).random_run(col, arch) != run) ++differs_across_seeds;
  }
  CHECK(histogram.size() == 3);
  for (const auto& [run, n] : histogram) CHECK(n > 300);
  CHECK(differs_across_seeds > 500);
  // Architecture 347 has only two runs: the random policy never returns the missing one.
  CHECK(col.count[347] == 2);
  for (std::uint64_t s = 0; s < 50; ++s) {
    CHECK(!std::isnan(Evaluator(s).query(t, 347)));
  }
}

TEST_CASE("fixed policy reads one run slot, NaN where it is missing", "[eval]") {
  const auto bench = test::nb201_benchmark({kHp200});
  const MetricColumn& col = bench->column(kHp200);
  const Evaluator ev(0);
  CHECK(ev.query({&col, SeedPolicy::kFixed, 0}, 0) == col.value(0, 0));
  CHECK(ev.query({&col, SeedPolicy::kFixed, 1}, 0) == col.value(0, 1));
  CHECK(std::isnan(ev.query({&col, SeedPolicy::kFixed, 2}, 347)));
  CHECK(std::isnan(ev.query({&col, SeedPolicy::kFixed, 9}, 0)));
}

TEST_CASE("unknown columns and seed policies are rejected with the allowed values", "[eval]") {
  CHECK_THROWS_AS(test::nb201_benchmark({{"cifar10-valid", "test", "hp200", "accuracy"}}),
                  ConfigError);
  CHECK_THROWS_AS(parse_seed_policy("avg", "x"), ConfigError);
  try {
    (void)test::nb201_benchmark({{"mnist", "valid", "hp12", "accuracy"}});
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("cifar10-valid/valid/hp12/accuracy") != std::string::npos);
  }
}
