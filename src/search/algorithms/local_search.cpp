#include "tabnas/search/algorithms/local_search.hpp"

#include <cmath>
#include <limits>

namespace tabnas {

AlgorithmInfo LocalSearch::info() {
  AlgorithmInfo i;
  i.name = "local_search";
  i.description = "best-improvement local search over one-edit neighbourhoods, with restarts";
  i.citation = "White, Nolen, Savani, Zela, Hutter & Ramasubramanian, Exploring the Loss "
               "Landscape in Neural Architecture Search, UAI 2021";
  i.deviation = "a restart begins from one new random architecture (the paper's pseudocode "
                "draws a fresh random start; num_init only applies to the first start)";
  i.params = {{"num_init", ParamType::kInt, 10,
               "random architectures evaluated before the first descent", 1, 1e6}};
  i.make = [](const Params& p) { return std::make_unique<LocalSearch>(p); };
  return i;
}

LocalSearch::LocalSearch(const Params& params)
    : num_init_(static_cast<std::size_t>(params.get_int("num_init"))) {}

ArchId LocalSearch::random_unseen(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  ArchId a = space.sample(ctx.rng());
  // Bounded retry; the space is never nearly exhausted at realistic budgets.
  for (int k = 0; k < 1000 && requested_[a]; ++k) a = space.sample(ctx.rng());
  return a;
}

void LocalSearch::start_neighbourhood(SearchContext& ctx) {
  ctx.space().neighbours(current_, scratch_);
  ctx.rng().shuffle(scratch_);
  phase_ = scratch_;
  queue_.clear();
  for (const ArchId a : scratch_) {
    if (!requested_[a]) queue_.push_back(a);
  }
  queue_pos_ = 0;
}

void LocalSearch::finish_neighbourhood(SearchContext& ctx) {
  // Best neighbour (ties: first in the shuffled order).
  ArchId best = current_;
  double best_value = known_[current_];
  for (const ArchId a : phase_) {
    if (known_[a] < best_value) {
      best_value = known_[a];
      best = a;
    }
  }
  if (best != current_) {
    current_ = best;
  } else {
    ++restarts_;
    current_ = random_unseen(ctx);
    phase_.assign(1, current_);
    queue_.assign(1, current_);
    queue_pos_ = 0;
    have_current_ = false;  // evaluate the new start first
    return;
  }
  start_neighbourhood(ctx);
}

std::optional<Trial> LocalSearch::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  if (known_.empty()) {
    known_.assign(space.size(), std::numeric_limits<double>::quiet_NaN());
    requested_.assign(space.size(), false);
    for (std::size_t i = 0; i < num_init_; ++i) {
      const ArchId a = random_unseen(ctx);
      requested_[a] = true;
      queue_.push_back(a);
    }
    // requested_ marks were only for distinctness; the queue proposes them.
    for (const ArchId a : queue_) requested_[a] = false;
    phase_ = queue_;
  }
  while (queue_pos_ < queue_.size()) {
    const ArchId a = queue_[queue_pos_++];
    if (requested_[a]) continue;
    requested_[a] = true;
    ++pending_;
    return ctx.propose(a);
  }
  return std::nullopt;  // waiting for results of the current phase
}

void LocalSearch::tell(const Observation& obs, SearchContext& ctx) {
  const double v = std::isnan(obs.objectives.at(0)) ? std::numeric_limits<double>::infinity()
                                                      : obs.objectives[0];
  known_[obs.trial.arch] = v;
  if (pending_ > 0) --pending_;
  if (pending_ > 0 || queue_pos_ < queue_.size()) return;
  // Phase complete.
  if (!have_current_) {
    // Initial set (or a restart point) evaluated: start from its best member.
    ArchId best = phase_.front();
    for (const ArchId a : phase_) {
      if (known_[a] < known_[best]) best = a;
    }
    current_ = best;
    have_current_ = true;
    start_neighbourhood(ctx);
  } else {
    finish_neighbourhood(ctx);
  }
  // A neighbourhood whose members were all evaluated before completes immediately.
  while (queue_.size() == queue_pos_ && pending_ == 0 && have_current_) {
    finish_neighbourhood(ctx);
  }
}

}  // namespace tabnas
