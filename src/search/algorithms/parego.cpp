#include "tabnas/search/algorithms/parego.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "tabnas/search/models/acquisition.hpp"

namespace tabnas {

namespace {

void lattice_rec(std::size_t k, std::size_t s, std::size_t left, std::vector<std::size_t>& a,
                 std::vector<std::vector<double>>& out) {
  if (a.size() + 1 == k) {
    a.push_back(left);
    std::vector<double> w;
    w.reserve(a.size());
    for (const std::size_t ai : a) w.push_back(static_cast<double>(ai) / static_cast<double>(s));
    out.push_back(std::move(w));
    a.pop_back();
    return;
  }
  for (std::size_t v = 0; v <= left; ++v) {
    a.push_back(v);
    lattice_rec(k, s, left - v, a, out);
    a.pop_back();
  }
}

}  // namespace

AlgorithmInfo Parego::info() {
  AlgorithmInfo i;
  i.name = "parego";
  i.description =
      "ParEGO: random augmented-Tchebycheff scalarisation per iteration, Gaussian "
      "process on the scalarised value, expected improvement";
  i.citation =
      "Knowles, ParEGO: A Hybrid Algorithm With On-Line Landscape Approximation for "
      "Expensive Multiobjective Optimization Problems, IEEE TEC 10(1), 2006";
  i.deviation =
      "random initial design instead of a Latin hypercube; the project's GP "
      "(exponential kernel on differing variables, grid marginal likelihood) instead "
      "of DACE; EI maximised over mutations of the best points + random candidates "
      "instead of a genetic algorithm; no repeated proposals";
  i.capabilities.multi_objective = true;
  i.params = {
      {"n_init", ParamType::kInt, 0, "random architectures first (0 = 11d - 1)", 0, 1e9},
      {"rho", ParamType::kDouble, 0.05, "augmentation rho of the Tchebycheff function", 0.0, 1e3},
      {"lattice_s", ParamType::kInt, 0,
       "weight lattice resolution s (0 = 10 for 2 objectives, 4 for 3, 3 beyond)", 0, 1000},
      {"max_train", ParamType::kInt, 0, "most results the GP is fitted on (0 = 11d + 24)", 0, 1e6},
      {"num_top", ParamType::kInt, 10,
       "best training results whose one-variable mutations are EI candidates", 0, 1e6},
      {"num_random", ParamType::kInt, 200, "random EI candidates per proposal", 0, 1e6}};
  i.make = [](const Params& p) { return std::make_unique<Parego>(p); };
  return i;
}

Parego::Parego(const Params& params)
    : n_init_param_(params.get_int("n_init")),
      rho_(params.get_double("rho")),
      lattice_param_(params.get_int("lattice_s")),
      max_train_param_(params.get_int("max_train")),
      num_top_(static_cast<std::size_t>(params.get_int("num_top"))),
      num_random_(static_cast<std::size_t>(params.get_int("num_random"))) {}

std::vector<std::vector<double>> Parego::weight_lattice(std::size_t k, std::size_t s) {
  std::vector<std::vector<double>> out;
  if (k == 0) return out;
  if (s == 0) s = 1;
  std::vector<std::size_t> a;
  lattice_rec(k, s, s, a, out);
  return out;
}

double Parego::tchebycheff(const std::vector<double>& z, const std::vector<double>& lambda,
                           double rho) {
  double mx = -std::numeric_limits<double>::infinity();
  double sum = 0.0;
  for (std::size_t j = 0; j < z.size(); ++j) {
    const double t = lambda[j] * z[j];
    mx = std::max(mx, t);
    sum += t;
  }
  return mx + rho * sum;
}

std::optional<ArchId> Parego::model_proposal(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  Rng& rng = ctx.rng();
  const std::size_t k = obs_.front().objectives.size();
  const std::vector<double>& lambda = weights_[rng.uniform_index(weights_.size())];
  // Normalise by the observed ranges (finite values); missing values count as the worst.
  std::vector<double> lo(k, std::numeric_limits<double>::infinity());
  std::vector<double> hi(k, -std::numeric_limits<double>::infinity());
  for (const Obs& o : obs_) {
    for (std::size_t j = 0; j < k; ++j) {
      if (!std::isfinite(o.objectives[j])) continue;
      lo[j] = std::min(lo[j], o.objectives[j]);
      hi[j] = std::max(hi[j], o.objectives[j]);
    }
  }
  const std::size_t n = obs_.size();
  std::vector<double> f(n);
  std::vector<double> z(k);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < k; ++j) {
      const double v = obs_[i].objectives[j];
      const double range = hi[j] - lo[j];
      if (!std::isfinite(v)) {
        z[j] = 1.0;
      } else {
        z[j] = range > 0.0 ? (v - lo[j]) / range : 0.0;
      }
    }
    f[i] = tchebycheff(z, lambda, rho_);
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (f[a] != f[b]) return f[a] < f[b];
    return obs_[a].trial < obs_[b].trial;
  });
  // Training set: everything, or the best half plus random others.
  std::vector<std::size_t> train;
  if (n <= max_train_) {
    train = order;
  } else {
    const std::size_t best = max_train_ / 2;
    train.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(best));
    std::vector<std::size_t> rest(order.begin() + static_cast<std::ptrdiff_t>(best), order.end());
    for (std::size_t t = 0; train.size() < max_train_; ++t) {
      const std::size_t j = t + rng.uniform_index(rest.size() - t);
      std::swap(rest[t], rest[j]);
      train.push_back(rest[t]);
    }
  }
  const auto m = static_cast<Eigen::Index>(train.size());
  Eigen::MatrixXd dist(m, m);
  Eigen::VectorXd y(m);
  const auto differing = [this](const std::uint8_t* a, const std::uint8_t* b) {
    double c = 0.0;
    for (std::size_t v = 0; v < d_; ++v) c += a[v] != b[v] ? 1.0 : 0.0;
    return c;
  };
  for (Eigen::Index r = 0; r < m; ++r) {
    y[r] = f[train[static_cast<std::size_t>(r)]];
    const std::uint8_t* cr = choices_.data() + train[static_cast<std::size_t>(r)] * d_;
    dist(r, r) = 0.0;
    for (Eigen::Index c = r + 1; c < m; ++c) {
      const double dv = differing(cr, choices_.data() + train[static_cast<std::size_t>(c)] * d_);
      dist(r, c) = dv;
      dist(c, r) = dv;
    }
  }
  gp_.fit(dist, y);
  ++fits_;
  const double best_f = y.minCoeff();
  // Candidate pool: mutations of the best training points, then random ones.
  in_pool_.assign(space.size(), 0);
  std::vector<ArchId> pool;
  std::vector<ArchId> nb;
  for (std::size_t t = 0; t < train.size() && t < num_top_; ++t) {
    space.neighbours(obs_[train[t]].arch, nb);  // train starts with the best by f
    for (const ArchId a : nb) {
      if (requested_.contains(a) || in_pool_[a] != 0) continue;
      in_pool_[a] = 1;
      pool.push_back(a);
    }
  }
  for (std::size_t t = 0; t < num_random_; ++t) {
    const std::optional<ArchId> a = requested_.random_missing(space, rng);
    if (!a) break;
    if (in_pool_[*a] != 0) continue;
    in_pool_[*a] = 1;
    pool.push_back(*a);
  }
  if (pool.empty()) return std::nullopt;
  const auto pm = static_cast<Eigen::Index>(pool.size());
  Eigen::MatrixXd cross(pm, m);
  std::vector<std::uint8_t> c(d_);
  for (Eigen::Index r = 0; r < pm; ++r) {
    space.decode(pool[static_cast<std::size_t>(r)], c);
    for (Eigen::Index col = 0; col < m; ++col) {
      cross(r, col) =
          differing(c.data(), choices_.data() + train[static_cast<std::size_t>(col)] * d_);
    }
  }
  Eigen::VectorXd mean;
  Eigen::VectorXd sd;
  gp_.predict(cross, mean, sd);
  std::optional<ArchId> pick;
  double best_ei = -1.0;
  for (Eigen::Index r = 0; r < pm; ++r) {
    const double ei = expected_improvement(mean[r], sd[r], best_f);
    const ArchId a = pool[static_cast<std::size_t>(r)];
    if (!pick || ei > best_ei || (ei == best_ei && a < *pick)) {
      pick = a;
      best_ei = ei;
    }
  }
  return pick;
}

