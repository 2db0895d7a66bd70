#include <catch2/catch.hpp>
#include <cmath>

#include "tabnas/core/rng.hpp"
#include "tabnas/search/models/random_forest.hpp"

using namespace tabnas;

namespace {

double target(double a, double b, double c) {
  return std::sin(6.0 * a) + 2.0 * b * c;
}

void make_data(std::size_t n, std::uint64_t seed, Eigen::MatrixXf& x, std::vector<double>& y) {
  Rng rng(seed);
  x.resize(3, static_cast<Eigen::Index>(n));
  y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto j = static_cast<Eigen::Index>(i);
    for (Eigen::Index f = 0; f < 3; ++f) x(f, j) = static_cast<float>(rng.uniform01());
    y[i] = target(x(0, j), x(1, j), x(2, j));
  }
}

}  // namespace

TEST_CASE("random forest: fits a simple function", "[surrogate][models]") {
  Eigen::MatrixXf x;
  std::vector<double> y;
  make_data(300, 1, x, y);
  RandomForest forest;
  Rng rng(5);
  forest.fit(x, y, rng);
  REQUIRE(forest.fitted());
  double train_se = 0.0;
  double var_y = 0.0;
  double mean_y = 0.0;
  for (const double v : y) mean_y += v / static_cast<double>(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    double m = 0.0;
    double v = 0.0;
    forest.predict(x.col(static_cast<Eigen::Index>(i)).data(), m, v);
    train_se += (m - y[i]) * (m - y[i]);
    var_y += (y[i] - mean_y) * (y[i] - mean_y);
  }
  // Training error well below the variance of the targets.
  CHECK(train_se < 0.1 * var_y);
  // Held-out error too.
  Eigen::MatrixXf xt;
  std::vector<double> yt;
  make_data(200, 2, xt, yt);
  double test_se = 0.0;
  double test_var = 0.0;
  double test_mean = 0.0;
  for (const double v : yt) test_mean += v / static_cast<double>(yt.size());
  for (std::size_t i = 0; i < yt.size(); ++i) {
    double m = 0.0;
    double v = 0.0;
    forest.predict(xt.col(static_cast<Eigen::Index>(i)).data(), m, v);
    test_se += (m - yt[i]) * (m - yt[i]);
    test_var += (yt[i] - test_mean) * (yt[i] - test_mean);
  }
  CHECK(test_se < 0.3 * test_var);
}

TEST_CASE("random forest: positive variance away from the data, deterministic",
          "[surrogate][models]") {
  Eigen::MatrixXf x;
  std::vector<double> y;
  make_data(100, 3, x, y);
  RandomForest a;
  RandomForest b;
  Rng r1(9);
  Rng r2(9);
  a.fit(x, y, r1);
  b.fit(x, y, r2);
  const float probe[3] = {0.05F, 0.97F, 0.5F};
  double ma = 0.0;
  double va = 0.0;
  double mb = 0.0;
  double vb = 0.0;
  a.predict(probe, ma, va);
  b.predict(probe, mb, vb);
  CHECK(va > 0.0);
  CHECK(ma == mb);
  CHECK(va == vb);
  CHECK(a.num_nodes() == b.num_nodes());
  // Constant targets: zero variance, the constant as mean.
  std::vector<double> flat(y.size(), 2.5);
  RandomForest c;
  Rng r3(1);
  c.fit(x, flat, r3);
  double mc = 0.0;
  double vc = 0.0;
  c.predict(probe, mc, vc);
  CHECK(mc == 2.5);
  CHECK(vc == 0.0);
}
