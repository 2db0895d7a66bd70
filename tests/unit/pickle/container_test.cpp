// Containers: bzip2 (multi-stream, corrupt, truncated), PyTorch zip, legacy PyTorch stream and
// format detection.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "container/bzip2_decoder.hpp"
#include "container/container_format.hpp"
#include "container/legacy_torch.hpp"
#include "container/open_any.hpp"
#include "container/torch_zip.hpp"
#include "pickle/pickle_reader.hpp"
#include "pickle_test_support.hpp"
#include "tabnas/core/errors.hpp"

namespace fs = std::filesystem;
using tabnas::DataError;
using tabnas::container::Bzip2Decoder;
using tabnas::container::ContainerFormat;
using tabnas::container::detect_format;
using tabnas::container::LegacyTorch;
using tabnas::container::open_any;
using tabnas::container::open_any_bytes;
using tabnas::container::TorchZip;
using tabnas::pickle::Kind;
using tabnas::pickle::ReadOptions;
using tabnas::pickle::Value;
using tabnas::pickle::test::fixtures_dir;
using tabnas::pickle::test::PickleBytes;
using tabnas::pickle::test::read_file;
using tabnas::pickle::test::TempDir;

namespace {
fs::path fixture(const std::string& name) {
  return fixtures_dir() / "pickle" / name;
}

std::string error_of_bz2(std::span<const std::byte> data, std::uint64_t max = 1ULL << 30U) {
  try {
    (void)Bzip2Decoder::decompress(data, "x.pbz2", max);
    return "";
  } catch (const DataError& e) {
    return e.what();
  }
}
}  // namespace

TEST_CASE("bzip2: single, concatenated and damaged streams", "[container][bzip2]") {
  const auto a = read_file(fixture("nats_tss_meta.pickle.pbz2"));
  const auto b = read_file(fixture("nats_tss_000000.pickle.pbz2"));
  const auto ra = Bzip2Decoder::decompress(a, "a");
  const auto rb = Bzip2Decoder::decompress(b, "b");
  CHECK(ra.size() > 100);
  CHECK(static_cast<unsigned char>(ra[0]) == 0x80);

  // two streams back to back decompress to the concatenation
  std::vector<std::byte> both = a;
  both.insert(both.end(), b.begin(), b.end());
  const auto rboth = Bzip2Decoder::decompress(both, "both");
  std::vector<std::byte> expected = ra;
  expected.insert(expected.end(), rb.begin(), rb.end());
  CHECK(rboth == expected);

  // trailing garbage after a complete stream is ignored (Python's bz2.decompress does the same)
  std::vector<std::byte> trailing = a;
  for (char c : std::string("garbage")) trailing.push_back(static_cast<std::byte>(c));
  CHECK(Bzip2Decoder::decompress(trailing, "t") == ra);

  // truncation anywhere inside the stream is an error
  for (std::size_t n :
       {std::size_t{0}, std::size_t{3}, std::size_t{10}, a.size() / 2, a.size() - 1}) {
    const std::string msg = error_of_bz2(std::span(a.data(), n));
    CHECK_THAT(msg, Catch::StartsWith("x.pbz2: "));
    CHECK(!msg.empty());
  }
  // corrupt payload: CRC / data error
  auto corrupt = b;
  corrupt[corrupt.size() / 2] ^= std::byte{0x55};
  CHECK_THAT(error_of_bz2(corrupt), Catch::Contains("x.pbz2: ") && Catch::Contains("bzip2"));
  // not bzip2 at all
  CHECK_THAT(error_of_bz2(read_file(fixture("hwnas_like.pickle"))), Catch::Contains("bad magic"));
  // decompression bomb guard
  CHECK_THAT(error_of_bz2(b, 1000), Catch::Contains("exceeds the limit of 1000 bytes"));
}

TEST_CASE("bzip2: every truncation of a small stream fails cleanly", "[container][bzip2]") {
  const auto a = read_file(fixture("nats_tss_meta.pickle.pbz2"));
  std::size_t errors = 0;
  for (std::size_t n = 0; n < a.size(); ++n) {
    if (!error_of_bz2(std::span(a.data(), n)).empty()) ++errors;
  }
  CHECK(errors == a.size());
}

