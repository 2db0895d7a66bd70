#pragma once
/// @file Product kernel density estimate over categorical variables with the Aitchison-Aitken
/// kernel, as BOHB uses it (Falkner, Klein & Hutter, ICML 2018; HpBandSter via statsmodels'
/// KDEMultivariate with var_type 'u' and the normal-reference bandwidth). Implementation
/// detail: not part of the stable API.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tabnas/core/rng.hpp"

namespace tabnas::mf {

/// p(x) = 1/m sum_i prod_v k_v(x_v, X_iv) with k_v(a, b) = 1 - bw_v if a == b, else
/// bw_v / (c_v - 1) (c_v choices). Bandwidths: the normal-reference rule on the choice codes,
/// bw_v = 1.06 std_v m^(-1/(4+d)) (std with divisor m), clipped to [min_bandwidth,
/// (c_v - 1)/c_v]. The upper clip is ours: beyond (c-1)/c the kernel would put more mass on
/// every OTHER choice than on the observed one; at (c-1)/c it is uniform.
class CategoricalKde {
 public:
  /// @param data m rows of d choice codes (row-major), codes < cardinalities[v].
  /// @param cardinalities c_v for each of the d variables (all >= 1).
  void fit(std::vector<std::uint8_t> data, std::size_t m, std::vector<std::size_t> cardinalities,
           double min_bandwidth);

  [[nodiscard]] std::size_t size() const noexcept { return m_; }
  [[nodiscard]] const std::vector<double>& bandwidths() const noexcept { return bw_; }
  /// Density at choice vector x (d entries).
  [[nodiscard]] double pdf(const std::uint8_t* x) const;
  /// HpBandSter's sampler: a data row drawn uniformly; each variable keeps the row's choice
  /// with probability 1 - bw_v, else takes a uniformly random choice.
  void sample(Rng& rng, std::uint8_t* out) const;

 private:
  std::vector<std::uint8_t> data_;
  std::size_t m_ = 0;
  std::size_t d_ = 0;
  std::vector<std::size_t> card_;
  std::vector<double> bw_;
  std::vector<double> same_;   ///< 1 - bw_v
  std::vector<double> other_;  ///< bw_v / (c_v - 1)
};

}  // namespace tabnas::mf
