// `tabnas inspect` as a whole process: its JSON equals the documented form of the same file
// (committed expectations and, where python3 runs, Python's own unpickler), truncation options,
// and clear errors for missing and unsupported files.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../unit/pickle/pickle_test_support.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace pt = tabnas::pickle::test;

namespace {

std::string q(const std::string& s) {
  return "'" + s + "'";
}

std::string inspect_cmd(const std::string& args) {
  return q(tabnas::test::tabnas_binary()) + " --quiet --json inspect " + args;
}

}  // namespace

TEST_CASE("inspect prints the documented JSON form of the fixtures", "[integration][pickle]") {
  for (const char* name :
       {"hwnas_like.pickle", "numpy_arrays_p2.pickle", "nats_tss_meta.pickle.pbz2"}) {
    const fs::path file = pt::fixtures_dir() / "pickle" / name;
    const auto r = tabnas::test::run_command(inspect_cmd(q(file.string())));
    REQUIRE(r.exit_code == 0);
    const auto expected = pt::parse_json(pt::read_text(file.string() + ".json"));
    const std::string diff = pt::json_difference(expected, pt::parse_json(r.out));
    if (!diff.empty()) FAIL_CHECK(name << ": " << diff);
  }
}

TEST_CASE("inspect agrees with Python's unpickler on real files", "[integration][pickle][python]") {
  const auto data = pt::data_dir();
  if (!data || !pt::python_available()) {
    WARN("data directory or python3 missing: skipping");
    return;
  }
  tabnas::test::TempDir tmp;
  for (const fs::path rel :
       {"hw/help-nb201/latency_fpga.pt", "nats/NATS-sss-v1_0-50262-simple/000011.pickle.pbz2"}) {
    const fs::path file = *data / rel;
    const auto r = tabnas::test::run_command(inspect_cmd(q(file.string())));
    REQUIRE(r.exit_code == 0);
    const std::string py = tmp.str("py.json");
    REQUIRE(tabnas::test::run_command("python3 " +
                                      q((pt::fixtures_dir() / "pickle_json_form.py").string()) +
                                      " " + q(file.string()) + " > " + q(py))
                .exit_code == 0);
    const std::string diff =
        pt::json_difference(pt::parse_json(pt::read_text(py)), pt::parse_json(r.out));
    if (!diff.empty()) FAIL_CHECK(rel << ": " << diff);
  }
}

TEST_CASE("inspect --max-items and --max-depth truncate visibly", "[integration][pickle]") {
  const auto data = pt::data_dir();
  if (!data) {
    WARN("data directory missing: skipping");
    return;
  }
  const fs::path file = *data / "hw" / "help-nb201" / "latency_pixel3.pt";
  const auto r = tabnas::test::run_command(inspect_cmd(q(file.string()) + " --max-items 2"));
  REQUIRE(r.exit_code == 0);
  const auto j = pt::parse_json(r.out);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 3);
  CHECK(j[2]["$truncated"] == 15623);
  const auto deep = tabnas::test::run_command(inspect_cmd(
      q((pt::fixtures_dir() / "pickle" / "hwnas_like.pickle").string()) + " --max-depth 1"));
  REQUIRE(deep.exit_code == 0);
  CHECK(deep.out.find("$truncated") != std::string::npos);
}

TEST_CASE("inspect: missing, unsupported and truncated files give one-line errors",
          "[integration][pickle]") {
  tabnas::test::TempDir tmp;
  const auto missing = tabnas::test::run_command(inspect_cmd(q(tmp.str("nope.pkl"))));
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("nope.pkl") != std::string::npos);

  { std::ofstream(tmp.str("notes.txt")) << "just text, not a pickle\n"; }
  const auto text = tabnas::test::run_command(inspect_cmd(q(tmp.str("notes.txt"))));
  CHECK(text.exit_code == 3);
  CHECK(text.err.find("notes.txt") != std::string::npos);
  CHECK(text.err.find("bzip2") != std::string::npos);  // lists the supported formats

  const std::string whole =
      pt::read_text((pt::fixtures_dir() / "pickle" / "hwnas_like.pickle").string());
  { std::ofstream(tmp.str("cut.pickle"), std::ios::binary) << whole.substr(0, whole.size() / 2); }
  const auto cut = tabnas::test::run_command(inspect_cmd(q(tmp.str("cut.pickle"))));
  CHECK(cut.exit_code == 3);
  CHECK(cut.err.find("cut.pickle") != std::string::npos);
  CHECK(std::count(cut.err.begin(), cut.err.end(), '\n') == 1);

  const auto none = tabnas::test::run_command(inspect_cmd(""));
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("missing FILE") != std::string::npos);
}
