#pragma once
/// @file Test support for the model-free algorithm tests: a toy product search space, toy
/// objectives, a driver that plays the runner (serial or simulated parallel workers), and
/// the checks every model-free algorithm must pass.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tabnas/core/errors.hpp"
#include "tabnas/core/rng.hpp"
#include "tabnas/search/algorithm_registry.hpp"
#include "tabnas/search/params.hpp"
#include "tabnas/search/search_context.hpp"
#include "tabnas/space/search_space.hpp"

namespace tabnas::test {

/// Product space: variable v has choices_[v] choices; arch id = mixed-radix number with
/// variable 0 as the least significant digit.
class ToySpace final : public SearchSpace {
 public:
  explicit ToySpace(std::vector<std::size_t> choices) : choices_(std::move(choices)) {
    size_ = 1;
    for (const std::size_t k : choices_) size_ *= static_cast<ArchId>(k);
  }
  [[nodiscard]] std::string_view name() const override { return "toy"; }
  [[nodiscard]] ArchId size() const override { return size_; }
  [[nodiscard]] std::size_t num_variables() const override { return choices_.size(); }
  [[nodiscard]] std::size_t num_choices(std::size_t var) const override { return choices_.at(var); }
  void decode(ArchId arch, std::span<std::uint8_t> out) const override {
    for (std::size_t v = 0; v < choices_.size(); ++v) {
      out[v] = static_cast<std::uint8_t>(arch % choices_[v]);
      arch = static_cast<ArchId>(arch / choices_[v]);
    }
  }
  [[nodiscard]] ArchId encode(std::span<const std::uint8_t> c) const override {
    if (c.size() != choices_.size()) throw ConfigError("toy: wrong number of variables");
    ArchId a = 0;
    for (std::size_t v = choices_.size(); v > 0; --v) {
      if (c[v - 1] >= choices_[v - 1]) throw ConfigError("toy: choice out of range");
      a = static_cast<ArchId>(a * choices_[v - 1] + c[v - 1]);
    }
    return a;
  }
  [[nodiscard]] std::string arch_string(ArchId arch) const override {
    std::vector<std::uint8_t> c(choices_.size());
    decode(arch, c);
    std::string s;
    for (std::size_t v = 0; v < c.size(); ++v) s += (v ? "-" : "") + std::to_string(c[v]);
    return s;
  }
  [[nodiscard]] ArchId parse(std::string_view text) const override {
    std::vector<std::uint8_t> c;
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t end = std::min(text.find('-', start), text.size());
      c.push_back(
          static_cast<std::uint8_t>(std::stoi(std::string(text.substr(start, end - start)))));
      start = end + 1;
    }
    return encode(c);
  }
  [[nodiscard]] std::uint32_t canonical_id(ArchId arch) const override { return arch; }
  [[nodiscard]] std::uint32_t num_canonical_ids() const override { return size_; }
  [[nodiscard]] std::size_t path_encoding_size() const override { return one_hot_size(); }
  void path_encoding(ArchId arch, std::span<float> out) const override { one_hot(arch, out); }

  /// Choices of `arch` as a vector.
  [[nodiscard]] std::vector<std::uint8_t> choices(ArchId arch) const {
    std::vector<std::uint8_t> c(choices_.size());
    decode(arch, c);
    return c;
  }
  /// Number of variables in which a and b differ.
  [[nodiscard]] std::size_t hamming(ArchId a, ArchId b) const {
    const auto ca = choices(a);
    const auto cb = choices(b);
    std::size_t d = 0;
    for (std::size_t v = 0; v < ca.size(); ++v) d += ca[v] != cb[v] ? 1U : 0U;
    return d;
  }

 private:
  std::vector<std::size_t> choices_;
  ArchId size_ = 1;
};

using Objective = std::function<double(ArchId)>;

/// A rugged landscape: i.i.d.-looking values in [0, 1) from a hash of (arch, salt).
inline Objective random_landscape(std::uint64_t salt) {
  return
      [salt](ArchId a) { return static_cast<double>(mix64(a ^ mix64(salt)) >> 11U) * 0x1.0p-53; };
}

/// A separable landscape with a unique optimum 0 at choice 0 of every variable: each variable
/// contributes a seeded random cost per non-zero choice in [0.5, 1.5), times its weight
/// (variables further left matter more), plus a tiny hash noise breaking ties.
inline Objective separable_landscape(const ToySpace& space, std::uint64_t salt) {
  std::vector<std::vector<double>> cost(space.num_variables());
  for (std::size_t v = 0; v < space.num_variables(); ++v) {
    cost[v].assign(space.num_choices(v), 0.0);
    for (std::size_t k = 1; k < space.num_choices(v); ++k) {
      const std::uint64_t h = mix64(salt ^ mix64(v * 131U + k));
      cost[v][k] = 0.5 + static_cast<double>(h >> 11U) * 0x1.0p-53;
    }
  }
  const std::size_t nv = space.num_variables();
  return [cost, nv, &space, salt](ArchId a) {
    std::vector<std::uint8_t> c(nv);
    space.decode(a, c);
    double f = 0.0;
    for (std::size_t v = 0; v < nv; ++v) f += cost[v][c[v]] * static_cast<double>(nv - v);
    return f + 1e-6 * static_cast<double>(mix64(a ^ salt) >> 11U) * 0x1.0p-53;
  };
}

/// Makes a registered algorithm with `params` (JSON object or null).
inline std::unique_ptr<Algorithm> make_algorithm(const std::string& name,
                                                 const nlohmann::json& params = nullptr) {
  const AlgorithmInfo& info = find_algorithm(name, "test");
  const Params p(name, info.params, params, "test.params");
  return info.make(p);
}

