#include "tabnas/search/models/observation_archive.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tabnas {

void ObservationArchive::ensure_sized(const SearchSpace& space) {
  if (seen_.empty()) seen_.assign(space.size(), false);
}

void ObservationArchive::mark_proposed(ArchId arch) {
  if (arch < seen_.size() && !seen_[arch]) {
    seen_[arch] = true;
    ++num_seen_;
  }
  ++pending_;
}

void ObservationArchive::add(ArchId arch, double objective) {
  if (std::isnan(objective)) objective = std::numeric_limits<double>::infinity();
  if (arch < seen_.size() && !seen_[arch]) {
    seen_[arch] = true;  // told without being proposed through this archive
    ++num_seen_;
  }
  if (pending_ > 0) --pending_;
  archs_.push_back(arch);
  values_.push_back(objective);
}

std::vector<double> ObservationArchive::training_targets() const {
  double worst = -std::numeric_limits<double>::infinity();
  for (const double v : values_) {
    if (std::isfinite(v)) worst = std::max(worst, v);
  }
  if (!std::isfinite(worst)) worst = 0.0;
  std::vector<double> out(values_);
  for (double& v : out) {
    if (!std::isfinite(v)) v = worst;
  }
  return out;
}

double ObservationArchive::best_value() const {
  double best = std::numeric_limits<double>::infinity();
  for (const double v : values_) best = std::min(best, v);
  return best;
}

std::vector<std::size_t> ObservationArchive::best_positions(std::size_t k) const {
  std::vector<std::size_t> idx(values_.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  const auto better = [this](std::size_t a, std::size_t b) {
    if (values_[a] != values_[b]) return values_[a] < values_[b];
    if (archs_[a] != archs_[b]) return archs_[a] < archs_[b];
    return a < b;
  };
  k = std::min(k, idx.size());
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k), idx.end(), better);
  idx.resize(k);
  return idx;
}

std::optional<ArchId> ObservationArchive::random_unseen(const SearchSpace& space, Rng& rng,
                                                        std::size_t tries) const {
  const ArchId n = space.size();
  if (n == 0 || num_seen_ >= n) return std::nullopt;
  for (std::size_t t = 0; t < tries; ++t) {
    const ArchId a = space.sample(rng);
    if (!seen(a)) return a;
  }
  const auto start = static_cast<ArchId>(rng.uniform_index(n));
  for (ArchId i = 0; i < n; ++i) {
    const ArchId a = static_cast<ArchId>((static_cast<std::uint64_t>(start) + i) % n);
    if (!seen(a)) return a;
  }
  return std::nullopt;
}

}  // namespace tabnas
