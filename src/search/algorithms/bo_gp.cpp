#include "tabnas/search/algorithms/bo_gp.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "tabnas/core/errors.hpp"
#include "tabnas/search/models/acquisition.hpp"

namespace tabnas {

namespace {

/// Hamming distances between the 0/1 columns of a (D x M) and b (D x N): M x N.
Eigen::MatrixXd hamming(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  const Eigen::VectorXd na = a.colwise().sum().transpose();
  const Eigen::RowVectorXd nb = b.colwise().sum();
  Eigen::MatrixXd d = -2.0 * (a.transpose() * b);
  d.colwise() += na;
  d.rowwise() += nb;
  return d.cwiseMax(0.0);
}

}  // namespace

AlgorithmInfo BoGp::info() {
  AlgorithmInfo i;
  i.name = "bo_gp";
  i.description =
      "GP Bayesian optimisation: exponential kernel on an architecture distance, marginal-"
      "likelihood grid fit, expected improvement over mutation + random candidates";
  i.citation =
      "White, Neiswanger & Savani, BANANAS, AAAI 2021 (GP-BO baseline, naszilla "
      "gp_bayesopt); Kandasamy et al., NASBOT, NeurIPS 2018";
  i.deviation =
      "kernel hyperparameters fitted by marginal likelihood on a grid and EI acquisition "
      "(naszilla: fixed ls=3, alpha=1.5, UCB); no OTMANN distance; candidates change exactly "
      "e = 1..num_variables variables of the top architectures (naszilla: per-edge probability "
      "e/4, e < 20)";
  i.params = {
      {"num_init", ParamType::kInt, 10, "random architectures before the first fit", 1, 1e6},
      {"distance", ParamType::kString, "adj",
       "adj (number of differing variables) or path (Hamming distance of path encodings)"},
      {"num_top", ParamType::kInt, 5, "best architectures mutated into candidates", 0, 1e4},
      {"num_repeats", ParamType::kInt, 5, "mutants per parent and edit count", 0, 1e4},
      {"num_random", ParamType::kInt, 100, "random candidates per fit", 0, 1e6}};
  i.make = [](const Params& p) { return std::make_unique<BoGp>(p); };
  return i;
}

BoGp::BoGp(const Params& params)
    : num_init_(static_cast<std::size_t>(params.get_int("num_init"))),
      path_distance_(false),
      num_top_(static_cast<std::size_t>(params.get_int("num_top"))),
      num_repeats_(static_cast<std::size_t>(params.get_int("num_repeats"))),
      num_random_(static_cast<std::size_t>(params.get_int("num_random"))) {
  const std::string d = params.get_string("distance");
  if (d == "path") {
    path_distance_ = true;
  } else if (d != "adj") {
    throw ConfigError("bo_gp.distance: unknown value '" + d + "' (allowed: adj, path)");
  }
}

std::optional<Trial> BoGp::propose(SearchContext& ctx, ArchId arch) {
  archive_.mark_proposed(arch);
  return ctx.propose(arch);
}

std::optional<Trial> BoGp::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  archive_.ensure_sized(space);
  if (!encoder_) {
    encoder_.emplace(space, path_distance_ ? ArchEncoding::kPath : ArchEncoding::kOneHot);
  }
  if (archive_.exhausted()) return std::nullopt;
  if (num_random_proposed_ < num_init_ || archive_.size() < 2) {
    const std::optional<ArchId> a = archive_.random_unseen(space, ctx.rng());
    if (!a) return std::nullopt;
    ++num_random_proposed_;
    return propose(ctx, *a);
  }
  if (archive_.size() != fitted_size_ || queue_pos_ >= queue_.size()) refill(ctx);
  while (queue_pos_ < queue_.size()) {
    const ArchId a = queue_[queue_pos_++];
    if (!archive_.seen(a)) return propose(ctx, a);
  }
  const std::optional<ArchId> a = archive_.random_unseen(space, ctx.rng());
  if (!a) return std::nullopt;
  return propose(ctx, *a);
}

void BoGp::tell(const Observation& obs, SearchContext& /*ctx*/) {
  archive_.add(obs.trial.arch, obs.objectives.at(0));
}

ArchId BoGp::mutate_exact(const SearchSpace& space, ArchId parent, std::size_t edits, Rng& rng) {
  const std::size_t nv = space.num_variables();
  choices_.resize(nv);
  space.decode(parent, choices_);
  variables_.clear();
  for (std::size_t v = 0; v < nv; ++v) {
    if (space.num_choices(v) >= 2) variables_.push_back(v);
  }
  edits = std::min(edits, variables_.size());
  for (std::size_t k = 0; k < edits; ++k) {
    const std::size_t j = k + rng.uniform_index(variables_.size() - k);
    std::swap(variables_[k], variables_[j]);
    const std::size_t v = variables_[k];
    std::size_t c = rng.uniform_index(space.num_choices(v) - 1);
    if (c >= choices_[v]) ++c;
    choices_[v] = static_cast<std::uint8_t>(c);
  }
  return space.encode(choices_);
}

void BoGp::refill(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  Rng& rng = ctx.rng();
  queue_.clear();
  queue_pos_ = 0;
  fitted_size_ = archive_.size();
  // Distances are in "edits": the one-hot Hamming distance counts each changed variable twice.
  const double scale = path_distance_ ? 1.0 : 0.5;

  const Eigen::MatrixXd x = encoder_->encode_columns(archive_.archs()).cast<double>();
  const std::vector<double> targets = archive_.training_targets();
  const Eigen::VectorXd y =
      Eigen::Map<const Eigen::VectorXd>(targets.data(), static_cast<Eigen::Index>(targets.size()));
  gp_.fit(scale * hamming(x, x), y);
  ++num_fits_;

  if (in_pool_.size() != space.size()) in_pool_.assign(space.size(), false);
  std::vector<ArchId> pool;
  const auto add = [&](ArchId a) {
    if (archive_.seen(a) || in_pool_[a]) return;
    in_pool_[a] = true;
    pool.push_back(a);
  };
  for (const std::size_t pos : archive_.best_positions(num_top_)) {
    const ArchId parent = archive_.archs()[pos];
    for (std::size_t e = 1; e <= space.num_variables(); ++e) {
      for (std::size_t r = 0; r < num_repeats_; ++r) add(mutate_exact(space, parent, e, rng));
    }
  }
  for (std::size_t i = 0; i < num_random_; ++i) {
    const std::optional<ArchId> a = archive_.random_unseen(space, rng);
    if (!a) break;
    add(*a);
  }
  for (const ArchId a : pool) in_pool_[a] = false;
  if (pool.empty()) return;

  const Eigen::MatrixXd c = encoder_->encode_columns(pool).cast<double>();
  Eigen::VectorXd mean;
  Eigen::VectorXd sd;
  gp_.predict(scale * hamming(c, x), mean, sd);
  double best = archive_.best_value();
  if (!std::isfinite(best)) best = *std::min_element(targets.begin(), targets.end());
  std::vector<double> ei(pool.size());
  for (std::size_t i = 0; i < pool.size(); ++i) {
    const auto j = static_cast<Eigen::Index>(i);
    ei[i] = expected_improvement(mean[j], sd[j], best);
    if (std::isnan(ei[i])) ei[i] = 0.0;
  }
  std::vector<std::size_t> order(pool.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (ei[a] != ei[b]) return ei[a] > ei[b];
    return pool[a] < pool[b];
  });
  queue_.reserve(order.size());
  for (const std::size_t i : order) queue_.push_back(pool[i]);
}

}  // namespace tabnas
