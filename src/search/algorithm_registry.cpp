#include "tabnas/search/algorithm_registry.hpp"

#include "tabnas/core/errors.hpp"
#include "tabnas/search/algorithms/local_search.hpp"
#include "tabnas/search/algorithms/random_search.hpp"
#include "tabnas/search/algorithms/regularized_evolution.hpp"

namespace tabnas {

const std::vector<AlgorithmInfo>& algorithm_registry() {
  static const std::vector<AlgorithmInfo> kRegistry = {
      RandomSearch::info(),
      RegularizedEvolution::info(),
      LocalSearch::info(),
  };
  return kRegistry;
}

const AlgorithmInfo& find_algorithm(const std::string& name, const std::string& where) {
  for (const auto& a : algorithm_registry()) {
    if (a.name == name) return a;
  }
  std::string names;
  for (const auto& a : algorithm_registry()) names += (names.empty() ? "" : ", ") + a.name;
  throw ConfigError(where + ": unknown algorithm '" + name + "' (registered: " + names + ")");
}

}  // namespace tabnas