struct DriveResult {
  std::vector<Trial> trials;   ///< in ask order
  std::vector<double> values;  ///< objective of each trial (ask order)
  bool ended_early = false;    ///< ask returned nullopt with nothing pending before the budget
  double best = 0.0;           ///< best objective seen
};

/// Plays the runner: keeps up to `workers` trials pending (asking until nullopt or full),
/// then reports one pending result (the oldest, or a random one when `shuffle_tells`), until
/// `budget` trials were asked; then reports the rest. `after_tell` is called after each tell,
/// `after_ask` after each ask that returned a trial.
inline DriveResult drive(Algorithm& algo, const SearchSpace& space, const Objective& f,
                         std::size_t budget, std::uint64_t seed, std::uint32_t workers = 1,
                         bool shuffle_tells = false,
                         const std::function<void(const Observation&)>& after_tell = {},
                         const std::function<void(const Trial&)>& after_ask = {}) {
  Rng rng(seed);
  Rng tell_rng(derive_seed(seed, "test/tell_order"));
  SearchContext ctx(space, rng, {Fidelity{"f", "f", 1.0}}, 1, workers, budget);
  DriveResult r;
  r.best = std::numeric_limits<double>::infinity();
  std::deque<Trial> pending;
  std::set<std::uint64_t> ids;
  while (true) {
    while (r.trials.size() < budget && pending.size() < workers) {
      std::optional<Trial> t = algo.ask(ctx);
      if (!t) break;
      REQUIRE(t->arch < space.size());
      REQUIRE(ids.insert(t->id).second);  // unique trial ids
      r.trials.push_back(*t);
      r.values.push_back(f(t->arch));
      r.best = std::min(r.best, r.values.back());
      pending.push_back(*t);
      if (after_ask) after_ask(*t);
    }
    if (pending.empty()) {
      r.ended_early = r.trials.size() < budget;
      break;
    }
    std::size_t pick = 0;
    if (shuffle_tells) pick = static_cast<std::size_t>(tell_rng.uniform_index(pending.size()));
    const Trial t = pending[pick];
    pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(pick));
    Observation obs;
    obs.trial = t;
    obs.objectives.assign(1, f(t.arch));
    algo.tell(obs, ctx);
    if (after_tell) after_tell(obs);
  }
  return r;
}

inline std::vector<ArchId> archs_of(const DriveResult& r) {
  std::vector<ArchId> a;
  for (const Trial& t : r.trials) a.push_back(t.arch);
  return a;
}

/// Checks every model-free algorithm must pass: determinism, valid and (when `dedup`)
/// distinct proposals, exact exhaustion of a tiny space, termination with parallel workers,
/// and a better-than-random result on a separable toy objective within `budget` queries.
inline void check_model_free_common(const std::string& name, const nlohmann::json& params,
                                    bool dedup, std::size_t budget = 150) {
  const ToySpace space({5, 5, 5, 5, 5, 5});  // NB201-shaped: 15625 archs
  const Objective f = separable_landscape(space, 7);

  SECTION("same seed -> identical proposals; another seed -> different ones") {
    for (const std::uint32_t workers : {1U, 4U}) {
      auto a1 = make_algorithm(name, params);
      auto a2 = make_algorithm(name, params);
      auto a3 = make_algorithm(name, params);
      const auto r1 = drive(*a1, space, f, 150, 11, workers, workers > 1);
      const auto r2 = drive(*a2, space, f, 150, 11, workers, workers > 1);
      const auto r3 = drive(*a3, space, f, 150, 12, workers, workers > 1);
      CHECK(archs_of(r1) == archs_of(r2));
      CHECK(archs_of(r1) != archs_of(r3));
      CHECK(r1.trials.size() == 150);
      CHECK_FALSE(r1.ended_early);
      if (dedup) {
        const auto archs = archs_of(r1);
        CHECK(std::set<ArchId>(archs.begin(), archs.end()).size() == archs.size());
      }
    }
  }

  SECTION("a tiny space is exhausted exactly, then the run ends") {
    const ToySpace tiny({3, 3});
    const Objective g = random_landscape(3);
    for (const std::uint32_t workers : {1U, 3U}) {
      for (std::uint64_t seed = 0; seed < 5; ++seed) {
        auto algo = make_algorithm(name, params);
        const auto r = drive(*algo, tiny, g, 100, seed, workers, workers > 1);
        if (dedup) {
          CHECK(r.trials.size() == tiny.size());
          const auto archs = archs_of(r);
          CHECK(std::set<ArchId>(archs.begin(), archs.end()).size() == tiny.size());
          CHECK(r.ended_early);
        } else {
          CHECK(r.trials.size() == 100);
        }
      }
    }
  }

  SECTION("better than random search on a separable objective (mean of 20 seeds)") {
    INFO("budget " << budget);
    double sum_algo = 0.0;
    double sum_random = 0.0;
    for (std::uint64_t seed = 0; seed < 20; ++seed) {
      auto algo = make_algorithm(name, params);
      auto rs = make_algorithm("random_search");
      sum_algo += drive(*algo, space, f, budget, 100 + seed).best;
      sum_random += drive(*rs, space, f, budget, 100 + seed).best;
    }
    INFO(name << ": mean best " << sum_algo / 20 << " vs random " << sum_random / 20);
    CHECK(sum_algo < 0.8 * sum_random);
  }
}

}  // namespace tabnas::test
