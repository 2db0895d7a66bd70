#include "tabnas/eval/evaluator.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>

#include "tabnas/core/errors.hpp"
#include "tabnas/core/rng.hpp"

namespace tabnas {

SeedPolicy parse_seed_policy(std::string_view text, const std::string& where) {
  if (text == "mean") return SeedPolicy::kMean;
  if (text == "random") return SeedPolicy::kRandom;
  if (text == "fixed") return SeedPolicy::kFixed;
  throw ConfigError(where + ": unknown seed policy '" + std::string(text) +
                    "' (allowed: mean, random, fixed)");
}

std::string_view seed_policy_name(SeedPolicy p) {
  switch (p) {
    case SeedPolicy::kMean:
      return "mean";
    case SeedPolicy::kRandom:
      return "random";
    case SeedPolicy::kFixed:
      return "fixed";
  }
  return "?";
}

int Evaluator::random_run(const MetricColumn& column, ArchId arch) const {
  const std::uint8_t present = column.count[arch];
  if (present == 0) return -1;
  // Stream derived from (run seed, fidelity, arch): the same arch gets the same run in one
  // experiment run whichever algorithm asks and in whatever order.
  SplitMix64 engine(derive_seed(run_seed_, column.key.fidelity, arch));
  boost::random::uniform_int_distribution<std::uint32_t> dist(0, present - 1U);
  std::uint32_t k = dist(engine);
  for (std::uint32_t r = 0; r < column.max_runs; ++r) {
    if (std::isnan(column.value(arch, r))) continue;
    if (k == 0) return static_cast<int>(r);
    --k;
  }
  return -1;
}

double Evaluator::query_runs(const QueryTarget& target, ArchId arch) const {
  const MetricColumn& c = *target.column;
  switch (target.policy) {
    case SeedPolicy::kMean:
      return c.mean[arch];
    case SeedPolicy::kRandom: {
      if (c.max_runs == 1) return c.values[arch];
      const int r = random_run(c, arch);
      return r < 0 ? std::numeric_limits<double>::quiet_NaN()
                   : c.value(arch, static_cast<std::uint32_t>(r));
    }
    case SeedPolicy::kFixed:
      if (target.fixed_run >= c.max_runs) return std::numeric_limits<double>::quiet_NaN();
      return c.value(arch, target.fixed_run);
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace tabnas
