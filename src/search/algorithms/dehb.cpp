#include "tabnas/search/algorithms/dehb.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {
constexpr std::size_t kMinPool = 3;  // rand/1 needs three distinct parents
}  // namespace

AlgorithmInfo Dehb::info() {
  AlgorithmInfo i;
  i.name = "dehb";
  i.description =
      "DEHB: differential evolution (rand/1/bin) per fidelity inside Hyperband "
      "brackets, parents passed from lower to higher fidelities";
  i.citation =
      "Awad, Mallik & Hutter, DEHB: Evolutionary Hyperband for Scalable, Robust and "
      "Efficient Hyperparameter Optimization, IJCAI 2021";
  i.deviation =
      "Hyperband's levels mapped onto the fidelity ladder (see hyperband); "
      "synchronous brackets (overlapping when workers idle) instead of DEHB's "
      "asynchronous scheduling; parent-pool rules simplified (see the header)";
  i.capabilities.multi_fidelity = true;
  i.params = {
      {"eta", ParamType::kDouble, 3.0, "Hyperband reduction factor", 2.0, 1e3},
      {"mutation_factor", ParamType::kDouble, 0.5, "DE mutation factor F", 0.0, 2.0},
      {"crossover_prob", ParamType::kDouble, 0.5, "DE binomial crossover rate CR", 0.0, 1.0}};
  i.make = [](const Params& p) { return std::make_unique<Dehb>(p); };
  return i;
}

Dehb::Dehb(const Params& params)
    : eta_(params.get_double("eta")),
      mutation_factor_(params.get_double("mutation_factor")),
      crossover_prob_(params.get_double("crossover_prob")) {}

ArchId Dehb::arch_of(const SearchSpace& space, const std::vector<double>& x) {
  std::vector<std::uint8_t> c(space.num_variables());
  for (std::size_t v = 0; v < c.size(); ++v) {
    const auto k = static_cast<double>(space.num_choices(v));
    const double f = std::floor(std::clamp(x.at(v), 0.0, 1.0) * k);
    c[v] = static_cast<std::uint8_t>(std::min(f, k - 1.0));
  }
  return space.encode(c);
}

std::vector<double> Dehb::random_point(Rng& rng) const {
  std::vector<double> x(d_);
  for (double& xi : x) xi = rng.uniform01();
  return x;
}

std::optional<Trial> Dehb::ask(SearchContext& ctx) {
  if (!scheduler_) {
    space_ = &ctx.space();
    d_ = space_->num_variables();
    const mf::LadderSchedule schedule(ctx.fidelities(), eta_);
    const std::vector<mf::Bracket> brackets = schedule.brackets();
    first_iteration_brackets_ = brackets.size();
    std::vector<std::size_t> size(ctx.num_fidelities(), 0);
    for (const mf::Bracket& b : brackets) {
      for (const mf::LadderStage& st : schedule.stages(b)) {
        size[st.rung] = std::max(size[st.rung], st.n);
      }
    }
    pop_.assign(ctx.num_fidelities(), {});
    cursor_.assign(ctx.num_fidelities(), 0);
    for (std::uint32_t r = 0; r < size.size(); ++r) {
      if (size[r] == 0) continue;
      used_rungs_.push_back(r);
      // Random initial subpopulations, rung by rung, member by member (one stream).
      for (std::size_t k = 0; k < size[r]; ++k) {
        Member m;
        m.point = random_point(ctx.rng());
        m.arch = arch_of(*space_, m.point);
        m.value = std::numeric_limits<double>::infinity();
        pop_[r].push_back(std::move(m));
      }
    }
    scheduler_.emplace(schedule, brackets);
  }
  std::optional<Trial> t = scheduler_->ask(ctx, *this);
  if (t) jobs_[t->id] = last_;
  return t;
}

void Dehb::tell(const Observation& obs, SearchContext& /*ctx*/) {
  if (scheduler_) scheduler_->tell(obs, *this);
}

