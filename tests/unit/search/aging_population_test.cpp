// The population of aging evolution: the subset table, and the tournament's distribution and
// tie-breaking on both of its sampling paths (one draw from the table, partial Fisher-Yates).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <vector>

#include "tabnas/core/errors.hpp"
#include "tabnas/search/algorithms/detail/aging_population.hpp"
#include "tabnas/search/algorithms/detail/subset_table.hpp"

using namespace tabnas;
using tabnas::detail::AgingPopulation;
using tabnas::detail::SubsetTable;

namespace {

struct Member {
  double key;
};

double choose(std::size_t n, std::size_t k) {
  double c = 1.0;
  for (std::size_t i = 1; i <= k; ++i) c = c * static_cast<double>(n - k + i) / static_cast<double>(i);
  return c;
}

/// A population of `capacity` members after `added` additions with the given keys (cycled):
/// more additions than the capacity leave the ring wrapped.
AgingPopulation<Member> population(std::size_t capacity, const std::vector<double>& keys,
                                   std::size_t added) {
  AgingPopulation<Member> p(capacity);
  for (std::size_t i = 0; i < added; ++i) p.add({keys[i % keys.size()]});
  return p;
}

/// The winner by definition: smallest key among the age positions, ties to the oldest.
std::size_t reference_winner(const AgingPopulation<Member>& p,
                             const std::vector<std::size_t>& ages) {
  std::size_t best = ages.front();
  for (const std::size_t a : ages) {
    const double k = p.at(a).key;
    if (k < p.at(best).key || (k == p.at(best).key && a < best)) best = a;
  }
  return best;
}

}  // namespace

TEST_CASE("SubsetTable lists every s-subset once, ascending, in lexicographic order", "[search]") {
  for (const auto& [n, s] : std::vector<std::pair<std::size_t, std::size_t>>{
           {10, 3}, {5, 1}, {6, 6}, {7, 2}, {12, 4}, {4096, 1}}) {
    INFO("n = " << n << ", s = " << s);
    REQUIRE(SubsetTable::fits(n, s));
    const SubsetTable t(n, s);
    REQUIRE(static_cast<double>(t.subsets()) == choose(n, s));
    std::set<std::vector<std::uint16_t>> seen;
    std::vector<std::uint16_t> previous;
    for (std::size_t k = 0; k < t.subsets(); ++k) {
      const std::vector<std::uint16_t> sub(t.subset(k), t.subset(k) + s);
      REQUIRE(sub.back() < n);
      REQUIRE(std::is_sorted(sub.begin(), sub.end()));
      REQUIRE(std::adjacent_find(sub.begin(), sub.end()) == sub.end());
      if (k > 0) REQUIRE(previous < sub);
      previous = sub;
      seen.insert(sub);
    }
    CHECK(seen.size() == t.subsets());
  }
}

TEST_CASE("SubsetTable refuses what does not fit and shares one table per (n, s)", "[search]") {
  CHECK_FALSE(SubsetTable::fits(100, 25));  // the paper's population 100, sample 25
  CHECK_FALSE(SubsetTable::fits(4097, 1));
  CHECK_FALSE(SubsetTable::fits(5, 0));
  CHECK_FALSE(SubsetTable::fits(5, 6));
  CHECK(SubsetTable::fits(64, 2));  // 2016 subsets x 2 = 4032 positions
  CHECK_FALSE(SubsetTable::fits(65, 2));
  CHECK(SubsetTable::shared(100, 25) == nullptr);
  CHECK_THROWS_AS(SubsetTable(100, 25), InternalError);
  const SubsetTable* a = SubsetTable::shared(10, 3);
  REQUIRE(a != nullptr);
  CHECK(SubsetTable::shared(10, 3) == a);
  CHECK(SubsetTable::shared(10, 4) != a);
}

TEST_CASE("SubsetTable::pick is one uniform_index draw over the subsets", "[search]") {
  const SubsetTable* t = SubsetTable::shared(10, 3);
  REQUIRE(t != nullptr);
  Rng a(77);
  Rng b(77);
  for (int i = 0; i < 5000; ++i) {
    REQUIRE(t->pick(a) == t->subset(b.uniform_index(t->subsets())));
  }
  CHECK(a.uniform_index(1000000) == b.uniform_index(1000000));  // engines still in step
  // One subset: no draw at all, as uniform_index(1).
  const SubsetTable* all = SubsetTable::shared(6, 6);
  REQUIRE(all != nullptr);
  Rng c(77);
  Rng d(77);
  CHECK(all->pick(c) == all->subset(0));
  CHECK(c.uniform_index(1000000) == d.uniform_index(1000000));
}

