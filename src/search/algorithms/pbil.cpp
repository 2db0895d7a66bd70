#include "tabnas/search/algorithms/pbil.hpp"

namespace tabnas {

AlgorithmInfo Pbil::info() {
  AlgorithmInfo i;
  i.name = "pbil";
  i.description =
      "population-based incremental learning: per-variable choice probabilities "
      "moved towards the best of each batch";
  i.citation =
      "Baluja, Population-Based Incremental Learning, CMU-CS-94-163, 1994; Baluja & "
      "Caruana, Removing the Genetics from the Standard Genetic Algorithm, ICML 1995";
  i.deviation =
      "categorical (not binary) probability vectors; 20 samples per generation "
      "instead of 200; evaluated architectures reuse their value; after 16 "
      "generations without a new query one sample is replaced by a random "
      "unevaluated architecture";
  i.params = {{"population_size", ParamType::kInt, 20, "samples per generation", 1, 1e6},
              {"learning_rate", ParamType::kDouble, 0.1, "step towards the best sample", 0.0, 1.0},
              {"negative_learning_rate", ParamType::kDouble, 0.075,
               "extra step towards the best where best and worst differ", 0.0, 1.0},
              {"mutation_prob", ParamType::kDouble, 0.02,
               "probability that a variable's vector is mutated", 0.0, 1.0},
              {"mutation_shift", ParamType::kDouble, 0.05, "size of a mutation step", 0.0, 1.0}};
  i.make = [](const Params& p) { return std::make_unique<Pbil>(p); };
  return i;
}

Pbil::Pbil(const Params& params)
    : population_size_(static_cast<std::size_t>(params.get_int("population_size"))),
      learning_rate_(params.get_double("learning_rate")),
      negative_learning_rate_(params.get_double("negative_learning_rate")),
      mutation_prob_(params.get_double("mutation_prob")),
      mutation_shift_(params.get_double("mutation_shift")) {}

double Pbil::probability(std::size_t var, std::size_t k) const {
  return probs_.at(offset_.at(var) + k);
}

void Pbil::init(const SearchSpace& space) {
  const std::size_t nv = space.num_variables();
  offset_.assign(nv + 1, 0);
  for (std::size_t v = 0; v < nv; ++v) offset_[v + 1] = offset_[v] + space.num_choices(v);
  probs_.assign(offset_[nv], 0.0);
  for (std::size_t v = 0; v < nv; ++v) {
    const std::size_t k = space.num_choices(v);
    for (std::size_t c = 0; c < k; ++c) probs_[offset_[v] + c] = 1.0 / static_cast<double>(k);
  }
  choices_.resize(nv);
  best_.resize(nv);
  worst_.resize(nv);
}

void Pbil::sample_batch(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  const std::size_t nv = space.num_variables();
  batch_.clear();
  queue_.clear();
  queue_pos_ = 0;
  for (std::size_t i = 0; i < population_size_; ++i) {
    for (std::size_t v = 0; v < nv; ++v) {
      const auto first = probs_.begin() + static_cast<std::ptrdiff_t>(offset_[v]);
      const auto last = probs_.begin() + static_cast<std::ptrdiff_t>(offset_[v + 1]);
      weights_.assign(first, last);
      choices_[v] = static_cast<std::uint8_t>(ctx.rng().categorical(weights_));
    }
    const ArchId a = space.encode(choices_);
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
  const std::optional<ArchId> r = memo_.random_unrequested(space, ctx.rng());
  if (r) {
    batch_.back() = *r;
    memo_.mark_requested(*r);
    queue_.push_back(*r);
  }
  free_generations_ = 0;
}

bool Pbil::batch_complete() const {
  if (queue_pos_ < queue_.size()) return false;
  for (const ArchId a : batch_) {
    if (!memo_.known(a)) return false;
  }
  return true;
}

void Pbil::update(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  ArchId best = batch_.front();
  ArchId worst = batch_.front();
  for (const ArchId a : batch_) {
    if (model_free::better(memo_.value(a), a, memo_.value(best), best)) best = a;
    if (model_free::better(memo_.value(worst), worst, memo_.value(a), a)) worst = a;
  }
  space.decode(best, best_);
  space.decode(worst, worst_);
  const std::size_t nv = space.num_variables();
  for (std::size_t v = 0; v < nv; ++v) {
    double* p = probs_.data() + offset_[v];
    const std::size_t k = offset_[v + 1] - offset_[v];
    for (std::size_t c = 0; c < k; ++c) {
      p[c] = (1.0 - learning_rate_) * p[c] + (c == best_[v] ? learning_rate_ : 0.0);
    }
    if (best_[v] != worst_[v]) {
      for (std::size_t c = 0; c < k; ++c) {
        p[c] = (1.0 - negative_learning_rate_) * p[c] +
               (c == best_[v] ? negative_learning_rate_ : 0.0);
      }
    }
  }
  for (std::size_t v = 0; v < nv; ++v) {
    double* p = probs_.data() + offset_[v];
    const std::size_t k = offset_[v + 1] - offset_[v];
    const bool mutate = ctx.rng().bernoulli(mutation_prob_);
    if (!mutate) continue;
    const auto r = static_cast<std::size_t>(ctx.rng().uniform_index(k));
    for (std::size_t c = 0; c < k; ++c) {
      p[c] = (1.0 - mutation_shift_) * p[c] + (c == r ? mutation_shift_ : 0.0);
    }
  }
  ++generation_;
  sample_batch(ctx);
}

std::optional<Trial> Pbil::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  memo_.ensure(space);
  if (!started_) {
    started_ = true;
    init(space);
    sample_batch(ctx);
  }
  for (int pass = 0; pass <= 2 * model_free::kMaxFreeGenerations + 2; ++pass) {
    if (queue_pos_ < queue_.size()) return ctx.propose(queue_[queue_pos_++]);
    if (batch_.empty() || !batch_complete()) return std::nullopt;  // results pending
    if (memo_.exhausted()) return std::nullopt;
    update(ctx);
  }
  return std::nullopt;
}

void Pbil::tell(const Observation& obs, SearchContext& ctx) {
  memo_.ensure(ctx.space());
  memo_.record(obs.trial.arch, model_free::objective_of(obs));
  if (started_ && !batch_.empty() && batch_complete()) update(ctx);
}

}  // namespace tabnas
