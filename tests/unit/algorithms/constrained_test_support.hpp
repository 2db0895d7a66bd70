#pragma once
/// @file Test support for the constrained algorithms: a driver that plays the runner with
/// constraints on a toy space, and the pixel3-constrained NB201 experiment used by the
/// runner-level tests.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model_free_test_support.hpp"
#include "tabnas/app/arch_scalars.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/run/runner.hpp"
#include "unit/hw/hw_test_support.hpp"

namespace tabnas::test {

/// A toy "latency": the sum of the choices of every variable (0 .. sum(k-1)), as a double.
inline std::vector<double> toy_latency(const ToySpace& space) {
  std::vector<double> v(space.size());
  for (ArchId a = 0; a < space.size(); ++a) {
    double s = 0.0;
    for (const auto c : space.choices(a)) s += c;
    v[a] = s;
  }
  return v;
}

struct ConstrainedDrive {
  std::vector<ArchId> archs;  ///< proposals in ask order
  bool ended_early = false;   ///< ask returned nullopt before the budget
};

/// Plays the runner serially with one constraint `values[a] <= max`: ask, evaluate f, tell.
/// `after_tell` sees the context after each tell.
inline ConstrainedDrive drive_constrained(
    Algorithm& algo, const SearchSpace& space, const Objective& f,
    const std::vector<double>* values, double max, std::size_t budget, std::uint64_t seed,
    const std::function<void(const Observation&, SearchContext&)>& after_tell = {}) {
  Rng rng(seed);
  SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 1, 1, budget);
  if (values != nullptr) ctx.set_constraints({ArchConstraint{"toy_latency", values, max}});
  ConstrainedDrive r;
  while (r.archs.size() < budget) {
    const std::optional<Trial> t = algo.ask(ctx);
    if (!t) {
      r.ended_early = true;
      break;
    }
    REQUIRE(t->arch < space.size());
    r.archs.push_back(t->arch);
    Observation obs;
    obs.trial = *t;
    obs.objectives.assign(1, f(t->arch));
    algo.tell(obs, ctx);
    if (after_tell) after_tell(obs, ctx);
  }
  return r;
}

/// The median pixel3 latency of NB201 (HELP, 15625 values; the 7813th smallest), the
/// constraint of experiments/constrained_pixel3.json.
inline constexpr double kPixel3Median = 10.675600000000001;

/// The constrained_pixel3 experiment (search hp12 valid, report hp200 valid, cifar10-valid,
/// pixel3 latency <= median) with `algorithms`, `seeds` and `queries`.
inline ExperimentSpec pixel3_spec(const nlohmann::json& algorithms, const std::vector<int>& seeds,
                                  std::uint64_t queries) {
  nlohmann::ordered_json j = {
      {"name", "constrained_pixel3_test"},
      {"benchmark", "nb201"},
      {"dataset", "cifar10-valid"},
      {"search", {{"split", "valid"}, {"fidelity", "hp12"}}},
      {"report", {{"split", "valid"}, {"fidelity", "hp200"}}},
      {"budget", {{"queries", queries}}},
      {"constraints",
       {{{"kind", "hw"}, {"device", "pixel3"}, {"metric", "latency"}, {"max", kPixel3Median}}}},
      {"seeds", seeds},
      {"algorithms", algorithms}};
  return ExperimentSpec::from_json(j, "test");
}

/// The NB201 benchmark with the hardware tables the spec's constraints need (store with
/// `tabnas import hw-default`).
inline std::shared_ptr<const Benchmark> pixel3_benchmark(const ExperimentSpec& spec) {
  Store store(hw::hw_default_store_path(), Store::Mode::kRead);
  auto space = make_space("nb201", store.arch_strings("nb201"));
  return Benchmark::load(store, "nb201", space, Runner::needed_columns(spec),
                         build_arch_scalars(store, "nb201", *space, spec));
}

}  // namespace tabnas::test
