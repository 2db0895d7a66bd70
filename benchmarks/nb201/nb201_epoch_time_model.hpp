#pragma once
/// @file Estimated training time of an NB201 architecture: seconds per training epoch as a
/// linear function of its FLOPs, one line per dataset (docs/experiment_spec.md, "Simulated
/// seconds").
///
/// The data directory's NB201 tables carry no training times. The three official NATS-Bench
/// tss per-arch files (`NATS-tss-v1_0-3ffb9-simple/{000000,000011,000284}.pickle.pbz2`) do: a
/// per-epoch training time per dataset (`train_times`, constant over epochs, seeds and the two
/// schedules hp12/hp200 in NATS-Bench, since NATS wrote pseudo times). For each dataset the line
///   epoch_seconds(arch) = intercept_s + slope_s_per_mflop * FLOPs(arch, dataset)
/// is fitted by ordinary least squares to those three architectures, FLOPs computed exactly by
/// Nb201NetworkCost. The coefficients are compiled in (kLines); fit() recomputes them from the
/// files and tests/unit/run/cost_model_test.cpp checks that the refit gives the same bits.
/// Every time derived from this model is an ESTIMATE: three architectures, one degree of
/// freedom per line, residuals up to 21 % of the recorded time (max_abs_relative_residual).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nb201/nb201_cell.hpp"

namespace tabnas::nb201 {

/// One dataset's line and how well it fits its three architectures.
struct EpochTimeLine {
  std::string_view dataset;
  double intercept_s = 0.0;        ///< seconds per epoch at 0 FLOPs
  double slope_s_per_mflop = 0.0;  ///< seconds per epoch per million FLOPs
  /// Largest |recorded - fitted| / recorded over the fitted architectures.
  double max_abs_relative_residual = 0.0;
};

/// One fitting point: an architecture's recorded seconds per training epoch on a dataset.
struct EpochTimeSample {
  std::string arch_str;  ///< NB201 cell string
  std::string dataset;
  double seconds = 0.0;  ///< recorded seconds per training epoch
};

/// A fitted line with its inputs and residuals (recorded - fitted, in sample order).
struct EpochTimeFit {
  std::string dataset;
  double intercept_s = 0.0;
  double slope_s_per_mflop = 0.0;
  std::vector<double> mflops;     ///< FLOPs of each sample (Nb201NetworkCost)
  std::vector<double> seconds;    ///< recorded seconds per epoch of each sample
  std::vector<double> residuals;  ///< seconds - (intercept + slope * mflops)
  [[nodiscard]] double max_abs_relative_residual() const;
};

/// A source file the compiled-in coefficients were fitted on.
struct EpochTimeSource {
  std::string_view file;    ///< path relative to the data directory
  std::string_view sha256;  ///< of the file as fitted
};

class Nb201EpochTimeModel {
 public:
  /// Name recorded with every estimated time (manifest.json, summary.json).
  static constexpr std::string_view kName = "nb201-epoch-time-v1";

  /// The compiled-in lines, one per dataset (cifar10-valid, cifar10, cifar100,
  /// ImageNet16-120).
  [[nodiscard]] static std::span<const EpochTimeLine> lines();
  /// The files the compiled-in lines were fitted on.
  [[nodiscard]] static std::span<const EpochTimeSource> sources();
  /// The line of a dataset. @throws ConfigError for a dataset without one (naming them).
  [[nodiscard]] static const EpochTimeLine& line(std::string_view dataset);
  /// Estimated seconds of one training epoch of `cell` on `dataset` (> 0 for every NB201
  /// cell). @throws ConfigError as line().
  [[nodiscard]] static double epoch_seconds(const Nb201Cell& cell, std::string_view dataset);

  /// Least-squares line per dataset (datasets in order of first appearance), FLOPs computed
  /// from each sample's arch string. Fixed-order sums, so the result is reproducible to the
  /// bit. @throws ConfigError for an unknown dataset or a bad arch string, DataError when a
  /// dataset has fewer than two distinct FLOPs values.
  [[nodiscard]] static std::vector<EpochTimeFit> fit(const std::vector<EpochTimeSample>& samples);
};

}  // namespace tabnas::nb201
