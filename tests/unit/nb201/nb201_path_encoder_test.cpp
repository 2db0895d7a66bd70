#include <array>
#include <catch2/catch.hpp>
#include <set>
#include <vector>

#include "nb201/nb201_path_encoder.hpp"
#include "tabnas/core/errors.hpp"

using tabnas::nb201::kNumCells;
using tabnas::nb201::kNumEdges;
using tabnas::nb201::Nb201Cell;
using tabnas::nb201::Nb201PathEncoder;

namespace {

std::set<std::size_t> ones(const std::vector<float>& v) {
  std::set<std::size_t> s;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == 1.0F) {
      s.insert(i);
    } else if (v[i] != 0.0F) {
      FAIL("entry " << i << " is " << v[i]);
    }
  }
  return s;
}

std::set<std::size_t> encoded(const std::string& digits, bool reference) {
  Nb201Cell c;
  for (std::size_t e = 0; e < kNumEdges; ++e) c.ops[e] = static_cast<std::uint8_t>(digits[e] - '0');
  std::vector<float> v(Nb201PathEncoder::size(), 7.0F);
  if (reference) {
    Nb201PathEncoder::encode_reference(c, v);
  } else {
    Nb201PathEncoder::encode(c, v);
  }
  return ones(v);
}

/// Routes as edge lists (arch-string edge order), written out independently.
constexpr std::array<std::array<int, 3>, 4> kRoutes = {
    {{3, -1, -1}, {0, 4, -1}, {1, 5, -1}, {0, 2, 5}}};

}  // namespace

TEST_CASE("nb201 path encoding: size and hand-computed vectors", "[nb201]") {
  CHECK(Nb201PathEncoder::size() == 155);
  // Labels: avg_pool 0, conv1x1 1, conv3x3 2, none 3, skip 4; index = offset + sum l_j 5^j.
  // Index 0 of NB201, 421211: conv1x1 | pool,skip | conv1x1,skip | pool,skip,skip.
  CHECK(encoded("421211", false) == std::set<std::size_t>{1, 25, 26, 150});
  CHECK(encoded("421211", true) == std::set<std::size_t>{1, 25, 26, 150});
  // Index 284, 111020: only the route 0->1->3 = skip,conv1x1 avoids a none edge.
  CHECK(encoded("111020", false) == std::set<std::size_t>{14});
  CHECK(encoded("111020", true) == std::set<std::size_t>{3, 14, 24, 129});
  // All none: no path at all; the reference still sets one feature per route.
  CHECK(encoded("000000", false).empty());
  CHECK(encoded("000000", true) == std::set<std::size_t>{3, 23, 123});
  // All conv3x3: both two-edge routes share feature 5 + 2 + 2*5.
  CHECK(encoded("333333", false) == std::set<std::size_t>{2, 17, 92});
}

TEST_CASE("nb201 path encoding: all cells against the route definition", "[nb201]") {
  std::vector<float> v(Nb201PathEncoder::size());
  std::vector<float> ref(Nb201PathEncoder::size());
  std::set<std::vector<float>> distinct_ref;
  for (std::uint32_t code = 0; code < kNumCells; ++code) {
    const Nb201Cell c = Nb201Cell::from_code(code);
    Nb201PathEncoder::encode(c, v);
    Nb201PathEncoder::encode_reference(c, ref);
    std::set<std::size_t> expect;
    std::set<std::size_t> expect_ref;
    for (const auto& route : kRoutes) {
      std::vector<std::uint8_t> seq;
      bool through_none = false;
      for (const int e : route) {
        if (e < 0) break;
        seq.push_back(c.ops[static_cast<std::size_t>(e)]);
        through_none |= c.ops[static_cast<std::size_t>(e)] == 0;
      }
      const std::size_t idx = Nb201PathEncoder::feature_index(seq);
      expect_ref.insert(idx);
      if (!through_none) expect.insert(idx);
    }
    REQUIRE(ones(v) == expect);
    REQUIRE(ones(ref) == expect_ref);
    distinct_ref.insert(ref);
  }
  // Although routes 1 and 2 share a block, the reference encoding determines the cell
  // (routes 0 and 3 fix edges 3, 0, 2, 5, which identifies the two 2-edge paths).
  CHECK(distinct_ref.size() == kNumCells);
}

TEST_CASE("nb201 path encoding: feature indexes", "[nb201]") {
  const std::array<std::uint8_t, 1> pool = {4};
  const std::array<std::uint8_t, 1> skip = {1};
  const std::array<std::uint8_t, 2> conv1_conv3 = {2, 3};
  const std::array<std::uint8_t, 3> skip3 = {1, 1, 1};
  CHECK(Nb201PathEncoder::feature_index(pool) == 0);
  CHECK(Nb201PathEncoder::feature_index(skip) == 4);
  CHECK(Nb201PathEncoder::feature_index(conv1_conv3) == 5 + 1 + 2 * 5);
  CHECK(Nb201PathEncoder::feature_index(skip3) == 154);
  const std::array<std::uint8_t, 4> too_long = {1, 1, 1, 1};
  CHECK_THROWS_AS(Nb201PathEncoder::feature_index(too_long), tabnas::ConfigError);
  CHECK_THROWS_AS(Nb201PathEncoder::feature_index(std::span<const std::uint8_t>()),
                  tabnas::ConfigError);
  const std::array<std::uint8_t, 1> bad_op = {5};
  CHECK_THROWS_AS(Nb201PathEncoder::feature_index(bad_op), tabnas::ConfigError);
  std::vector<float> small(100);
  CHECK_THROWS_AS(Nb201PathEncoder::encode(Nb201Cell{}, small), tabnas::InternalError);
  CHECK_THROWS_AS(Nb201PathEncoder::encode_reference(Nb201Cell{}, small), tabnas::InternalError);
}
