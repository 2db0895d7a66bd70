#pragma once
/// @file Seeded random streams (DESIGN.md reproducibility rules 1-3).
///
/// Every random draw in tabnas goes through an Rng. An Rng is a boost::random::mt19937_64
/// engine seeded from a 64-bit seed; sub-streams are derived by hashing (parent seed, name,
/// index), so adding a draw in one component never shifts another component's stream.
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tabnas {

/// Mixes a 64-bit value (splitmix64 finaliser); a bijection on uint64.
[[nodiscard]] std::uint64_t mix64(std::uint64_t x) noexcept;

/// Derives a child seed from a parent seed, a component name and an index.
/// Pure function: same inputs -> same output on every platform.
[[nodiscard]] std::uint64_t derive_seed(std::uint64_t parent, std::string_view name,
                                        std::uint64_t index = 0) noexcept;

/// Tiny counter-based engine (SplitMix64) for one-shot draws from a derived seed, where seeding
/// a full mt19937_64 would dominate the cost (e.g. the evaluator's per-query seed choice).
/// Satisfies UniformRandomBitGenerator; use it only through Boost.Random distributions.
class SplitMix64 {
 public:
  using result_type = std::uint64_t;
  explicit SplitMix64(std::uint64_t seed) noexcept : state_(seed) {}
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return ~result_type{0}; }
  result_type operator()() noexcept {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix64(state_);
  }

 private:
  std::uint64_t state_;
};

/// A random stream. Not thread-safe: one per run (or per component within a run).
class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  /// Seed this stream was created from.
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
  /// Uniform integer in [0, n); n must be > 0. Inline: it is on every algorithm's hot path.
  std::uint64_t uniform_index(std::uint64_t n) {
    if (n == 0) throw_zero_range();
    boost::random::uniform_int_distribution<std::uint64_t> dist(0, n - 1);
    return dist(engine_);
  }
  /// Uniform integer in [lo, hi] (inclusive).
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);
  /// Uniform double in [0, 1).
  double uniform01();
  /// Uniform double in [lo, hi).
  double uniform(double lo, double hi);
  /// Standard normal draw (mean 0, sd 1).
  double normal();
  /// True with probability p.
  bool bernoulli(double p);
  /// Index drawn with probability proportional to weights (all >= 0, sum > 0).
  std::size_t categorical(const std::vector<double>& weights);
  /// Fisher-Yates shuffle (own implementation: the standard library shuffle differs across
  /// implementations).
  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) {
      const std::size_t j = uniform_index(i);
      std::swap(v[i - 1], v[j]);
    }
  }
  /// A child stream derived from this stream's seed (does not consume draws).
  [[nodiscard]] Rng child(std::string_view name, std::uint64_t index = 0) const;

 private:
  [[noreturn]] static void throw_zero_range();
  std::uint64_t seed_;
  boost::random::mt19937_64 engine_;
};

}  // namespace tabnas
