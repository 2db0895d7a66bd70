#pragma once
/// @file What an algorithm may use while it searches: the space, its own random stream, the
/// fidelity ladder. Never storage, never the evaluator.
#include <cstdint>
#include <vector>

#include "tabnas/core/rng.hpp"
#include "tabnas/search/trial.hpp"
#include "tabnas/space/search_space.hpp"

namespace tabnas {

class SearchContext {
 public:
  SearchContext(const SearchSpace& space, Rng& rng, std::uint32_t num_fidelities,
                std::uint64_t budget_queries)
      : space_(space), rng_(rng), num_fidelities_(num_fidelities), budget_queries_(budget_queries) {}

  [[nodiscard]] const SearchSpace& space() const noexcept { return space_; }
  [[nodiscard]] Rng& rng() noexcept { return rng_; }
  /// Number of fidelities (1 for single-fidelity experiments); the last is the full one.
  [[nodiscard]] std::uint32_t num_fidelities() const noexcept { return num_fidelities_; }
  /// Query budget of the run (informational; the runner enforces it).
  [[nodiscard]] std::uint64_t budget_queries() const noexcept { return budget_queries_; }
  /// Creates a trial with the next id.
  Trial make_trial(ArchId arch, std::uint32_t fidelity = 0) {
    Trial t;
    t.id = next_id_++;
    t.arch = arch;
    t.fidelity = fidelity;
    return t;
  }

 private:
  const SearchSpace& space_;
  Rng& rng_;
  std::uint32_t num_fidelities_;
  std::uint64_t budget_queries_;
  std::uint64_t next_id_ = 0;
};

}  // namespace tabnas
