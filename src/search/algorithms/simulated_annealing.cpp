#include "tabnas/search/algorithms/simulated_annealing.hpp"

#include <cmath>

namespace tabnas {

namespace {
/// Neighbours drawn per ask() before falling back to a scan of the whole neighbourhood.
constexpr int kMaxDraws = 64;
}  // namespace

AlgorithmInfo SimulatedAnnealing::info() {
  AlgorithmInfo i;
  i.name = "simulated_annealing";
  i.description = "simulated annealing: one-edit moves, Metropolis acceptance, geometric cooling";
  i.citation =
      "Kirkpatrick, Gelatt & Vecchi, Optimization by Simulated Annealing, Science 220, "
      "1983; T0 from the cost's standard deviation as in White, Concepts of scale in "
      "simulated annealing, AIP Conf. Proc. 122, 1984";
  i.deviation =
      "geometric cooling after every evaluated proposal instead of per temperature "
      "plateau; evaluated architectures are reused at no cost; restart from a random "
      "architecture when every neighbour of the current one was evaluated";
  i.params = {{"initial_temperature", ParamType::kDouble, 0.0,
               "T0 in objective units; 0 = standard deviation of the initial sample", 0.0, 1e300},
              {"cooling_rate", ParamType::kDouble, 0.95,
               "geometric cooling factor applied after every evaluated proposal", 1e-9, 1.0},
              {"num_init", ParamType::kInt, 10,
               "random architectures evaluated first (start = best; they set T0)", 1, 1e6}};
  i.make = [](const Params& p) { return std::make_unique<SimulatedAnnealing>(p); };
  return i;
}

SimulatedAnnealing::SimulatedAnnealing(const Params& params)
    : initial_temperature_(params.get_double("initial_temperature")),
      cooling_rate_(params.get_double("cooling_rate")),
      num_init_(static_cast<std::size_t>(params.get_int("num_init"))) {}

void SimulatedAnnealing::start(SearchContext& /*ctx*/) {
  ArchId best = init_.front();
  for (const ArchId a : init_) {
    if (model_free::better(memo_.value(a), a, memo_.value(best), best)) best = a;
  }
  current_ = best;
  current_value_ = memo_.value(best);
  have_current_ = true;
  if (initial_temperature_ > 0.0) {
    temperature_ = initial_temperature_;
    return;
  }
  // Sample standard deviation of the finite initial objectives (fixed-order sums).
  double sum = 0.0;
  std::size_t n = 0;
  for (const ArchId a : init_) {
    if (std::isfinite(memo_.value(a))) {
      sum += memo_.value(a);
      ++n;
    }
  }
  double sd = 0.0;
  if (n >= 2) {
    const double mean = sum / static_cast<double>(n);
    double ss = 0.0;
    for (const ArchId a : init_) {
      if (std::isfinite(memo_.value(a))) ss += (memo_.value(a) - mean) * (memo_.value(a) - mean);
    }
    sd = std::sqrt(ss / static_cast<double>(n - 1));
  }
  temperature_ = (sd > 0.0 && std::isfinite(sd)) ? sd : 1.0;
}

void SimulatedAnnealing::consider(ArchId arch, double value, SearchContext& ctx) {
  if (value <= current_value_) {  // not worse: always accepted (also +inf vs +inf)
    current_ = arch;
    current_value_ = value;
    return;
  }
  if (!std::isfinite(value)) return;  // a missing value is never accepted over a known one
  const double delta = value - current_value_;
  const double p = temperature_ > 0.0 ? std::exp(-delta / temperature_) : 0.0;
  const double u = ctx.rng().uniform01();
  if (u < p) {
    current_ = arch;
    current_value_ = value;
    ++worse_accepted_;
  }
}

std::optional<Trial> SimulatedAnnealing::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  memo_.ensure(space);
  if (!init_drawn_) {
    init_drawn_ = true;
    for (std::size_t k = 0; k < num_init_; ++k) {
      const std::optional<ArchId> a = memo_.random_unrequested(space, ctx.rng());
      if (!a) break;
      memo_.mark_requested(*a);
      init_.push_back(*a);
    }
  }
  if (init_proposed_ < init_.size()) return ctx.propose(init_[init_proposed_++]);
  // Waiting for the initial sample or a restart point (or nothing left at all).
  if (!have_current_ || restart_pending_) return std::nullopt;
  for (int k = 0; k < kMaxDraws; ++k) {
    const ArchId y = space.mutate(current_, ctx.rng());
    if (!memo_.requested(y)) {
      memo_.mark_requested(y);
      return ctx.propose(y);
    }
    if (memo_.known(y)) consider(y, memo_.value(y), ctx);  // free Metropolis step
  }
  // Many draws hit requested neighbours: scan the neighbourhood.
  space.neighbours(current_, scratch_);
  bool any_pending = false;
  std::size_t n_free = 0;
  for (const ArchId a : scratch_) {
    if (!memo_.requested(a)) {
      scratch_[n_free++] = a;
    } else if (!memo_.known(a)) {
      any_pending = true;
    }
  }
  if (n_free > 0) {
    const ArchId y = scratch_[ctx.rng().uniform_index(n_free)];
    memo_.mark_requested(y);
    return ctx.propose(y);
  }
  if (any_pending) return std::nullopt;
  const std::optional<ArchId> r = memo_.random_unrequested(space, ctx.rng());
  if (!r) return std::nullopt;  // every architecture was requested
  restart_pending_ = true;
  ++restarts_;
  restart_ = *r;
  memo_.mark_requested(restart_);
  return ctx.propose(restart_);
}

void SimulatedAnnealing::tell(const Observation& obs, SearchContext& ctx) {
  memo_.ensure(ctx.space());
  const ArchId a = obs.trial.arch;
  const double v = model_free::objective_of(obs);
  memo_.record(a, v);
  if (!have_current_) {
    if (init_proposed_ < init_.size()) return;
    for (const ArchId b : init_) {
      if (!memo_.known(b)) return;
    }
    start(ctx);
    return;
  }
  if (restart_pending_ && a == restart_) {
    restart_pending_ = false;
    current_ = a;
    current_value_ = memo_.value(a);
  } else {
    consider(a, memo_.value(a), ctx);
  }
  temperature_ *= cooling_rate_;
}

}  // namespace tabnas
