// Inputs found by the fuzz targets (tests/fixtures/fuzz_regressions/<target>/) and every
// fixture, fed through all four fuzz entry points: each must parse or raise DataError.
#include <catch2/catch.hpp>

#include <algorithm>

#include "../../../fuzz/fuzz_entries.hpp"
#include "pickle_test_support.hpp"

namespace fs = std::filesystem;
using tabnas::pickle::test::fixtures_dir;
using tabnas::pickle::test::read_file;

namespace {

using Entry = void (*)(std::span<const std::byte>);

struct Target {
  const char* name;
  Entry run;
};

constexpr Target kTargets[] = {{"pickle", &tabnas::fuzz::run_pickle},
                               {"bzip2", &tabnas::fuzz::run_bzip2},
                               {"torch_zip", &tabnas::fuzz::run_torch_zip},
                               {"legacy_torch", &tabnas::fuzz::run_legacy_torch}};

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Runs one input; returns "" or the description of an escaped exception.
std::string run_one(const Target& t, const std::vector<std::byte>& data) {
  try {
    t.run(data);
    return "";
  } catch (const std::exception& e) {
    return std::string("escaped exception: ") + e.what();
  } catch (...) {
    return "escaped non-std exception";
  }
}

}  // namespace

TEST_CASE("fuzz regression inputs", "[pickle][fuzz]") {
  std::size_t inputs = 0;
  for (const auto& t : kTargets) {
    for (const auto& path : files_in(fixtures_dir() / "fuzz_regressions" / t.name)) {
      INFO(t.name << " " << path.filename().string());
      const auto data = read_file(path);
      for (const auto& any : kTargets) CHECK(run_one(any, data).empty());
      ++inputs;
    }
  }
  CHECK(inputs >= 4);
}

TEST_CASE("every fixture through every fuzz entry point", "[pickle][fuzz]") {
  std::size_t inputs = 0;
  for (const auto& dir : {fixtures_dir() / "pickle", fixtures_dir() / "random_pickles"}) {
    for (const auto& path : files_in(dir)) {
      if (path.extension() == ".json") continue;
      INFO(path.filename().string());
      const auto data = read_file(path);
      for (const auto& t : kTargets) CHECK(run_one(t, data).empty());
      ++inputs;
    }
  }
  CHECK(inputs > 30);
}
