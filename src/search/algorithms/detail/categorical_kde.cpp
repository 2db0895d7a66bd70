#include "tabnas/search/algorithms/detail/categorical_kde.hpp"

#include <algorithm>
#include <cmath>

#include "tabnas/core/errors.hpp"

namespace tabnas::mf {

void CategoricalKde::fit(std::vector<std::uint8_t> data, std::size_t m,
                         std::vector<std::size_t> cardinalities, double min_bandwidth) {
  d_ = cardinalities.size();
  if (m == 0 || data.size() != m * d_) {
    throw InternalError("CategoricalKde: " + std::to_string(data.size()) + " codes do not form " +
                        std::to_string(m) + " rows of " + std::to_string(d_));
  }
  data_ = std::move(data);
  card_ = std::move(cardinalities);
  m_ = m;
  bw_.assign(d_, 0.0);
  same_.assign(d_, 1.0);
  other_.assign(d_, 0.0);
  const double md = static_cast<double>(m_);
  const double factor = 1.06 * std::pow(md, -1.0 / (4.0 + static_cast<double>(d_)));
  for (std::size_t v = 0; v < d_; ++v) {
    double sum = 0.0;
    for (std::size_t i = 0; i < m_; ++i) sum += static_cast<double>(data_[i * d_ + v]);
    const double mean = sum / md;
    double ss = 0.0;
    for (std::size_t i = 0; i < m_; ++i) {
      const double dv = static_cast<double>(data_[i * d_ + v]) - mean;
      ss += dv * dv;
    }
    const double sd = std::sqrt(ss / md);
    const auto c = static_cast<double>(card_[v]);
    if (card_[v] <= 1) continue;  // a single choice: the kernel is 1
    const double upper = (c - 1.0) / c;
    bw_[v] = std::clamp(factor * sd, std::min(min_bandwidth, upper), upper);
    same_[v] = 1.0 - bw_[v];
    other_[v] = bw_[v] / (c - 1.0);
  }
}

double CategoricalKde::pdf(const std::uint8_t* x) const {
  double total = 0.0;
  for (std::size_t i = 0; i < m_; ++i) {
    const std::uint8_t* row = data_.data() + i * d_;
    double p = 1.0;
    for (std::size_t v = 0; v < d_; ++v) p *= row[v] == x[v] ? same_[v] : other_[v];
    total += p;
  }
  return total / static_cast<double>(m_);
}

void CategoricalKde::sample(Rng& rng, std::uint8_t* out) const {
  const std::size_t i = rng.uniform_index(m_);
  const std::uint8_t* row = data_.data() + i * d_;
  for (std::size_t v = 0; v < d_; ++v) {
    const bool keep = rng.uniform01() < same_[v];
    out[v] = keep ? row[v] : static_cast<std::uint8_t>(rng.uniform_index(card_[v]));
  }
}

}  // namespace tabnas::mf
