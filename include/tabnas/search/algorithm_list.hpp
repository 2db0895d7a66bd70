#pragma once
/// @file The registered algorithm classes, in registration order: the one list that both the
/// registry (names, parameters, factories: algorithm_registry.cpp) and the runner (one search
/// loop compiled per algorithm: runner.cpp) are built from. To add an algorithm, include its
/// header here and append its class to RegisteredAlgorithms.
#include <cstddef>

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

/// A list of algorithm classes. Each has `static AlgorithmInfo info()` and a constructor from
/// its validated `Params`.
template <typename... A>
struct AlgorithmTypes {
  static constexpr std::size_t kSize = sizeof...(A);
};

using RegisteredAlgorithms =
    AlgorithmTypes<RandomSearch, RegularizedEvolution, LocalSearch, HillClimbing,
                   SimulatedAnnealing, GeneticAlgorithm, Reinforce, Pbil, DifferentialEvolution,
                   Tpe, BoGp, SmacRf, Bananas, Npenas, SuccessiveHalving, Hyperband, Bohb, Asha,
                   Dehb, Nsga2, MoRegularizedEvolution, MoRandomSearch, Parego,
                   ConstrainedRandomSearch, ConstrainedEvolution, LagrangianSearch, MnasReward>;

}  // namespace tabnas