TEST_CASE("torch zip: members, CRC and structure errors", "[container][zip]") {
  const auto zip = TorchZip::open_file(fixture("nb201_zip.pth"));
  CHECK(zip.prefix() == "archive/");
  const auto names = zip.member_names();
  CHECK(std::find(names.begin(), names.end(), "archive/data.pkl") != names.end());
  CHECK_THROWS_WITH(zip.read_member("archive/missing"), Catch::Contains("member not found"));
  CHECK_THROWS_WITH(zip.read_member("archive/data.pkl", 10),
                    Catch::Contains("above the limit of 10"));

  CHECK_THROWS_WITH(TorchZip::open_file(fixture("zip_without_data_pkl.zip")),
                    Catch::Contains("no '<prefix>/data.pkl' member"));
  CHECK_THROWS_WITH(TorchZip::open_file(fixture("zip_two_data_pkl.zip")),
                    Catch::Contains("2 '<prefix>/data.pkl' members"));

  // flip a byte inside the stored data.pkl: libzip's CRC check catches it
  auto bytes = read_file(fixture("torch_tensor_zip.pt"));
  const std::string marker = "tensor fixture";
  const std::string text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const auto at = text.find(marker);
  REQUIRE(at != std::string::npos);
  bytes[at] = static_cast<std::byte>('T');
  ReadOptions o;
  o.source_name = "damaged.pt";
  CHECK_THROWS_WITH(open_any_bytes(bytes, o),
                    Catch::Contains("damaged.pt:archive/data.pkl") && Catch::Contains("CRC"));
  // truncated archives
  const auto good = read_file(fixture("nb201_zip.pth"));
  for (std::size_t n : {std::size_t{4}, std::size_t{100}, good.size() / 2, good.size() - 10}) {
    CHECK_THROWS_AS(open_any_bytes(std::span(good.data(), n), o), DataError);
  }
}

TEST_CASE("legacy torch stream", "[container][legacy]") {
  const auto data = read_file(fixture("nb201_legacy.pth"));
  CHECK(LegacyTorch::looks_like(data));
  ReadOptions o;
  o.source_name = "legacy.pth";
  const Value v = LegacyTorch::read(data, o);
  CHECK(v.as_dict_get("meta_archs").size() == 3);

  // wrong protocol version: magic, 1000, ...
  PickleBytes p;
  p.op(0x80).u8(2).op(0x8a).u8(10);
  for (unsigned char c : LegacyTorch::kMagic) p.u8(c);
  p.op('.').op(0x80).u8(2).op('M').u16(1000).op('.');
  CHECK_THROWS_WITH(LegacyTorch::read(p.span(), o),
                    Catch::Contains("legacy.pth: byte offset 15: legacy PyTorch protocol version "
                                    "must be 1001, found int 1000"));
  // truncated inside the main pickle: the offset is relative to the file
  std::vector<std::byte> cut(data.begin(),
                             data.begin() + static_cast<std::ptrdiff_t>(data.size() / 2));
  try {
    (void)LegacyTorch::read(cut, o);
    FAIL("truncated legacy stream parsed");
  } catch (const DataError& e) {
    const std::string msg = e.what();
    CHECK_THAT(msg, Catch::StartsWith("legacy.pth: byte offset "));
    const auto offset = std::stoull(msg.substr(std::string("legacy.pth: byte offset ").size()));
    CHECK(offset > 100);
  }
  // every truncation fails with a DataError
  std::size_t errors = 0;
  for (std::size_t n = 0; n < 400; ++n) {
    try {
      (void)LegacyTorch::read(std::span(data.data(), n), o);
    } catch (const DataError&) {
      ++errors;
    }
  }
  CHECK(errors == 400);
}

TEST_CASE("open_any detects every format and names the supported ones", "[container]") {
  CHECK(open_any(fixture("nats_tss_meta.pickle.pbz2")).format == ContainerFormat::kBzip2Pickle);
  CHECK(open_any(fixture("nb201_zip.pth")).format == ContainerFormat::kTorchZip);
  CHECK(open_any(fixture("nb201_legacy.pth")).format == ContainerFormat::kLegacyTorch);
  CHECK(open_any(fixture("hwnas_like.pickle")).format == ContainerFormat::kPickle);

  TempDir tmp;
  const fs::path csv = tmp.path() / "table.csv";
  {
    std::ofstream out(csv);
    out << "index,arch_str\n0,|none~0|\n";
  }
  CHECK_THROWS_WITH(open_any(csv), Catch::Contains("table.csv: not a supported pickle container") &&
                                       Catch::Contains("(text, e.g. CSV or JSON)") &&
                                       Catch::Contains("bzip2-compressed pickle") &&
                                       Catch::Contains("PyTorch zip") &&
                                       Catch::Contains("legacy PyTorch"));
  const fs::path empty = tmp.path() / "empty.bin";
  { std::ofstream out(empty); }
  CHECK_THROWS_WITH(open_any(empty), Catch::Contains("the file is empty"));
  CHECK_THROWS_WITH(open_any(tmp.path() / "missing.pkl"), Catch::Contains("cannot open"));
  // protocol 0/1 pickles are not auto-detected (they look like text)
  const std::vector<std::byte> p0 = {std::byte{'N'}, std::byte{'.'}};
  CHECK(detect_format(p0) == ContainerFormat::kUnknown);
}
