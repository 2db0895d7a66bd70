// Property test: random objects pickled by CPython (protocols 0-5, C and pure-Python picklers,
// pickletools.optimize) must read back to exactly the JSON form Python computes from
// pickle.loads of the same bytes.
#include <catch2/catch.hpp>

#include <algorithm>

#include "pickle/pickle_reader.hpp"
#include "pickle/value_json.hpp"
#include "pickle_test_support.hpp"
#include "tabnas/core/errors.hpp"

namespace fs = std::filesystem;
using tabnas::pickle::test::fixtures_dir;
using tabnas::pickle::test::json_difference;
using tabnas::pickle::test::python_available;
using tabnas::pickle::test::read_file;
using tabnas::pickle::test::read_text;
using tabnas::pickle::test::run_command;
using tabnas::pickle::test::TempDir;

namespace {

struct CorpusResult {
  std::size_t pickles = 0;
  std::size_t comparisons = 0;
  std::vector<int> protocols_seen = std::vector<int>(6, 0);
};

/// Compares every <stem>.pkl with <stem>.json and <stem>.d<D>i<I>.json in `dir`.
CorpusResult check_corpus(const fs::path& dir) {
  CorpusResult r;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    std::string stem;
    int depth = -1;
    int items = -1;
    // names: p<P>_<NNNN>.json or p<P>_<NNNN>.d<D>i<I>.json
    if (name.size() <= 5 || name.substr(name.size() - 5) != ".json") continue;
    const std::string base = name.substr(0, name.size() - 5);
    const auto dot = base.find('.');
    stem = base.substr(0, dot);
    if (dot != std::string::npos) {
      const std::string limits = base.substr(dot + 1);  // d<D>i<I>
      const auto i_pos = limits.find('i');
      REQUIRE(limits.size() > 1);
      REQUIRE(limits[0] == 'd');
      REQUIRE(i_pos != std::string::npos);
      depth = std::stoi(limits.substr(1, i_pos - 1));
      items = std::stoi(limits.substr(i_pos + 1));
    }
    const auto data = read_file(dir / (stem + ".pkl"));
    tabnas::pickle::ReadOptions o;
    o.source_name = stem + ".pkl";
    tabnas::pickle::Value v;
    try {
      v = tabnas::pickle::read_pickle(data, o);
    } catch (const tabnas::DataError& e) {
      FAIL_CHECK(e.what());
      continue;
    }
    const auto expected = tabnas::pickle::test::parse_json(read_text(path));
    const auto actual = tabnas::pickle::to_inspect_json(v, depth, items);
    const std::string diff = json_difference(expected, actual);
    if (!diff.empty()) FAIL_CHECK(name << ": " << diff);
    ++r.comparisons;
    if (depth < 0) {
      ++r.pickles;
      ++r.protocols_seen[static_cast<std::size_t>(name[1] - '0')];
    }
  }
  return r;
}

}  // namespace

TEST_CASE("committed random pickles match CPython's JSON form", "[pickle][property]") {
  const CorpusResult r = check_corpus(fixtures_dir() / "random_pickles");
  CHECK(r.pickles == 24);
  CHECK(r.comparisons > r.pickles);
  for (int p = 0; p < 6; ++p) CHECK(r.protocols_seen[static_cast<std::size_t>(p)] == 4);
}

TEST_CASE("freshly generated random pickles match CPython's JSON form", "[pickle][property]") {
  if (!python_available()) {
    WARN("python3 not available: skipping the generated random-pickle property test");
    return;
  }
  TempDir dir;
  for (int seed : {11, 12}) {
    const fs::path out = dir.path() / ("seed" + std::to_string(seed));
    const std::string cmd = "python3 '" + (fixtures_dir() / "gen_random_pickles.py").string() +
                            "' '" + out.string() + "' --count 60 --seed " + std::to_string(seed) +
                            " >/dev/null";
    REQUIRE(run_command(cmd) == 0);
    const CorpusResult r = check_corpus(out);
    CHECK(r.pickles == 360);
    for (int p = 0; p < 6; ++p) CHECK(r.protocols_seen[static_cast<std::size_t>(p)] == 60);
  }
}
