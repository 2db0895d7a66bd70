#pragma once
/// @file Internal helpers shared by the constrained algorithms (constrained_random_search,
/// constrained_evolution, lagrangian_search, mnas_reward): bounded rejection sampling of
/// feasible architectures with an exact fallback, and signed constraint values.
/// Implementation detail: not part of the stable API.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "tabnas/core/errors.hpp"
#include "tabnas/search/search_context.hpp"

namespace tabnas::constrained {

/// Default cap on rejection draws per proposal.
inline constexpr long long kDefaultMaxDraws = 10000;

/// True when `arch` is neither infeasible nor excluded.
inline bool acceptable(const SearchContext& ctx, ArchId arch, const std::vector<bool>* excluded) {
  return (excluded == nullptr || !(*excluded)[arch]) && ctx.feasible(arch);
}

/// A uniformly random feasible architecture that is not in `excluded` (a per-arch mask, or
/// null). Draws up to `max_draws` uniform samples and keeps the first acceptable one; when
/// all are rejected, lists the acceptable architectures in index order and draws one of them
/// uniformly (so the result is uniform over the acceptable set either way). nullopt when no
/// architecture is acceptable.
inline std::optional<ArchId> sample_feasible(SearchContext& ctx, std::uint64_t max_draws,
                                             const std::vector<bool>* excluded) {
  const SearchSpace& space = ctx.space();
  for (std::uint64_t k = 0; k < max_draws; ++k) {
    const ArchId a = space.sample(ctx.rng());
    if (acceptable(ctx, a, excluded)) return a;
  }
  std::vector<ArchId> candidates;
  for (ArchId a = 0; a < space.size(); ++a) {
    if (acceptable(ctx, a, excluded)) candidates.push_back(a);
  }
  if (candidates.empty()) return std::nullopt;
  return candidates[ctx.rng().uniform_index(candidates.size())];
}

/// True when at least one architecture of the space is feasible (O(space size)).
inline bool any_feasible(const SearchContext& ctx) {
  for (ArchId a = 0; a < ctx.space().size(); ++a) {
    if (ctx.feasible(a)) return true;
  }
  return false;
}

/// The ConfigError of an algorithm whose constraints admit no architecture at all.
[[noreturn]] inline void throw_no_feasible(const SearchContext& ctx, const std::string& algorithm) {
  std::string names;
  for (const auto& c : ctx.constraints()) {
    names += (names.empty() ? "" : ", ") + c.name + " <= " + std::to_string(c.max);
  }
  throw ConfigError(algorithm + ": no architecture of the " + std::string(ctx.space().name()) +
                    " space satisfies the constraints (" + names +
                    "); raise the constraint's max in $.constraints");
}

/// Signed relative constraint value g(arch): the relative violation ctx.violation(arch) (> 0)
/// when some constraint is violated; otherwise minus the relative slack of the tightest
/// constraint, max_k (value_k - max_k) / |max_k| (<= 0; 0 without constraints). +inf when a
/// value is missing. g <= 0 exactly when `arch` is feasible.
inline double signed_constraint_value(const SearchContext& ctx, ArchId arch) {
  const double violation = ctx.violation(arch);
  if (violation > 0.0 || ctx.constraints().empty()) return violation;
  double g = -std::numeric_limits<double>::infinity();
  for (const auto& c : ctx.constraints()) {
    const double scale = c.max != 0.0 ? std::abs(c.max) : 1.0;
    g = std::max(g, ((*c.values)[arch] - c.max) / scale);
  }
  return g;
}

}  // namespace tabnas::constrained
