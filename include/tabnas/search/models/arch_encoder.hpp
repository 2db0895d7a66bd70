#pragma once
/// @file Feature vectors of architectures for surrogate models.
#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

#include "tabnas/space/search_space.hpp"

namespace tabnas {

/// Which features a surrogate model sees.
enum class ArchEncoding {
  kOneHot,  ///< one-hot of every categorical variable (SearchSpace::one_hot)
  kPath,    ///< BANANAS path encoding (SearchSpace::path_encoding), optionally truncated
};

/// Encodes architectures as 0/1 feature vectors.
class ArchEncoder {
 public:
  /// @param cutoff keep only the first `cutoff` path features (0 = all; BANANAS "truncated path
  ///        encoding"); ignored for one-hot.
  /// @throws ConfigError if cutoff exceeds the path encoding size.
  ArchEncoder(const SearchSpace& space, ArchEncoding encoding, std::size_t cutoff = 0);

  /// Parses "one_hot" / "path". @throws ConfigError naming `where` and the allowed values.
  static ArchEncoding parse(const std::string& text, const std::string& where);

  /// Number of features.
  [[nodiscard]] std::size_t dim() const noexcept { return dim_; }
  /// Writes the features of `arch` into `out` (size dim()).
  void encode(ArchId arch, float* out) const;
  /// Features of `archs` as columns (dim() x archs.size()).
  [[nodiscard]] Eigen::MatrixXf encode_columns(const std::vector<ArchId>& archs) const;

 private:
  const SearchSpace& space_;
  ArchEncoding encoding_;
  std::size_t full_dim_;
  std::size_t dim_;
  mutable std::vector<float> scratch_;
};

}  // namespace tabnas
