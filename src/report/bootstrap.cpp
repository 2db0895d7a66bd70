#include "tabnas/report/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "tabnas/core/errors.hpp"
#include "tabnas/core/rng.hpp"
#include "tabnas/report/quantile.hpp"

namespace tabnas::report {

Bootstrap::Bootstrap(std::uint64_t seed, std::size_t resamples)
    : seed_(seed), resamples_(resamples) {
  if (resamples_ == 0) throw ConfigError("bootstrap: the number of resamples must be > 0");
}

std::pair<double, double> Bootstrap::mean_ci(const std::vector<double>& values,
                                             double level) const {
  if (!(level > 0.0 && level < 1.0)) {
    throw ConfigError("bootstrap: confidence level must be in (0, 1), got " +
                      std::to_string(level));
  }
  const std::size_t n = values.size();
  if (n == 0) return {std::nan(""), std::nan("")};
  if (n == 1) return {values[0], values[0]};
  Rng rng(seed_);
  std::vector<double> means(resamples_);
  for (std::size_t b = 0; b < resamples_; ++b) {
    double sum = 0.0;  // fixed-order reduction
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t k = rng.uniform_index(n);
      sum += values[static_cast<std::size_t>(k)];
    }
    means[b] = sum / static_cast<double>(n);
  }
  std::sort(means.begin(), means.end());
  const double alpha = 1.0 - level;
  return {quantile_sorted(means, alpha / 2.0), quantile_sorted(means, 1.0 - alpha / 2.0)};
}

std::uint64_t Bootstrap::stream_seed(std::uint64_t master, std::string_view dataset,
                                     std::string_view algorithm, std::uint64_t step) {
  const std::uint64_t d = derive_seed(master, std::string("bootstrap/") + std::string(dataset));
  return derive_seed(d, algorithm, step);
}

Bootstrap Bootstrap::cell(std::string_view dataset, std::string_view algorithm,
                          std::uint64_t step) const {
  return Bootstrap(stream_seed(seed_, dataset, algorithm, step), resamples_);
}

}  // namespace tabnas::report
