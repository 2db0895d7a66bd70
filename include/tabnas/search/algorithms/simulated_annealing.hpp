#pragma once
/// @file Simulated annealing: Kirkpatrick, Gelatt & Vecchi, "Optimization by Simulated
/// Annealing", Science 220(4598), 1983. Initial temperature from the objective's scale as in
/// White, "Concepts of scale in simulated annealing", AIP Conf. Proc. 122, 1984.
#include <cstddef>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/model_free_common.hpp"

namespace tabnas {

/// Evaluates `num_init` random architectures and starts from the best. Each further proposal
/// is a uniformly random one-edit neighbour of the current architecture; its result is
/// accepted with the Metropolis rule: always if not worse, else with probability
/// exp(-delta / T). The temperature cools geometrically, T <- cooling_rate * T, after every
/// evaluated proposal. T0 = `initial_temperature`, or when that is 0 (default) the sample
/// standard deviation of the finite objectives of the initial architectures (White 1984: T0
/// of the order of the cost's standard deviation; 1 if it cannot be estimated).
///
/// A neighbour that was already evaluated costs no query: the Metropolis step is applied to
/// its known value at the current temperature and another neighbour is drawn. When every
/// neighbour of the current architecture has been requested, the search restarts from a
/// random unrequested architecture (accepted unconditionally, temperature kept).
///
/// Parallel workers: proposals are neighbours of the current architecture at ask time; each
/// result is judged against the current architecture at tell time.
///
/// Deviations: cooling per evaluated proposal (Kirkpatrick et al. cool by 0.9 per
/// temperature plateau of many moves, which suits budgets of 10^5+ moves, not 10^2); the
/// memo of evaluated architectures and the restart rule above.
class SimulatedAnnealing final : public Algorithm {
 public:
  explicit SimulatedAnnealing(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// Whether the initial architectures have been evaluated (for tests).
  [[nodiscard]] bool has_current() const noexcept { return have_current_; }
  [[nodiscard]] ArchId current() const noexcept { return current_; }
  [[nodiscard]] double current_value() const noexcept { return current_value_; }
  /// Current temperature (0 before the start).
  [[nodiscard]] double temperature() const noexcept { return temperature_; }
  /// Number of restarts from a fully evaluated neighbourhood (for tests).
  [[nodiscard]] std::size_t restarts() const noexcept { return restarts_; }
  /// Number of accepted moves to a strictly worse architecture (for tests).
  [[nodiscard]] std::size_t worse_accepted() const noexcept { return worse_accepted_; }

 private:
  void consider(ArchId arch, double value, SearchContext& ctx);
  void start(SearchContext& ctx);

  double initial_temperature_;
  double cooling_rate_;
  std::size_t num_init_;
  model_free::EvaluationMemo memo_;
  std::vector<ArchId> init_;  ///< initial architectures (proposed in order)
  std::size_t init_proposed_ = 0;
  bool init_drawn_ = false;
  bool have_current_ = false;
  ArchId current_ = 0;
  double current_value_ = 0.0;
  double temperature_ = 0.0;
  bool restart_pending_ = false;
  ArchId restart_ = 0;
  std::size_t worse_accepted_ = 0;
  std::size_t restarts_ = 0;
  std::vector<ArchId> scratch_;
};

}  // namespace tabnas
