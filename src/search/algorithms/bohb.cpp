#include "tabnas/search/algorithms/bohb.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace tabnas {

AlgorithmInfo Bohb::info() {
  AlgorithmInfo i;
  i.name = "bohb";
  i.description =
      "BOHB: Hyperband whose new architectures come from a TPE-like categorical "
      "KDE model of the highest fidelity with enough results";
  i.citation =
      "Falkner, Klein & Hutter, BOHB: Robust and Efficient Hyperparameter "
      "Optimization at Scale, ICML 2018";
  i.deviation =
      "Hyperband's levels mapped onto the fidelity ladder (see hyperband); "
      "architectures never started twice; KDE bandwidth clipped at (c-1)/c; "
      "bandwidth_factor (continuous variables only) not used";
  i.capabilities.multi_fidelity = true;
  i.params = {
      {"eta", ParamType::kDouble, 3.0, "Hyperband reduction factor", 2.0, 1e3},
      {"min_points_in_model", ParamType::kInt, 0,
       "results a rung needs before its model is fitted (0 = d + 1; smaller values are "
       "raised to d + 1, as in HpBandSter)",
       0, 1e9},
      {"top_n_percent", ParamType::kDouble, 15.0, "percentage of results in the good set", 1.0,
       99.0},
      {"num_samples", ParamType::kInt, 64, "candidates drawn from l(x) per proposal", 1, 1e6},
      {"random_fraction", ParamType::kDouble, 1.0 / 3.0,
       "probability of a uniformly random architecture although a model exists", 0.0, 1.0},
      {"min_bandwidth", ParamType::kDouble, 1e-3, "lower bound of every KDE bandwidth", 0.0, 1.0}};
  i.make = [](const Params& p) { return std::make_unique<Bohb>(p); };
  return i;
}

Bohb::Bohb(const Params& params)
    : eta_(params.get_double("eta")),
      min_points_param_(params.get_int("min_points_in_model")),
      top_n_percent_(params.get_double("top_n_percent")),
      num_samples_(static_cast<std::size_t>(params.get_int("num_samples"))),
      random_fraction_(params.get_double("random_fraction")),
      min_bandwidth_(params.get_double("min_bandwidth")) {}

std::pair<std::size_t, std::size_t> Bohb::split_sizes(std::size_t m) const {
  // HpBandSter: n_good = max(N_min, top * m // 100), n_bad = max(N_min, (100 - top) * m // 100);
  // good = sorted[:n_good], bad = sorted[n_good : n_good + n_bad].
  const double md = static_cast<double>(m);
  const auto good_q = static_cast<std::size_t>(std::floor(top_n_percent_ * md / 100.0));
  const auto bad_q = static_cast<std::size_t>(std::floor((100.0 - top_n_percent_) * md / 100.0));
  const std::size_t n_good = std::max(min_points_, good_q);
  const std::size_t n_bad = std::max(min_points_, bad_q);
  const std::size_t good = std::min(n_good, m);
  const std::size_t bad = std::min(n_bad, m - good);
  return {good, bad};
}

std::optional<std::uint32_t> Bohb::model_rung() const {
  for (std::size_t r = rungs_.size(); r-- > 0;) {
    const std::size_t m = rungs_[r].values.size();
    if (m < min_points_ || m == 0) continue;
    const auto [good, bad] = split_sizes(m);
    if (good > d_ && bad > d_) return static_cast<std::uint32_t>(r);
  }
  return std::nullopt;
}

std::optional<ArchId> Bohb::model_proposal(SearchContext& ctx, std::uint32_t rung) {
  const RungData& data = rungs_[rung];
  const std::size_t m = data.values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&data](std::size_t a, std::size_t b) {
    if (data.values[a] != data.values[b]) return data.values[a] < data.values[b];
    return data.trials[a] < data.trials[b];
  });
  const auto [n_good, n_bad] = split_sizes(m);
  std::vector<std::uint8_t> good_rows;
  std::vector<std::uint8_t> bad_rows;
  good_rows.reserve(n_good * d_);
  bad_rows.reserve(n_bad * d_);
  for (std::size_t k = 0; k < n_good + n_bad; ++k) {
    const auto first = data.choices.begin() + static_cast<std::ptrdiff_t>(order[k] * d_);
    auto& rows = k < n_good ? good_rows : bad_rows;
    rows.insert(rows.end(), first, first + static_cast<std::ptrdiff_t>(d_));
  }
  good_.fit(std::move(good_rows), n_good, cardinalities_, min_bandwidth_);
  bad_.fit(std::move(bad_rows), n_bad, cardinalities_, min_bandwidth_);
  std::optional<ArchId> best;
  double best_score = std::numeric_limits<double>::infinity();
  scratch_.resize(d_);
  for (std::size_t c = 0; c < num_samples_; ++c) {
    good_.sample(ctx.rng(), scratch_.data());
    const ArchId a = space_->encode(scratch_);
    if (started_.contains(a)) continue;
    const double l = std::max(good_.pdf(scratch_.data()), 1e-32);
    const double g = std::max(bad_.pdf(scratch_.data()), 1e-32);
    const double score = g / l;
    // Ties keep the first candidate drawn (HpBandSter's strict '<'): with uniform KDEs every
    // score is 1, and "lowest arch id" would bias the search towards low ids.
    if (!best || score < best_score) {
      best = a;
      best_score = score;
    }
  }
  return best;
}

std::optional<Trial> Bohb::ask(SearchContext& ctx) {
  if (!scheduler_) {
    space_ = &ctx.space();
    d_ = space_->num_variables();
    for (std::size_t v = 0; v < d_; ++v) cardinalities_.push_back(space_->num_choices(v));
    min_points_ = std::max<std::size_t>(static_cast<std::size_t>(min_points_param_), d_ + 1);
    rungs_.assign(ctx.num_fidelities(), RungData{});
    const mf::LadderSchedule schedule(ctx.fidelities(), eta_);
    scheduler_.emplace(schedule, schedule.brackets());
    started_.ensure(ctx.space());
  }
  return scheduler_->ask(ctx, *this);
}

void Bohb::tell(const Observation& obs, SearchContext& /*ctx*/) {
  if (scheduler_) scheduler_->tell(obs, *this);
}

std::optional<mf::Job> Bohb::propose(SearchContext& ctx, const mf::JobSlot& slot,
                                     std::span<const mf::StageResult> previous) {
  if (slot.stage > 0) return mf::promote(slot, previous);
  if (started_.full()) return std::nullopt;
  std::optional<ArchId> a;
  const std::optional<std::uint32_t> rung = model_rung();
  // HpBandSter draws the random-fraction coin only once a model exists.
  if (rung && !(ctx.rng().uniform01() < random_fraction_)) {
    a = model_proposal(ctx, *rung);
    if (a) ++model_proposals_;
  }
  if (!a) a = started_.random_missing(ctx.space(), ctx.rng());
  if (!a) return std::nullopt;
  started_.insert(*a);
  return mf::Job{*a, std::nullopt};
}

void Bohb::observe(const Observation& obs, const mf::JobSlot& slot) {
  RungData& data = rungs_.at(slot.rung);
  double v = obs.objectives.empty() ? std::numeric_limits<double>::infinity() : obs.objectives[0];
  if (std::isnan(v)) v = std::numeric_limits<double>::infinity();
  const std::size_t at = data.choices.size();
  data.choices.resize(at + d_);
  space_->decode(obs.trial.arch, std::span<std::uint8_t>(data.choices.data() + at, d_));
  data.values.push_back(v);
  data.trials.push_back(obs.trial.id);
}

}  // namespace tabnas
