// Latency predictors and their quality measures: hand examples, an exactly additive target,
// boosted trees against the mean predictor, determinism.
#include <catch2/catch.hpp>
#include <cmath>

#include "hw_test_support.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/rng.hpp"
#include "tabnas/hw/arch_features.hpp"
#include "tabnas/hw/gbt_predictor.hpp"
#include "tabnas/hw/holdout_evaluation.hpp"
#include "tabnas/hw/hw_columns.hpp"
#include "tabnas/hw/lut_predictor.hpp"
#include "tabnas/hw/prediction_metrics.hpp"

using namespace tabnas;

namespace {

/// O(n^2) Kendall tau-b straight from the definition.
double kendall_brute(const std::vector<double>& a, const std::vector<double>& b) {
  double conc = 0.0;
  double disc = 0.0;
  double ties_a = 0.0;
  double ties_b = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = i + 1; j < a.size(); ++j) {
      const double da = a[i] - a[j];
      const double db = b[i] - b[j];
      if (da == 0.0 && db == 0.0) continue;
      if (da == 0.0) {
        ties_a += 1.0;
      } else if (db == 0.0) {
        ties_b += 1.0;
      } else if ((da > 0.0) == (db > 0.0)) {
        conc += 1.0;
      } else {
        disc += 1.0;
      }
    }
  }
  return (conc - disc) / std::sqrt((conc + disc + ties_a) * (conc + disc + ties_b));
}

std::shared_ptr<const SearchSpace> nb201() {
  static const auto space = make_space(
      "nb201", Store(test::nb201_store_path(), Store::Mode::kRead).arch_strings("nb201"));
  return space;
}

std::vector<ArchId> all_archs() {
  std::vector<ArchId> a(nb201()->size());
  for (ArchId i = 0; i < a.size(); ++i) a[i] = i;
  return a;
}

}  // namespace

TEST_CASE("rank measures on hand examples, with ties", "[hw]") {
  CHECK(average_ranks(std::vector<double>{10, 20, 20, 30}) == std::vector<double>{1, 2.5, 2.5, 4});
  CHECK(average_ranks(std::vector<double>{3, 1, 3, 3}) == std::vector<double>{3, 1, 3, 3});
  const std::vector<double> a = {1, 2, 3, 4, 5};
  const std::vector<double> b = {5, 6, 7, 8, 7};
  // ranks of b: 1, 2, 3.5, 5, 3.5; rho = 8 / sqrt(10 * 9.5)
  CHECK(spearman_rho(a, b) == Approx(8.0 / std::sqrt(95.0)).epsilon(1e-15));
  // 8 concordant, 1 discordant, 1 pair tied in b: tau_b = 7 / sqrt(10 * 9)
  CHECK(kendall_tau_b(a, b) == Approx(7.0 / std::sqrt(90.0)).epsilon(1e-15));
  CHECK(spearman_rho(a, std::vector<double>{10, 20, 30, 40, 50}) == 1.0);
  CHECK(spearman_rho(a, std::vector<double>{5, 4, 3, 2, 1}) == -1.0);
  CHECK(kendall_tau_b(a, std::vector<double>{5, 4, 3, 2, 1}) == -1.0);
  CHECK(std::isnan(spearman_rho(a, std::vector<double>{2, 2, 2, 2, 2})));
  CHECK(std::isnan(kendall_tau_b(a, std::vector<double>{2, 2, 2, 2, 2})));
  CHECK(std::isnan(spearman_rho(std::vector<double>{1}, std::vector<double>{1})));
  // Ties on both sides, including a joint tie: pairs (1,2) tied in a and b.
  const std::vector<double> x = {1, 1, 2, 3};
  const std::vector<double> y = {4, 4, 5, 5};
  CHECK(kendall_tau_b(x, y) == Approx(kendall_brute(x, y)).epsilon(1e-15));
  CHECK_THROWS_AS(spearman_rho(a, x), ConfigError);
}

TEST_CASE("Kendall tau-b (n log n) equals the O(n^2) definition on tied random data", "[hw]") {
  Rng rng(42);
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t n = 2 + rng.uniform_index(200);
    const auto levels_a = static_cast<std::int64_t>(1 + rng.uniform_index(8));
    const auto levels_b = static_cast<std::int64_t>(1 + rng.uniform_index(8));
    std::vector<double> a(n);
    std::vector<double> b(n);
    for (std::size_t i = 0; i < n; ++i) {
      a[i] = static_cast<double>(rng.uniform_int(0, levels_a));
      b[i] = static_cast<double>(rng.uniform_int(0, levels_b));
    }
    const double fast = kendall_tau_b(a, b);
    const double slow = kendall_brute(a, b);
    if (std::isnan(slow)) {
      CHECK(std::isnan(fast));
    } else {
      CHECK(fast == Approx(slow).margin(1e-12));
    }
  }
}

