// The NATS-Bench / NAS-Bench-201 importer (data_importers/nats): every stored value against an
// independent Python reading of the same files (tests/fixtures/nats_expected.py), the NATS
// rules in the import report, bad input, and atomicity when the process is killed.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "../pickle/pickle_test_support.hpp"
#include "nats/nats_importer.hpp"
#include "tabnas/app/space_registry.hpp"
#include "tabnas/core/errors.hpp"
#include "tabnas/core/sha256.hpp"
#include "tabnas/store/curve_file.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace pt = tabnas::pickle::test;
using tabnas::DataError;
using tabnas::ImportSummary;
using tabnas::Store;
using tabnas::nats::NatsImporter;
using tabnas::nats::NatsImportOptions;

namespace {

std::string q(const std::string& s) {
  return "'" + s + "'";
}

fs::path fixture(const std::string& name) {
  return pt::fixtures_dir() / "pickle" / name;
}

ImportSummary import_into(Store& store, const std::string& path, const std::string& space) {
  NatsImportOptions opt;
  opt.space = space;
  opt.threads = 2;
  return NatsImporter::run(
      store, path,
      [](const std::string& n, const std::vector<std::string>& l) {
        return tabnas::make_space(n, l);
      },
      opt);
}

std::string hex_of(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", x);
  return buf;
}

/// Python's float.hex() and C's %a differ in form ("0x1.8p+1" vs "0x1.8000000000000p+1"):
/// compare the doubles they denote instead.
double from_hex(const std::string& s) {
  return std::strtod(s.c_str(), nullptr);
}

std::int64_t count(Store& s, const std::string& sql) {
  auto st = s.db().prepare(sql);
  REQUIRE(st.step());
  return st.column_int(0);
}

double value_of(Store& s, const std::string& sql) {
  auto st = s.db().prepare(sql);
  REQUIRE(st.step());
  return st.column_double(0);
}

/// Imports `path` and requires every metric row and curve value to equal the Python reference.
void check_against_python(const std::string& path, const std::string& space) {
  tabnas::test::TempDir dir;
  const std::string json_path = dir.str("expected.json");
  REQUIRE(pt::run_command("python3 " + q((pt::fixtures_dir() / "nats_expected.py").string()) + " " +
                          q(path) + " > " + q(json_path)) == 0);
  const auto expected = nlohmann::json::parse(pt::read_text(json_path));
  Store store(dir.str("s.sqlite"), Store::Mode::kWrite);
  const ImportSummary summary = import_into(store, path, space);
  // scalar rows
  std::map<std::string, double> actual;
  auto st = store.db().prepare(
      "SELECT dataset, split, fidelity, metric, arch, run, seed, value FROM metric "
      "WHERE source_id = ?");
  st.bind(1, summary.source_id);
  while (st.step()) {
    const std::string key = st.column_text(0) + "|" + st.column_text(1) + "|" + st.column_text(2) +
                            "|" + st.column_text(3) + "|" + std::to_string(st.column_int(4)) + "|" +
                            std::to_string(st.column_int(5)) + "|" +
                            (st.is_null(6) ? "null" : std::to_string(st.column_int(6)));
    actual[key] = st.column_double(7);
  }
  std::size_t n = 0;
  for (const auto& r : expected["rows"]) {
    const std::string key = r[0].get<std::string>() + "|" + r[1].get<std::string>() + "|" +
                            r[2].get<std::string>() + "|" + r[3].get<std::string>() + "|" +
                            std::to_string(r[4].get<std::int64_t>()) + "|" +
                            std::to_string(r[5].get<std::int64_t>()) + "|" +
                            (r[6].is_null() ? "null" : std::to_string(r[6].get<std::int64_t>()));
    INFO(path << ": row " << key);
    auto it = actual.find(key);
    REQUIRE(it != actual.end());
    const double want = from_hex(r[7].get<std::string>());
    if (it->second != want) FAIL_CHECK("stored " << hex_of(it->second) << ", Python " << r[7]);
    ++n;
  }
  CHECK(n == actual.size());
  CHECK(static_cast<std::int64_t>(n) == summary.rows);
  // curves
  auto cs = store.db().prepare("SELECT h5_file, h5_dataset FROM curve WHERE source_id = ?");
  cs.bind(1, summary.source_id);
  std::size_t curves = 0;
  while (cs.step()) {
    const std::string file = store.curve_dir() + "/" + cs.column_text(0);
    const std::string name = cs.column_text(1);
    INFO(path << ": curve " << name);
    REQUIRE(expected["curves"].contains(name));
    const auto& want = expected["curves"][name];
    tabnas::CurveFile f(file, tabnas::CurveFile::Mode::kRead);
    const auto array = f.read(name);
    const auto seeds = f.read_seeds(name);
    REQUIRE(seeds == want["seeds"].get<std::vector<std::int64_t>>());
    REQUIRE(array.shape[1] == seeds.size());
    std::size_t compared = 0;
    for (std::uint64_t a = 0; a < array.shape[0]; ++a) {
      const std::string akey = std::to_string(a);
      for (std::uint64_t s = 0; s < array.shape[1]; ++s) {
        const bool has = want["values"].contains(akey) && !want["values"][akey][s].is_null();
        for (std::uint64_t e = 0; e < array.shape[2]; ++e) {
          const double got = array.data[(a * array.shape[1] + s) * array.shape[2] + e];
          if (!has) {
            if (!std::isnan(got)) FAIL_CHECK("arch " << a << " slot " << s << " not NaN");
            continue;
          }
          const auto& v = want["values"][akey][s][e];
          if (v.is_null()) {
            if (!std::isnan(got)) FAIL_CHECK("arch " << a << " epoch " << e << " not NaN");
          } else if (got != from_hex(v.get<std::string>())) {
            FAIL_CHECK("arch " << a << " slot " << s << " epoch " << e << ": " << hex_of(got)
                               << " vs " << v);
          }
          ++compared;
        }
      }
    }
    CHECK(compared > 0);
    ++curves;
  }
  CHECK(curves == expected["curves"].size());
}

}  // namespace

