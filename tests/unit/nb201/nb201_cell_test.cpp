#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "nb201/nb201_cell.hpp"
#include "tabnas/core/errors.hpp"

using tabnas::ConfigError;
using tabnas::nb201::kNumCells;
using tabnas::nb201::kNumEdges;
using tabnas::nb201::Nb201Cell;

TEST_CASE("nb201 cell: code, string and digits round trip for all 15625 cells", "[nb201]") {
  std::set<std::string> strings;
  for (std::uint32_t code = 0; code < kNumCells; ++code) {
    const Nb201Cell cell = Nb201Cell::from_code(code);
    REQUIRE(cell.code() == code);
    const std::string s = cell.to_string();
    REQUIRE(Nb201Cell::parse(s) == cell);
    strings.insert(s);
    const std::string d = cell.digits();
    REQUIRE(d.size() == kNumEdges);
    for (std::size_t e = 0; e < kNumEdges; ++e) {
      REQUIRE(d[e] == static_cast<char>('0' + cell.ops[e]));
    }
  }
  CHECK(strings.size() == kNumCells);
}

TEST_CASE("nb201 cell: known strings", "[nb201]") {
  const std::string s0 =
      "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|"
      "skip_connect~2|";
  const Nb201Cell c0 = Nb201Cell::parse(s0);
  CHECK(c0.digits() == "421211");
  CHECK(c0.to_string() == s0);
  // Base 5, edge 0 most significant: 4*5^5 + 2*5^4 + 1*5^3 + 2*5^2 + 1*5 + 1.
  CHECK(c0.code() == 4U * 3125U + 2U * 625U + 125U + 2U * 25U + 5U + 1U);
  CHECK(Nb201Cell::from_code(0).to_string() == "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
  CHECK(Nb201Cell::from_code(kNumCells - 1).digits() == "444444");
}

TEST_CASE("nb201 cell: malformed strings throw ConfigError", "[nb201]") {
  const char* const bad[] = {
      "",
      "|conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|",       // unknown op
      "|none~1|+|none~0|none~1|+|none~0|none~1|none~2|",           // wrong source node
      "|none~0|+|none~1|none~0|+|none~0|none~1|none~2|",           // sources swapped
      "|none~0|+|none~0|none~1|+|none~0|none~1|",                  // truncated
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2",            // missing final '|'
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|x",          // trailing characters
      "|none~0||none~0|none~1|+|none~0|none~1|none~2|",            // missing '+'
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|+|none~0|",  // extra node
      "|none|+|none~0|none~1|+|none~0|none~1|none~2|",             // missing '~'
      "|None~0|+|none~0|none~1|+|none~0|none~1|none~2|",           // case matters
  };
  for (const char* s : bad) {
    INFO("input: " << s);
    CHECK_THROWS_AS(Nb201Cell::parse(s), ConfigError);
  }
  CHECK_THROWS_AS(Nb201Cell::from_code(kNumCells), ConfigError);
  // The message names the offending text.
  CHECK_THROWS_WITH(Nb201Cell::parse("|conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|"),
                    Catch::Contains("conv_5x5"));
}
