#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <set>
#include <vector>

#include "nb201/nb201_canonicalizer.hpp"
#include "nb201/nb201_space.hpp"
#include "nb201_test_data.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/rng.hpp"

using tabnas::ArchId;
using tabnas::nb201::kNumCells;
using tabnas::nb201::kNumEdges;
using tabnas::nb201::kNumOps;
using tabnas::nb201::Nb201Canonicalizer;
using tabnas::nb201::Nb201Cell;
using tabnas::nb201::Nb201Space;

namespace {

const Nb201Space& space() {
  static const Nb201Space instance(tabnas::test::nb201_arch_strings());
  return instance;
}

std::array<std::uint8_t, kNumEdges> decode(ArchId arch) {
  std::array<std::uint8_t, kNumEdges> ops{};
  space().decode(arch, ops);
  return ops;
}

}  // namespace

TEST_CASE("nb201 space: basic properties", "[nb201][data]") {
  const Nb201Space& s = space();
  CHECK(s.name() == "nb201");
  CHECK(s.size() == kNumCells);
  CHECK(s.num_variables() == 6);
  for (std::size_t v = 0; v < 6; ++v) CHECK(s.num_choices(v) == 5);
  CHECK(s.num_neighbours() == 24);
  CHECK(s.one_hot_size() == 30);
  CHECK(s.path_encoding_size() == 155);
}

TEST_CASE("nb201 space: index <-> string <-> op vector round trips for all 15625",
          "[nb201][data]") {
  const auto& strings = tabnas::test::nb201_arch_strings();
  REQUIRE(strings.size() == kNumCells);
  const Nb201Space& s = space();
  for (ArchId i = 0; i < kNumCells; ++i) {
    REQUIRE(s.arch_string(i) == strings[i]);
    REQUIRE(s.parse(strings[i]) == i);
    const auto ops = decode(i);
    REQUIRE(s.encode(ops) == i);
    const Nb201Cell cell = s.cell(i);
    REQUIRE(std::equal(ops.begin(), ops.end(), cell.ops.begin()));
    REQUIRE(s.index_of(cell) == i);
    REQUIRE(Nb201Cell::parse(strings[i]) == cell);
  }
  // Spot checks of the official order (data README: index 0).
  CHECK(s.arch_string(0) ==
        "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|"
        "skip_connect~2|");
  CHECK(s.cell(11).digits() == "334034");
  CHECK(s.cell(284).digits() == "111020");
}

TEST_CASE("nb201 space: invalid inputs", "[nb201][data]") {
  const Nb201Space& s = space();
  CHECK_THROWS_AS(s.cell(kNumCells), tabnas::ConfigError);
  CHECK_THROWS_AS(s.parse("|skip~0|+|none~0|none~1|+|none~0|none~1|none~2|"), tabnas::ConfigError);
  const std::array<std::uint8_t, 6> bad_op = {0, 1, 2, 3, 4, 5};
  CHECK_THROWS_AS(s.encode(bad_op), tabnas::ConfigError);
  const std::array<std::uint8_t, 5> short_vec = {0, 1, 2, 3, 4};
  CHECK_THROWS_AS(s.encode(short_vec), tabnas::ConfigError);

  // Constructor: wrong length, bad string, duplicates.
  std::vector<std::string> v = tabnas::test::nb201_arch_strings();
  v.pop_back();
  CHECK_THROWS_AS(Nb201Space(v), tabnas::DataError);
  v = tabnas::test::nb201_arch_strings();
  v[17] = "garbage";
  CHECK_THROWS_AS(Nb201Space(v), tabnas::DataError);
  v = tabnas::test::nb201_arch_strings();
  v[17] = v[3];
  CHECK_THROWS_AS(Nb201Space(v), tabnas::DataError);
}

TEST_CASE("nb201 space: neighbours are the 24 one-edge mutations", "[nb201][data]") {
  const Nb201Space& s = space();
  std::vector<ArchId> nb;
  for (ArchId i = 0; i < kNumCells; ++i) {
    s.neighbours(i, nb);
    REQUIRE(nb.size() == 24);
    REQUIRE(std::set<ArchId>(nb.begin(), nb.end()).size() == 24);
    const auto ops = decode(i);
    for (const ArchId j : nb) {
      const auto other = decode(j);
      int differing = 0;
      for (std::size_t e = 0; e < kNumEdges; ++e) differing += ops[e] != other[e] ? 1 : 0;
      REQUIRE(differing == 1);
    }
  }
}

