#include "tabnas/search/models/mlp.hpp"

#include <Eigen/SparseCore>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "tabnas/core/errors.hpp"

namespace tabnas {

void Mlp::forward_from(std::size_t first) const {
  const std::size_t layers = weights_.size();
  for (std::size_t l = first; l < layers; ++l) {
    if (l > 0) act_[l] = pre_[l - 1].cwiseMax(0.0F);
    pre_[l].noalias() = weights_[l] * act_[l];
    pre_[l].colwise() += biases_[l];
  }
}

void Mlp::forward(const Eigen::MatrixXf& input) const {
  const std::size_t layers = weights_.size();
  pre_.resize(layers);
  act_.resize(layers);
  pre_[0].noalias() = weights_[0] * input;
  pre_[0].colwise() += biases_[0];
  forward_from(1);
}

void Mlp::fit(const Eigen::MatrixXf& x, const Eigen::VectorXf& y, const Options& options,
              Rng& rng) {
  const auto n = static_cast<std::size_t>(x.cols());
  if (n == 0 || static_cast<std::size_t>(y.size()) != n || options.layer_width == 0) {
    throw InternalError("Mlp::fit: need D x N inputs, N > 0 targets and a positive width");
  }
  // Layer sizes: D -> width (x num_layers) -> 1.
  std::vector<Eigen::Index> sizes;
  sizes.push_back(x.rows());
  for (std::size_t l = 0; l < options.num_layers; ++l) {
    sizes.push_back(static_cast<Eigen::Index>(options.layer_width));
  }
  sizes.push_back(1);
  const std::size_t layers = sizes.size() - 1;
  weights_.assign(layers, Eigen::MatrixXf());
  biases_.assign(layers, Eigen::VectorXf());
  std::vector<Eigen::MatrixXf> m_w(layers);
  std::vector<Eigen::MatrixXf> v_w(layers);
  std::vector<Eigen::VectorXf> m_b(layers);
  std::vector<Eigen::VectorXf> v_b(layers);
  std::vector<Eigen::MatrixXf> g_w(layers);
  std::vector<Eigen::VectorXf> g_b(layers);
  for (std::size_t l = 0; l < layers; ++l) {
    const Eigen::Index in = sizes[l];
    const Eigen::Index out = sizes[l + 1];
    // Glorot uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)); drawn row by row.
    const double a = std::sqrt(6.0 / static_cast<double>(in + out));
    weights_[l].resize(out, in);
    for (Eigen::Index i = 0; i < out; ++i) {
      for (Eigen::Index j = 0; j < in; ++j) {
        weights_[l](i, j) = static_cast<float>(rng.uniform(-a, a));
      }
    }
    biases_[l] = Eigen::VectorXf::Zero(out);
    m_w[l] = Eigen::MatrixXf::Zero(out, in);
    v_w[l] = Eigen::MatrixXf::Zero(out, in);
    m_b[l] = Eigen::VectorXf::Zero(out);
    v_b[l] = Eigen::VectorXf::Zero(out);
  }

  const std::size_t batch = std::max<std::size_t>(options.batch_size, 1);
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  // Architecture encodings are mostly zeros: the first layer multiplies a sparse batch.
  const Eigen::SparseMatrix<float> xs = x.sparseView();
  Eigen::SparseMatrix<float> xp;
  Eigen::RowVectorXf yp;
  Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int> p(static_cast<int>(n));
  pre_.resize(layers);
  act_.resize(layers);
  Eigen::MatrixXf grad;
  Eigen::MatrixXf back;
  const auto b1 = static_cast<float>(options.beta1);
  const auto b2 = static_cast<float>(options.beta2);
  const auto eps = static_cast<float>(options.epsilon);
  double b1_pow = 1.0;
  double b2_pow = 1.0;
  for (std::size_t epoch = 0; epoch < options.epochs; ++epoch) {
    rng.shuffle(perm);
    for (std::size_t i = 0; i < n; ++i)
      p.indices()[static_cast<Eigen::Index>(i)] = static_cast<int>(perm[i]);
    // Columns and targets permuted by the same matrix, so they stay paired.
    xp = xs * p;
    yp = y.transpose() * p;
    for (std::size_t start = 0; start < n; start += batch) {
      const std::size_t bs = std::min(batch, n - start);
      const auto cols = static_cast<Eigen::Index>(bs);
      const auto first = static_cast<Eigen::Index>(start);
      const auto xb = xp.middleCols(first, cols);
      pre_[0].noalias() = weights_[0] * xb;
      pre_[0].colwise() += biases_[0];
      forward_from(1);
      // d(MAE)/d(output) = sign(pred - y) / batch.
      const float inv = 1.0F / static_cast<float>(bs);
      grad.resize(1, cols);
      for (Eigen::Index j = 0; j < cols; ++j) {
        const float diff = pre_[layers - 1](0, j) - yp[first + j];
        grad(0, j) = diff > 0.0F ? inv : (diff < 0.0F ? -inv : 0.0F);
      }
      for (std::size_t l = layers; l-- > 1;) {
        g_w[l].noalias() = grad * act_[l].transpose();
        g_b[l] = grad.rowwise().sum();
        back.noalias() = weights_[l].transpose() * grad;
        grad = back.cwiseProduct((pre_[l - 1].array() > 0.0F).cast<float>().matrix());
      }
      g_w[0].noalias() = grad * xb.transpose();
      g_b[0] = grad.rowwise().sum();
      // Adam (Keras form): lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t).
      b1_pow *= options.beta1;
      b2_pow *= options.beta2;
      const auto lr_t =
          static_cast<float>(options.learning_rate * std::sqrt(1.0 - b2_pow) / (1.0 - b1_pow));
      for (std::size_t l = 0; l < layers; ++l) {
        m_w[l] = b1 * m_w[l] + (1.0F - b1) * g_w[l];
        v_w[l] = b2 * v_w[l] + (1.0F - b2) * g_w[l].cwiseAbs2();
        weights_[l].array() -= lr_t * m_w[l].array() / (v_w[l].array().sqrt() + eps);
        m_b[l] = b1 * m_b[l] + (1.0F - b1) * g_b[l];
        v_b[l] = b2 * v_b[l] + (1.0F - b2) * g_b[l].cwiseAbs2();
        biases_[l].array() -= lr_t * m_b[l].array() / (v_b[l].array().sqrt() + eps);
      }
    }
  }
}

Eigen::VectorXf Mlp::predict(const Eigen::MatrixXf& x) const {
  if (weights_.empty() || x.rows() != weights_.front().cols()) {
    throw InternalError("Mlp::predict: not fitted or wrong input size");
  }
  forward(x);
  return pre_.back().row(0).transpose();
}

double Mlp::mean_absolute_error(const Eigen::MatrixXf& x, const Eigen::VectorXf& y) const {
  const Eigen::VectorXf p = predict(x);
  double sum = 0.0;
  for (Eigen::Index i = 0; i < p.size(); ++i) sum += std::abs(static_cast<double>(p[i] - y[i]));
  return p.size() > 0 ? sum / static_cast<double>(p.size()) : 0.0;
}

}  // namespace tabnas
