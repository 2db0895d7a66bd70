#include "tabnas/search/algorithms/regularized_evolution.hpp"

namespace tabnas {

AlgorithmInfo RegularizedEvolution::info() {
  AlgorithmInfo i;
  i.name = "regularized_evolution";
  i.description = "aging evolution: tournament selection, one-edge mutation, oldest dies";
  i.citation =
      "Real, Aggarwal, Huang & Le, Regularized Evolution for Image Classifier "
      "Architecture Search, AAAI 2019";
  i.deviation =
      "defaults from NATS-Bench (population 10, sample 3) instead of the paper's "
      "(100, 25), which suit 20k-model budgets";
  i.params = {{"population_size", ParamType::kInt, 10, "population size P", 2, 1e6},
              {"sample_size", ParamType::kInt, 3, "tournament size S (<= P)", 1, 1e6}};
  i.make = [](const Params& p) { return std::make_unique<RegularizedEvolution>(p); };
  return i;
}

RegularizedEvolution::RegularizedEvolution(const Params& params)
    : population_size_(static_cast<std::size_t>(params.get_int("population_size"))),
      sample_size_(static_cast<std::size_t>(params.get_int("sample_size"))) {
  if (sample_size_ > population_size_) sample_size_ = population_size_;
  members_.reserve(population_size_);
}

std::vector<RegularizedEvolution::Member> RegularizedEvolution::population() const {
  std::vector<Member> out;
  for (std::size_t k = 0; k < members_.size(); ++k) out.push_back(member(k));
  return out;
}

std::optional<Trial> RegularizedEvolution::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  if (proposed_ < population_size_ || members_.empty()) {
    ++proposed_;
    return ctx.make_trial(space.sample(ctx.rng()));
  }
  // Tournament: sample_size distinct members by a partial Fisher-Yates pass over a persistent
  // arrangement of the indices 0..n-1 (any arrangement gives a uniform sample; refilled only
  // when the population size changes).
  const std::size_t n = members_.size();
  if (scratch_.size() != n) {
    scratch_.resize(n);
    for (std::size_t i = 0; i < n; ++i) scratch_[i] = i;
  }
  const std::size_t s = std::min(sample_size_, n);
  std::size_t best = n;
  for (std::size_t k = 0; k < s; ++k) {
    const std::size_t j = k + ctx.rng().uniform_index(n - k);
    std::swap(scratch_[k], scratch_[j]);
    const std::size_t cand = scratch_[k];
    if (best == n || member(cand).objective < member(best).objective ||
        (member(cand).objective == member(best).objective && cand < best)) {
      best = cand;
    }
  }
  ++proposed_;
  return ctx.make_trial(space.mutate(member(best).arch, ctx.rng()));
}

void RegularizedEvolution::tell(const Observation& obs, SearchContext& /*ctx*/) {
  const Member m{obs.trial.arch, obs.objectives.at(0)};
  if (members_.size() < population_size_) {
    members_.push_back(m);
    return;
  }
  members_[oldest_] = m;  // the oldest member dies
  oldest_ = oldest_ + 1 == members_.size() ? 0 : oldest_ + 1;
}

}  // namespace tabnas
