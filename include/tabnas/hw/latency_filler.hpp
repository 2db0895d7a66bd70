#pragma once
/// @file `tabnas hw predict`: fill a device column's unmeasured architectures with predictions.
#include <cstdint>
#include <string>

#include "tabnas/hw/hw_columns.hpp"
#include "tabnas/hw/prediction_metrics.hpp"
#include "tabnas/space/search_space.hpp"
#include "tabnas/store/store.hpp"

namespace tabnas {

/// What fill_missing_latencies() did.
struct FillReport {
  HwColumnKey key;
  std::string model;
  std::size_t measured = 0;            ///< training rows (every measured row of the column)
  std::size_t written = 0;             ///< predicted rows written
  std::size_t replaced_predicted = 0;  ///< earlier predicted rows replaced
  std::int64_t source_id = 0;
  std::string model_file;       ///< fitted model (JSON), the source row's path
  PredictionQuality train_fit;  ///< in-sample quality on the measured rows
};

/// Fits `model` on every measured row of the column and writes a prediction (predicted = 1,
/// same unit) for every architecture of the space without a measured row, in one transaction:
/// measured rows are never written, earlier predicted rows are replaced. The fitted model is
/// saved first as `<model_dir>/<device>-<metric>-b<batch>-<model>-<sha12>.json` (written
/// atomically; sha12 = start of its SHA-256), which the source row records (path + sha256), with
/// import-report notes on the training set and the in-sample fit.
/// @throws ConfigError (unknown column or model, fewer than 2 measured rows), StoreError when the
/// measured rows change while it runs.
FillReport fill_missing_latencies(Store& store, const SearchSpace& space, const HwColumnKey& key,
                                  const std::string& model, const std::string& model_dir);

}  // namespace tabnas
