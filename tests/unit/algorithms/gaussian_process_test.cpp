#include <catch2/catch.hpp>
#include <cmath>

#include "tabnas/core/errors.hpp"
#include "tabnas/search/models/acquisition.hpp"
#include "tabnas/search/models/gaussian_process.hpp"

using namespace tabnas;
using Catch::Matchers::WithinAbs;

TEST_CASE("expected improvement: hand-computed values", "[surrogate][models]") {
  // mean = best, sd = 1: EI = phi(0) = 1/sqrt(2 pi).
  CHECK_THAT(expected_improvement(0.0, 1.0, 0.0), WithinAbs(0.3989422804014327, 1e-12));
  // mean 1, sd 2, best 0: z = -0.5; EI = -1 * Phi(-0.5) + 2 * phi(-0.5)
  //   = -0.3085375387259869 + 2 * 0.3520653267642995 = 0.3955931148026121.
  CHECK_THAT(expected_improvement(1.0, 2.0, 0.0), WithinAbs(0.3955931148026121, 1e-12));
  // mean -1, sd 0.5, best 0: z = 2; EI = Phi(2) + 0.5 phi(2) = 0.97724987 + 0.02699548.
  CHECK_THAT(expected_improvement(-1.0, 0.5, 0.0), WithinAbs(1.0042453513084149, 1e-12));
  // No uncertainty: the plain improvement.
  CHECK(expected_improvement(-2.0, 0.0, 1.0) == 3.0);
  CHECK(expected_improvement(2.0, 0.0, 1.0) == 0.0);
  CHECK(expected_improvement(5.0, 1.0, 0.0) >= 0.0);
}

TEST_CASE("gaussian process: interpolates noise-free training points", "[surrogate][models]") {
  // Five points on a line, distance |i - j|.
  const int n = 5;
  Eigen::MatrixXd d(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) d(i, j) = std::abs(i - j);
  }
  Eigen::VectorXd y(n);
  y << 3.0, 1.0, -2.0, 0.5, 4.0;
  GaussianProcess::Options o;
  o.noise_ratios = {1e-10};
  GaussianProcess gp(o);
  gp.fit(d, y);
  Eigen::VectorXd mean;
  Eigen::VectorXd sd;
  gp.predict(d, mean, sd);
  for (int i = 0; i < n; ++i) {
    CHECK_THAT(mean[i], WithinAbs(y[i], 1e-4));
    CHECK(sd[i] < 1e-3);
  }
  // Far from all data the mean reverts to the sample mean and sd grows to the prior's.
  Eigen::MatrixXd far = Eigen::MatrixXd::Constant(1, n, 1e3);
  gp.predict(far, mean, sd);
  CHECK_THAT(mean[0], WithinAbs(y.mean(), 1e-9));
  CHECK_THAT(sd[0], WithinAbs(std::sqrt(gp.signal_variance()), 1e-9));
}

TEST_CASE("gaussian process: hand-computed two-point posterior", "[surrogate][models]") {
  // Two points at distance 1, lengthscale 1, (near) zero noise; targets +1 / -1 (already
  // standardised: mean 0, population sd 1).
  Eigen::MatrixXd d(2, 2);
  d << 0.0, 1.0, 1.0, 0.0;
  Eigen::VectorXd y(2);
  y << 1.0, -1.0;
  GaussianProcess::Options o;
  o.lengthscales = {1.0};
  o.noise_ratios = {1e-12};
  GaussianProcess gp(o);
  gp.fit(d, y);
  const double r = std::exp(-1.0);
  // alpha = y / (1 - r); s2 = y' C^-1 y / n = 1 / (1 - r).
  CHECK_THAT(gp.signal_variance(), WithinAbs(1.0 / (1.0 - r), 1e-9));
  // A point at distance 0.5 from x1 and 1.5 from x2.
  Eigen::MatrixXd cross(1, 2);
  cross << 0.5, 1.5;  // c = (e^-0.5, e^-1.5)
  Eigen::VectorXd mean;
  Eigen::VectorXd sd;
  gp.predict(cross, mean, sd);
  const double c1 = std::exp(-0.5);
  const double c2 = std::exp(-1.5);
  CHECK_THAT(mean[0], WithinAbs((c1 - c2) / (1.0 - r), 1e-9));
  // c' C^-1 c with C^-1 = [[1, -r], [-r, 1]] / (1 - r^2).
  const double quad = (c1 * c1 + c2 * c2 - 2.0 * r * c1 * c2) / (1.0 - r * r);
  CHECK_THAT(sd[0], WithinAbs(std::sqrt((1.0 - quad) / (1.0 - r)), 1e-9));
}

TEST_CASE("gaussian process: marginal likelihood picks a sensible lengthscale",
          "[surrogate][models]") {
  // A smooth function of the position prefers a long lengthscale over a very short one.
  const int n = 12;
  Eigen::MatrixXd d(n, n);
  Eigen::VectorXd y(n);
  for (int i = 0; i < n; ++i) {
    y[i] = 0.1 * i;
    for (int j = 0; j < n; ++j) d(i, j) = std::abs(i - j);
  }
  GaussianProcess gp;
  gp.fit(d, y);
  CHECK(gp.lengthscale() >= 4.0);
  CHECK(std::isfinite(gp.log_marginal_likelihood()));
  CHECK_THROWS_AS(gp.fit(Eigen::MatrixXd(2, 3), y), InternalError);
}
