#include "tabnas/hw/prediction_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <string>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {

void check_sizes(std::span<const double> a, std::span<const double> b, const char* what) {
  if (a.size() != b.size()) {
    throw ConfigError(std::string(what) + ": " + std::to_string(a.size()) + " vs " +
                      std::to_string(b.size()) + " values (sizes must match)");
  }
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Number of tied pairs within runs of equal values of a sorted sequence.
template <typename Eq>
std::uint64_t tied_pairs(std::size_t n, Eq eq) {
  std::uint64_t pairs = 0;
  std::size_t run = 1;
  for (std::size_t i = 1; i <= n; ++i) {
    if (i < n && eq(i - 1, i)) {
      ++run;
    } else {
      pairs += static_cast<std::uint64_t>(run) * (run - 1) / 2;
      run = 1;
    }
  }
  return pairs;
}

/// Sorts `v` by value (merge sort) and returns the number of inversions (swaps).
std::uint64_t merge_sort_inversions(std::vector<double>& v, std::vector<double>& tmp,
                                    std::size_t lo, std::size_t hi) {
  if (hi - lo < 2) return 0;
  const std::size_t mid = lo + (hi - lo) / 2;
  std::uint64_t inv =
      merge_sort_inversions(v, tmp, lo, mid) + merge_sort_inversions(v, tmp, mid, hi);
  std::size_t i = lo;
  std::size_t j = mid;
  std::size_t k = lo;
  while (i < mid && j < hi) {
    if (v[j] < v[i]) {
      inv += mid - i;  // v[j] jumps over every remaining left element
      tmp[k++] = v[j++];
    } else {
      tmp[k++] = v[i++];
    }
  }
  while (i < mid) tmp[k++] = v[i++];
  while (j < hi) tmp[k++] = v[j++];
  std::copy(tmp.begin() + static_cast<std::ptrdiff_t>(lo),
            tmp.begin() + static_cast<std::ptrdiff_t>(hi),
            v.begin() + static_cast<std::ptrdiff_t>(lo));
  return inv;
}

}  // namespace

std::vector<double> average_ranks(std::span<const double> v) {
  const std::size_t n = v.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> rank(n);
  std::size_t i = 0;
  while (i < n) {
    std::size_t j = i + 1;
    while (j < n && v[order[j]] == v[order[i]]) ++j;
    // Positions i..j-1 (0-based) share ranks i+1..j: average (i + 1 + j) / 2.
    const double r = static_cast<double>(i + 1 + j) / 2.0;
    for (std::size_t k = i; k < j; ++k) rank[order[k]] = r;
    i = j;
  }
  return rank;
}

double spearman_rho(std::span<const double> a, std::span<const double> b) {
  check_sizes(a, b, "spearman_rho");
  const std::size_t n = a.size();
  if (n < 2) return kNaN;
  const std::vector<double> ra = average_ranks(a);
  const std::vector<double> rb = average_ranks(b);
  const double mean = static_cast<double>(n + 1) / 2.0;  // mean of ranks, with or without ties
  double sab = 0.0;
  double saa = 0.0;
  double sbb = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double da = ra[i] - mean;
    const double db = rb[i] - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa == 0.0 || sbb == 0.0) return kNaN;
  return sab / std::sqrt(saa * sbb);
}

double kendall_tau_b(std::span<const double> a, std::span<const double> b) {
  check_sizes(a, b, "kendall_tau_b");
  const std::size_t n = a.size();
  if (n < 2) return kNaN;
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
    if (a[i] != a[j]) return a[i] < a[j];
    if (b[i] != b[j]) return b[i] < b[j];
    return i < j;
  });
  const std::uint64_t n0 = static_cast<std::uint64_t>(n) * (n - 1) / 2;
  // Ties in a, and joint ties in (a, b), over the sequence sorted by (a, b).
  const std::uint64_t ties_a =
      tied_pairs(n, [&](std::size_t i, std::size_t j) { return a[order[i]] == a[order[j]]; });
  const std::uint64_t ties_ab = tied_pairs(n, [&](std::size_t i, std::size_t j) {
    return a[order[i]] == a[order[j]] && b[order[i]] == b[order[j]];
  });
  // Inversions of b in (a, b) order = discordant pairs (pairs tied in a are in b order already).
  std::vector<double> bs(n);
  for (std::size_t i = 0; i < n; ++i) bs[i] = b[order[i]];
  std::vector<double> tmp(n);
  const std::uint64_t swaps = merge_sort_inversions(bs, tmp, 0, n);
  const std::uint64_t ties_b =
      tied_pairs(n, [&](std::size_t i, std::size_t j) { return bs[i] == bs[j]; });
  if (ties_a == n0 || ties_b == n0) return kNaN;
  // concordant - discordant = n0 - ties_a - ties_b + ties_ab - 2 * discordant
  const double num = static_cast<double>(n0) - static_cast<double>(ties_a) -
                     static_cast<double>(ties_b) + static_cast<double>(ties_ab) -
                     2.0 * static_cast<double>(swaps);
  const double den = std::sqrt(static_cast<double>(n0 - ties_a) * static_cast<double>(n0 - ties_b));
  return num / den;
}

double mape_percent(std::span<const double> pred, std::span<const double> truth) {
  check_sizes(pred, truth, "mape_percent");
  if (truth.empty()) throw ConfigError("mape_percent: no values");
  double s = 0.0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] == 0.0) throw ConfigError("mape_percent: a measured value is 0");
    s += std::fabs(pred[i] - truth[i]) / std::fabs(truth[i]);
  }
  return 100.0 * s / static_cast<double>(truth.size());
}

double rmse(std::span<const double> pred, std::span<const double> truth) {
  check_sizes(pred, truth, "rmse");
  if (truth.empty()) throw ConfigError("rmse: no values");
  double s = 0.0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    const double d = pred[i] - truth[i];
    s += d * d;
  }
  return std::sqrt(s / static_cast<double>(truth.size()));
}

PredictionQuality prediction_quality(std::span<const double> pred, std::span<const double> truth) {
  PredictionQuality q;
  q.n = truth.size();
  q.spearman = spearman_rho(pred, truth);
  q.kendall = kendall_tau_b(pred, truth);
  q.mape = mape_percent(pred, truth);
  q.rmse = rmse(pred, truth);
  return q;
}

}  // namespace tabnas