std::vector<std::vector<double>> Dehb::parent_pool(SearchContext& ctx, const mf::JobSlot& slot,
                                                   std::span<const mf::StageResult> previous) {
  std::vector<std::vector<double>> pool;
  std::vector<std::uint64_t> in_pool;  // trial ids, to avoid adding a member twice
  const auto add_ranked = [&](const std::vector<Member>& members, std::size_t count) {
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < members.size(); ++k) {
      if (members[k].evaluated) order.push_back(k);
    }
    std::sort(order.begin(), order.end(), [&members](std::size_t a, std::size_t b) {
      if (members[a].value != members[b].value) return members[a].value < members[b].value;
      return members[a].trial < members[b].trial;
    });
    for (std::size_t k = 0; k < order.size() && k < count; ++k) {
      pool.push_back(members[order[k]].point);
      in_pool.push_back(members[order[k]].trial);
    }
  };
  if (slot.stage > 0) {
    for (std::size_t k = 0; k < previous.size() && k < slot.stage_size; ++k) {
      pool.push_back(jobs_.at(previous[k].trial).point);
      in_pool.push_back(previous[k].trial);
    }
  } else if (slot.rung == used_rungs_.front()) {
    add_ranked(pop_[slot.rung], pop_[slot.rung].size());
  } else {
    const auto it = std::lower_bound(used_rungs_.begin(), used_rungs_.end(), slot.rung);
    const std::uint32_t lower = *(it - 1);
    add_ranked(pop_[lower], pop_[slot.rung].size());
  }
  if (pool.size() < kMinPool) {
    std::vector<const Member*> global;
    for (const std::uint32_t r : used_rungs_) {
      for (const Member& m : pop_[r]) {
        if (m.evaluated && std::find(in_pool.begin(), in_pool.end(), m.trial) == in_pool.end()) {
          global.push_back(&m);
        }
      }
    }
    while (pool.size() < kMinPool && !global.empty()) {
      const std::size_t k = ctx.rng().uniform_index(global.size());
      pool.push_back(global[k]->point);
      global.erase(global.begin() + static_cast<std::ptrdiff_t>(k));
    }
    while (pool.size() < kMinPool) pool.push_back(random_point(ctx.rng()));
  }
  return pool;
}

std::vector<double> Dehb::child(Rng& rng, const std::vector<double>& target,
                                const std::vector<std::vector<double>>& pool) const {
  // Three distinct parents by a partial Fisher-Yates pass.
  std::vector<std::size_t> idx(pool.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  for (std::size_t k = 0; k < kMinPool; ++k) {
    const std::size_t j = k + rng.uniform_index(idx.size() - k);
    std::swap(idx[k], idx[j]);
  }
  const std::vector<double>& a = pool[idx[0]];
  const std::vector<double>& b = pool[idx[1]];
  const std::vector<double>& c = pool[idx[2]];
  const std::size_t forced = rng.uniform_index(d_);
  std::vector<double> u(d_);
  for (std::size_t v = 0; v < d_; ++v) {
    const double coin = rng.uniform01();
    const double mutant = a[v] + mutation_factor_ * (b[v] - c[v]);
    u[v] = (coin < crossover_prob_ || v == forced) ? mutant : target[v];
  }
  for (std::size_t v = 0; v < d_; ++v) {
    if (u[v] < 0.0 || u[v] > 1.0) u[v] = rng.uniform01();
  }
  return u;
}

std::optional<mf::Job> Dehb::propose(SearchContext& ctx, const mf::JobSlot& slot,
                                     std::span<const mf::StageResult> previous) {
  std::vector<Member>& pop = pop_.at(slot.rung);
  if (pop.empty())
    throw InternalError("dehb: no subpopulation for rung " + std::to_string(slot.rung));
  const std::size_t target = cursor_[slot.rung]++ % pop.size();
  Member& tgt = pop[target];
  last_.rung = slot.rung;
  last_.target = target;
  if (slot.stage > 0 && slot.bracket < first_iteration_brackets_) {
    const mf::Job job = mf::promote(slot, previous);
    last_.point = jobs_.at(*job.resume_from).point;
    return job;
  }
  if (!tgt.evaluated && !tgt.pending) {
    tgt.pending = true;
    last_.point = tgt.point;
    return mf::Job{tgt.arch, std::nullopt};
  }
  const std::vector<std::vector<double>> pool = parent_pool(ctx, slot, previous);
  last_.point = child(ctx.rng(), tgt.point, pool);
  ++children_;
  return mf::Job{arch_of(*space_, last_.point), std::nullopt};
}

void Dehb::observe(const Observation& obs, const mf::JobSlot& /*slot*/) {
  const auto it = jobs_.find(obs.trial.id);
  if (it == jobs_.end()) return;
  const JobInfo& job = it->second;
  double v = obs.objectives.empty() ? std::numeric_limits<double>::infinity() : obs.objectives[0];
  if (std::isnan(v)) v = std::numeric_limits<double>::infinity();
  Member& tgt = pop_[job.rung][job.target];
  if (tgt.pending && tgt.point == job.point) tgt.pending = false;
  if (!tgt.evaluated || v <= tgt.value) {
    tgt.point = job.point;
    tgt.arch = obs.trial.arch;
    tgt.value = v;
    tgt.trial = obs.trial.id;
    tgt.evaluated = true;
  }
}

}  // namespace tabnas
