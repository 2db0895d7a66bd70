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

/// Boost's bucket size for uniform_int_distribution<uint64_t>(0, n - 1) on a full-range 64-bit
/// engine, with an exact reciprocal: quotient(x) == x / bucket for every 64-bit x.
/// The reciprocal is c = ceil(2^128 / bucket) and quotient(x) = floor(x * c / 2^128); this is
/// exact for all x < 2^64 because c * bucket - 2^128 < bucket <= 2^64 (Lemire, Kaser & Kurz,
/// "Faster remainder by direct computation", Software: Practice and Experience 2019, Thm. 1
/// with N = 64, F = 128).
__extension__ using Uint128 = unsigned __int128;  // GCC/Clang builtin; __extension__ for -Wpedantic

struct UniformIndexDivisor {
  std::uint64_t bucket = 1;
  std::uint64_t c_hi = 0;  ///< high 64 bits of c
  std::uint64_t c_lo = 0;  ///< low 64 bits of c

  static constexpr UniformIndexDivisor make(std::uint64_t n) {
    // Boost (generate_uniform_int, brange > range, brange == max): bucket = brange / n,
    // plus one when brange % n == n - 1.
    constexpr std::uint64_t brange = ~std::uint64_t{0};
    UniformIndexDivisor d;
    d.bucket = brange / n;
    if (brange % n == n - 1) ++d.bucket;
    const Uint128 c = ~static_cast<Uint128>(0) / d.bucket + 1;
    d.c_hi = static_cast<std::uint64_t>(c >> 64U);
    d.c_lo = static_cast<std::uint64_t>(c);
    return d;
  }
  [[nodiscard]] constexpr std::uint64_t quotient(std::uint64_t x) const noexcept {
    // floor(x * (c_hi * 2^64 + c_lo) / 2^128) with 64 x 64 -> 128-bit products only.
    const Uint128 low = static_cast<Uint128>(x) * c_lo;
    const Uint128 mid = static_cast<Uint128>(x) * c_hi + (low >> 64U);
    return static_cast<std::uint64_t>(mid >> 64U);
  }
};

/// Ranges with a precomputed divisor (n = 2 .. kFastIndexLimit); larger n use Boost directly.
inline constexpr std::uint64_t kFastIndexLimit = 256;

struct UniformIndexTable {
  UniformIndexDivisor divisor[kFastIndexLimit + 1];
  constexpr UniformIndexTable() : divisor{} {
    for (std::uint64_t n = 2; n <= kFastIndexLimit; ++n) divisor[n] = UniformIndexDivisor::make(n);
  }
};

inline constexpr UniformIndexTable kUniformIndexTable{};

/// A random stream. Not thread-safe: one per run (or per component within a run).
class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  /// Seed this stream was created from.
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
  /// Uniform integer in [0, n); n must be > 0. Inline: it is on every algorithm's hot path.
  /// Bit-identical to boost::random::uniform_int_distribution<std::uint64_t>(0, n - 1) on this
  /// engine (same result, same engine draws; tested for every n of the fast table and beyond):
  /// for n <= kFastIndexLimit the division by Boost's bucket size is a multiplication by a
  /// precomputed reciprocal (see UniformIndexTable), which removes the two 64-bit divisions
  /// Boost performs per draw.
  std::uint64_t uniform_index(std::uint64_t n) {
    if (n == 0) throw_zero_range();
    if (n <= kFastIndexLimit) {
      if (n == 1) return 0;  // Boost returns without drawing for an empty range
      return uniform_index(kUniformIndexTable.divisor[n], n);
    }
    boost::random::uniform_int_distribution<std::uint64_t> dist(0, n - 1);
    return dist(engine_);
  }
  /// uniform_index(n) with the divisor of n computed in advance (UniformIndexDivisor::make(n),
  /// 2 <= n <= 2^32), for a caller that draws from one large range often (a space's uniform
  /// sample): the same value and engine draws as Boost, without its divisions. (Beyond 2^63
  /// Boost's bucket is 1 and the reciprocal 2^128 does not fit; spaces stay far below.)
  std::uint64_t uniform_index(const UniformIndexDivisor& d, std::uint64_t n) {
    while (true) {
      const std::uint64_t q = d.quotient(engine_());
      if (q < n) return q;
    }
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
