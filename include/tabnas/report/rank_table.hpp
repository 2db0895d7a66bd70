#pragma once
/// @file Mean rank of algorithms across datasets.
#include <string>
#include <vector>

namespace tabnas::report {

/// Ranks per dataset (1 = best) of the algorithms' final means and their average.
struct RankTable {
  std::vector<std::string> datasets;
  std::vector<std::string> algorithms;
  std::vector<std::vector<double>> ranks;  ///< [algorithm][dataset]; NaN where no final mean
  std::vector<double> mean_rank;           ///< over the datasets where the algorithm has a rank
  std::vector<std::size_t> datasets_ranked;

  /// Ranks of `values` (1 = best), ties sharing the average of the ranks they span (e.g. two
  /// tied for second both get 2.5). NaN values get rank NaN and are not counted.
  static std::vector<double> rank(const std::vector<double>& values, bool higher_is_better);
  /// @param means [algorithm][dataset] final means (NaN = missing).
  static RankTable from_means(const std::vector<std::string>& algorithms,
                              const std::vector<std::string>& datasets,
                              const std::vector<std::vector<double>>& means, bool higher_is_better);
};

}  // namespace tabnas::report
