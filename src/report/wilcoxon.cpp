#include "tabnas/report/wilcoxon.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "tabnas/core/errors.hpp"
#include "tabnas/report/quantile.hpp"

namespace tabnas::report {

namespace {

/// Exact two-sided p-value; `ranks2` are the doubled ranks (integers), `w2` the doubled W+.
double exact_p(const std::vector<std::uint32_t>& ranks2, std::uint64_t w2) {
  std::uint64_t total = 0;
  for (const auto r : ranks2) total += r;
  // counts[s] = number of sign patterns whose doubled W+ equals s (at most 2^25: exact in double)
  std::vector<double> counts(static_cast<std::size_t>(total) + 1, 0.0);
  counts[0] = 1.0;
  std::uint64_t reach = 0;
  for (const auto r : ranks2) {
    for (std::uint64_t s = reach + 1; s-- > 0;) {
      if (counts[static_cast<std::size_t>(s)] != 0.0) {
        counts[static_cast<std::size_t>(s + r)] += counts[static_cast<std::size_t>(s)];
      }
    }
    reach += r;
  }
  double le = 0.0;
  double ge = 0.0;
  double all = 0.0;
  for (std::uint64_t s = 0; s <= total; ++s) {
    const double c = counts[static_cast<std::size_t>(s)];
    all += c;
    if (s <= w2) le += c;
    if (s >= w2) ge += c;
  }
  return std::min(1.0, 2.0 * std::min(le, ge) / all);
}

}  // namespace

WilcoxonResult WilcoxonSignedRank::test(const std::vector<double>& x,
                                        const std::vector<double>& y) {
  if (x.size() != y.size()) {
    throw InternalError("Wilcoxon signed-rank test: samples of different lengths");
  }
  WilcoxonResult res;
  std::vector<double> all_diffs;
  std::vector<double> d;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i]) || std::isnan(y[i])) continue;
    ++res.pairs;
    const double di = x[i] - y[i];
    all_diffs.push_back(di);
    if (di != 0.0) d.push_back(di);
  }
  std::sort(all_diffs.begin(), all_diffs.end());
  res.median_difference = quantile_sorted(all_diffs, 0.5);
  const std::size_t n = d.size();
  res.nonzero = n;
  res.z = std::nan("");
  if (n == 0) {
    res.p_value = 1.0;
    return res;
  }
  // Rank |d| ascending, ties get their average rank; keep doubled ranks as integers.
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return std::fabs(d[a]) < std::fabs(d[b]); });
  std::vector<std::uint32_t> ranks2(n);
  double tie_term = 0.0;  // sum of t^3 - t over groups of ties
  std::size_t i = 0;
  while (i < n) {
    std::size_t j = i;
    while (j + 1 < n && std::fabs(d[order[j + 1]]) == std::fabs(d[order[i]])) ++j;
    const auto r2 = static_cast<std::uint32_t>(i + j + 2);  // 2 * ((i+1 + j+1) / 2)
    for (std::size_t k = i; k <= j; ++k) ranks2[order[k]] = r2;
    const auto t = static_cast<double>(j - i + 1);
    tie_term += t * t * t - t;
    i = j + 1;
  }
  std::uint64_t w2_plus = 0;
  std::uint64_t w2_minus = 0;
  for (std::size_t k = 0; k < n; ++k) {
    if (d[k] > 0.0) {
      w2_plus += ranks2[k];
    } else {
      w2_minus += ranks2[k];
    }
  }
  res.w_plus = static_cast<double>(w2_plus) / 2.0;
  res.w_minus = static_cast<double>(w2_minus) / 2.0;
  const auto nd = static_cast<double>(n);
  if (n <= kExactMaxN) {
    res.exact = true;
    res.p_value = exact_p(ranks2, w2_plus);
    return res;
  }
  res.exact = false;
  const double mean = nd * (nd + 1.0) / 4.0;
  const double var = nd * (nd + 1.0) * (2.0 * nd + 1.0) / 24.0 - tie_term / 48.0;
  const double diff = res.w_plus - mean;
  double num = 0.0;
  if (diff > 0.5) {
    num = diff - 0.5;
  } else if (diff < -0.5) {
    num = diff + 0.5;
  }
  res.z = var > 0.0 ? num / std::sqrt(var) : 0.0;
  res.p_value = std::min(1.0, std::erfc(std::fabs(res.z) / std::sqrt(2.0)));
  return res;
}

std::vector<double> WilcoxonSignedRank::holm(const std::vector<double>& p_values) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i) {
    if (!std::isnan(p_values[i])) order.push_back(i);
  }
  const std::size_t m = order.size();
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adj(p_values.size(), std::nan(""));
  double running = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    const double p = p_values[order[k]];
    running = std::max(running, std::min(1.0, static_cast<double>(m - k) * p));
    adj[order[k]] = running;
  }
  return adj;
}

}  // namespace tabnas::report