TEST_CASE("the tournament winner has the exact rank distribution on both sampling paths",
          "[search]") {
  // P(the member of rank r wins) = C(n - 1 - r, s - 1) / C(n, s) (rank 0 = smallest key): it
  // wins exactly when it is sampled and no better member is.
  struct Case {
    std::size_t capacity, added, s;
  };
  for (const Case c : {Case{10, 13, 3},        // full, ring wrapped: one draw from the table
                       Case{10, 7, 3},         // not full yet: partial Fisher-Yates
                       Case{100, 100, 25}}) {  // too many subsets for a table: Fisher-Yates
    const std::size_t n = std::min(c.capacity, c.added);
    INFO("capacity " << c.capacity << ", " << n << " members, sample " << c.s);
    std::vector<double> keys(c.added);
    for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = static_cast<double>((i * 37) % 101);
    auto p = population(c.capacity, keys, c.added);
    std::vector<std::size_t> by_rank(n);  // age positions by increasing key
    std::iota(by_rank.begin(), by_rank.end(), 0);
    std::sort(by_rank.begin(), by_rank.end(),
              [&](std::size_t x, std::size_t y) { return p.at(x).key < p.at(y).key; });
    std::vector<std::size_t> rank_of(n);
    for (std::size_t r = 0; r < n; ++r) rank_of[by_rank[r]] = r;
    Rng rng(2024);
    const int draws = 120000;
    std::vector<int> wins(n, 0);
    for (int i = 0; i < draws; ++i) {
      ++wins[rank_of[p.tournament(rng, c.s, [](const Member& m) { return m.key; })]];
    }
    for (std::size_t r = 0; r < n; ++r) {
      const double prob = r + c.s <= n ? choose(n - 1 - r, c.s - 1) / choose(n, c.s) : 0.0;
      const double expected = prob * draws;
      const double sigma = std::sqrt(draws * prob * (1.0 - prob));
      INFO("rank " << r << ": " << wins[r] << " wins, expected " << expected);
      CHECK(std::abs(wins[r] - expected) <= 5.0 * sigma + 1e-9);
    }
  }
}

TEST_CASE("tournament ties go to the older member on both sampling paths", "[search]") {
  // Keys from {0, 1, 2}: most samples hold a tie. Each draw is replayed on a second stream to
  // know the sample, and the winner is checked against the definition.
  const std::vector<double> keys = {2, 0, 1, 0, 2, 1, 0, 0, 2, 1, 1, 0, 2};
  SECTION("full population, subset table") {
    auto p = population(10, keys, 13);
    const SubsetTable* t = SubsetTable::shared(10, 3);
    REQUIRE(t != nullptr);
    Rng rng(9);
    Rng replay(9);
    for (int i = 0; i < 3000; ++i) {
      const std::uint16_t* sub = t->pick(replay);
      const std::vector<std::size_t> ages(sub, sub + 3);
      REQUIRE(p.tournament(rng, 3, [](const Member& m) { return m.key; }) ==
              reference_winner(p, ages));
    }
  }
  SECTION("population not full, partial Fisher-Yates") {
    auto p = population(12, keys, 9);
    Rng rng(9);
    Rng replay(9);
    std::vector<std::size_t> order(9);
    std::iota(order.begin(), order.end(), 0);
    for (int i = 0; i < 3000; ++i) {
      for (std::size_t k = 0; k < 4; ++k) {
        const std::size_t j = k + replay.uniform_index(9 - k);
        std::swap(order[j], order[k]);
      }
      const std::vector<std::size_t> ages(order.begin(), order.begin() + 4);
      REQUIRE(p.tournament(rng, 4, [](const Member& m) { return m.key; }) ==
              reference_winner(p, ages));
    }
  }
  SECTION("the whole population sampled: the oldest of the best") {
    auto p = population(6, {3, 1, 1, 5, 1, 2}, 6);
    Rng rng(1);
    CHECK(p.tournament(rng, 6, [](const Member& m) { return m.key; }) == 1);
  }
}
