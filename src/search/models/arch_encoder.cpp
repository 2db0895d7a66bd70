#include "tabnas/search/models/arch_encoder.hpp"

#include <algorithm>
#include <span>

#include "tabnas/core/errors.hpp"

namespace tabnas {

ArchEncoder::ArchEncoder(const SearchSpace& space, ArchEncoding encoding, std::size_t cutoff)
    : space_(space),
      encoding_(encoding),
      full_dim_(encoding == ArchEncoding::kOneHot ? space.one_hot_size()
                                                  : space.path_encoding_size()),
      dim_(full_dim_) {
  if (encoding == ArchEncoding::kPath && cutoff > 0) {
    if (cutoff > full_dim_) {
      throw ConfigError("path encoding cutoff " + std::to_string(cutoff) + " exceeds the " +
                        std::to_string(full_dim_) + " path features of space '" +
                        std::string(space.name()) + "'");
    }
    dim_ = cutoff;
  }
  scratch_.resize(full_dim_);
}

ArchEncoding ArchEncoder::parse(const std::string& text, const std::string& where) {
  if (text == "one_hot") return ArchEncoding::kOneHot;
  if (text == "path") return ArchEncoding::kPath;
  throw ConfigError(where + ": unknown encoding '" + text + "' (allowed: one_hot, path)");
}

void ArchEncoder::encode(ArchId arch, float* out) const {
  const std::span<float> full(scratch_.data(), full_dim_);
  if (encoding_ == ArchEncoding::kOneHot) {
    space_.one_hot(arch, full);
  } else {
    space_.path_encoding(arch, full);
  }
  std::copy_n(scratch_.data(), dim_, out);
}

Eigen::MatrixXf ArchEncoder::encode_columns(const std::vector<ArchId>& archs) const {
  Eigen::MatrixXf x(static_cast<Eigen::Index>(dim_), static_cast<Eigen::Index>(archs.size()));
  for (std::size_t j = 0; j < archs.size(); ++j) {
    encode(archs[j], x.col(static_cast<Eigen::Index>(j)).data());
  }
  return x;
}

}  // namespace tabnas