TEST_CASE("NATS and NB201 imports equal Python's reading of the same files bit for bit",
          "[nats][python]") {
  if (!pt::python_available()) {
    WARN("python3 not available: skipping");
    return;
  }
  SECTION("fixture: per-architecture directory") {
    check_against_python(fixture("nats_dir").string(), "fx");
  }
  SECTION("fixture: NATS single file") {
    check_against_python(fixture("nats_tss_single.pickle.pbz2").string(), "fx");
  }
  SECTION("fixture: NAS-Bench-201 .pth, legacy stream") {
    check_against_python(fixture("nb201_legacy.pth").string(), "fx");
  }
  SECTION("fixture: NAS-Bench-201 .pth, zip") {
    check_against_python(fixture("nb201_zip.pth").string(), "fx");
  }
  const auto data = pt::data_dir();
  if (!data) {
    WARN("data directory not found: real NATS files skipped");
    return;
  }
  SECTION("real NATS tss directory (3 archs + meta of 15625)") {
    check_against_python((*data / "nats" / "NATS-tss-v1_0-3ffb9-simple").string(), "");
  }
  SECTION("real NATS sss directory (3 archs + meta of 32768)") {
    check_against_python((*data / "nats" / "NATS-sss-v1_0-50262-simple").string(), "");
  }
}

TEST_CASE("NATS import report records the seed-888, sparse-split and coverage rules", "[nats]") {
  tabnas::test::TempDir dir;
  Store store(dir.str("s.sqlite"), Store::Mode::kWrite);
  const ImportSummary s = import_into(store, fixture("nats_dir").string(), "fx");
  CHECK(s.archs == 3);
  auto report = store.import_report(s.source_id);
  auto line = [&](const std::string& kind, const std::string& item) -> std::string {
    for (const auto& r : report) {
      if (r[0] == kind && r[1] == item) return r[2];
    }
    return "";
  };
  // arch 1's hp-200 runs have seed-dependent params/flops: run -1 holds seed 888's value
  CHECK_THAT(line("patched", "seed-888 rule"), Catch::StartsWith("4 (arch, dataset, fidelity)"));
  for (const std::string metric : {"params", "flops"}) {
    INFO(metric);
    const std::string where =
        "FROM metric WHERE arch = 1 AND fidelity = 'hp200' AND dataset = 'cifar100' AND "
        "metric = '" +
        metric + "' AND ";
    const double resolved = value_of(store, "SELECT value " + where + "run = -1");
    CHECK(resolved == value_of(store, "SELECT value " + where + "seed = 888"));
    CHECK(resolved != value_of(store, "SELECT value " + where + "seed = 777"));
  }
  // hp-200 valid accuracy of cifar100 exists only at the last epoch: reported with the rule
  CHECK_THAT(line("missing", "sparse cifar100 hp200 valid accuracy"),
             Catch::Contains("valtest") && Catch::StartsWith("8 of 8 runs"));
  CHECK(line("note", "seeds cifar100 hp200") == "1 archs with 2 seeds, 2 archs with 3 seeds");
  // provenance of the directory: sha256 over "<name> <sha256>\n" lines, meta first
  std::string lines;
  for (const char* name :
       {"meta.pickle.pbz2", "000000.pickle.pbz2", "000001.pickle.pbz2", "000002.pickle.pbz2"}) {
    lines += std::string(name) + " " +
             tabnas::Sha256::of_file(fixture(std::string("nats_dir/") + name).string()) + "\n";
  }
  CHECK(store.sources().at(0).sha256 == tabnas::Sha256::of(lines));
  CHECK_THAT(line("note", "provenance"), Catch::Contains(tabnas::Sha256::of(lines)));
  // the last-epoch scalar of the sparse split is stored
  CHECK(count(store,
              "SELECT COUNT(*) FROM metric WHERE dataset = 'cifar100' AND split = 'valid' AND "
              "fidelity = 'hp200' AND metric = 'accuracy'") == 8);
}

