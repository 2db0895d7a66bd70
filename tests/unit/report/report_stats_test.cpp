// Statistics of the report library on hand-computed examples.
#include <catch2/catch.hpp>
#include <cmath>

#include "tabnas/report/bootstrap.hpp"
#include "tabnas/report/quantile.hpp"
#include "tabnas/report/rank_table.hpp"
#include "tabnas/report/sample_summary.hpp"
#include "tabnas/report/wilcoxon.hpp"

using namespace tabnas::report;

TEST_CASE("type-7 quantiles match NumPy's default on hand examples", "[report]") {
  const std::vector<double> v = {1.0, 2.0, 3.0, 4.0};
  CHECK(quantile_sorted(v, 0.25) == 1.75);  // numpy.percentile([1,2,3,4], 25)
  CHECK(quantile_sorted(v, 0.5) == 2.5);
  CHECK(quantile_sorted(v, 0.75) == 3.25);
  CHECK(quantile_sorted(v, 0.0) == 1.0);
  CHECK(quantile_sorted(v, 1.0) == 4.0);
  CHECK(quantile_sorted({7.0}, 0.3) == 7.0);
  CHECK(std::isnan(quantile_sorted({}, 0.5)));
  const std::vector<double> w = {10.0, 20.0, 30.0, 40.0, 50.0};
  CHECK(quantile_sorted(w, 0.25) == 20.0);
  CHECK(quantile_sorted(w, 0.1) == Approx(14.0));
}

TEST_CASE("sample summary: mean and std and t CI and median and quartiles", "[report]") {
  // mean 5, sum of squares 32, sample sd sqrt(32/7); t(0.975, 7) = 2.364624251592785
  const auto s = SampleSummary::of({2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0});
  CHECK(s.n == 8);
  CHECK(s.mean == 5.0);
  CHECK(s.std == Approx(std::sqrt(32.0 / 7.0)).epsilon(1e-14));
  CHECK(s.sem == Approx(std::sqrt(32.0 / 7.0) / std::sqrt(8.0)).epsilon(1e-14));
  CHECK(SampleSummary::t_quantile_975(7.0) == Approx(2.364624251592785).epsilon(1e-12));
  CHECK(SampleSummary::t_quantile_975(1.0) == Approx(12.706204736174698).epsilon(1e-12));
  const double half = 2.364624251592785 * std::sqrt(32.0 / 7.0) / std::sqrt(8.0);
  CHECK(s.t_low == Approx(5.0 - half).epsilon(1e-12));
  CHECK(s.t_high == Approx(5.0 + half).epsilon(1e-12));
  CHECK(s.median == 4.5);
  CHECK(s.q1 == 4.0);  // h = 1.75 -> 4 + 0.75 * 0
  CHECK(s.q3 == 5.5);  // h = 5.25 -> 5 + 0.25 * 2
  CHECK(s.min == 2.0);
  CHECK(s.max == 9.0);
  CHECK(std::isnan(s.boot_low));  // no bootstrap requested

  const auto one = SampleSummary::of({3.0, std::nan("")});
  CHECK(one.n == 1);
  CHECK(one.mean == 3.0);
  CHECK(std::isnan(one.std));
  CHECK(std::isnan(one.t_low));
  const auto none = SampleSummary::of({});
  CHECK(none.n == 0);
  CHECK(std::isnan(none.mean));
}

TEST_CASE("bootstrap CI is a pure function of the seed and the values", "[report]") {
  std::vector<double> v;
  for (int i = 0; i < 40; ++i) v.push_back(static_cast<double>((i * 17) % 11) + 0.25 * i);
  const Bootstrap a(42, 2000);
  const Bootstrap b(42, 2000);
  const Bootstrap c(43, 2000);
  const auto ca = a.mean_ci(v);
  const auto cb = b.mean_ci(v);
  const auto cc = c.mean_ci(v);
  CHECK(ca == cb);  // bit-identical
  CHECK(ca != cc);
  const auto s = SampleSummary::of(v);
  CHECK(ca.first < s.mean);
  CHECK(ca.second > s.mean);
  // percentile bootstrap and t interval agree roughly for a well-behaved sample
  CHECK(ca.first == Approx(s.t_low).margin(0.35 * (s.t_high - s.t_low)));
  CHECK(ca.second == Approx(s.t_high).margin(0.35 * (s.t_high - s.t_low)));
  // a cell's stream depends on (dataset, algorithm, step) only
  CHECK(Bootstrap::stream_seed(1, "d", "a", 3) == Bootstrap::stream_seed(1, "d", "a", 3));
  CHECK(Bootstrap::stream_seed(1, "d", "a", 3) != Bootstrap::stream_seed(1, "d", "a", 4));
  CHECK(Bootstrap::stream_seed(1, "d", "a", 3) != Bootstrap::stream_seed(1, "d", "b", 3));
  CHECK(Bootstrap::stream_seed(1, "d", "a", 3) != Bootstrap::stream_seed(1, "e", "a", 3));
  CHECK(a.cell("d", "a", 3).mean_ci(v) ==
        Bootstrap(Bootstrap::stream_seed(42, "d", "a", 3)).mean_ci(v));
  // degenerate samples
  CHECK(a.mean_ci({5.0}) == std::pair<double, double>{5.0, 5.0});
  CHECK(std::isnan(a.mean_ci({}).first));
  const auto with_boot = SampleSummary::of(v, &a);
  CHECK(with_boot.boot_low == ca.first);
  CHECK(with_boot.boot_high == ca.second);
}

