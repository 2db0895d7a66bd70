#include "tabnas/search/algorithms/differential_evolution.hpp"

#include <algorithm>
#include <cmath>

namespace tabnas {

AlgorithmInfo DifferentialEvolution::info() {
  AlgorithmInfo i;
  i.name = "differential_evolution";
  i.description = "DE/rand/1/bin on [0,1]^d decoded to categorical choices, generational";
  i.citation =
      "Storn & Price, Differential Evolution, J. Global Optimization 11, 1997; Awad, "
      "Mallik & Hutter, Differential Evolution for Neural Architecture Search, NAS "
      "workshop ICLR 2020";
  i.deviation =
      "trials decoding to evaluated architectures reuse their value; after 16 "
      "generations without a new query one trial is replaced by a random "
      "unevaluated architecture";
  i.params = {{"population_size", ParamType::kInt, 20, "population size (>= 4)", 4, 1e6},
              {"mutation_factor", ParamType::kDouble, 0.5, "differential weight F", 0.0, 2.0},
              {"crossover_prob", ParamType::kDouble, 0.5, "binomial crossover rate CR", 0.0, 1.0}};
  i.make = [](const Params& p) { return std::make_unique<DifferentialEvolution>(p); };
  return i;
}

DifferentialEvolution::DifferentialEvolution(const Params& params)
    : population_size_(static_cast<std::size_t>(params.get_int("population_size"))),
      mutation_factor_(params.get_double("mutation_factor")),
      crossover_prob_(params.get_double("crossover_prob")) {}

void DifferentialEvolution::decode_vector(const SearchSpace& space, const double* x,
                                          std::vector<std::uint8_t>& out) {
  const std::size_t nv = space.num_variables();
  out.resize(nv);
  for (std::size_t v = 0; v < nv; ++v) {
    const std::size_t k = space.num_choices(v);
    const double scaled = std::floor(std::clamp(x[v], 0.0, 1.0) * static_cast<double>(k));
    const auto c = static_cast<std::size_t>(scaled);
    out[v] = static_cast<std::uint8_t>(std::min(c, k - 1));
  }
}

ArchId DifferentialEvolution::map(const SearchSpace& space, const double* x) {
  decode_vector(space, x, choices_);
  return space.encode(choices_);
}

void DifferentialEvolution::make_trials(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  Rng& rng = ctx.rng();
  const std::size_t n = population_size_;
  const std::size_t d = dims_;
  queue_.clear();
  queue_pos_ = 0;
  donor_.resize(d);
  index_scratch_.resize(n - 1);
  for (std::size_t i = 0; i < n; ++i) {
    // r1, r2, r3: distinct, != i (partial Fisher-Yates over the other members).
    for (std::size_t j = 0, k = 0; j < n; ++j) {
      if (j != i) index_scratch_[k++] = j;
    }
    for (std::size_t k = 0; k < 3; ++k) {
      const std::size_t j = k + rng.uniform_index(n - 1 - k);
      std::swap(index_scratch_[k], index_scratch_[j]);
    }
    const double* x1 = pop_x_.data() + index_scratch_[0] * d;
    const double* x2 = pop_x_.data() + index_scratch_[1] * d;
    const double* x3 = pop_x_.data() + index_scratch_[2] * d;
    for (std::size_t v = 0; v < d; ++v) {
      const double diff = x2[v] - x3[v];
      double y = x1[v] + mutation_factor_ * diff;
      if (y < 0.0 || y > 1.0) y = rng.uniform01();  // random boundary repair
      donor_[v] = y;
    }
    const auto j_rand = static_cast<std::size_t>(rng.uniform_index(d));
    const double* xi = pop_x_.data() + i * d;
    double* ti = trial_x_.data() + i * d;
    for (std::size_t v = 0; v < d; ++v) {
      const double u = rng.uniform01();
      ti[v] = (u < crossover_prob_ || v == j_rand) ? donor_[v] : xi[v];
    }
    const ArchId a = map(space, ti);
    trial_arch_[i] = a;
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
  free_generations_ = 0;
  const std::optional<ArchId> r = memo_.random_unrequested(space, rng);
  if (!r) return;
  // Replace the last trial by a point inside the bins of the random architecture.
  space.decode(*r, choices_);
  double* t = trial_x_.data() + (n - 1) * d;
  for (std::size_t v = 0; v < d; ++v) {
    const double u = rng.uniform01();
    t[v] = (static_cast<double>(choices_[v]) + u) / static_cast<double>(space.num_choices(v));
  }
  trial_arch_[n - 1] = *r;
  memo_.mark_requested(*r);
  queue_.push_back(*r);
}

bool DifferentialEvolution::batch_complete() const {
  if (queue_pos_ < queue_.size()) return false;
  for (const ArchId a : trial_arch_) {
    if (!memo_.known(a)) return false;
  }
  return true;
}

void DifferentialEvolution::complete_generation(SearchContext& ctx) {
  const std::size_t d = dims_;
  for (std::size_t i = 0; i < population_size_; ++i) {
    const ArchId a = trial_arch_[i];
    const double v = memo_.value(a);
    if (generation_ == 0 || v <= pop_value_[i]) {  // trial replaces member if not worse
      std::copy_n(trial_x_.data() + i * d, d, pop_x_.data() + i * d);
      pop_arch_[i] = a;
      pop_value_[i] = v;
    }
  }
  ++generation_;
  make_trials(ctx);
}

std::optional<Trial> DifferentialEvolution::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  memo_.ensure(space);
  if (!started_) {
    started_ = true;
    dims_ = space.num_variables();
    const std::size_t n = population_size_;
    pop_x_.assign(n * dims_, 0.0);
    pop_arch_.assign(n, 0);
    pop_value_.assign(n, 0.0);
    trial_x_.assign(n * dims_, 0.0);
    trial_arch_.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      double* t = trial_x_.data() + i * dims_;
      for (std::size_t v = 0; v < dims_; ++v) t[v] = ctx.rng().uniform01();
      const ArchId a = map(space, t);
      trial_arch_[i] = a;
      if (!memo_.requested(a)) {
        memo_.mark_requested(a);
        queue_.push_back(a);
      }
    }
  }
  for (int pass = 0; pass <= 2 * model_free::kMaxFreeGenerations + 2; ++pass) {
    if (queue_pos_ < queue_.size()) return ctx.propose(queue_[queue_pos_++]);
    if (!batch_complete()) return std::nullopt;  // results pending
    if (memo_.exhausted()) return std::nullopt;
    complete_generation(ctx);
  }
  return std::nullopt;
}

void DifferentialEvolution::tell(const Observation& obs, SearchContext& ctx) {
  memo_.ensure(ctx.space());
  memo_.record(obs.trial.arch, model_free::objective_of(obs));
  if (started_ && batch_complete()) complete_generation(ctx);
}

}  // namespace tabnas
