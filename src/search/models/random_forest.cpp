#include "tabnas/search/models/random_forest.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {
constexpr double kPurityEps = 1e-8;
}

RandomForest::RandomForest() : RandomForest(Options{}) {}

RandomForest::RandomForest(Options options) : options_(options) {
  options_.num_trees = std::max<std::size_t>(options_.num_trees, 1);
  options_.min_samples_leaf = std::max<std::size_t>(options_.min_samples_leaf, 1);
  options_.min_samples_split = std::max<std::size_t>(options_.min_samples_split, 2);
}

std::size_t RandomForest::num_nodes() const noexcept {
  std::size_t n = 0;
  for (const auto& t : trees_) n += t.size();
  return n;
}

void RandomForest::fit(const Eigen::MatrixXf& x, const std::vector<double>& y, Rng& rng) {
  const std::size_t n = y.size();
  if (n == 0 || static_cast<std::size_t>(x.cols()) != n) {
    throw InternalError("RandomForest::fit: need D x N features and N > 0 targets");
  }
  x_ = &x;
  y_ = &y;
  trees_.assign(options_.num_trees, Tree{});
  std::vector<std::size_t> samples(n);
  for (Tree& tree : trees_) {
    if (options_.bootstrap) {
      for (std::size_t i = 0; i < n; ++i) samples[i] = rng.uniform_index(n);
    } else {
      std::iota(samples.begin(), samples.end(), std::size_t{0});
    }
    tree.reserve(2 * n);
    grow(tree, samples, 0, n, 0, rng);
  }
  x_ = nullptr;
  y_ = nullptr;
}

void RandomForest::grow(Tree& tree, std::vector<std::size_t>& samples, std::size_t begin,
                        std::size_t end, std::size_t depth, Rng& rng) {
  const Eigen::MatrixXf& x = *x_;
  const std::vector<double>& y = *y_;
  const std::size_t node = tree.size();
  tree.emplace_back();
  const std::size_t n = end - begin;
  double sum = 0.0;
  double lo = y[samples[begin]];
  double hi = lo;
  for (std::size_t i = begin; i < end; ++i) {
    const double v = y[samples[i]];
    sum += v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  const double mean = sum / static_cast<double>(n);
  double ss = 0.0;
  for (std::size_t i = begin; i < end; ++i) ss += (y[samples[i]] - mean) * (y[samples[i]] - mean);
  tree[node].mean = mean;
  tree[node].variance = ss / static_cast<double>(n);
  if (n < options_.min_samples_split || n < 2 * options_.min_samples_leaf ||
      depth >= options_.max_depth || hi - lo <= kPurityEps) {
    return;  // leaf
  }

  // Random feature subset (partial Fisher-Yates), visited in increasing feature order.
  const auto d = static_cast<std::size_t>(x.rows());
  std::size_t m =
      static_cast<std::size_t>(std::ceil(options_.ratio_features * static_cast<double>(d)));
  m = std::clamp<std::size_t>(m, 1, d);
  features_.resize(d);
  std::iota(features_.begin(), features_.end(), std::size_t{0});
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t j = k + rng.uniform_index(d - k);
    std::swap(features_[k], features_[j]);
  }
  std::sort(features_.begin(), features_.begin() + static_cast<std::ptrdiff_t>(m));

  const double dn = static_cast<double>(n);
  const double parent = sum * sum / dn;
  double best_gain = 0.0;
  std::int32_t best_feature = -1;
  float best_threshold = 0.0F;
  order_.resize(n);
  for (std::size_t fi = 0; fi < m; ++fi) {
    const std::size_t f = features_[fi];
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t s = samples[begin + i];
      order_[i] = {x(static_cast<Eigen::Index>(f), static_cast<Eigen::Index>(s)), s};
    }
    std::sort(order_.begin(), order_.end());
    if (order_.front().first == order_.back().first) continue;  // constant feature
    double left_sum = 0.0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      left_sum += y[order_[i].second];
      if (order_[i].first == order_[i + 1].first) continue;
      const std::size_t nl = i + 1;
      if (nl < options_.min_samples_leaf || n - nl < options_.min_samples_leaf) continue;
      const double right_sum = sum - left_sum;
      const double gain = left_sum * left_sum / static_cast<double>(nl) +
                          right_sum * right_sum / static_cast<double>(n - nl) - parent;
      if (gain > best_gain) {
        best_gain = gain;
        best_feature = static_cast<std::int32_t>(f);
        best_threshold = order_[i].first;  // exact: left = values <= this one
      }
    }
  }
  if (best_feature < 0) return;  // leaf: no admissible split reduces the error

  const auto fe = static_cast<Eigen::Index>(best_feature);
  const auto mid = std::stable_partition(
      samples.begin() + static_cast<std::ptrdiff_t>(begin),
      samples.begin() + static_cast<std::ptrdiff_t>(end),
      [&](std::size_t s) { return x(fe, static_cast<Eigen::Index>(s)) <= best_threshold; });
  const auto split = static_cast<std::size_t>(mid - samples.begin());
  tree[node].feature = best_feature;
  tree[node].threshold = best_threshold;
  tree[node].left = static_cast<std::int32_t>(tree.size());
  grow(tree, samples, begin, split, depth + 1, rng);
  tree[node].right = static_cast<std::int32_t>(tree.size());
  grow(tree, samples, split, end, depth + 1, rng);
}

void RandomForest::predict(const float* x, double& mean, double& variance) const {
  if (trees_.empty()) throw InternalError("RandomForest::predict: not fitted");
  double sum_mean = 0.0;
  double sum_second = 0.0;
  for (const Tree& tree : trees_) {
    std::size_t i = 0;
    while (tree[i].feature >= 0) {
      i = static_cast<std::size_t>(x[tree[i].feature] <= tree[i].threshold ? tree[i].left
                                                                           : tree[i].right);
    }
    sum_mean += tree[i].mean;
    sum_second += tree[i].variance + tree[i].mean * tree[i].mean;
  }
  const double t = static_cast<double>(trees_.size());
  mean = sum_mean / t;
  variance = std::max(sum_second / t - mean * mean, 0.0);
}

}  // namespace tabnas
