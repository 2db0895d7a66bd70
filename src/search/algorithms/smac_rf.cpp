#include "tabnas/search/algorithms/smac_rf.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tabnas/search/models/acquisition.hpp"

namespace tabnas {

AlgorithmInfo SmacRf::info() {
  AlgorithmInfo i;
  i.name = "smac_rf";
  i.description =
      "SMAC: random-forest surrogate, expected improvement maximised by one-edit local search "
      "plus random candidates, interleaved random proposals";
  i.citation =
      "Hutter, Hoos & Leyton-Brown, Sequential Model-Based Optimization for General "
      "Algorithm Configuration, LION 2011";
  i.deviation =
      "num_init random architectures instead of a default configuration; no instances or "
      "intensification; deterministic interleaving (every random_every-th proposal); "
      "min_samples_split/leaf from SMAC3 (3/3)";
  i.params = {
      {"num_init", ParamType::kInt, 10, "random architectures before the first fit", 1, 1e6},
      {"num_trees", ParamType::kInt, 10, "trees in the forest", 1, 1000},
      {"ratio_features", ParamType::kDouble, 5.0 / 6.0, "fraction of features tried per split",
       1e-6, 1.0},
      {"min_samples_split", ParamType::kInt, 3, "fewest samples a node needs to split", 2, 1e6},
      {"min_samples_leaf", ParamType::kInt, 3, "fewest samples in a leaf", 1, 1e6},
      {"bootstrap", ParamType::kBool, true, "grow each tree on a bootstrap sample"},
      {"num_random", ParamType::kInt, 10000, "random candidates scored per fit", 0, 1e7},
      {"num_local_starts", ParamType::kInt, 10, "local searches on EI per fit", 0, 1e4},
      {"max_local_steps", ParamType::kInt, 100, "step limit of each local search", 0, 1e6},
      {"random_every", ParamType::kInt, 2,
       "every n-th proposal after the initial design is random (0 = never)", 0, 1e6}};
  i.make = [](const Params& p) { return std::make_unique<SmacRf>(p); };
  return i;
}

SmacRf::SmacRf(const Params& params)
    : num_init_(static_cast<std::size_t>(params.get_int("num_init"))),
      num_random_(static_cast<std::size_t>(params.get_int("num_random"))),
      num_local_starts_(static_cast<std::size_t>(params.get_int("num_local_starts"))),
      max_local_steps_(static_cast<std::size_t>(params.get_int("max_local_steps"))),
      random_every_(static_cast<std::size_t>(params.get_int("random_every"))) {
  forest_options_.num_trees = static_cast<std::size_t>(params.get_int("num_trees"));
  forest_options_.ratio_features = params.get_double("ratio_features");
  forest_options_.min_samples_split = static_cast<std::size_t>(params.get_int("min_samples_split"));
  forest_options_.min_samples_leaf = static_cast<std::size_t>(params.get_int("min_samples_leaf"));
  forest_options_.bootstrap = params.get_bool("bootstrap");
  forest_ = RandomForest(forest_options_);
}

std::optional<Trial> SmacRf::propose(SearchContext& ctx, ArchId arch) {
  archive_.mark_proposed(arch);
  return ctx.propose(arch);
}

std::optional<Trial> SmacRf::propose_random(SearchContext& ctx) {
  const std::optional<ArchId> a = archive_.random_unseen(ctx.space(), ctx.rng());
  if (!a) return std::nullopt;
  return propose(ctx, *a);
}

std::optional<Trial> SmacRf::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  archive_.ensure_sized(space);
  if (!encoder_) encoder_.emplace(space, ArchEncoding::kOneHot);
  if (archive_.exhausted()) return std::nullopt;
  if (num_random_proposed_ < num_init_ || archive_.size() < 2) {
    ++num_random_proposed_;
    return propose_random(ctx);
  }
  ++num_model_phase_;
  if (random_every_ > 0 && num_model_phase_ % random_every_ == 0) return propose_random(ctx);
  if (archive_.size() != fitted_size_ || queue_pos_ >= queue_.size()) refill(ctx);
  while (queue_pos_ < queue_.size()) {
    const ArchId a = queue_[queue_pos_++];
    if (!archive_.seen(a)) return propose(ctx, a);
  }
  return propose_random(ctx);
}

void SmacRf::tell(const Observation& obs, SearchContext& /*ctx*/) {
  archive_.add(obs.trial.arch, obs.objectives.at(0));
}

double SmacRf::score(ArchId arch) {
  if (!std::isnan(ei_[arch])) return ei_[arch];
  encoder_->encode(arch, features_.data());
  double mean = 0.0;
  double variance = 0.0;
  forest_.predict(features_.data(), mean, variance);
  double v = expected_improvement(mean, std::sqrt(variance), incumbent_);
  if (std::isnan(v)) v = 0.0;
  ei_[arch] = v;
  scored_.push_back(arch);
  return v;
}

void SmacRf::refill(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  Rng& rng = ctx.rng();
  queue_.clear();
  queue_pos_ = 0;
  fitted_size_ = archive_.size();

  const std::vector<double> targets = archive_.training_targets();
  forest_.fit(encoder_->encode_columns(archive_.archs()), targets, rng);
  ++num_fits_;
  incumbent_ = archive_.best_value();
  if (!std::isfinite(incumbent_)) incumbent_ = *std::min_element(targets.begin(), targets.end());

  if (ei_.size() != space.size())
    ei_.assign(space.size(), std::numeric_limits<double>::quiet_NaN());
  features_.resize(encoder_->dim());
  scored_.clear();

  // (a) Local search on EI from the evaluated architectures with the highest EI.
  std::vector<ArchId> starts(archive_.archs());
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  for (const ArchId a : starts) score(a);
  std::stable_sort(starts.begin(), starts.end(),
                   [&](ArchId a, ArchId b) { return ei_[a] > ei_[b]; });  // ties: smaller id
  starts.resize(std::min(starts.size(), num_local_starts_));
  for (const ArchId start : starts) {
    ArchId current = start;
    double current_ei = score(current);
    for (std::size_t step = 0; step < max_local_steps_; ++step) {
      space.neighbours(current, neighbours_);
      ArchId best = current;
      double best_ei = current_ei;
      for (const ArchId nb : neighbours_) {
        const double v = score(nb);
        if (v > best_ei || (v == best_ei && best != current && nb < best)) {
          best = nb;
          best_ei = v;
        }
      }
      if (best == current) break;  // local optimum of EI
      current = best;
      current_ei = best_ei;
    }
  }
  // (b) Random candidates.
  for (std::size_t i = 0; i < num_random_; ++i) {
    const std::optional<ArchId> a = archive_.random_unseen(space, rng);
    if (!a) break;
    score(*a);
  }

  // Rank every scored, unproposed architecture by EI (ties: smaller id).
  for (const ArchId a : scored_) {
    if (!archive_.seen(a)) queue_.push_back(a);
  }
  std::sort(queue_.begin(), queue_.end(), [&](ArchId a, ArchId b) {
    if (ei_[a] != ei_[b]) return ei_[a] > ei_[b];
    return a < b;
  });
  for (const ArchId a : scored_) ei_[a] = std::numeric_limits<double>::quiet_NaN();
  scored_.clear();
}

}  // namespace tabnas
