#pragma once
/// @file ParEGO: Knowles, "ParEGO: A Hybrid Algorithm With On-Line Landscape Approximation for
/// Expensive Multiobjective Optimization Problems", IEEE Transactions on Evolutionary
/// Computation 10(1), 2006.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/arch_set.hpp"
#include "tabnas/search/models/gaussian_process.hpp"

namespace tabnas {

/// Scalarise, model, maximise expected improvement; one new architecture per iteration:
///
///  - The first n_init proposals (0 = 11d - 1, the paper's initial design size for d
///    variables) are distinct uniformly random architectures (the paper: a Latin hypercube).
///  - Each later proposal draws a weight vector lambda uniformly from the simplex lattice
///    {lambda : sum = 1, lambda_j in {0, 1/s, ..., 1}} (s = 10 for 2 objectives, 4 for 3, as
///    in the paper; 3 beyond), normalises every objective to [0, 1] by the range observed so
///    far (missing values = 1), and scalarises each result with the augmented Tchebycheff
///    function f = max_j(lambda_j z_j) + rho sum_j lambda_j z_j (rho = 0.05).
///  - A Gaussian process (project model: exponential kernel on the number of differing
///    variables, hyperparameters by marginal likelihood on a grid) is fitted to f of at most
///    `max_train` results (0 = 11d + 24): when there are more, the best half by f plus a
///    uniformly random selection of the others.
///  - Expected improvement over the best f in the training set is maximised over a candidate
///    pool: every unrequested one-variable mutation of the `num_top` best training results
///    plus `num_random` unrequested random architectures (the paper evolves the EI with a
///    small genetic algorithm instead); ties go to the lower arch id. Architectures are never
///    proposed twice.
///
/// Parallel workers: pending architectures are not in the model and cannot be proposed again;
/// each ask() draws its own weight vector, so simultaneous proposals differ.
class Parego final : public Algorithm {
 public:
  explicit Parego(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// The simplex-lattice weight vectors lambda = a / s for all non-negative integer vectors a
  /// of length k summing to s, in lexicographic order of a ascending; C(s + k - 1, k - 1)
  /// vectors (11 for k = 2, s = 10; 15 for k = 3, s = 4).
  static std::vector<std::vector<double>> weight_lattice(std::size_t k, std::size_t s);
  /// Augmented Tchebycheff scalarisation of normalised objectives z under weights lambda.
  static double tchebycheff(const std::vector<double>& z, const std::vector<double>& lambda,
                            double rho);
  /// Number of model-based proposals so far, for tests.
  [[nodiscard]] std::size_t num_fits() const noexcept { return fits_; }

 private:
  struct Obs {
    ArchId arch;
    std::uint64_t trial;
    std::vector<double> objectives;
  };
  std::optional<ArchId> model_proposal(SearchContext& ctx);

  long long n_init_param_;
  double rho_;
  long long lattice_param_;
  long long max_train_param_;
  std::size_t num_top_;
  std::size_t num_random_;
  bool initialised_ = false;
  std::size_t n_init_ = 0;
  std::size_t max_train_ = 0;
  std::size_t d_ = 0;
  std::vector<std::vector<double>> weights_;
  mf::ArchSet requested_;
  std::size_t proposed_ = 0;
  std::vector<Obs> obs_;
  std::vector<std::uint8_t> choices_;  ///< d codes per observation
  std::vector<std::uint8_t> in_pool_;
  GaussianProcess gp_;
  std::size_t fits_ = 0;
};

}  // namespace tabnas
