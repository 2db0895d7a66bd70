#pragma once
/// @file First-improvement hill climbing with random restarts: Russell & Norvig, "Artificial
/// Intelligence: A Modern Approach", 3rd ed. 2010, sec. 4.1.1 (first-choice and
/// random-restart hill climbing); the local-search family for NAS of White, Nolen, Savani,
/// Zela, Hutter & Ramasubramanian, "Exploring the Loss Landscape in NAS", UAI 2021.
#include <cstddef>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/model_free_common.hpp"

namespace tabnas {

/// Starts from a uniformly random architecture. The one-edit neighbours of the current
/// architecture are evaluated in a random order and the search moves to the FIRST neighbour
/// that is strictly better (equal values do not move); when every neighbour has been evaluated
/// and none is better (a local optimum) it restarts from a new random, never-requested
/// architecture. Architectures already evaluated are never queried again: their known value
/// is reused at no cost.
///
/// Parallel workers: while neighbours are pending, further neighbours are proposed; a result
/// that arrives later and beats the current architecture moves the search if it is a
/// neighbour of the current one (other stale results are only remembered). ask() returns
/// nullopt only while results it needs are pending, or when every architecture was requested.
///
/// Deviation: Russell & Norvig's first-choice variant draws neighbours with replacement; here
/// each neighbour is drawn at most once per neighbourhood (random order without replacement),
/// which makes local-optimum detection exact.
class HillClimbing final : public Algorithm {
 public:
  explicit HillClimbing(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Number of restarts from a local optimum so far (for tests).
  [[nodiscard]] std::size_t restarts() const noexcept { return restarts_; }
  /// Whether a current architecture exists (false before a start is evaluated).
  [[nodiscard]] bool has_current() const noexcept { return have_current_; }
  /// The current architecture (valid when has_current()).
  [[nodiscard]] ArchId current() const noexcept { return current_; }

 private:
  void move_to(ArchId arch, SearchContext& ctx);
  [[nodiscard]] bool is_neighbour(ArchId a, ArchId b, const SearchSpace& space);

  model_free::EvaluationMemo memo_;
  bool have_current_ = false;
  bool waiting_start_ = false;
  ArchId start_ = 0;
  ArchId current_ = 0;
  std::vector<ArchId> neighbours_;  ///< neighbours of current_, shuffled
  std::size_t next_neighbour_ = 0;
  std::size_t restarts_ = 0;
  std::vector<std::uint8_t> choices_a_;
  std::vector<std::uint8_t> choices_b_;
};

}  // namespace tabnas
