#include "tabnas/search/models/predictor_guided_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tabnas {

PredictorGuidedSearch::PredictorGuidedSearch(Options options) : options_(std::move(options)) {
  options_.k = std::max<std::size_t>(options_.k, 1);
  options_.num_ensemble = std::max<std::size_t>(options_.num_ensemble, 1);
}

std::optional<Trial> PredictorGuidedSearch::propose(SearchContext& ctx, ArchId arch) {
  archive_.mark_proposed(arch);
  return ctx.propose(arch);
}

std::optional<Trial> PredictorGuidedSearch::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  archive_.ensure_sized(space);
  if (!encoder_) encoder_.emplace(space, options_.encoding, options_.path_cutoff);
  if (archive_.exhausted()) return std::nullopt;
  // Initial design, and random proposals while fewer than two results are in.
  if (num_random_proposed_ < options_.num_init || archive_.size() < 2) {
    const std::optional<ArchId> a = archive_.random_unseen(space, ctx.rng());
    if (!a) return std::nullopt;
    ++num_random_proposed_;
    return propose(ctx, *a);
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    while (queue_pos_ < queue_.size()) {
      const ArchId a = queue_[queue_pos_++];
      if (!archive_.seen(a)) return propose(ctx, a);
    }
    if (attempt == 0) refill(ctx);
  }
  const std::optional<ArchId> a = archive_.random_unseen(space, ctx.rng());
  if (!a) return std::nullopt;
  return propose(ctx, *a);
}

void PredictorGuidedSearch::tell(const Observation& obs, SearchContext& /*ctx*/) {
  archive_.add(obs.trial.arch, obs.objectives.at(0));
}

ArchId PredictorGuidedSearch::mutate(const SearchSpace& space, ArchId parent, Rng& rng) const {
  if (options_.mutation == Mutation::kOneEdit) return space.mutate(parent, rng);
  const std::size_t nv = space.num_variables();
  choices_.resize(nv);
  space.decode(parent, choices_);
  for (std::size_t v = 0; v < nv; ++v) {
    const std::size_t nc = space.num_choices(v);
    if (nc < 2 || !rng.bernoulli(options_.edit_probability)) continue;
    std::size_t c = rng.uniform_index(nc - 1);
    if (c >= choices_[v]) ++c;
    choices_[v] = static_cast<std::uint8_t>(c);
  }
  return space.encode(choices_);
}

void PredictorGuidedSearch::refill(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  Rng& rng = ctx.rng();
  queue_.clear();
  queue_pos_ = 0;

  // 1. Fit the ensemble on every result so far.
  const Eigen::MatrixXf x = encoder_->encode_columns(archive_.archs());
  ensemble_.fit(x, archive_.training_targets(), options_.num_ensemble, options_.mlp, rng);
  ++num_fits_;

  // 2. Candidate pool: mutations of the best architectures, then random top-up.
  if (in_pool_.size() != space.size()) in_pool_.assign(space.size(), false);
  std::vector<ArchId> pool;
  const auto add = [&](ArchId a) {
    if (archive_.seen(a) || in_pool_[a]) return;
    in_pool_[a] = true;
    pool.push_back(a);
  };
  for (const std::size_t pos : archive_.best_positions(options_.max_parents)) {
    if (pool.size() >= options_.num_candidates) break;
    const ArchId parent = archive_.archs()[pos];
    for (std::size_t i = 0; i < options_.attempts_per_parent; ++i) add(mutate(space, parent, rng));
  }
  if (options_.truncate_pool && pool.size() > options_.num_candidates) {
    for (std::size_t i = options_.num_candidates; i < pool.size(); ++i) in_pool_[pool[i]] = false;
    pool.resize(options_.num_candidates);
  }
  for (std::size_t tries = 0; pool.size() < options_.k && tries < 4 * options_.k; ++tries) {
    const std::optional<ArchId> a = archive_.random_unseen(space, rng);
    if (!a) break;
    add(*a);
  }
  for (const ArchId a : pool) in_pool_[a] = false;
  if (pool.empty()) return;

  // 3. Acquisition values (smaller = better), pool order.
  const Eigen::MatrixXd pred = ensemble_.predict(encoder_->encode_columns(pool));
  Eigen::VectorXd mean;
  Eigen::VectorXd sd;
  MlpEnsemble::mean_and_sd(pred, mean, sd);
  std::vector<double> value(pool.size());
  for (std::size_t i = 0; i < pool.size(); ++i) {
    const auto j = static_cast<Eigen::Index>(i);
    value[i] = options_.acquisition == Acquisition::kIndependentThompson
                   ? mean[j] + sd[j] * rng.normal()
                   : mean[j];
    if (!std::isfinite(value[i])) value[i] = std::numeric_limits<double>::infinity();
  }
  std::vector<std::size_t> order(pool.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (value[a] != value[b]) return value[a] < value[b];
    return pool[a] < pool[b];
  });
  const std::size_t take = std::min(options_.k, order.size());
  for (std::size_t i = 0; i < take; ++i) queue_.push_back(pool[order[i]]);
}

}  // namespace tabnas
