#include "tabnas/search/algorithms/detail/bracket_scheduler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "tabnas/core/errors.hpp"

namespace tabnas::mf {

BracketScheduler::BracketScheduler(const LadderSchedule& schedule, std::vector<Bracket> cycle)
    : cycle_(std::move(cycle)) {
  if (cycle_.empty()) throw InternalError("BracketScheduler: empty bracket cycle");
  for (const Bracket& b : cycle_) stages_.push_back(schedule.stages(b));
}

JobSlot BracketScheduler::slot_of(const Active& b) const {
  const std::vector<LadderStage>& st = stages_[b.cycle_index];
  JobSlot slot;
  slot.bracket = b.serial;
  slot.s = cycle_[b.cycle_index].s;
  slot.stage = b.stage;
  slot.index = b.issued;
  slot.stage_size = b.target;
  slot.rung = st[b.stage].rung;
  slot.last_stage = b.stage + 1 == st.size();
  return slot;
}

void BracketScheduler::advance(Active& b) {
  std::sort(b.current.begin(), b.current.end(), [](const StageResult& x, const StageResult& y) {
    if (x.value != y.value) return x.value < y.value;
    return x.trial < y.trial;
  });
  const std::vector<LadderStage>& st = stages_[b.cycle_index];
  if (b.stage + 1 >= st.size() || b.current.empty()) {
    b.finished = true;
    return;
  }
  ++b.stage;
  b.target = std::min(st[b.stage].n, b.current.size());
  b.issued = 0;
  b.previous = std::move(b.current);
  b.current.clear();
}

std::optional<Trial> BracketScheduler::try_issue(Active& b, SearchContext& ctx,
                                                 BracketPolicy& policy) {
  // Each pass either issues a job, closes the stage, advances to the next stage or returns;
  // a bracket has finitely many stages, so this terminates.
  while (!b.finished) {
    if (b.issued < b.target) {
      const JobSlot slot = slot_of(b);
      std::optional<Job> job = policy.propose(ctx, slot, b.previous);
      if (job) {
        Trial t = ctx.make_trial(job->arch, slot.rung);
        t.resume_from = job->resume_from;
        owner_[t.id] = Owner{b.serial, slot};
        ++b.issued;
        return t;
      }
      b.target = b.issued;  // nothing more to propose: the stage closes
    }
    if (b.current.size() < b.issued) return std::nullopt;  // waiting for results
    advance(b);
  }
  return std::nullopt;
}

void BracketScheduler::drop_finished() {
  active_.erase(
      std::remove_if(active_.begin(), active_.end(), [](const Active& b) { return b.finished; }),
      active_.end());
}

std::optional<Trial> BracketScheduler::ask(SearchContext& ctx, BracketPolicy& policy) {
  std::optional<Trial> t;
  for (Active& b : active_) {
    t = try_issue(b, ctx, policy);
    if (t) break;
  }
  drop_finished();
  if (t) return t;
  // Every active bracket waits (or none is left): start the next bracket of the cycle.
  Active b;
  b.serial = started_;
  b.cycle_index = next_cycle_;
  b.target = stages_[next_cycle_].front().n;
  t = try_issue(b, ctx, policy);
  if (!t) return std::nullopt;  // the policy has no new configuration: nothing started
  ++started_;
  next_cycle_ = (next_cycle_ + 1) % cycle_.size();
  active_.push_back(std::move(b));
  return t;
}

void BracketScheduler::tell(const Observation& obs, BracketPolicy& policy) {
  const auto it = owner_.find(obs.trial.id);
  if (it == owner_.end()) return;
  const Owner owner = it->second;
  owner_.erase(it);
  double v = obs.objectives.empty() ? std::numeric_limits<double>::infinity() : obs.objectives[0];
  if (std::isnan(v)) v = std::numeric_limits<double>::infinity();
  policy.observe(obs, owner.slot);
  for (Active& b : active_) {
    if (b.serial != owner.serial) continue;
    b.current.push_back({v, obs.trial.id, obs.trial.arch});
    return;
  }
  throw InternalError("BracketScheduler: result of trial " + std::to_string(obs.trial.id) +
                      " for a bracket that is not active");
}

}  // namespace tabnas::mf
