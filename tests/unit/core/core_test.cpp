// Core utilities: rng streams, SHA-256, number formatting, atomic files.
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

#include "tabnas/core/atomic_file.hpp"
#include "tabnas/core/atomic_file_writer.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/rng.hpp"
#include "tabnas/core/sha256.hpp"
#include "tabnas/core/text_format.hpp"
#include "test_support.hpp"

using namespace tabnas;

TEST_CASE("derive_seed separates streams by name and index", "[core]") {
  const std::uint64_t a = derive_seed(1, "algorithm", 0);
  CHECK(a == derive_seed(1, "algorithm", 0));
  CHECK(a != derive_seed(1, "algorithm", 1));
  CHECK(a != derive_seed(1, "algorithmx", 0));
  CHECK(a != derive_seed(2, "algorithm", 0));
}

TEST_CASE("Rng draws are reproducible and in range", "[core]") {
  Rng a(42);
  Rng b(42);
  for (int i = 0; i < 1000; ++i) {
    const auto x = a.uniform_index(7);
    REQUIRE(x == b.uniform_index(7));
    REQUIRE(x < 7);
    const double u = a.uniform01();
    REQUIRE(u == b.uniform01());
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
  }
  // A child stream does not consume draws of its parent.
  Rng c(42);
  Rng d(42);
  (void)c.child("x");
  CHECK(c.uniform_index(1000000) == d.uniform_index(1000000));
}

TEST_CASE("Rng golden values (engine and distributions are fixed by Boost.Random)", "[core]") {
  // Regression anchor: if these change, every published trajectory changes.
  Rng r(20261127);
  const std::uint64_t first = r.uniform_index(1000000);
  Rng again(20261127);
  CHECK(first == again.uniform_index(1000000));
  Rng s(0);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 200; ++i) seen.insert(s.uniform_index(5));
  CHECK(seen.size() == 5);
}

TEST_CASE("Rng::uniform_index is bit-identical to Boost's uniform_int_distribution", "[core]") {
  // The fast path (n <= kFastIndexLimit) replaces Boost's divisions by reciprocals; it must give
  // the same value AND consume the same engine draws as Boost for every n, or every published
  // trajectory would change. n = 1 must not draw at all (Boost returns early).
  for (const std::uint64_t seed : {0ULL, 1ULL, 20261127ULL, 0xdeadbeefcafeULL}) {
    Rng fast(seed);
    boost::random::mt19937_64 engine(seed);
    std::uint64_t n = 1;
    for (int i = 0; i < 200000; ++i) {
      // Every n in 1..300 (table and fallback) many times, in an order that varies with i.
      n = 1 + (n * 7 + static_cast<std::uint64_t>(i)) % 300;
      boost::random::uniform_int_distribution<std::uint64_t> dist(0, n - 1);
      const std::uint64_t want = dist(engine);
      REQUIRE(fast.uniform_index(n) == want);
    }
    // Same engine position afterwards: the next raw-range draws agree.
    boost::random::uniform_int_distribution<std::uint64_t> wide(0, (1ULL << 62U) - 1);
    for (int i = 0; i < 4; ++i) REQUIRE(fast.uniform_index(1ULL << 62U) == wide(engine));
  }
}

TEST_CASE("Rng::uniform_index with a divisor made in advance is bit-identical to Boost", "[core]") {
  // Large ranges (a space's size, up to 2^32) drawn through UniformIndexDivisor::make(n): same
  // values and engine draws as Boost's uniform_int_distribution(0, n - 1).
  for (const std::uint64_t n :
       {257ULL, 15625ULL, 46656ULL, 1000003ULL, (1ULL << 31U) + 11ULL, 1ULL << 32U}) {
    const UniformIndexDivisor d = UniformIndexDivisor::make(n);
    Rng fast(n);
    boost::random::mt19937_64 engine(n);
    boost::random::uniform_int_distribution<std::uint64_t> dist(0, n - 1);
    for (int i = 0; i < 50000; ++i) REQUIRE(fast.uniform_index(d, n) == dist(engine));
    boost::random::uniform_int_distribution<std::uint64_t> wide(0, (1ULL << 62U) - 1);
    for (int i = 0; i < 4; ++i) REQUIRE(fast.uniform_index(1ULL << 62U) == wide(engine));
  }
}