TEST_CASE("NATS import files records under their file name and reports mismatches", "[nats]") {
  tabnas::test::TempDir dir;
  const fs::path src = dir.path() / "shuffled";
  fs::create_directories(src);
  fs::copy_file(fixture("nats_dir/meta.pickle.pbz2"), src / "meta.pickle.pbz2");
  fs::copy_file(fixture("nats_dir/000000.pickle.pbz2"), src / "000000.pickle.pbz2");
  fs::copy_file(fixture("nats_dir/000000.pickle.pbz2"), src / "000002.pickle.pbz2");
  Store store(dir.str("s.sqlite"), Store::Mode::kWrite);
  const ImportSummary s = import_into(store, src.string(), "fx");
  CHECK(s.archs == 2);
  CHECK(s.missing == 1);
  std::string notes;
  for (const auto& n : s.notes) notes += n + "\n";
  CHECK_THAT(notes, Catch::Contains("WARNING: 1 records hold another architecture") &&
                        Catch::Contains("2 holds arch_index 0") &&
                        Catch::Contains("1 of 3 architectures of meta_archs have no results: 1"));
  // arch 2 holds the copy of arch 0's values
  CHECK(count(store,
              "SELECT COUNT(*) FROM metric a JOIN metric b ON a.dataset = b.dataset AND "
              "a.split = b.split AND a.fidelity = b.fidelity AND a.metric = b.metric AND "
              "a.run = b.run WHERE a.arch = 0 AND b.arch = 2 AND a.value = b.value") ==
        count(store, "SELECT COUNT(*) FROM metric WHERE arch = 0"));
}

