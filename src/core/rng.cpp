#include "tabnas/core/rng.hpp"

#include <boost/random/bernoulli_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "tabnas/core/errors.hpp"

namespace tabnas {

std::uint64_t mix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31U);
}

std::uint64_t derive_seed(std::uint64_t parent, std::string_view name,
                          std::uint64_t index) noexcept {
  // FNV-1a over the name, then mixed with parent and index.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return mix64(mix64(parent ^ h) + mix64(index + 0x632be59bd9b4e019ULL));
}

Rng::Rng(std::uint64_t seed) : seed_(seed), engine_(seed) {}

void Rng::throw_zero_range() {
  throw InternalError("Rng::uniform_index called with n = 0");
}

std::int64_t Rng::uniform_int(std::int64_t lo, std::int64_t hi) {
  if (hi < lo) throw InternalError("Rng::uniform_int called with hi < lo");
  boost::random::uniform_int_distribution<std::int64_t> dist(lo, hi);
  return dist(engine_);
}

double Rng::uniform01() {
  boost::random::uniform_01<double> dist;
  return dist(engine_);
}

double Rng::uniform(double lo, double hi) {
  boost::random::uniform_real_distribution<double> dist(lo, hi);
  return dist(engine_);
}

double Rng::normal() {
  boost::random::normal_distribution<double> dist(0.0, 1.0);
  return dist(engine_);
}

bool Rng::bernoulli(double p) {
  boost::random::bernoulli_distribution<double> dist(p);
  return dist(engine_);
}

std::size_t Rng::categorical(const std::vector<double>& weights) {
  double total = 0.0;
  for (const double w : weights) {
    if (!(w >= 0.0)) throw InternalError("Rng::categorical: negative or NaN weight");
    total += w;
  }
  if (!(total > 0.0)) throw InternalError("Rng::categorical: weights sum to zero");
  const double u = uniform01() * total;
  double acc = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    acc += weights[i];
    if (u < acc) return i;
  }
  // Rounding: return the last index with positive weight.
  for (std::size_t i = weights.size(); i > 0; --i) {
    if (weights[i - 1] > 0.0) return i - 1;
  }
  return weights.size() - 1;
}

Rng Rng::child(std::string_view name, std::uint64_t index) const {
  return Rng(derive_seed(seed_, name, index));
}

}  // namespace tabnas