TEST_CASE("UniformIndexDivisor::quotient equals integer division at every edge", "[core]") {
  // Exhaustive over the table's n, around every multiple k * bucket that decides a result
  // (k = 0 .. n + 1), at the top of the 64-bit range, and at pseudo-random points.
  std::uint64_t x_rand = 0x9e3779b97f4a7c15ULL;
  for (std::uint64_t n = 2; n <= kFastIndexLimit; ++n) {
    const UniformIndexDivisor& d = kUniformIndexTable.divisor[n];
    // Boost's bucket: brange / n, plus one when brange % n == n - 1.
    const std::uint64_t max = ~std::uint64_t{0};
    REQUIRE(d.bucket == max / n + (max % n == n - 1 ? 1 : 0));
    for (std::uint64_t k = 0; k <= n + 1; ++k) {
      if (k != 0 && k > max / d.bucket) break;
      const std::uint64_t m = k * d.bucket;
      for (const std::uint64_t x : {m - 1, m, m + 1}) REQUIRE(d.quotient(x) == x / d.bucket);
    }
    for (const std::uint64_t x : {max, max - 1, std::uint64_t{0}, max / 2}) {
      REQUIRE(d.quotient(x) == x / d.bucket);
    }
    for (int i = 0; i < 2000; ++i) {
      x_rand = mix64(x_rand);
      REQUIRE(d.quotient(x_rand) == x_rand / d.bucket);
    }
  }
}

TEST_CASE("shuffle is a permutation and categorical respects zero weights", "[core]") {
  Rng r(7);
  std::vector<int> v(50);
  for (int i = 0; i < 50; ++i) v[i] = i;
  r.shuffle(v);
  std::set<int> s(v.begin(), v.end());
  CHECK(s.size() == 50);
  std::vector<int> sorted(50);
  for (int i = 0; i < 50; ++i) sorted[i] = i;
  CHECK(v != sorted);
  for (int i = 0; i < 200; ++i) {
    const auto k = r.categorical({0.0, 1.0, 0.0, 2.0});
    REQUIRE((k == 1 || k == 3));
  }
}

TEST_CASE("SHA-256 test vectors (FIPS 180-4)", "[core]") {
  CHECK(Sha256::of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256::of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256::of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  std::string million(1000000, 'a');
  CHECK(Sha256::of(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("format_double is shortest round-trip", "[core]") {
  for (const double v : {0.1, 91.60666665039062, 1e-300, 123456789.0, -2.5, 69.55}) {
    const std::string s = format_double(v);
    CHECK(std::stod(s) == v);
  }
  CHECK(format_double(0.1) == "0.1");
  CHECK(format_double(std::nan("")) == "nan");
  CHECK(format_fixed(1.23456, 2) == "1.23");
}

TEST_CASE("write_file_atomic replaces content and leaves no temp file", "[core]") {
  test::TempDir dir;
  const std::string p = dir.str("f.txt");
  write_file_atomic(p, "one");
  write_file_atomic(p, "two");
  CHECK(test::read_file(p) == "two");
  CHECK(!std::filesystem::exists(temp_path_for(p)));
  CHECK_THROWS_AS(write_file_atomic(dir.str("missing/dir/f.txt"), "x"), DataError);
}

TEST_CASE("AtomicFileWriter writes pieces; without commit the old file stays", "[core]") {
  test::TempDir dir;
  const std::string p = dir.str("f.txt");
  write_file_atomic(p, "old");
  {
    AtomicFileWriter w(p);
    w.write("new ");
    CHECK(test::read_file(p) == "old");  // nothing replaced before commit
  }  // destroyed without commit: the temporary file goes, the old file stays
  CHECK(test::read_file(p) == "old");
  CHECK(!std::filesystem::exists(temp_path_for(p)));
  {
    AtomicFileWriter w(p);
    w.write("new ");
    w.write("content");
    w.commit();
  }
  CHECK(test::read_file(p) == "new content");
  CHECK(!std::filesystem::exists(temp_path_for(p)));
  CHECK_THROWS_AS(AtomicFileWriter(dir.str("missing/dir/f.txt")), DataError);
}
