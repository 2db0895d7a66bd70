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
      sample_size_(static_cast<std::size_t>(params.get_int("sample_size"))),
      members_(population_size_) {
  if (sample_size_ > population_size_) sample_size_ = population_size_;
}

std::vector<RegularizedEvolution::Member> RegularizedEvolution::population() const {
  return members_.in_age_order();
}

}  // namespace tabnas
