#include "tabnas/search/algorithm_registry.hpp"

#include "tabnas/core/errors.hpp"
#include "tabnas/search/algorithms/asha.hpp"
#include "tabnas/search/algorithms/bananas.hpp"
#include "tabnas/search/algorithms/bo_gp.hpp"
#include "tabnas/search/algorithms/bohb.hpp"
#include "tabnas/search/algorithms/constrained_evolution.hpp"
#include "tabnas/search/algorithms/constrained_random_search.hpp"
#include "tabnas/search/algorithms/dehb.hpp"
#include "tabnas/search/algorithms/differential_evolution.hpp"
#include "tabnas/search/algorithms/genetic_algorithm.hpp"
#include "tabnas/search/algorithms/hill_climbing.hpp"
#include "tabnas/search/algorithms/hyperband.hpp"
#include "tabnas/search/algorithms/lagrangian_search.hpp"
#include "tabnas/search/algorithms/local_search.hpp"
#include "tabnas/search/algorithms/mnas_reward.hpp"
#include "tabnas/search/algorithms/mo_random_search.hpp"
#include "tabnas/search/algorithms/mo_regularized_evolution.hpp"
#include "tabnas/search/algorithms/npenas.hpp"
#include "tabnas/search/algorithms/nsga2.hpp"
#include "tabnas/search/algorithms/parego.hpp"
#include "tabnas/search/algorithms/pbil.hpp"
#include "tabnas/search/algorithms/random_search.hpp"
#include "tabnas/search/algorithms/regularized_evolution.hpp"
#include "tabnas/search/algorithms/reinforce.hpp"
#include "tabnas/search/algorithms/simulated_annealing.hpp"
#include "tabnas/search/algorithms/smac_rf.hpp"
#include "tabnas/search/algorithms/successive_halving.hpp"
#include "tabnas/search/algorithms/tpe.hpp"

namespace tabnas {

const std::vector<AlgorithmInfo>& algorithm_registry() {
  static const std::vector<AlgorithmInfo> kRegistry = {
      RandomSearch::info(),
      RegularizedEvolution::info(),
      LocalSearch::info(),
      HillClimbing::info(),
      SimulatedAnnealing::info(),
      GeneticAlgorithm::info(),
      Reinforce::info(),
      Pbil::info(),
      DifferentialEvolution::info(),
      Tpe::info(),
      BoGp::info(),
      SmacRf::info(),
      Bananas::info(),
      Npenas::info(),
      SuccessiveHalving::info(),
      Hyperband::info(),
      Bohb::info(),
      Asha::info(),
      Dehb::info(),
      Nsga2::info(),
      MoRegularizedEvolution::info(),
      MoRandomSearch::info(),
      Parego::info(),
      ConstrainedRandomSearch::info(),
      ConstrainedEvolution::info(),
      LagrangianSearch::info(),
      MnasReward::info(),
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