TEST_CASE("nb201 space: mutate gives a neighbour, never the input", "[nb201][data]") {
  const Nb201Space& s = space();
  tabnas::Rng rng(20240611);
  std::vector<ArchId> nb;
  std::array<int, 24> hits{};
  const ArchId fixed = 1234;
  s.neighbours(fixed, nb);
  for (int t = 0; t < 24000; ++t) {
    const ArchId m = s.mutate(fixed, rng);
    REQUIRE(m != fixed);
    const auto it = std::find(nb.begin(), nb.end(), m);
    REQUIRE(it != nb.end());
    ++hits[static_cast<std::size_t>(it - nb.begin())];
  }
  // Every one of the 24 mutations is reachable (expected 1000 each).
  for (const int h : hits) CHECK(h > 800);
  for (int t = 0; t < 20000; ++t) {
    const ArchId a = s.sample(rng);
    REQUIRE(a < kNumCells);
    const ArchId m = s.mutate(a, rng);
    REQUIRE(m != a);
    s.neighbours(a, nb);
    REQUIRE(std::find(nb.begin(), nb.end(), m) != nb.end());
  }
}

TEST_CASE("nb201 space: the fast mutate equals the generic SearchSpace::mutate", "[nb201][data]") {
  // Nb201Space::mutate skips decode/encode; it must give the same architecture for the same
  // draw as the generic version (which defines the mutation order), for every architecture.
  const Nb201Space& s = space();
  tabnas::Rng fast(99);
  tabnas::Rng generic(99);
  for (ArchId a = 0; a < kNumCells; ++a) {
    for (int t = 0; t < 4; ++t) {
      REQUIRE(s.mutate(a, fast) == s.SearchSpace::mutate(a, generic));
    }
  }
}

TEST_CASE("nb201 space: the fast sample equals the generic SearchSpace::sample", "[nb201][data]") {
  // Nb201Space::sample uses a divisor computed at compile time instead of Boost's divisions;
  // same draws, same architectures, and every architecture is reachable.
  const Nb201Space& s = space();
  tabnas::Rng fast(20261128);
  tabnas::Rng generic(20261128);
  std::vector<bool> seen(kNumCells, false);
  for (int t = 0; t < 400000; ++t) {  // about 1e-7 architectures expected unseen
    const ArchId a = s.sample(fast);
    REQUIRE(a == s.SearchSpace::sample(generic));
    seen[a] = true;
  }
  CHECK(std::count(seen.begin(), seen.end(), true) == kNumCells);
}

TEST_CASE("nb201 space: one-hot has six ones at edge*5 + op", "[nb201][data]") {
  const Nb201Space& s = space();
  std::vector<float> oh(s.one_hot_size(), -1.0F);
  for (ArchId i = 0; i < kNumCells; i += 7) {
    s.one_hot(i, oh);
    const auto ops = decode(i);
    int ones = 0;
    for (std::size_t k = 0; k < oh.size(); ++k) {
      REQUIRE((oh[k] == 0.0F || oh[k] == 1.0F));
      if (oh[k] == 1.0F) {
        ++ones;
        REQUIRE(ops[k / kNumOps] == k % kNumOps);
      }
    }
    REQUIRE(ones == 6);
  }
}

TEST_CASE("nb201 space: canonical ids follow the canonicalizer", "[nb201][data]") {
  const Nb201Space& s = space();
  CHECK(s.num_canonical_ids() == 4930);
  std::set<std::uint32_t> ids;
  for (ArchId i = 0; i < kNumCells; ++i) {
    ids.insert(s.canonical_id(i));
    REQUIRE(s.canonical_id(i) < s.num_canonical_ids());
  }
  CHECK(ids.size() == s.num_canonical_ids());
  // Same id <=> same canonical key, checked through each class representative.
  std::vector<std::uint64_t> key_of_id(s.num_canonical_ids(), ~std::uint64_t{0});
  for (ArchId i = 0; i < kNumCells; ++i) {
    const std::uint64_t key = Nb201Canonicalizer::canonical_key(s.cell(i));
    std::uint64_t& slot = key_of_id[s.canonical_id(i)];
    if (slot == ~std::uint64_t{0}) slot = key;
    REQUIRE(slot == key);
  }
  CHECK(std::set<std::uint64_t>(key_of_id.begin(), key_of_id.end()).size() == key_of_id.size());
  // Dense ids in order of first appearance by index: index 0 gets id 0.
  CHECK(s.canonical_id(0) == 0);
}

TEST_CASE("nb201 space: path encoding through the space", "[nb201][data]") {
  const Nb201Space& s = space();
  std::vector<float> pe(s.path_encoding_size());
  s.path_encoding(0, pe);  // index 0 has no none edge: 4 distinct paths
  float total = 0.0F;
  for (const float v : pe) total += v;
  CHECK(total == 4.0F);
}
