#include <catch2/catch.hpp>

#include "tabnas/core/rng.hpp"
#include "tabnas/search/models/mlp.hpp"
#include "tabnas/search/models/mlp_ensemble.hpp"

using namespace tabnas;

namespace {

void make_data(Eigen::MatrixXf& x, Eigen::VectorXf& y) {
  Rng rng(4);
  const Eigen::Index n = 96;
  const Eigen::Index d = 12;
  x.resize(d, n);
  y.resize(n);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index f = 0; f < d; ++f) x(f, j) = rng.bernoulli(0.4) ? 1.0F : 0.0F;
    y[j] = x(0, j) - 2.0F * x(1, j) + 1.5F * x(2, j) * x(3, j) + 0.5F * x(4, j);
  }
}

}  // namespace

TEST_CASE("mlp: training reduces the loss on a toy regression", "[surrogate][models]") {
  Eigen::MatrixXf x;
  Eigen::VectorXf y;
  make_data(x, y);
  Mlp::Options o;
  o.epochs = 1;
  Mlp short_run;
  Rng r1(3);
  short_run.fit(x, y, o, r1);
  o.epochs = 200;
  Mlp long_run;
  Rng r2(3);
  long_run.fit(x, y, o, r2);
  const double before = short_run.mean_absolute_error(x, y);
  const double after = long_run.mean_absolute_error(x, y);
  INFO("MAE after 1 epoch " << before << ", after 200 epochs " << after);
  CHECK(after < 0.5 * before);
  CHECK(after < 0.25);
}

TEST_CASE("mlp: deterministic given the seed", "[surrogate][models]") {
  Eigen::MatrixXf x;
  Eigen::VectorXf y;
  make_data(x, y);
  Mlp::Options o;
  o.epochs = 20;
  Mlp a;
  Mlp b;
  Rng r1(8);
  Rng r2(8);
  a.fit(x, y, o, r1);
  b.fit(x, y, o, r2);
  CHECK(a.predict(x) == b.predict(x));
}

TEST_CASE("mlp ensemble: members differ, mean and sd", "[surrogate][models]") {
  Eigen::MatrixXf x;
  Eigen::VectorXf yf;
  make_data(x, yf);
  std::vector<double> y(static_cast<std::size_t>(yf.size()));
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = 100.0 + 10.0 * yf[static_cast<Eigen::Index>(i)];
  Mlp::Options o;
  o.epochs = 100;
  MlpEnsemble e;
  Rng rng(2);
  e.fit(x, y, 3, o, rng);
  const Eigen::MatrixXd p = e.predict(x);
  REQUIRE(p.rows() == 3);
  REQUIRE(p.cols() == x.cols());
  CHECK(p.row(0) != p.row(1));
  Eigen::VectorXd mean;
  Eigen::VectorXd sd;
  MlpEnsemble::mean_and_sd(p, mean, sd);
  double mae = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    mae += std::abs(mean[static_cast<Eigen::Index>(i)] - y[i]) / static_cast<double>(y.size());
  }
  CHECK(mae < 4.0);  // targets span about 100 +- 25 (original units, not standardised)
  CHECK((sd.array() >= 0.0).all());
  Eigen::MatrixXd hand(2, 2);
  hand << 1.0, 2.0, 3.0, 2.0;
  MlpEnsemble::mean_and_sd(hand, mean, sd);
  CHECK(mean[0] == 2.0);
  CHECK(sd[0] == 1.0);
  CHECK(sd[1] == 0.0);
}
