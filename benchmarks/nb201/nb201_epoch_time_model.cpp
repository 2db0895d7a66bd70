#include "nb201/nb201_epoch_time_model.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "nb201/nb201_network_cost.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::nb201 {

namespace {

// Fitted by Nb201EpochTimeModel::fit() on the per-epoch training times (`train_times`) of
// the three NATS-Bench tss files below; `tabnas list cost-model` prints them next to a refit
// from $TABNAS_DATA, and tests/unit/run/cost_model_test.cpp requires the refit to give these
// exact doubles. Recorded seconds per epoch (arch 0 / 11 / 284): cifar10-valid 7.2211 /
// 12.4621 / 4.8758, cifar10 and cifar100 14.4422 / 24.9241 / 9.7516, ImageNet16-120
// 43.8176 / 75.6198 / 29.5863 (NATS rescales one measured cifar10-valid time by each
// dataset's number of training images, so the relative residuals are the same on every
// dataset: +14.8 %, -0.3 %, -21.0 %).
constexpr std::array<EpochTimeLine, 4> kLines = {{
    {"cifar10-valid", 5.14444567738442, 0.06457683147030686, 0.21025957417904137},
    {"cifar10", 10.28889135476884, 0.12915366294061373, 0.21025957417904137},
    {"cifar100", 10.288135805840637, 0.12915366294061373, 0.21025957417904137},
    {"ImageNet16-120", 31.20452528525046, 1.5674088534472885, 0.21025957417904165},
}};

constexpr std::array<EpochTimeSource, 3> kSources = {{
    {"nats/NATS-tss-v1_0-3ffb9-simple/000000.pickle.pbz2",
     "0103573dc07d29661807b7952fa0930a53203dc8aa6759ff0c5e0e1111300185"},
    {"nats/NATS-tss-v1_0-3ffb9-simple/000011.pickle.pbz2",
     "9e70770646c83f824f0a51422aaa7e89afca861a257ec285cdfada7264345276"},
    {"nats/NATS-tss-v1_0-3ffb9-simple/000284.pickle.pbz2",
     "a4f558e5e754d3987c6a6a4d3335e9027f88aeb59cba7da039406d909aa3a2d6"},
}};

}  // namespace

double EpochTimeFit::max_abs_relative_residual() const {
  double worst = 0.0;
  for (std::size_t i = 0; i < residuals.size(); ++i) {
    worst = std::max(worst, std::abs(residuals[i]) / seconds[i]);
  }
  return worst;
}

std::span<const EpochTimeLine> Nb201EpochTimeModel::lines() {
  return kLines;
}

std::span<const EpochTimeSource> Nb201EpochTimeModel::sources() {
  return kSources;
}

const EpochTimeLine& Nb201EpochTimeModel::line(std::string_view dataset) {
  for (const auto& l : kLines) {
    if (l.dataset == dataset) return l;
  }
  std::string list;
  for (const auto& l : kLines) list += (list.empty() ? "" : ", ") + std::string(l.dataset);
  throw ConfigError("epoch time model " + std::string(kName) + ": no line for dataset '" +
                    std::string(dataset) + "' (fitted: " + list + ")");
}

double Nb201EpochTimeModel::epoch_seconds(const Nb201Cell& cell, std::string_view dataset) {
  const EpochTimeLine& l = line(dataset);
  const double flops = Nb201NetworkCost::compute(cell, dataset).flops_m;
  return l.intercept_s + l.slope_s_per_mflop * flops;
}

std::vector<EpochTimeFit> Nb201EpochTimeModel::fit(const std::vector<EpochTimeSample>& samples) {
  std::vector<EpochTimeFit> fits;
  for (const auto& s : samples) {
    auto it = std::find_if(fits.begin(), fits.end(),
                           [&](const EpochTimeFit& f) { return f.dataset == s.dataset; });
    if (it == fits.end()) {
      fits.push_back({});
      fits.back().dataset = s.dataset;
      it = fits.end() - 1;
    }
    it->mflops.push_back(
        Nb201NetworkCost::compute(Nb201Cell::parse(s.arch_str), s.dataset).flops_m);
    it->seconds.push_back(s.seconds);
  }
  for (auto& f : fits) {
    // Centred normal equations, sums in sample order.
    const auto n = static_cast<double>(f.mflops.size());
    double sum_x = 0.0;
    double sum_y = 0.0;
    for (std::size_t i = 0; i < f.mflops.size(); ++i) {
      sum_x += f.mflops[i];
      sum_y += f.seconds[i];
    }
    const double mean_x = sum_x / n;
    const double mean_y = sum_y / n;
    double sxx = 0.0;
    double sxy = 0.0;
    for (std::size_t i = 0; i < f.mflops.size(); ++i) {
      const double dx = f.mflops[i] - mean_x;
      sxx += dx * dx;
      sxy += dx * (f.seconds[i] - mean_y);
    }
    if (!(sxx > 0.0)) {
      throw DataError("epoch time fit: dataset '" + f.dataset +
                      "' needs architectures with at least two different FLOPs values");
    }
    f.slope_s_per_mflop = sxy / sxx;
    f.intercept_s = mean_y - f.slope_s_per_mflop * mean_x;
    for (std::size_t i = 0; i < f.mflops.size(); ++i) {
      f.residuals.push_back(f.seconds[i] - (f.intercept_s + f.slope_s_per_mflop * f.mflops[i]));
    }
  }
  return fits;
}

}  // namespace tabnas::nb201