TEST_CASE("NATS import rejects bad input with the file named and leaves the store unchanged",
          "[nats]") {
  tabnas::test::TempDir dir;
  Store store(dir.str("s.sqlite"), Store::Mode::kWrite);
  const ImportSummary first = import_into(store, fixture("nats_dir").string(), "fx");
  const auto rows_before = count(store, "SELECT COUNT(*) FROM metric");
  auto expect_error = [&](const std::string& path, const std::string& space,
                          const std::string& needle) {
    INFO(path);
    try {
      (void)import_into(store, path, space);
      FAIL("no error");
    } catch (const DataError& e) {
      CHECK_THAT(std::string(e.what()), Catch::Contains(needle));
    }
    CHECK(count(store, "SELECT COUNT(*) FROM metric") == rows_before);
    CHECK(count(store, "SELECT COUNT(*) FROM source") == 1);
    for (const auto& e : fs::directory_iterator(store.curve_dir())) {
      CHECK(e.path().filename().string().find(".partial") == std::string::npos);
    }
  };
  // no meta file
  const fs::path no_meta = dir.path() / "no_meta";
  fs::create_directories(no_meta);
  fs::copy_file(fixture("nats_dir/000000.pickle.pbz2"), no_meta / "000000.pickle.pbz2");
  expect_error(no_meta.string(), "fx", "is neither a NATS-Bench per-architecture directory");
  // a truncated per-arch file: the error names it
  const fs::path trunc = dir.path() / "trunc";
  fs::create_directories(trunc);
  fs::copy_file(fixture("nats_dir/meta.pickle.pbz2"), trunc / "meta.pickle.pbz2");
  {
    const auto bytes = pt::read_file(fixture("nats_dir/000001.pickle.pbz2"));
    std::ofstream out(trunc / "000001.pickle.pbz2", std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size() / 2));
  }
  expect_error(trunc.string(), "fx", "000001.pickle.pbz2");
  // a partial architecture list is refused for the full nb201 space
  expect_error(fixture("nats_dir").string(), "", "give --space NAME");
  // a file that is not a benchmark
  expect_error(fixture("nats_dir/meta.pickle.pbz2").string(), "fx", "no arch2infos entries");
  // an index outside meta_archs
  const fs::path beyond = dir.path() / "beyond";
  fs::create_directories(beyond);
  fs::copy_file(fixture("nats_dir/meta.pickle.pbz2"), beyond / "meta.pickle.pbz2");
  fs::copy_file(fixture("nats_dir/000000.pickle.pbz2"), beyond / "000007.pickle.pbz2");
  expect_error(beyond.string(), "fx", "record of architecture 7 but meta_archs lists 3");
  // the earlier import's curves are still readable
  auto cs = store.db().prepare("SELECT h5_file, h5_dataset FROM curve LIMIT 1");
  REQUIRE(cs.step());
  tabnas::CurveFile f(store.curve_dir() + "/" + cs.column_text(0), tabnas::CurveFile::Mode::kRead);
  CHECK(f.read(cs.column_text(1)).shape[0] == 3);
  CHECK(first.source_id == 1);
}

TEST_CASE("a NATS import killed mid-way leaves the previous store and its curves intact",
          "[nats][atomicity]") {
  tabnas::test::TempDir dir;
  const std::string store_path = dir.str("s.sqlite");
  const std::string bin = tabnas::test::tabnas_binary();
  const std::string base = q(bin) + " --quiet --store " + q(store_path) + " import ";
  REQUIRE(
      tabnas::test::run_command(base + "nats " + q(fixture("nats_dir").string()) + " --space fx")
          .exit_code == 0);
  std::int64_t rows = 0;
  std::vector<std::string> files_before;
  {
    Store s(store_path, Store::Mode::kRead);
    rows = count(s, "SELECT COUNT(*) FROM metric");
    for (const auto& e : fs::directory_iterator(s.curve_dir()))
      files_before.push_back(e.path().filename().string());
  }
  const auto killed =
      tabnas::test::run_command("TABNAS_TEST_KILL_AFTER_ROWS=100 " + base + "nb201 " +
                                q(fixture("nb201_legacy.pth").string()) + " --space fx");
  CHECK(killed.exit_code == 128 + 9);
  {
    Store s(store_path, Store::Mode::kWrite);
    auto ok = s.db().prepare("PRAGMA integrity_check");
    REQUIRE(ok.step());
    CHECK(ok.column_text(0) == "ok");
    CHECK(count(s, "SELECT COUNT(*) FROM metric") == rows);
    CHECK(count(s, "SELECT COUNT(*) FROM source") == 1);
    auto cs = s.db().prepare("SELECT DISTINCT h5_file FROM curve");
    while (cs.step()) CHECK(fs::exists(s.curve_dir() + "/" + cs.column_text(0)));
  }
  // the next import cleans the interrupted one's partial file and completes
  const auto again = tabnas::test::run_command(
      base + "nb201 " + q(fixture("nb201_legacy.pth").string()) + " --space fx");
  CHECK(again.exit_code == 0);
  Store s(store_path, Store::Mode::kRead);
  for (const auto& e : fs::directory_iterator(s.curve_dir())) {
    CHECK(e.path().filename().string().find(".partial") == std::string::npos);
  }
  CHECK(count(s, "SELECT COUNT(*) FROM source") == 2);
}

TEST_CASE("tabnas import auto tells the formats apart", "[nats][cli]") {
  tabnas::test::TempDir dir;
  const std::string bin = tabnas::test::tabnas_binary();
  auto run = [&](const std::string& args) {
    return tabnas::test::run_command(q(bin) + " --store " + q(dir.str("s.sqlite")) +
                                     " import auto " + args);
  };
  auto r = run(q(fixture("nats_dir").string()) + " --space fx");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("detected format 'nats'"));
  CHECK_THAT(r.out, Catch::Contains("(nats-dir)"));
  r = run(q(fixture("nb201_zip.pth").string()) + " --space fx");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("(nb201-pth)"));
  r = run(q(fixture("nats_tss_single.pickle.pbz2").string()) + " --space fx");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("(nats-file)"));
  r = run(q(dir.str("missing")));
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.err, Catch::Contains("missing"));
}

