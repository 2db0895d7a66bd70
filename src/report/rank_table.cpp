#include "tabnas/report/rank_table.hpp"

#include <algorithm>
#include <cmath>

#include "tabnas/core/errors.hpp"

namespace tabnas::report {

std::vector<double> RankTable::rank(const std::vector<double>& values, bool higher_is_better) {
  std::vector<double> ranks(values.size(), std::nan(""));
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isnan(values[i])) order.push_back(i);
  }
  // Best first; equal values are tied whatever their order, the index only fixes the order.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return higher_is_better ? values[a] > values[b] : values[a] < values[b];
  });
  std::size_t i = 0;
  while (i < order.size()) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    // positions i..j (0-based) share ranks i+1..j+1: average (i + j) / 2 + 1
    const double r = static_cast<double>(i + j) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

RankTable RankTable::from_means(const std::vector<std::string>& algorithms,
                                const std::vector<std::string>& datasets,
                                const std::vector<std::vector<double>>& means,
                                bool higher_is_better) {
  if (means.size() != algorithms.size()) {
    throw InternalError("RankTable: one row of means per algorithm expected");
  }
  RankTable t;
  t.algorithms = algorithms;
  t.datasets = datasets;
  t.ranks.assign(algorithms.size(), std::vector<double>(datasets.size(), std::nan("")));
  for (std::size_t d = 0; d < datasets.size(); ++d) {
    std::vector<double> col(algorithms.size());
    for (std::size_t a = 0; a < algorithms.size(); ++a) {
      if (means[a].size() != datasets.size()) {
        throw InternalError("RankTable: one mean per dataset expected");
      }
      col[a] = means[a][d];
    }
    const auto r = rank(col, higher_is_better);
    for (std::size_t a = 0; a < algorithms.size(); ++a) t.ranks[a][d] = r[a];
  }
  for (std::size_t a = 0; a < algorithms.size(); ++a) {
    double sum = 0.0;
    std::size_t n = 0;
    for (const double r : t.ranks[a]) {
      if (std::isnan(r)) continue;
      sum += r;
      ++n;
    }
    t.mean_rank.push_back(n == 0 ? std::nan("") : sum / static_cast<double>(n));
    t.datasets_ranked.push_back(n);
  }
  return t;
}

}  // namespace tabnas::report
