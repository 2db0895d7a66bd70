#include "nb201/nb201_space.hpp"

#include <map>

#include "nb201/nb201_canonicalizer.hpp"
#include "nb201/nb201_path_encoder.hpp"
#include "tabnas/core/errors.hpp"

namespace tabnas::nb201 {

namespace {
constexpr std::uint16_t kUnset = 0xffffU;
// Place value of edge e in the base-5 code (edge 0 most significant).
constexpr std::array<std::uint32_t, kNumEdges> kPlace = {3125, 625, 125, 25, 5, 1};
// ceil(2^32 / kPlace[e]): code / kPlace[e] == (code * kPlaceReciprocal[e]) >> 32 for every code
// < 5^6 (checked for all codes at compile time below), without a division by a runtime value.
constexpr std::array<std::uint64_t, kNumEdges> kPlaceReciprocal = {
    (std::uint64_t{1} << 32U) / 3125 + 1, (std::uint64_t{1} << 32U) / 625 + 1,
    (std::uint64_t{1} << 32U) / 125 + 1,  (std::uint64_t{1} << 32U) / 25 + 1,
    (std::uint64_t{1} << 32U) / 5 + 1,    1ULL << 32U};

/// Op id on edge e of a base-5 code.
constexpr std::uint32_t edge_op(std::uint32_t code, std::size_t e) {
  return static_cast<std::uint32_t>((code * kPlaceReciprocal[e]) >> 32U) % kNumOps;
}

constexpr bool edge_op_exact() {
  for (std::uint32_t code = 0; code < kNumCells; ++code) {
    for (std::size_t e = 0; e < kNumEdges; ++e) {
      if (edge_op(code, e) != code / kPlace[e] % kNumOps) return false;
    }
  }
  return true;
}
static_assert(edge_op_exact(), "kPlaceReciprocal must divide every NB201 code exactly");
}  // namespace

Nb201Space::Nb201Space(const std::vector<std::string>& arch_strings)
    : index_to_code_(kNumCells, kUnset),
      code_to_index_(kNumCells, kUnset),
      canonical_id_(kNumCells, 0) {
  if (arch_strings.size() != kNumCells) {
    throw DataError("NB201 space needs " + std::to_string(kNumCells) + " arch strings, got " +
                    std::to_string(arch_strings.size()));
  }
  for (ArchId i = 0; i < kNumCells; ++i) {
    Nb201Cell c;
    try {
      c = Nb201Cell::parse(arch_strings[i]);
    } catch (const ConfigError& e) {
      throw DataError("NB201 arch list, index " + std::to_string(i) + ": " + e.what());
    }
    const std::uint32_t code = c.code();
    if (code_to_index_[code] != kUnset) {
      throw DataError("NB201 arch list: index " + std::to_string(i) +
                      " repeats the cell of index " + std::to_string(code_to_index_[code]) + " (" +
                      arch_strings[i] + ")");
    }
    index_to_code_[i] = static_cast<std::uint16_t>(code);
    code_to_index_[code] = static_cast<std::uint16_t>(i);
  }
  // Dense canonical ids in order of first appearance by official index.
  std::map<std::uint64_t, std::uint32_t> ids;
  for (ArchId i = 0; i < kNumCells; ++i) {
    const std::uint64_t key =
        Nb201Canonicalizer::canonical_key(Nb201Cell::from_code(index_to_code_[i]));
    const auto [it, inserted] = ids.emplace(key, static_cast<std::uint32_t>(ids.size()));
    canonical_id_[i] = it->second;
  }
  num_canonical_ = static_cast<std::uint32_t>(ids.size());
}

Nb201Cell Nb201Space::cell(ArchId arch) const {
  if (arch >= kNumCells) {
    throw ConfigError("NB201 index " + std::to_string(arch) + " out of range 0..15624");
  }
  return Nb201Cell::from_code(index_to_code_[arch]);
}

void Nb201Space::decode(ArchId arch, std::span<std::uint8_t> out) const {
  std::uint32_t code = index_to_code_[arch];
  for (std::size_t e = kNumEdges; e > 0; --e) {
    out[e - 1] = static_cast<std::uint8_t>(code % kNumOps);
    code /= kNumOps;
  }
}

ArchId Nb201Space::encode(std::span<const std::uint8_t> choices) const {
  if (choices.size() != kNumEdges) {
    throw ConfigError("NB201 choice vector must have 6 entries, got " +
                      std::to_string(choices.size()));
  }
  std::uint32_t code = 0;
  for (const std::uint8_t op : choices) {
    if (op >= kNumOps) throw ConfigError("NB201 op id " + std::to_string(op) + " not in 0..4");
    code = code * static_cast<std::uint32_t>(kNumOps) + op;
  }
  return code_to_index_[code];
}

void Nb201Space::neighbours(ArchId arch, std::vector<ArchId>& out) const {
  out.clear();
  const std::uint32_t code = index_to_code_[arch];
  for (std::size_t e = 0; e < kNumEdges; ++e) {
    const std::uint32_t op = edge_op(code, e);
    const std::uint32_t base = code - op * kPlace[e];
    for (std::uint32_t k = 0; k < kNumOps; ++k) {
      if (k != op) out.push_back(code_to_index_[base + k * kPlace[e]]);
    }
  }
}

ArchId Nb201Space::sample(Rng& rng) const {
  // Same draw and result as SearchSpace::sample, with the divisor of 15625 computed at compile
  // time instead of Boost's two 64-bit divisions per draw.
  static constexpr UniformIndexDivisor kDivisor = UniformIndexDivisor::make(kNumCells);
  return static_cast<ArchId>(rng.uniform_index(kDivisor, kNumCells));
}

ArchId Nb201Space::mutate(ArchId arch, Rng& rng) const {
  // Same draw and result as SearchSpace::mutate, without virtual calls or decoding.
  const auto pick = static_cast<std::uint32_t>(rng.uniform_index(kNumEdges * (kNumOps - 1)));
  const std::uint32_t e = pick / (kNumOps - 1);
  const std::uint32_t alt = pick % (kNumOps - 1);
  const std::uint32_t code = index_to_code_[arch];
  const std::uint32_t op = edge_op(code, e);
  const std::uint32_t k = alt < op ? alt : alt + 1;
  return code_to_index_[code - op * kPlace[e] + k * kPlace[e]];
}

std::string Nb201Space::arch_string(ArchId arch) const {
  return cell(arch).to_string();
}

ArchId Nb201Space::parse(std::string_view text) const {
  return code_to_index_[Nb201Cell::parse(text).code()];
}

std::size_t Nb201Space::path_encoding_size() const {
  return Nb201PathEncoder::size();
}

void Nb201Space::path_encoding(ArchId arch, std::span<float> out) const {
  Nb201PathEncoder::encode(cell(arch), out);
}

}  // namespace tabnas::nb201