TEST_CASE("MAPE and RMSE", "[hw]") {
  CHECK(mape_percent(std::vector<double>{110, 90}, std::vector<double>{100, 100}) == Approx(10.0));
  CHECK(mape_percent(std::vector<double>{1, 3}, std::vector<double>{2, 2}) == 50.0);
  CHECK(rmse(std::vector<double>{110, 90}, std::vector<double>{100, 100}) == 10.0);
  CHECK_THROWS_AS(mape_percent(std::vector<double>{1}, std::vector<double>{0}), ConfigError);
  CHECK_THROWS_AS(rmse(std::vector<double>{}, std::vector<double>{}), ConfigError);
}

TEST_CASE("features: one-hot of (edge, op), op counts, live input-output paths", "[hw]") {
  const auto space = nb201();
  const ArchId a =
      space->parse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|");
  const ArchId dead =
      space->parse("|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|none~0|none~1|none~2|");
  const std::vector<ArchId> archs = {a, dead};
  const ArchFeatures x(*space, archs);
  REQUIRE(x.one_hot_cols() == 30);
  REQUIRE(x.cols() == 36);
  // Edge e, op o -> column 5e + o.
  CHECK(x.at(0, 0 * 5 + 3) == 1);
  CHECK(x.at(0, 1 * 5 + 0) == 1);
  CHECK(x.at(0, 3 * 5 + 1) == 1);
  CHECK(x.at(0, 5 * 5 + 3) == 1);
  std::size_t ones = 0;
  for (std::size_t c = 0; c < 30; ++c) ones += x.at(0, c);
  CHECK(ones == 6);
  // Op counts: none 3, skip 1, conv1x1 0, conv3x3 2, pool 0.
  CHECK(x.at(0, 30) == 3);
  CHECK(x.at(0, 31) == 1);
  CHECK(x.at(0, 33) == 2);
  // Live paths: 0->3 (skip) only; node 2 has no input so 0->2->3 is cut.
  CHECK(x.at(0, 35) == 1);
  CHECK(x.at(1, 35) == 0);
}

TEST_CASE("lookup table recovers an exactly additive latency model", "[hw]") {
  const auto space = nb201();
  Rng rng(7);
  std::vector<double> w(30);
  for (auto& v : w) v = rng.uniform(0.0, 2.0);
  const double b = 3.5;
  const auto archs = all_archs();
  const ArchFeatures all(*space, archs);
  std::vector<double> truth(archs.size());
  for (std::size_t r = 0; r < archs.size(); ++r) {
    truth[r] = b;
    for (std::size_t c = 0; c < 30; ++c) truth[r] += w[c] * all.at(r, c);
  }
  // Fit on 200 random architectures, predict all 15625.
  const auto perm = holdout_permutation(archs.size(), 1);
  std::vector<ArchId> train;
  std::vector<double> y;
  for (std::size_t k = 0; k < 200; ++k) {
    train.push_back(archs[perm[k]]);
    y.push_back(truth[perm[k]]);
  }
  LutPredictor lut;
  lut.fit(ArchFeatures(*space, train), y);
  const auto pred = lut.predict(all);
  double worst = 0.0;
  for (std::size_t r = 0; r < archs.size(); ++r) {
    worst = std::max(worst, std::fabs(pred[r] - truth[r]) / truth[r]);
  }
  CHECK(worst < 1e-7);
  // Per edge the weights are identified up to a constant: differences between ops are exact.
  for (std::size_t e = 0; e < 6; ++e) {
    CHECK(lut.weights()[5 * e + 3] - lut.weights()[5 * e] ==
          Approx(w[5 * e + 3] - w[5 * e]).epsilon(1e-7));
  }
  CHECK(lut.to_json()["weights_ms"].size() == 30);
  CHECK_THROWS_AS(lut.fit(ArchFeatures(*space, train), std::vector<double>{1.0}), ConfigError);
}

