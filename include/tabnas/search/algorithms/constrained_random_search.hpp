#pragma once
/// @file Constrained random search: random search (Bergstra & Bengio, JMLR 2012; Li &
/// Talwalkar, UAI 2019) that rejects infeasible architectures before they are evaluated, as
/// the constrained sampling of Cai, Gan, Wang, Zhang & Han, "Once-for-All: Train One Network
/// and Specialize it for Efficient Deployment", ICLR 2020 (its search re-draws random
/// sub-networks until the efficiency constraint holds, without a bound).
#include <cstdint>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"

namespace tabnas {

/// Samples architectures uniformly from the FEASIBLE set (SearchContext::feasible; look-ups
/// are free, so rejected candidates cost no budget). Each proposal draws up to `max_draws`
/// uniform candidates and keeps the first feasible one (not proposed before, with `dedup`);
/// when all are rejected it lists the remaining feasible architectures and draws one of them
/// uniformly, so proposals are uniform over the feasible set either way and the loop is
/// bounded. ask() returns nullopt once every feasible architecture was proposed (`dedup`).
/// Without constraints it is plain random search.
/// @throws ConfigError (from ask) when no architecture satisfies the constraints.
class ConstrainedRandomSearch final : public Algorithm {
 public:
  explicit ConstrainedRandomSearch(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

 private:
  bool dedup_;
  std::uint64_t max_draws_;
  std::vector<bool> seen_;
};

}  // namespace tabnas
