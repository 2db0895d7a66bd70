#include "tabnas/search/algorithms/mo_regularized_evolution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tabnas/run/pareto.hpp"
#include "tabnas/search/algorithms/nsga2.hpp"

namespace tabnas {

AlgorithmInfo MoRegularizedEvolution::info() {
  AlgorithmInfo i;
  i.name = "mo_regularized_evolution";
  i.description =
      "multi-objective aging evolution: tournament by non-domination rank, then "
      "crowding distance; one-variable mutation; oldest dies";
  i.citation =
      "Real, Aggarwal, Huang & Le, Regularized Evolution for Image Classifier "
      "Architecture Search, AAAI 2019; multi-objective variant of syne-tune "
      "(Salinas, Perrone, Archambeau & Cruchant, NAS workshop at ICLR 2021)";
  i.deviation =
      "ties within a front by crowding distance (syne-tune: epsilon-net); "
      "defaults population 20 / sample 5 (syne-tune: 100 / 10) for 150-query budgets";
  i.capabilities.multi_objective = true;
  i.params = {{"population_size", ParamType::kInt, 20, "population size P", 2, 1e6},
              {"sample_size", ParamType::kInt, 5, "tournament size S (<= P)", 1, 1e6}};
  i.make = [](const Params& p) { return std::make_unique<MoRegularizedEvolution>(p); };
  return i;
}

MoRegularizedEvolution::MoRegularizedEvolution(const Params& params)
    : population_size_(static_cast<std::size_t>(params.get_int("population_size"))),
      sample_size_(static_cast<std::size_t>(params.get_int("sample_size"))) {
  if (sample_size_ > population_size_) sample_size_ = population_size_;
}

void MoRegularizedEvolution::rank_population() {
  const std::size_t n = population_.size();
  rank_.assign(n, 0);
  crowding_.assign(n, 0.0);
  if (n == 0) return;
  PointSet ps;
  ps.dims = population_.front().objectives.size();
  for (const Member& m : population_) {
    ps.values.insert(ps.values.end(), m.objectives.begin(), m.objectives.end());
  }
  const auto fronts = Nsga2::fast_non_dominated_sort(ps);
  for (std::size_t r = 0; r < fronts.size(); ++r) {
    const std::vector<double> cd = Nsga2::crowding_distance(ps, fronts[r]);
    for (std::size_t i = 0; i < fronts[r].size(); ++i) {
      rank_[fronts[r][i]] = r;
      crowding_[fronts[r][i]] = cd[i];
    }
  }
  ranks_valid_ = true;
}

std::optional<Trial> MoRegularizedEvolution::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  if (proposed_ < population_size_ || population_.empty()) {
    ++proposed_;
    return ctx.propose(space.sample(ctx.rng()));
  }
  if (!ranks_valid_) rank_population();
  const std::size_t n = population_.size();
  if (scratch_.size() != n) {
    scratch_.resize(n);
    for (std::size_t i = 0; i < n; ++i) scratch_[i] = i;
  }
  const std::size_t s = std::min(sample_size_, n);
  std::size_t best = n;
  for (std::size_t k = 0; k < s; ++k) {
    const std::size_t j = k + ctx.rng().uniform_index(n - k);
    std::swap(scratch_[k], scratch_[j]);
    const std::size_t c = scratch_[k];
    const bool better =
        best == n || rank_[c] < rank_[best] ||
        (rank_[c] == rank_[best] &&
         (crowding_[c] > crowding_[best] ||
          (crowding_[c] == crowding_[best] && population_[c].trial < population_[best].trial)));
    if (better) best = c;
  }
  ++proposed_;
  return ctx.propose(space.mutate(population_[best].arch, ctx.rng()));
}

void MoRegularizedEvolution::tell(const Observation& obs, SearchContext& ctx) {
  Member m;
  m.arch = obs.trial.arch;
  m.trial = obs.trial.id;
  const std::size_t k = std::max<std::size_t>(ctx.num_objectives(), 1);
  m.objectives.assign(k, std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < k && i < obs.objectives.size(); ++i) {
    if (!std::isnan(obs.objectives[i])) m.objectives[i] = obs.objectives[i];
  }
  population_.push_back(std::move(m));
  if (population_.size() > population_size_) population_.pop_front();
  ranks_valid_ = false;
}

}  // namespace tabnas
