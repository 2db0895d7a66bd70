#pragma once
/// @file ASHA: Li, Jamieson, Rostamizadeh, Gonina, Ben-tzur, Hardt, Recht & Talwalkar, "A
/// System for Massively Parallel Hyperparameter Tuning", MLSys 2020 (Algorithm 2).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/algorithms/detail/arch_set.hpp"
#include "tabnas/search/algorithms/detail/ladder_schedule.hpp"

namespace tabnas {

/// Asynchronous successive halving. The rungs are the merged stages of Hyperband's bracket
/// s_max on the fidelity ladder (detail/ladder_schedule.hpp; minimum early-stopping rate
/// s = 0): on NB201's hp12 -> hp200 ladder with eta = 3 there are two rungs, and hp200 sits
/// m = 2 nominal levels above hp12. Every ask() (one per free worker):
///
///   for rung k = top-1 down to 0:
///     candidates = the best floor(|rung k| / eta^m_k) finished results of rung k, ranked by
///                  (objective, trial id), where m_k = nominal levels between rungs k and k+1
///     if one of them was not promoted yet: promote the best such one to rung k+1
///                  (Trial::resume_from = its trial at rung k)
///   otherwise: a new random architecture (never started before in the run) at rung 0.
///
/// Pending jobs are not in any rung until they report, so any number of workers and any
/// order of results work; ask() returns nullopt only when every architecture was started and
/// nothing is promotable. With m_k = 1 (one rung per nominal level) this is exactly the
/// paper's get_job(); with merged levels (m_k > 1) the promoted fraction is 1/eta^m_k, the
/// same fraction the synchronous bracket keeps.
class Asha final : public Algorithm {
 public:
  explicit Asha(const Params& params);
  static AlgorithmInfo info();
  std::optional<Trial> ask(SearchContext& ctx) override;
  void tell(const Observation& obs, SearchContext& ctx) override;

  /// One ASHA rung.
  struct Rung {
    std::uint32_t fidelity = 0;  ///< ladder index
    std::uint32_t level = 0;     ///< nominal level
    struct Member {
      double value;
      std::uint64_t trial;
      ArchId arch;
      bool promoted;
    };
    std::vector<Member> members;  ///< finished results, ranked by (value, trial id)
  };
  /// The rungs (after the first ask), for tests.
  [[nodiscard]] const std::vector<Rung>& rungs() const noexcept { return rungs_; }

 private:
  double eta_;
  bool initialised_ = false;
  std::vector<Rung> rungs_;
  mf::ArchSet started_;
};

}  // namespace tabnas
