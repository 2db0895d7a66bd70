#include "tabnas/search/algorithms/nsga2.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tabnas {

namespace {

constexpr int kOffspringAttempts = 64;

std::vector<double> sanitized(const std::vector<double>& objectives, std::size_t m) {
  std::vector<double> out(m, std::numeric_limits<double>::infinity());
  for (std::size_t k = 0; k < m && k < objectives.size(); ++k) {
    if (!std::isnan(objectives[k])) out[k] = objectives[k];
  }
  return out;
}

}  // namespace

AlgorithmInfo Nsga2::info() {
  AlgorithmInfo i;
  i.name = "nsga2";
  i.description =
      "NSGA-II: non-dominated sorting and crowding distance, binary tournament, "
      "uniform crossover and mutation, (mu + lambda) survival";
  i.citation =
      "Deb, Pratap, Agarwal & Meyarivan, A Fast and Elitist Multiobjective Genetic "
      "Algorithm: NSGA-II, IEEE TEC 6(2), 2002";
  i.deviation =
      "population 20 (paper: 100) for 150-query budgets; uniform crossover and "
      "per-variable resampling mutation over categorical variables (paper: SBX and "
      "polynomial mutation for reals); offspring never repeat an architecture";
  i.capabilities.multi_objective = true;
  i.params = {
      {"population_size", ParamType::kInt, 20, "population size mu = offspring per generation", 2,
       1e6},
      {"crossover_prob", ParamType::kDouble, 0.9, "probability of uniform crossover", 0.0, 1.0},
      {"mutation_prob", ParamType::kDouble, 0.0,
       "per-variable mutation probability (0 = 1/d, the paper's 1/n)", 0.0, 1.0}};
  i.make = [](const Params& p) { return std::make_unique<Nsga2>(p); };
  return i;
}

Nsga2::Nsga2(const Params& params)
    : population_size_(static_cast<std::size_t>(params.get_int("population_size"))),
      crossover_prob_(params.get_double("crossover_prob")),
      mutation_prob_param_(params.get_double("mutation_prob")) {}

std::vector<std::vector<std::size_t>> Nsga2::fast_non_dominated_sort(const PointSet& points) {
  const std::size_t n = points.size();
  const std::size_t m = points.dims;
  std::vector<std::vector<std::size_t>> dominated(n);  // S_p
  std::vector<std::size_t> count(n, 0);                // n_p
  for (std::size_t p = 0; p < n; ++p) {
    for (std::size_t q = p + 1; q < n; ++q) {
      if (dominates(points.point(p), points.point(q), m)) {
        dominated[p].push_back(q);
        ++count[q];
      } else if (dominates(points.point(q), points.point(p), m)) {
        dominated[q].push_back(p);
        ++count[p];
      }
    }
  }
  std::vector<std::vector<std::size_t>> fronts;
  std::vector<std::size_t> front;
  for (std::size_t p = 0; p < n; ++p) {
    if (count[p] == 0) front.push_back(p);
  }
  while (!front.empty()) {
    std::vector<std::size_t> next;
    for (const std::size_t p : front) {
      for (const std::size_t q : dominated[p]) {
        if (--count[q] == 0) next.push_back(q);
      }
    }
    std::sort(next.begin(), next.end());
    fronts.push_back(std::move(front));
    front = std::move(next);
  }
  return fronts;
}

std::vector<double> Nsga2::crowding_distance(const PointSet& points,
                                             const std::vector<std::size_t>& front) {
  const std::size_t n = front.size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> dist(n, 0.0);
  if (n <= 2) {
    std::fill(dist.begin(), dist.end(), inf);
    return dist;
  }
  std::vector<std::size_t> order(n);
  for (std::size_t k = 0; k < points.dims; ++k) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    const auto value = [&](std::size_t pos) { return points.point(front[pos])[k]; };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (value(a) != value(b)) return value(a) < value(b);
      return front[a] < front[b];
    });
    dist[order.front()] = inf;
    dist[order.back()] = inf;
    const double range = value(order.back()) - value(order.front());
    if (!(range > 0.0) || !std::isfinite(range)) continue;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      dist[order[i]] += (value(order[i + 1]) - value(order[i - 1])) / range;
    }
  }
  return dist;
}