TEST_CASE("ranks: 1 is best and ties share the average rank and NaN is unranked", "[report]") {
  const auto hi = RankTable::rank({0.9, 0.8, 0.9, 0.7}, true);
  CHECK(hi == std::vector<double>{1.5, 3.0, 1.5, 4.0});
  const auto lo = RankTable::rank({0.9, 0.8, 0.9, 0.7}, false);
  CHECK(lo == std::vector<double>{3.5, 2.0, 3.5, 1.0});
  const auto three = RankTable::rank({1.0, 1.0, 1.0, 0.0}, true);
  CHECK(three == std::vector<double>{2.0, 2.0, 2.0, 4.0});
  const auto gap = RankTable::rank({0.5, std::nan(""), 0.7}, true);
  CHECK(gap[0] == 2.0);
  CHECK(std::isnan(gap[1]));
  CHECK(gap[2] == 1.0);

  // two datasets: A 1st and tied 1.5, B 2nd and tied 1.5, C 3rd and 3rd
  const auto t = RankTable::from_means({"A", "B", "C"}, {"d1", "d2"},
                                       {{0.9, 0.8}, {0.85, 0.8}, {0.1, 0.2}}, true);
  CHECK(t.ranks[0] == std::vector<double>{1.0, 1.5});
  CHECK(t.ranks[1] == std::vector<double>{2.0, 1.5});
  CHECK(t.mean_rank == std::vector<double>{1.25, 1.75, 3.0});
  // an algorithm missing on one dataset is averaged over the datasets it ran on
  const auto m =
      RankTable::from_means({"A", "B"}, {"d1", "d2"}, {{0.9, std::nan("")}, {0.8, 0.7}}, true);
  CHECK(m.mean_rank[0] == 1.0);
  CHECK(m.datasets_ranked[0] == 1);
  CHECK(m.mean_rank[1] == 1.5);
}

TEST_CASE("Wilcoxon signed-rank: exact p on Darwin's maize data", "[report]") {
  // Differences cross- minus self-fertilised (Fisher 1935; SciPy's wilcoxon example):
  // W+ = 96, W- = 24, exact two-sided p = 0.041259765625 (= 1352 / 32768).
  const std::vector<double> d = {6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};
  const std::vector<double> zero(d.size(), 0.0);
  const auto r = WilcoxonSignedRank::test(d, zero);
  CHECK(r.pairs == 15);
  CHECK(r.nonzero == 15);
  CHECK(r.w_plus == 96.0);
  CHECK(r.w_minus == 24.0);
  CHECK(r.exact);
  CHECK(r.p_value == 0.041259765625);
  CHECK(std::isnan(r.z));
  CHECK(r.median_difference == 24.0);
  // symmetric in the samples
  const auto s = WilcoxonSignedRank::test(zero, d);
  CHECK(s.w_plus == 24.0);
  CHECK(s.p_value == r.p_value);
}

TEST_CASE("Wilcoxon signed-rank: zeros dropped and exact with ties and normal approximation",
          "[report]") {
  // Reference values from a brute-force enumeration of all 2^11 sign patterns
  // (tests/unit/report/wilcoxon_reference.py).
  const std::vector<double> ties = {1, 1, -1, 2, 2, 3, -3, 4, 5, 0, 6, -2};
  const auto t = WilcoxonSignedRank::test(ties, std::vector<double>(ties.size(), 0.0));
  CHECK(t.pairs == 12);
  CHECK(t.nonzero == 11);
  CHECK(t.w_plus == 51.5);
  CHECK(t.w_minus == 14.5);
  CHECK(t.exact);
  CHECK(t.p_value == Approx(0.111328125).epsilon(1e-15));

  // n = 39 non-zero differences > 25: normal approximation with tie and continuity correction
  std::vector<double> big;
  for (int i = 1; i <= 40; ++i) big.push_back(((i * 37) % 23) - 9 + (i % 7 == 0 ? 0.5 : 0.0));
  const auto n = WilcoxonSignedRank::test(big, std::vector<double>(big.size(), 0.0));
  CHECK(n.nonzero == 39);
  CHECK_FALSE(n.exact);
  CHECK(n.w_plus == 521.5);
  CHECK(n.z == Approx(1.8292182710942122).epsilon(1e-12));
  CHECK(n.p_value == Approx(0.0673669163763068).epsilon(1e-12));

  // all pairs equal: p = 1; NaN pairs are dropped
  const auto eq = WilcoxonSignedRank::test({1.0, 2.0, std::nan("")}, {1.0, 2.0, 3.0});
  CHECK(eq.pairs == 2);
  CHECK(eq.nonzero == 0);
  CHECK(eq.p_value == 1.0);
  // smallest exact case: one difference, p = 1
  CHECK(WilcoxonSignedRank::test({1.0}, {0.0}).p_value == 1.0);
  // n = 6 all positive: p = 2 / 64
  CHECK(WilcoxonSignedRank::test({1, 2, 3, 4, 5, 6}, {0, 0, 0, 0, 0, 0}).p_value == 2.0 / 64.0);
}

TEST_CASE("Holm adjustment", "[report]") {
  const auto adj = WilcoxonSignedRank::holm({0.01, 0.04, 0.03});
  CHECK(adj[0] == Approx(0.03));
  CHECK(adj[1] == Approx(0.06));
  CHECK(adj[2] == Approx(0.06));
  const auto capped = WilcoxonSignedRank::holm({0.5, 0.6, std::nan("")});
  CHECK(capped[0] == 1.0);
  CHECK(capped[1] == 1.0);
  CHECK(std::isnan(capped[2]));
}
