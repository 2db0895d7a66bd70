#pragma once
/// @file Checks every surrogate algorithm must pass (determinism, valid proposals, parallel
/// asks, registry entry). Include after catch.hpp.
#include <catch2/catch.hpp>
#include <string>

#include "surrogate_test_support.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::test {

inline void check_registry_entry(const std::string& name) {
  const AlgorithmInfo& info = find_algorithm(name, "test");
  CHECK(info.name == name);
  CHECK_FALSE(info.description.empty());
  CHECK_FALSE(info.citation.empty());
  CHECK_FALSE(info.deviation.empty());
  CHECK_FALSE(info.capabilities.multi_objective);
  CHECK_FALSE(info.capabilities.multi_fidelity);
  // Defaults parse; unknown keys are rejected.
  CHECK_NOTHROW(Params(name, info.params, nullptr, "test"));
  CHECK_THROWS_AS(Params(name, info.params, nlohmann::json{{"no_such_param", 1}}, "test"),
                  ConfigError);
}

/// Same seed -> identical proposals; another seed -> different; all valid and distinct.
inline void check_determinism_and_validity(const std::string& name, const nlohmann::json& params,
                                           std::size_t budget) {
  const SearchSpace& space = toy_nb201_space();
  auto a1 = make_algorithm(name, params);
  auto a2 = make_algorithm(name, params);
  auto a3 = make_algorithm(name, params);
  const LoopResult r1 = run_loop(*a1, space, budget, 7);
  const LoopResult r2 = run_loop(*a2, space, budget, 7);
  const LoopResult r3 = run_loop(*a3, space, budget, 8);
  REQUIRE(r1.proposals.size() == budget);
  CHECK(r1.proposals == r2.proposals);
  CHECK(r1.best == r2.best);
  CHECK(r1.proposals != r3.proposals);
  CHECK(valid_and_distinct(r1.proposals, space));
  CHECK(valid_and_distinct(r3.proposals, space));
}

/// Four simulated workers: asks before tells still give distinct, deterministic proposals.
inline void check_parallel_workers(const std::string& name, const nlohmann::json& params,
                                   std::size_t budget) {
  const SearchSpace& space = toy_nb201_space();
  auto a1 = make_algorithm(name, params);
  auto a2 = make_algorithm(name, params);
  const LoopResult r1 = run_loop(*a1, space, budget, 11, 4);
  const LoopResult r2 = run_loop(*a2, space, budget, 11, 4);
  REQUIRE(r1.proposals.size() == budget);
  CHECK(r1.proposals == r2.proposals);
  CHECK(valid_and_distinct(r1.proposals, space));
}

}  // namespace tabnas::test