TEST_CASE("tabnas query --epoch reads the curves and applies the NATS valtest rule",
          "[nats][cli]") {
  tabnas::test::TempDir dir;
  const std::string bin = tabnas::test::tabnas_binary();
  const std::string base = q(bin) + " --store " + q(dir.str("s.sqlite"));
  REQUIRE(tabnas::test::run_command(base + " --quiet import nats " +
                                    q(fixture("nats_dir").string()) + " --space fx")
              .exit_code == 0);
  auto query = [&](const std::string& args) {
    const auto r = tabnas::test::run_command(base + " --json query --space fx " + args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out).at(0);
  };
  // cifar100 hp200 (4 epochs in the fixture): x-valid only at the last epoch, ori-test dense
  const auto mid = query("--dataset cifar100 --split valid --fidelity hp200 --epoch 1 0");
  CHECK(mid["fallback"] == "valtest");
  const auto valtest = query("--dataset cifar100 --split valtest --fidelity hp200 --epoch 1 0");
  CHECK(mid["value"].get<double>() == valtest["value"].get<double>());
  CHECK(valtest["seeds"] == nlohmann::json::array({777, 888, 999}));
  const auto last = query("--dataset cifar100 --split valid --fidelity hp200 --epoch 3 0");
  CHECK_FALSE(last.contains("fallback"));
  // the last-epoch curve value of seed 777 equals the stored scalar of run 0
  const auto fixed =
      query("--dataset cifar100 --split valid --fidelity hp200 --epoch 3 --seed-policy fixed 0");
  {
    Store store(dir.str("s.sqlite"), Store::Mode::kRead);
    CHECK(fixed["value"].get<double>() ==
          value_of(store,
                   "SELECT value FROM metric WHERE space = 'fx' AND dataset = 'cifar100' AND "
                   "split = 'valid' AND fidelity = 'hp200' AND metric = 'accuracy' AND "
                   "arch = 0 AND run = 0"));
  }
  const auto bad = tabnas::test::run_command(
      base + " query --space fx --dataset cifar100 --split valid --fidelity hp200 --epoch 9 0");
  CHECK(bad.exit_code != 0);
  CHECK_THAT(bad.err, Catch::Contains("--epoch 9 outside 0..3"));
}

TEST_CASE("NATS per-seed rows next to the published hp12 means: run -1 stays the mean",
          "[nats][realdata]") {
  const auto data = pt::data_dir();
  if (!data) {
    WARN("data directory not found: skipped");
    return;
  }
  tabnas::test::TempDir dir;
  const std::string store = dir.str("s.sqlite");
  fs::copy_file(tabnas::test::nb201_store_path(), store);
  const std::string base = q(tabnas::test::tabnas_binary()) + " --store " + q(store);
  REQUIRE(tabnas::test::run_command(base + " --quiet import nats " +
                                    q((*data / "nats" / "NATS-tss-v1_0-3ffb9-simple").string()))
              .exit_code == 0);
  const auto r = tabnas::test::run_command(
      base + " --json query --dataset cifar10-valid --split valid --fidelity hp12 11 12");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto rows = nlohmann::json::parse(r.out);
  // arch 11: the CSV's published mean, and NATS' two seeds as runs (their mean is that value)
  const double mean = rows[0]["value"].get<double>();
  const auto runs = rows[0]["runs"];
  REQUIRE(runs.size() == 2);
  CHECK(mean == Approx((runs[0].get<double>() + runs[1].get<double>()) / 2).epsilon(1e-12));
  Store s(store, Store::Mode::kRead);
  CHECK(mean == value_of(s,
                         "SELECT value FROM metric WHERE space = 'nb201' AND dataset = "
                         "'cifar10-valid' AND split = 'valid' AND fidelity = 'hp12' AND "
                         "metric = 'accuracy' AND arch = 11 AND run = -1"));
  // arch 12 (no NATS file): its published mean is its only run
  CHECK(rows[1]["runs"][0].get<double>() == rows[1]["value"].get<double>());
  CHECK(rows[1]["runs"][1].is_null());
}
