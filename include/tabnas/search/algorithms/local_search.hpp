#pragma once
/// @file Local search with restarts: White, Nolen, Savani, Zela, Hutter & Ramasubramanian
/// (White et al.), "Exploring the Loss Landscape in Neural Architecture Search", UAI 2021.
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"

namespace tabnas {

/// Best-improvement local search: evaluate `num_init` random architectures and start from the
/// best; evaluate the whole one-edit neighbourhood (in random order); move to the best
/// neighbour if it improves, otherwise restart from a new random architecture. Architectures
/// already evaluated are never queried again (their value is reused).
class LocalSearch final : public Algorithm {
 public:
  explicit LocalSearch(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Number of restarts so far (for tests).
  [[nodiscard]] std::size_t restarts() const noexcept { return restarts_; }

 private:
  void start_neighbourhood(SearchContext& ctx);
  void finish_neighbourhood(SearchContext& ctx);
  ArchId random_unseen(SearchContext& ctx);

  std::size_t num_init_;
  std::vector<double> known_;  ///< objective per arch, NaN = not evaluated
  std::vector<bool> requested_;
  std::vector<ArchId> queue_;  ///< archs still to propose in the current phase
  std::size_t queue_pos_ = 0;
  std::size_t pending_ = 0;    ///< proposed but not yet told
  std::vector<ArchId> phase_;  ///< archs of the current phase (init set or neighbourhood)
  bool have_current_ = false;
  ArchId current_ = 0;
  std::size_t restarts_ = 0;
  std::vector<ArchId> scratch_;
};

}  // namespace tabnas
