#pragma once
/// @file Transfer study across devices (experiments/hw_transfer): how alike are the latency
/// rankings of two devices, and how well do predictors fitted on a few measurements of a "new"
/// device do on the rest of it.
#include <cstdint>
#include <string>
#include <vector>

#include "tabnas/hw/hw_columns.hpp"
#include "tabnas/space/search_space.hpp"

namespace tabnas {

/// Spearman rank correlation of two device columns on the architectures both measured.
struct DevicePairCorrelation {
  std::size_t a = 0;  ///< index into TransferStudy::columns()
  std::size_t b = 0;
  std::size_t n_common = 0;
  double spearman = 0.0;
};

/// Options of the predictor part.
struct TransferOptions {
  std::vector<std::size_t> sizes{50, 100, 500};  ///< training-set sizes
  std::size_t seeds = 5;                         ///< random training sets per size
  std::uint64_t seed = 0;                        ///< master seed
  /// "lut", "gbt" (encoding-only predictors) and "proxy": the best-correlated fully measured
  /// other device (highest Spearman on the training architectures; other batch sizes of the
  /// same device excluded) mapped by a least-squares line in log-log space.
  std::vector<std::string> models{"lut", "gbt", "proxy"};
};

/// One (device, model, training size) cell, averaged over the seeds.
struct TransferRow {
  std::size_t column = 0;  ///< index into TransferStudy::columns()
  std::string model;
  std::size_t n_train = 0;
  std::size_t n_test = 0;  ///< test architectures per seed (all measured minus n_train)
  std::size_t seeds = 0;
  double spearman_mean = 0.0;
  double spearman_sd = 0.0;  ///< sample standard deviation over seeds (0 for one seed)
  double kendall_mean = 0.0;
  double mape_mean = 0.0;
  double mape_sd = 0.0;
  double rmse_mean = 0.0;
  std::string proxy;  ///< proxy model: the proxy chosen most often (ties: first in column order)
};

class TransferStudy {
 public:
  /// `columns`: device columns (only their measured rows are used), in the order tables list
  /// them.
  TransferStudy(const SearchSpace& space, std::vector<HwColumnData> columns);

  [[nodiscard]] const std::vector<HwColumnData>& columns() const noexcept { return columns_; }
  /// Measured architectures of column c.
  [[nodiscard]] std::size_t measured(std::size_t c) const { return archs_[c].size(); }
  /// True when column c measures every architecture of the space.
  [[nodiscard]] bool full(std::size_t c) const { return archs_[c].size() == space_.size(); }
  /// Every pair a < b with at least 3 common architectures.
  [[nodiscard]] std::vector<DevicePairCorrelation> pair_correlations() const;
  /// Every column with more than size measured architectures x every model x every size.
  [[nodiscard]] std::vector<TransferRow> predictor_rows(const TransferOptions& options) const;

 private:
  const SearchSpace& space_;
  std::vector<HwColumnData> columns_;
  std::vector<std::vector<ArchId>> archs_;  // measured, ascending
  std::vector<std::vector<double>> values_;
  std::vector<std::vector<double>> dense_;  // value per arch (NaN when not measured)
};

}  // namespace tabnas
