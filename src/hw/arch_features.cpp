#include "tabnas/hw/arch_features.hpp"

#include <algorithm>
#include <limits>

#include "tabnas/core/errors.hpp"

namespace tabnas {

ArchFeatures::ArchFeatures(const SearchSpace& space, std::span<const ArchId> archs)
    : rows_(archs.size()), one_hot_cols_(space.one_hot_size()) {
  const std::size_t nv = space.num_variables();
  bool uniform = nv > 0;
  for (std::size_t v = 0; v < nv; ++v)
    uniform = uniform && space.num_choices(v) == space.num_choices(0);
  const std::size_t count_cols = uniform ? space.num_choices(0) : 0;
  if (nv > std::numeric_limits<std::uint8_t>::max()) {
    throw InternalError("ArchFeatures: too many variables for 8-bit counts");
  }
  const std::size_t path_size = space.path_encoding_size();
  const std::size_t path_col = one_hot_cols_ + count_cols;
  max_.assign(path_col + (path_size > 0 ? 1 : 0), 1);
  for (std::size_t c = one_hot_cols_; c < path_col; ++c) max_[c] = static_cast<std::uint8_t>(nv);
  v_.assign(rows_ * max_.size(), 0);
  std::vector<std::uint8_t> choices(nv);
  std::vector<float> paths(path_size);
  std::uint8_t max_paths = 1;
  for (std::size_t r = 0; r < rows_; ++r) {
    space.decode(archs[r], choices);
    std::uint8_t* out = v_.data() + r * max_.size();
    std::size_t offset = 0;
    for (std::size_t v = 0; v < nv; ++v) {
      out[offset + choices[v]] = 1;
      if (count_cols > 0) ++out[one_hot_cols_ + choices[v]];
      offset += space.num_choices(v);
    }
    if (path_size > 0) {
      space.path_encoding(archs[r], paths);
      std::size_t live = 0;
      for (const float p : paths) live += p != 0.0F ? 1U : 0U;
      out[path_col] = static_cast<std::uint8_t>(std::min<std::size_t>(live, 255));
      max_paths = std::max(max_paths, out[path_col]);
    }
  }
  if (path_size > 0) max_[path_col] = max_paths;
}

ArchFeatures::ArchFeatures(std::size_t rows, std::size_t one_hot_cols,
                           std::vector<std::uint8_t> values, std::vector<std::uint8_t> max_values)
    : rows_(rows), one_hot_cols_(one_hot_cols), v_(std::move(values)), max_(std::move(max_values)) {
  if (v_.size() != rows_ * max_.size() || one_hot_cols_ > max_.size()) {
    throw InternalError("ArchFeatures: values do not match rows x columns");
  }
  for (std::size_t i = 0; i < v_.size(); ++i) {
    if (v_[i] > max_[i % max_.size()]) throw InternalError("ArchFeatures: value above its maximum");
  }
}

}  // namespace tabnas
