#pragma once
/// @file Regularized (aging) evolution: Real, Aggarwal, Huang & Le, "Regularized Evolution for
/// Image Classifier Architecture Search", AAAI 2019.
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/aging_population.hpp"

namespace tabnas {

/// Population of the `population_size` most recent architectures. The first population_size
/// proposals are random; afterwards each proposal mutates the best of `sample_size` members
/// drawn uniformly without replacement, and every new result evicts the OLDEST member.
/// Defaults are NATS-Bench's (population 10, sample 3). Ties in the tournament go to the
/// older member (deterministic).
class RegularizedEvolution final : public Algorithm {
 public:
  explicit RegularizedEvolution(const Params& params);
  static AlgorithmInfo info();
  // ask and tell are defined in this header so the runner's loop for this class inlines them.
  [[gnu::always_inline]] std::optional<Trial> ask(SearchContext& ctx) override {
    const SearchSpace& space = ctx.space();
    if (proposed_ < population_size_ || members_.empty()) {
      ++proposed_;
      return ctx.propose(space.sample(ctx.rng()));
    }
    const std::size_t best =
        members_.tournament(ctx.rng(), sample_size_, [](const Member& m) { return m.objective; });
    ++proposed_;
    return ctx.propose(space.mutate(members_.at(best).arch, ctx.rng()));
  }
  [[gnu::always_inline]] void tell(const Observation& obs, SearchContext& /*ctx*/) override {
    members_.add({obs.trial.arch, obs.objectives.at(0)});  // the oldest member dies
  }

  /// Current population in age order (oldest first), for tests.
  struct Member {
    ArchId arch;
    double objective;
  };
  [[nodiscard]] std::vector<Member> population() const;

 private:
  std::size_t population_size_;
  std::size_t sample_size_;
  std::size_t proposed_ = 0;
  detail::AgingPopulation<Member> members_;
};

}  // namespace tabnas
