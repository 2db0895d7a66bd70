#pragma once
/// @file Query layer: the value of an architecture under a seed policy, in O(1).
#include <cstdint>
#include <string>
#include <string_view>

#include "tabnas/eval/benchmark.hpp"

namespace tabnas {

/// How a query picks among the training runs (seeds) of an architecture.
enum class SeedPolicy {
  kMean,    ///< mean over the runs present
  kRandom,  ///< one run drawn from a stream derived from (run seed, fidelity, arch)
  kFixed,   ///< a fixed run slot (NaN where that run is missing)
};

/// Parses "mean", "random" or "fixed". @throws ConfigError listing the allowed values.
SeedPolicy parse_seed_policy(std::string_view text, const std::string& where);
/// Name of a policy.
std::string_view seed_policy_name(SeedPolicy p);

/// One query target: a loaded column plus its seed policy.
struct QueryTarget {
  const MetricColumn* column = nullptr;
  SeedPolicy policy = SeedPolicy::kMean;
  std::uint32_t fixed_run = 0;
};

/// Per-run query helper. Pure: the result depends only on (run seed, target, arch), never on
/// query order or on which algorithm asks. Thread-compatible: one per run.
class Evaluator {
 public:
  explicit Evaluator(std::uint64_t run_seed) noexcept : run_seed_(run_seed) {}

  /// Value of `arch` in the target column (NaN when the architecture has no value there).
  [[nodiscard]] double query(const QueryTarget& target, ArchId arch) const {
    // The seed-mean is the common case and an array read: inline; the others draw or scan.
    if (target.policy == SeedPolicy::kMean) return target.column->mean[arch];
    return query_runs(target, arch);
  }
  /// The run slot a kRandom query uses for `arch` (-1 when the arch has no runs).
  [[nodiscard]] int random_run(const MetricColumn& column, ArchId arch) const;

 private:
  /// query() for the kRandom and kFixed policies.
  [[nodiscard]] double query_runs(const QueryTarget& target, ArchId arch) const;
  std::uint64_t run_seed_;
};

}  // namespace tabnas