std::optional<Trial> Parego::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  if (!initialised_) {
    initialised_ = true;
    d_ = space.num_variables();
    requested_.ensure(space);
    n_init_ = n_init_param_ > 0 ? static_cast<std::size_t>(n_init_param_) : 11 * d_ - 1;
    max_train_ = max_train_param_ > 0 ? static_cast<std::size_t>(max_train_param_) : 11 * d_ + 24;
    if (max_train_ < 2) max_train_ = 2;
    const std::size_t k = std::max<std::uint32_t>(ctx.num_objectives(), 1);
    std::size_t s = static_cast<std::size_t>(lattice_param_);
    if (s == 0) s = k <= 2 ? 10 : (k == 3 ? 4 : 3);
    weights_ = weight_lattice(k, s);
  }
  std::optional<ArchId> a;
  if (proposed_ >= n_init_ && obs_.size() >= 2) a = model_proposal(ctx);
  if (!a) a = requested_.random_missing(space, ctx.rng());
  if (!a) return std::nullopt;
  requested_.insert(*a);
  ++proposed_;
  return ctx.propose(*a);
}

void Parego::tell(const Observation& obs, SearchContext& ctx) {
  Obs o;
  o.arch = obs.trial.arch;
  o.trial = obs.trial.id;
  const std::size_t k = std::max<std::uint32_t>(ctx.num_objectives(), 1);
  o.objectives.assign(k, std::numeric_limits<double>::infinity());
  for (std::size_t j = 0; j < k && j < obs.objectives.size(); ++j) {
    if (!std::isnan(obs.objectives[j])) o.objectives[j] = obs.objectives[j];
  }
  obs_.push_back(std::move(o));
  d_ = ctx.space().num_variables();
  const std::size_t at = choices_.size();
  choices_.resize(at + d_);
  ctx.space().decode(obs.trial.arch, std::span<std::uint8_t>(choices_.data() + at, d_));
}

}  // namespace tabnas
