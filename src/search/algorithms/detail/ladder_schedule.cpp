#include "tabnas/search/algorithms/detail/ladder_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "tabnas/core/errors.hpp"

namespace tabnas::mf {

namespace {

constexpr double kRelTol = 1e-9;

void check(double max_resource, double eta) {
  if (!(eta > 1.0) || !std::isfinite(eta)) {
    throw ConfigError("hyperband: eta must be a finite number > 1, got " + std::to_string(eta));
  }
  if (!(max_resource >= 1.0) || !std::isfinite(max_resource)) {
    throw ConfigError("hyperband: the maximum resource R must be a finite number >= 1, got " +
                      std::to_string(max_resource));
  }
}

}  // namespace

std::uint32_t hyperband_s_max(double max_resource, double eta) {
  check(max_resource, eta);
  std::uint32_t s = 0;
  double p = eta;  // eta^(s+1)
  while (p <= max_resource * (1.0 + kRelTol) && s < 64) {
    ++s;
    p *= eta;
  }
  return s;
}

std::vector<Bracket> hyperband_brackets(double max_resource, double eta) {
  const std::uint32_t s_max = hyperband_s_max(max_resource, eta);
  std::vector<Bracket> out;
  for (std::uint32_t s = s_max + 1; s-- > 0;) {
    Bracket b;
    b.s = s;
    const double eta_s = std::pow(eta, static_cast<double>(s));
    const double n_real = static_cast<double>(s_max + 1) / static_cast<double>(s + 1) * eta_s;
    // ceil with a relative tolerance so that exact integers stay exact (5/5 * 81 = 81).
    const auto n = static_cast<std::size_t>(std::ceil(n_real * (1.0 - kRelTol)));
    const double r = max_resource / eta_s;
    for (std::uint32_t i = 0; i <= s; ++i) {
      const double eta_i = std::pow(eta, static_cast<double>(i));
      b.n.push_back(
          static_cast<std::size_t>(std::floor(static_cast<double>(n) / eta_i * (1.0 + kRelTol))));
      b.r.push_back(r * eta_i);
    }
    out.push_back(std::move(b));
  }
  return out;
}

Bracket successive_halving_bracket(std::uint32_t s, std::size_t n, double max_resource,
                                   double eta) {
  check(max_resource, eta);
  if (n == 0) throw ConfigError("successive_halving: the number of configurations must be > 0");
  Bracket b;
  b.s = s;
  for (std::uint32_t i = 0; i <= s; ++i) {
    const double eta_i = std::pow(eta, static_cast<double>(i));
    const auto ni =
        static_cast<std::size_t>(std::floor(static_cast<double>(n) / eta_i * (1.0 + kRelTol)));
    b.n.push_back(ni == 0 ? 1 : ni);
    b.r.push_back(max_resource * std::pow(eta, static_cast<double>(i) - static_cast<double>(s)));
  }
  return b;
}

LadderSchedule::LadderSchedule(const std::vector<Fidelity>& ladder, double eta) : eta_(eta) {
  if (ladder.empty()) throw ConfigError("multi-fidelity search: the fidelity ladder is empty");
  check(1.0, eta);
  uses_epochs_ = ladder.front().epochs > 0.0 && std::isfinite(ladder.front().epochs);
  for (std::size_t i = 1; i < ladder.size() && uses_epochs_; ++i) {
    uses_epochs_ = std::isfinite(ladder[i].epochs) && ladder[i].epochs > ladder[i - 1].epochs;
  }
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    resources_.push_back(uses_epochs_ ? ladder[i].epochs : std::pow(eta, static_cast<double>(i)));
  }
  max_resource_ = resources_.back() / resources_.front();
  s_max_ = hyperband_s_max(max_resource_, eta_);
  const auto top = static_cast<std::uint32_t>(resources_.size() - 1);
  for (std::uint32_t k = 0; k <= s_max_; ++k) {
    const double nominal =
        resources_.back() * std::pow(eta_, static_cast<double>(k) - static_cast<double>(s_max_));
    std::uint32_t rung = 0;
    for (std::uint32_t j = 0; j <= top; ++j) {
      if (resources_[j] <= nominal * (1.0 + kRelTol)) rung = j;
    }
    if (k == s_max_) rung = top;
    level_rung_.push_back(rung);
  }
}

std::vector<Bracket> LadderSchedule::brackets() const {
  return hyperband_brackets(max_resource_, eta_);
}

std::vector<LadderStage> LadderSchedule::stages(const Bracket& b) const {
  std::vector<LadderStage> out;
  const std::uint32_t s = std::min(b.s, s_max_);
  for (std::uint32_t i = 0; i < b.n.size(); ++i) {
    const std::uint32_t level = std::min<std::uint32_t>(s_max_ - s + i, s_max_);
    const std::uint32_t rung = level_rung_[level];
    if (!out.empty() && out.back().rung == rung) continue;  // merged: selection only
    out.push_back({rung, b.n[i], level});
  }
  return out;
}

}  // namespace tabnas::mf
