#include "tabnas/space/search_space.hpp"

#include <algorithm>
#include <array>

#include "tabnas/core/errors.hpp"

namespace tabnas {

namespace {
constexpr std::size_t kMaxVariables = 64;
}

ArchId SearchSpace::sample(Rng& rng) const {
  return static_cast<ArchId>(rng.uniform_index(size()));
}

std::size_t SearchSpace::num_neighbours() const {
  std::size_t n = 0;
  for (std::size_t v = 0; v < num_variables(); ++v) n += num_choices(v) - 1;
  return n;
}

void SearchSpace::neighbours(ArchId arch, std::vector<ArchId>& out) const {
  out.clear();
  std::array<std::uint8_t, kMaxVariables> choices{};
  const std::size_t nv = num_variables();
  if (nv > kMaxVariables) throw InternalError("SearchSpace: too many variables");
  const std::span<std::uint8_t> c(choices.data(), nv);
  decode(arch, c);
  for (std::size_t v = 0; v < nv; ++v) {
    const std::uint8_t original = c[v];
    for (std::size_t k = 0; k < num_choices(v); ++k) {
      if (k == original) continue;
      c[v] = static_cast<std::uint8_t>(k);
      out.push_back(encode(c));
    }
    c[v] = original;
  }
}

ArchId SearchSpace::mutate(ArchId arch, Rng& rng) const {
  std::array<std::uint8_t, kMaxVariables> choices{};
  const std::size_t nv = num_variables();
  const std::span<std::uint8_t> c(choices.data(), nv);
  decode(arch, c);
  // Pick one of the num_neighbours() mutations uniformly.
  std::size_t pick = rng.uniform_index(num_neighbours());
  for (std::size_t v = 0; v < nv; ++v) {
    const std::size_t alternatives = num_choices(v) - 1;
    if (pick < alternatives) {
      const std::size_t k = pick < c[v] ? pick : pick + 1;
      c[v] = static_cast<std::uint8_t>(k);
      return encode(c);
    }
    pick -= alternatives;
  }
  throw InternalError("SearchSpace::mutate: mutation index out of range");
}

std::size_t SearchSpace::one_hot_size() const {
  std::size_t n = 0;
  for (std::size_t v = 0; v < num_variables(); ++v) n += num_choices(v);
  return n;
}

void SearchSpace::one_hot(ArchId arch, std::span<float> out) const {
  std::array<std::uint8_t, kMaxVariables> choices{};
  const std::size_t nv = num_variables();
  const std::span<std::uint8_t> c(choices.data(), nv);
  decode(arch, c);
  std::fill(out.begin(), out.end(), 0.0F);
  std::size_t offset = 0;
  for (std::size_t v = 0; v < nv; ++v) {
    out[offset + c[v]] = 1.0F;
    offset += num_choices(v);
  }
}

}  // namespace tabnas
