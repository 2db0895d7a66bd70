#include "tabnas/search/algorithms/genetic_algorithm.hpp"

#include <algorithm>

#include "tabnas/core/errors.hpp"

namespace tabnas {

AlgorithmInfo GeneticAlgorithm::info() {
  AlgorithmInfo i;
  i.name = "genetic_algorithm";
  i.description =
      "generational GA: tournament selection, uniform crossover, per-variable "
      "mutation, elitism";
  i.citation =
      "Holland, Adaptation in Natural and Artificial Systems, 1975; Goldberg, Genetic "
      "Algorithms in Search, Optimization and Machine Learning, 1989; tournament "
      "selection: Goldberg & Deb, FOGA 1991; uniform crossover: Syswerda, ICGA 1989";
  i.deviation =
      "population 20 for 10^2-query budgets; already evaluated children reuse their "
      "value; after 16 generations without a new query one child is replaced by a "
      "random unevaluated architecture";
  i.params = {
      {"population_size", ParamType::kInt, 20, "population size N", 2, 1e6},
      {"tournament_size", ParamType::kInt, 2, "tournament size (2 = binary tournament)", 1, 1e6},
      {"crossover_prob", ParamType::kDouble, 0.9, "probability of uniform crossover", 0.0, 1.0},
      {"mutation_rate", ParamType::kDouble, -1.0,
       "per-variable mutation probability; negative = 1/num_variables", -1.0, 1.0},
      {"elitism", ParamType::kInt, 1, "best members copied to the next generation", 0, 1e6}};
  i.make = [](const Params& p) { return std::make_unique<GeneticAlgorithm>(p); };
  return i;
}

GeneticAlgorithm::GeneticAlgorithm(const Params& params)
    : population_size_(static_cast<std::size_t>(params.get_int("population_size"))),
      tournament_size_(static_cast<std::size_t>(params.get_int("tournament_size"))),
      crossover_prob_(params.get_double("crossover_prob")),
      mutation_rate_(params.get_double("mutation_rate")),
      elitism_(static_cast<std::size_t>(params.get_int("elitism"))) {
  if (elitism_ >= population_size_) {
    throw ConfigError("genetic_algorithm: elitism (" + std::to_string(elitism_) +
                      ") must be smaller than population_size (" +
                      std::to_string(population_size_) + ")");
  }
  tournament_size_ = std::min(tournament_size_, population_size_);
}

void GeneticAlgorithm::uniform_crossover(std::span<const std::uint8_t> a,
                                         std::span<const std::uint8_t> b,
                                         std::span<std::uint8_t> out, Rng& rng) {
  for (std::size_t v = 0; v < out.size(); ++v) {
    const bool from_a = rng.bernoulli(0.5);
    out[v] = from_a ? a[v] : b[v];
  }
}

std::size_t GeneticAlgorithm::tournament(Rng& rng) {
  // population_ is sorted best first, so the winner is the smallest drawn index.
  const std::size_t n = population_.size();
  index_scratch_.resize(n);
  for (std::size_t i = 0; i < n; ++i) index_scratch_[i] = i;
  const std::size_t s = std::min(tournament_size_, n);
  std::size_t best = n;
  for (std::size_t k = 0; k < s; ++k) {
    const std::size_t j = k + rng.uniform_index(n - k);
    std::swap(index_scratch_[k], index_scratch_[j]);
    best = std::min(best, index_scratch_[k]);
  }
  return best;
}

void GeneticAlgorithm::breed(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  Rng& rng = ctx.rng();
  const std::size_t nv = space.num_variables();
  const double pm = mutation_rate_ < 0.0 ? 1.0 / static_cast<double>(nv) : mutation_rate_;
  parent_a_.resize(nv);
  parent_b_.resize(nv);
  child_.resize(nv);
  batch_.clear();
  queue_.clear();
  queue_pos_ = 0;
  const std::size_t num_children = population_size_ - elitism_;
  for (std::size_t c = 0; c < num_children; ++c) {
    const std::size_t pa = tournament(rng);
    const std::size_t pb = tournament(rng);
    space.decode(population_[pa].arch, parent_a_);
    space.decode(population_[pb].arch, parent_b_);
    const bool cross = rng.bernoulli(crossover_prob_);
    if (cross) {
      uniform_crossover(parent_a_, parent_b_, child_, rng);
    } else {
      child_ = parent_a_;
    }
    for (std::size_t v = 0; v < nv; ++v) {
      const std::size_t k = space.num_choices(v);
      const bool mutate = rng.bernoulli(pm);
      if (!mutate || k < 2) continue;
      auto x = static_cast<std::size_t>(rng.uniform_index(k - 1));
      if (x >= child_[v]) ++x;  // a different choice, uniformly
      child_[v] = static_cast<std::uint8_t>(x);
    }
    const ArchId a = space.encode(child_);
    batch_.push_back(a);
    if (!memo_.requested(a)) {
      memo_.mark_requested(a);
      queue_.push_back(a);
    }
  }
  if (!queue_.empty()) {
    free_generations_ = 0;
    return;
  }
  if (++free_generations_ < model_free::kMaxFreeGenerations) return;
  const std::optional<ArchId> r = memo_.random_unrequested(space, rng);
  if (r) {
    batch_.back() = *r;
    memo_.mark_requested(*r);
    queue_.push_back(*r);
  }
  free_generations_ = 0;
}

bool GeneticAlgorithm::batch_complete() const {
  if (queue_pos_ < queue_.size()) return false;
  for (const ArchId a : batch_) {
    if (!memo_.known(a)) return false;
  }
  return true;
}

void GeneticAlgorithm::complete_generation(SearchContext& ctx) {
  next_scratch_.clear();
  if (generation_ > 0) {
    for (std::size_t i = 0; i < elitism_ && i < population_.size(); ++i) {
      next_scratch_.push_back(population_[i]);
    }
  }
  for (const ArchId a : batch_) next_scratch_.push_back({a, memo_.value(a)});
  std::sort(next_scratch_.begin(), next_scratch_.end(), [](const Member& x, const Member& y) {
    return model_free::better(x.objective, x.arch, y.objective, y.arch);
  });
  population_.swap(next_scratch_);
  ++generation_;
  breed(ctx);
}

std::optional<Trial> GeneticAlgorithm::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  memo_.ensure(space);
  if (!started_) {
    started_ = true;
    for (std::size_t i = 0; i < population_size_; ++i) {
      const std::optional<ArchId> a = memo_.random_unrequested(space, ctx.rng());
      if (!a) break;
      memo_.mark_requested(*a);
      batch_.push_back(*a);
      queue_.push_back(*a);
    }
  }
  // Bounded: every pass proposes, waits, or completes a generation; at most
  // kMaxFreeGenerations generations in a row complete without a query before one is injected.
  for (int pass = 0; pass <= 2 * model_free::kMaxFreeGenerations + 2; ++pass) {
    if (queue_pos_ < queue_.size()) return ctx.propose(queue_[queue_pos_++]);
    if (batch_.empty() || !batch_complete()) return std::nullopt;  // pending, or nothing left
    if (memo_.exhausted()) return std::nullopt;
    complete_generation(ctx);
  }
  return std::nullopt;
}

void GeneticAlgorithm::tell(const Observation& obs, SearchContext& ctx) {
  memo_.ensure(ctx.space());
  memo_.record(obs.trial.arch, model_free::objective_of(obs));
  if (!batch_.empty() && batch_complete()) complete_generation(ctx);
}

}  // namespace tabnas
