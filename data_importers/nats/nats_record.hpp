#pragma once
/// @file The record model shared by the NATS-Bench (tss, sss) and NAS-Bench-201 importers:
/// one architecture = its training runs, one run = one (dataset, fidelity, seed) ResultsCount
/// (../shared/docs/FORMATS.md section 0) with its per-epoch curves and cost scalars.
#include <cstdint>
#include <string>
#include <vector>

namespace tabnas::nats {

/// One per-epoch curve of one run. Values are indexed by epoch; NaN where the source has no
/// value (the sparse hp-200 splits).
struct RunCurve {
  std::string split;   ///< canonical split: train, valid, test, valtest (docs/splits.md)
  std::string metric;  ///< accuracy, top5, loss, time
  std::vector<double> values;
  std::uint32_t present = 0;  ///< number of non-NaN values
};

/// One training run (ResultsCount).
struct NatsRun {
  std::string dataset;   ///< cifar10-valid, cifar10, cifar100, ImageNet16-120
  std::string fidelity;  ///< hp12, hp200 (tss/NB201); hp01, hp12, hp90 (sss)
  std::int64_t seed = 0;
  std::uint32_t epochs = 0;
  double params = 0.0;   ///< millions of parameters
  double flops = 0.0;    ///< MFLOPs
  double latency = 0.0;  ///< seconds per batch; NaN when the record has none (or <= 0)
  std::vector<RunCurve> curves;
};

/// One architecture's runs, in source order.
struct NatsArchRecord {
  std::int64_t index = -1;           ///< the index the importer files it under
  std::int64_t recorded_index = -1;  ///< `arch_index` inside the record
  std::string arch_str;
  std::vector<NatsRun> runs;
};

}  // namespace tabnas::nats
