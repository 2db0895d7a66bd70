#include "tabnas/hw/gbt_predictor.hpp"

#include <cmath>
#include <numeric>

#include "tabnas/core/errors.hpp"

namespace tabnas {

void GbtPredictor::fit(const ArchFeatures& x, std::span<const double> y) {
  if (y.empty() || y.size() != x.rows()) {
    throw ConfigError("gbt predictor: " + std::to_string(y.size()) + " targets for " +
                      std::to_string(x.rows()) + " architectures (need the same number, > 0)");
  }
  if (params_.rounds < 0 || params_.max_depth < 0 || params_.min_leaf < 1 ||
      !(params_.learning_rate > 0.0) || !(params_.l2 >= 0.0)) {
    throw ConfigError(
        "gbt predictor: invalid parameters (rounds >= 0, max_depth >= 0, "
        "min_leaf >= 1, learning_rate > 0, l2 >= 0)");
  }
  const std::size_t n = x.rows();
  std::vector<double> target(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (params_.log_target && !(y[i] > 0.0)) {
      throw ConfigError("gbt predictor: latency " + std::to_string(y[i]) +
                        " is not positive (log target)");
    }
    target[i] = params_.log_target ? std::log(y[i]) : y[i];
  }
  double sum = 0.0;
  for (const double t : target) sum += t;
  base_ = sum / static_cast<double>(n);
  std::vector<double> pred(n, base_);
  std::vector<double> residual(n);
  std::vector<std::uint32_t> rows(n);
  trees_.clear();
  trees_.reserve(static_cast<std::size_t>(params_.rounds));
  for (int round = 0; round < params_.rounds; ++round) {
    for (std::size_t i = 0; i < n; ++i) residual[i] = target[i] - pred[i];
    std::iota(rows.begin(), rows.end(), std::uint32_t{0});
    Tree tree;
    grow(tree, x, residual, rows, 0, n, 0);
    for (std::size_t i = 0; i < n; ++i) pred[i] += eval_tree(tree, x.row(i));
    trees_.push_back(std::move(tree));
  }
}

std::int32_t GbtPredictor::grow(Tree& tree, const ArchFeatures& x, std::span<const double> residual,
                                std::vector<std::uint32_t>& rows, std::size_t begin,
                                std::size_t end, int depth) const {
  const auto id = static_cast<std::int32_t>(tree.nodes.size());
  tree.nodes.emplace_back();
  const std::size_t m = end - begin;
  double s = 0.0;
  for (std::size_t k = begin; k < end; ++k) s += residual[rows[k]];
  const double md = static_cast<double>(m);
  const auto leaf = [&] {
    tree.nodes[static_cast<std::size_t>(id)].value = params_.learning_rate * s / (md + params_.l2);
    return id;
  };
  const auto min_leaf = static_cast<std::size_t>(params_.min_leaf);
  if (depth >= params_.max_depth || m < 2 * min_leaf) return leaf();

  // Histograms of residual sums and counts per (column, value).
  const std::size_t cols = x.cols();
  std::vector<std::size_t> offset(cols + 1, 0);
  for (std::size_t c = 0; c < cols; ++c) offset[c + 1] = offset[c] + x.max_value(c) + 1U;
  std::vector<double> hs(offset[cols], 0.0);
  std::vector<std::size_t> hn(offset[cols], 0);
  for (std::size_t k = begin; k < end; ++k) {
    const auto f = x.row(rows[k]);
    const double g = residual[rows[k]];
    for (std::size_t c = 0; c < cols; ++c) {
      hs[offset[c] + f[c]] += g;
      ++hn[offset[c] + f[c]];
    }
  }
  const double parent = s * s / (md + params_.l2);
  double best_gain = 0.0;
  int best_col = -1;
  std::uint8_t best_thr = 0;
  for (std::size_t c = 0; c < cols; ++c) {
    double sl = 0.0;
    std::size_t nl = 0;
    for (std::size_t t = 0; t < x.max_value(c); ++t) {
      sl += hs[offset[c] + t];
      nl += hn[offset[c] + t];
      const std::size_t nr = m - nl;
      if (nl < min_leaf || nr < min_leaf) continue;
      const double sr = s - sl;
      const double gain = sl * sl / (static_cast<double>(nl) + params_.l2) +
                          sr * sr / (static_cast<double>(nr) + params_.l2) - parent;
      if (gain > best_gain) {
        best_gain = gain;
        best_col = static_cast<int>(c);
        best_thr = static_cast<std::uint8_t>(t);
      }
    }
  }
  if (best_col < 0) return leaf();

  // Stable partition (own loop: the result must not depend on the standard library).
  std::vector<std::uint32_t> right;
  std::size_t mid = begin;
  const auto bc = static_cast<std::size_t>(best_col);
  for (std::size_t k = begin; k < end; ++k) {
    if (x.at(rows[k], bc) <= best_thr) {
      rows[mid++] = rows[k];
    } else {
      right.push_back(rows[k]);
    }
  }
  std::copy(right.begin(), right.end(), rows.begin() + static_cast<std::ptrdiff_t>(mid));
  tree.nodes[static_cast<std::size_t>(id)].feature = best_col;
  tree.nodes[static_cast<std::size_t>(id)].threshold = best_thr;
  const std::int32_t l = grow(tree, x, residual, rows, begin, mid, depth + 1);
  tree.nodes[static_cast<std::size_t>(id)].left = l;
  const std::int32_t r = grow(tree, x, residual, rows, mid, end, depth + 1);
  tree.nodes[static_cast<std::size_t>(id)].right = r;
  return id;
}

double GbtPredictor::eval_tree(const Tree& tree, std::span<const std::uint8_t> f) {
  std::size_t i = 0;
  while (tree.nodes[i].feature >= 0) {
    const Node& node = tree.nodes[i];
    i = static_cast<std::size_t>(
        f[static_cast<std::size_t>(node.feature)] <= node.threshold ? node.left : node.right);
  }
  return tree.nodes[i].value;
}

double GbtPredictor::predict_row(std::span<const std::uint8_t> features) const {
  double v = base_;
  for (const Tree& t : trees_) v += eval_tree(t, features);
  return params_.log_target ? std::exp(v) : v;
}

nlohmann::ordered_json GbtPredictor::to_json() const {
  nlohmann::ordered_json j;
  j["model"] = "gbt";
  j["rounds"] = params_.rounds;
  j["max_depth"] = params_.max_depth;
  j["learning_rate"] = params_.learning_rate;
  j["min_leaf"] = params_.min_leaf;
  j["l2"] = params_.l2;
  j["log_target"] = params_.log_target;
  j["base"] = base_;
  j["trees"] = nlohmann::ordered_json::array();
  for (const Tree& t : trees_) {
    nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
    for (const Node& node : t.nodes) {
      if (node.feature < 0) {
        nodes.push_back({node.value});
      } else {
        nodes.push_back({node.feature, node.threshold, node.left, node.right});
      }
    }
    j["trees"].push_back(std::move(nodes));
  }
  return j;
}

}  // namespace tabnas