void Nsga2::survive(std::vector<Member>& members, std::size_t keep) {
  if (members.empty()) return;
  PointSet ps;
  ps.dims = members.front().objectives.size();
  for (const Member& mem : members) {
    ps.values.insert(ps.values.end(), mem.objectives.begin(), mem.objectives.end());
  }
  const auto fronts = fast_non_dominated_sort(ps);
  for (std::size_t r = 0; r < fronts.size(); ++r) {
    const std::vector<double> cd = crowding_distance(ps, fronts[r]);
    for (std::size_t i = 0; i < fronts[r].size(); ++i) {
      members[fronts[r][i]].rank = r;
      members[fronts[r][i]].crowding = cd[i];
    }
  }
  if (keep >= members.size()) return;
  std::vector<Member> kept;
  kept.reserve(keep);
  for (const auto& f : fronts) {
    if (kept.size() + f.size() <= keep) {
      for (const std::size_t i : f) kept.push_back(members[i]);
      if (kept.size() == keep) break;
      continue;
    }
    std::vector<std::size_t> last(f.begin(), f.end());
    std::sort(last.begin(), last.end(), [&members](std::size_t a, std::size_t b) {
      if (members[a].crowding != members[b].crowding) {
        return members[a].crowding > members[b].crowding;
      }
      return members[a].trial < members[b].trial;
    });
    for (std::size_t i = 0; kept.size() < keep; ++i) kept.push_back(members[last[i]]);
    break;
  }
  members = std::move(kept);
}

const Nsga2::Member& Nsga2::tournament(Rng& rng) const {
  const std::size_t n = population_.size();
  if (n == 1) return population_.front();
  const std::size_t i = rng.uniform_index(n);
  std::size_t j = rng.uniform_index(n - 1);
  if (j >= i) ++j;
  const Member& a = population_[i];
  const Member& b = population_[j];
  if (a.rank != b.rank) return a.rank < b.rank ? a : b;
  if (a.crowding != b.crowding) return a.crowding > b.crowding ? a : b;
  return a.trial < b.trial ? a : b;
}

std::optional<ArchId> Nsga2::make_offspring(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  Rng& rng = ctx.rng();
  const std::size_t d = space.num_variables();
  for (int attempt = 0; attempt < kOffspringAttempts; ++attempt) {
    const Member& p1 = tournament(rng);
    const Member& p2 = tournament(rng);
    space.decode(p1.arch, a_);
    space.decode(p2.arch, b_);
    if (rng.uniform01() < crossover_prob_) {
      for (std::size_t v = 0; v < d; ++v) {
        if (rng.uniform01() < 0.5) a_[v] = b_[v];
      }
    }
    for (std::size_t v = 0; v < d; ++v) {
      const std::size_t c = space.num_choices(v);
      if (c < 2 || !(rng.uniform01() < mutation_prob_)) continue;
      const auto k = static_cast<std::uint8_t>(rng.uniform_index(c - 1));
      a_[v] = k >= a_[v] ? static_cast<std::uint8_t>(k + 1) : k;
    }
    const ArchId child = space.encode(a_);
    if (!requested_.contains(child)) return child;
  }
  return requested_.random_missing(space, rng);
}

std::optional<Trial> Nsga2::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  if (!initialised_) {
    initialised_ = true;
    requested_.ensure(space);
    const std::size_t d = space.num_variables();
    a_.resize(d);
    b_.resize(d);
    mutation_prob_ = mutation_prob_param_ > 0.0
                         ? mutation_prob_param_
                         : 1.0 / static_cast<double>(std::max<std::size_t>(d, 1));
    target_ = population_size_;
  }
  if (issued_ >= target_) return std::nullopt;  // the generation's results are pending
  const std::optional<ArchId> a =
      population_.empty() ? requested_.random_missing(space, ctx.rng()) : make_offspring(ctx);
  if (!a) {
    target_ = issued_;  // every architecture was requested: the generation closes
    return std::nullopt;
  }
  requested_.insert(*a);
  ++issued_;
  return ctx.propose(*a);
}

void Nsga2::tell(const Observation& obs, SearchContext& ctx) {
  Member m;
  m.arch = obs.trial.arch;
  m.trial = obs.trial.id;
  m.objectives = sanitized(obs.objectives, std::max<std::size_t>(ctx.num_objectives(), 1));
  offspring_.push_back(std::move(m));
  if (offspring_.size() < target_ || issued_ < target_) return;
  // The generation is complete: (mu + lambda) survival.
  std::vector<Member> merged = std::move(population_);
  merged.insert(merged.end(), std::make_move_iterator(offspring_.begin()),
                std::make_move_iterator(offspring_.end()));
  survive(merged, population_size_);
  population_ = std::move(merged);
  offspring_.clear();
  issued_ = 0;
  target_ = population_size_;
  ++generation_;
}

}  // namespace tabnas