TEST_CASE("lookup table with unseen (edge, op) pairs stays finite", "[hw]") {
  const auto space = nb201();
  // Two architectures only: most (edge, op) pairs unseen; the ridge picks the smallest weights.
  const std::vector<ArchId> train = {0, 1};
  LutPredictor lut;
  lut.fit(ArchFeatures(*space, train), std::vector<double>{1.0, 3.0});
  const auto pred = lut.predict(ArchFeatures(*space, all_archs()));
  for (const double p : pred) REQUIRE(std::isfinite(p));
  CHECK(pred[0] == Approx(1.0).epsilon(1e-6));
  CHECK(pred[1] == Approx(3.0).epsilon(1e-6));
}

TEST_CASE("boosted trees beat the mean predictor and are deterministic", "[hw]") {
  const auto space = nb201();
  const auto archs = all_archs();
  // A non-additive target: an interaction the lookup table cannot express.
  const ArchFeatures all(*space, archs);
  std::vector<double> truth(archs.size());
  for (std::size_t r = 0; r < archs.size(); ++r) {
    const bool both = all.at(r, 0 * 5 + 3) == 1 && all.at(r, 5 * 5 + 3) == 1;
    truth[r] = 1.0 + 0.5 * all.at(r, 33) + (both ? 4.0 : 0.0);
  }
  const auto perm = holdout_permutation(archs.size(), 3);
  std::vector<ArchId> train;
  std::vector<double> y;
  std::vector<double> test_truth;
  std::vector<ArchId> test;
  for (std::size_t k = 0; k < perm.size(); ++k) {
    (k < 1000 ? train : test).push_back(archs[perm[k]]);
    (k < 1000 ? y : test_truth).push_back(truth[perm[k]]);
  }
  GbtPredictor gbt;
  gbt.fit(ArchFeatures(*space, train), y);
  const auto pred = gbt.predict(ArchFeatures(*space, test));
  double mean = 0.0;
  for (const double v : y) mean += v;
  mean /= static_cast<double>(y.size());
  const std::vector<double> mean_pred(test.size(), mean);
  const double gbt_rmse = rmse(pred, test_truth);
  CHECK(gbt_rmse < 0.1 * rmse(mean_pred, test_truth));
  LutPredictor lut;
  lut.fit(ArchFeatures(*space, train), y);
  CHECK(gbt_rmse < 0.5 * rmse(lut.predict(ArchFeatures(*space, test)), test_truth));

  GbtPredictor again;
  again.fit(ArchFeatures(*space, train), y);
  CHECK(again.predict(ArchFeatures(*space, test)) == pred);
  CHECK(again.to_json().dump() == gbt.to_json().dump());
  CHECK(gbt.to_json()["trees"].size() == 200);

  // Zero rounds: the (geometric, with the log target) mean.
  GbtPredictor zero(GbtPredictor::Params{0, 4, 0.1, 2, 1.0, false});
  zero.fit(ArchFeatures(*space, train), y);
  CHECK(zero.predict_row(all.row(0)) == Approx(mean).epsilon(1e-12));
  CHECK_THROWS_AS(gbt.fit(ArchFeatures(*space, train), std::vector<double>(1000, -1.0)),
                  ConfigError);
}

TEST_CASE("on real latencies (pixel3, 500 training archs) both predictors rank well", "[hw]") {
  Store s(test::hw::hw_default_store_path(), Store::Mode::kRead);
  const auto d = load_hw_column(s, {"nb201", "pixel3", "latency", 1});
  std::vector<ArchId> archs;
  std::vector<double> values;
  d.measured(archs, values);
  const auto perm = holdout_permutation(archs.size(), 0);
  const auto lut = evaluate_holdout(*nb201(), archs, values, perm, "lut", 500);
  const auto gbt = evaluate_holdout(*nb201(), archs, values, perm, "gbt", 500);
  CHECK(lut.test.n == 15125);
  CHECK(lut.test.spearman > 0.9);
  CHECK(gbt.test.spearman > 0.9);
  // The mean predictor has no rank information at all; its RMSE is the test-set spread.
  double mean = 0.0;
  for (std::size_t k = 0; k < 500; ++k) mean += values[perm[k]];
  mean /= 500.0;
  std::vector<double> truth;
  for (std::size_t k = 500; k < perm.size(); ++k) truth.push_back(values[perm[k]]);
  CHECK(gbt.test.rmse < 0.5 * rmse(std::vector<double>(truth.size(), mean), truth));
  CHECK_THROWS_AS(evaluate_holdout(*nb201(), archs, values, perm, "lut", archs.size()),
                  ConfigError);
  CHECK_THROWS_AS(evaluate_holdout(*nb201(), archs, values, perm, "xgb", 10), ConfigError);
}
