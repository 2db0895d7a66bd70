#include "tabnas/search/algorithms/hill_climbing.hpp"

namespace tabnas {

AlgorithmInfo HillClimbing::info() {
  AlgorithmInfo i;
  i.name = "hill_climbing";
  i.description = "first-improvement hill climbing over one-edit neighbourhoods, random restarts";
  i.citation =
      "Russell & Norvig, Artificial Intelligence: A Modern Approach, 3rd ed. 2010, "
      "sec. 4.1.1 (first-choice / random-restart hill climbing); local-search family "
      "of White et al., Exploring the Loss Landscape in NAS, UAI 2021";
  i.deviation =
      "neighbours are drawn without replacement (random order) so a local optimum is "
      "detected exactly; evaluated architectures are reused, never re-queried";
  i.params = {};
  i.make = [](const Params& p) { return std::make_unique<HillClimbing>(p); };
  return i;
}

HillClimbing::HillClimbing(const Params& /*params*/) {}

bool HillClimbing::is_neighbour(ArchId a, ArchId b, const SearchSpace& space) {
  const std::size_t nv = space.num_variables();
  choices_a_.resize(nv);
  choices_b_.resize(nv);
  space.decode(a, choices_a_);
  space.decode(b, choices_b_);
  std::size_t diff = 0;
  for (std::size_t v = 0; v < nv; ++v) diff += choices_a_[v] != choices_b_[v] ? 1U : 0U;
  return diff == 1;
}

void HillClimbing::move_to(ArchId arch, SearchContext& ctx) {
  current_ = arch;
  have_current_ = true;
  ctx.space().neighbours(arch, neighbours_);
  ctx.rng().shuffle(neighbours_);
  next_neighbour_ = 0;
}

std::optional<Trial> HillClimbing::ask(SearchContext& ctx) {
  const SearchSpace& space = ctx.space();
  memo_.ensure(space);
  // Each pass either returns, or moves to a strictly better architecture, or restarts (after
  // which the next pass returns): the loop is bounded by the number of evaluated archs.
  while (true) {
    if (!have_current_) {
      if (waiting_start_) return std::nullopt;  // the start's result is pending
      const std::optional<ArchId> start = memo_.random_unrequested(space, ctx.rng());
      if (!start) return std::nullopt;  // every architecture was requested
      start_ = *start;
      waiting_start_ = true;
      memo_.mark_requested(start_);
      return ctx.propose(start_);
    }
    bool moved = false;
    while (next_neighbour_ < neighbours_.size()) {
      const ArchId a = neighbours_[next_neighbour_++];
      if (memo_.known(a)) {
        if (memo_.value(a) < memo_.value(current_)) {
          move_to(a, ctx);
          moved = true;
          break;
        }
        continue;
      }
      if (memo_.requested(a)) continue;  // pending; tell() moves if it improves
      memo_.mark_requested(a);
      return ctx.propose(a);
    }
    if (moved) continue;
    // Every neighbour was proposed. Wait for pending neighbours, else: local optimum.
    for (const ArchId a : neighbours_) {
      if (memo_.pending(a)) return std::nullopt;
    }
    ++restarts_;
    have_current_ = false;
  }
}

void HillClimbing::tell(const Observation& obs, SearchContext& ctx) {
  const ArchId a = obs.trial.arch;
  const double v = model_free::objective_of(obs);
  memo_.ensure(ctx.space());
  memo_.record(a, v);
  if (waiting_start_ && a == start_) {
    waiting_start_ = false;
    move_to(a, ctx);
    return;
  }
  if (have_current_ && v < memo_.value(current_) && is_neighbour(a, current_, ctx.space())) {
    move_to(a, ctx);  // first improvement
  }
}

}  // namespace tabnas
