#pragma once
/// @file Bookkeeping of synchronous successive-halving brackets on the simulated workers,
/// shared by successive_halving, hyperband, bohb and dehb. Implementation detail: not part of
/// the stable API.
///
/// A bracket runs its (merged, see ladder_schedule.hpp) stages in order: stage 0 has n_0 job
/// slots filled by the policy (new configurations); when every job of a stage has reported,
/// its results are ranked by (objective, trial id) and the next stage gets
/// min(n_(i+1), number of results) slots, again filled by the policy (usually: promote the
/// i-th best result, resuming its training).
///
/// Parallel workers: ask() first offers a job of the oldest active bracket that has one; when
/// every active bracket is waiting for results, the next bracket of the cycle is started (as
/// HpBandSter/BOHB run several SH iterations at once when workers would idle). With one worker
/// this is exactly the sequential algorithm: a bracket only starts when the previous finished.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "tabnas/search/algorithms/detail/ladder_schedule.hpp"
#include "tabnas/search/search_context.hpp"
#include "tabnas/search/trial.hpp"

namespace tabnas::mf {

/// A finished job, as the scheduler ranks it.
struct StageResult {
  double value = 0.0;       ///< objectives[0] (NaN -> +inf)
  std::uint64_t trial = 0;  ///< trial id
  ArchId arch = 0;
};

/// Where a job sits.
struct JobSlot {
  std::size_t bracket = 0;     ///< serial number of the bracket (0, 1, 2, ... in start order)
  std::uint32_t s = 0;         ///< Hyperband's s of the bracket
  std::size_t stage = 0;       ///< index into the bracket's merged stages
  std::size_t index = 0;       ///< slot index within the stage (0-based, in issue order)
  std::size_t stage_size = 0;  ///< slots planned for the stage
  std::uint32_t rung = 0;      ///< fidelity of the job
  bool last_stage = false;
};

/// A job the policy wants evaluated.
struct Job {
  ArchId arch = 0;
  std::optional<std::uint64_t> resume_from;
};

/// The algorithm-specific part of a bracket method.
class BracketPolicy {
 public:
  virtual ~BracketPolicy() = default;
  /// Fills `slot`. `previous` holds the previous stage's results ranked best first (empty for
  /// stage 0). nullopt closes the stage with the jobs issued so far (e.g. no new architecture
  /// is left).
  virtual std::optional<Job> propose(SearchContext& ctx, const JobSlot& slot,
                                     std::span<const StageResult> previous) = 0;
  /// Called for every finished job of the scheduler, before its stage may advance.
  virtual void observe(const Observation& obs, const JobSlot& slot) = 0;
};

/// Successive halving's promotion: the slot.index-th best result of the previous stage,
/// resuming its trial.
[[nodiscard]] inline Job promote(const JobSlot& slot, std::span<const StageResult> previous) {
  const StageResult& r = previous[slot.index];
  return Job{r.arch, r.trial};
}

class BracketScheduler {
 public:
  /// @param cycle brackets started in this cyclic order (e.g. Hyperband's s = s_max .. 0).
  BracketScheduler(const LadderSchedule& schedule, std::vector<Bracket> cycle);

  /// Next job, or nullopt when every active bracket waits for results and a new bracket got
  /// no job from the policy.
  std::optional<Trial> ask(SearchContext& ctx, BracketPolicy& policy);
  /// Records a result of a job this scheduler issued (others are ignored).
  void tell(const Observation& obs, BracketPolicy& policy);

  /// Number of brackets started so far.
  [[nodiscard]] std::size_t brackets_started() const noexcept { return started_; }
  /// Number of brackets started and not finished.
  [[nodiscard]] std::size_t brackets_active() const noexcept { return active_.size(); }
  /// Merged stages of each bracket of the cycle.
  [[nodiscard]] const std::vector<std::vector<LadderStage>>& cycle_stages() const noexcept {
    return stages_;
  }

 private:
  struct Active {
    std::size_t serial = 0;
    std::size_t cycle_index = 0;
    std::size_t stage = 0;
    std::size_t target = 0;  ///< slots of the current stage
    std::size_t issued = 0;
    bool finished = false;
    std::vector<StageResult> previous;  ///< ranked results of the previous stage
    std::vector<StageResult> current;   ///< results of the current stage so far
  };
  struct Owner {
    std::size_t serial = 0;
    JobSlot slot;
  };

  std::optional<Trial> try_issue(Active& b, SearchContext& ctx, BracketPolicy& policy);
  void advance(Active& b);
  [[nodiscard]] JobSlot slot_of(const Active& b) const;
  void drop_finished();

  std::vector<Bracket> cycle_;
  std::vector<std::vector<LadderStage>> stages_;  ///< per cycle entry
  std::vector<Active> active_;                    ///< in start order
  std::map<std::uint64_t, Owner> owner_;          ///< pending trial id -> bracket and slot
  std::size_t next_cycle_ = 0;
  std::size_t started_ = 0;
};

}  // namespace tabnas::mf
