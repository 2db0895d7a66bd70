// Malformed and hostile pickles: every failure must be a DataError naming file, offset and
// opcode; nothing may crash, hang or allocate without bound.
#include <catch2/catch.hpp>

#include <chrono>

#include "container/bzip2_decoder.hpp"
#include "pickle/pickle_reader.hpp"
#include "pickle/value_json.hpp"
#include "pickle_test_support.hpp"
#include "tabnas/core/errors.hpp"

using tabnas::DataError;
using tabnas::pickle::Kind;
using tabnas::pickle::ReadOptions;
using tabnas::pickle::Value;
using tabnas::pickle::test::fixtures_dir;
using tabnas::pickle::test::parse;
using tabnas::pickle::test::PickleBytes;
using tabnas::pickle::test::read_file;

namespace {

/// Runs the reader and returns the DataError message ("" when it parsed).
std::string error_of(std::span<const std::byte> data, ReadOptions o = {}) {
  if (o.source_name == "<memory>") o.source_name = "hostile.pkl";
  try {
    (void)tabnas::pickle::read_pickle(data, o);
    return "";
  } catch (const DataError& e) {
    return e.what();
  }
}

std::string error_of(const PickleBytes& p, ReadOptions o = {}) {
  return error_of(p.span(), o);
}

}  // namespace

TEST_CASE("error messages name the file, the byte offset and the opcode", "[pickle][hostile]") {
  PickleBytes p;
  p.op(0x80).u8(2).op(']').op(0xFF);
  const std::string msg = error_of(p);
  CHECK(msg == "hostile.pkl: byte offset 3 (opcode 0xff unknown): unknown opcode");

  ReadOptions o;
  o.offset_base = 1000;
  CHECK_THAT(error_of(p, o), Catch::Contains("byte offset 1003"));
}

TEST_CASE("stack underflow and missing marks", "[pickle][hostile]") {
  CHECK_THAT(error_of(PickleBytes().op('.')),
             Catch::Contains("(opcode 0x2e STOP): stack underflow"));
  CHECK_THAT(error_of(PickleBytes().op('K').u8(1).op('a').op('.')),
             Catch::Contains("APPEND): stack underflow"));
  CHECK_THAT(error_of(PickleBytes().op('K').u8(1).op(0x86).op('.')),
             Catch::Contains("TUPLE2): stack underflow"));
  CHECK_THAT(error_of(PickleBytes().op('}').op('K').u8(1).op('u').op('.')),
             Catch::Contains("SETITEMS): no MARK"));
  CHECK_THAT(error_of(PickleBytes().op('0').op('.')), Catch::Contains("POP): no MARK"));
  // items below a MARK are out of reach
  CHECK_THAT(error_of(PickleBytes().op(']').op('(').op('K').u8(1).op('a').op('.')),
             Catch::Contains("APPEND): stack underflow"));
  CHECK_THAT(error_of(PickleBytes().op('}').op('(').op('K').u8(1).op('u').op('.')),
             Catch::Contains("odd number of items for SETITEMS"));
  CHECK_THAT(error_of(PickleBytes().op('(').op('e').op('.')),
             Catch::Contains("no object below the MARK"));
  CHECK_THAT(error_of(PickleBytes().op('K').u8(1)), Catch::Contains("ends without a STOP"));
}

TEST_CASE("memo indexes out of range", "[pickle][hostile][memo]") {
  CHECK_THAT(error_of(PickleBytes().op('h').u8(5).op('.')),
             Catch::Contains("(opcode 0x68 BINGET): memo index 5 was never stored"));
  CHECK_THAT(error_of(PickleBytes().op('j').u32(0xFFFFFFFFU).op('.')),
             Catch::Contains("memo index 4294967295 was never stored"));
  CHECK_THAT(error_of(PickleBytes().op('g').line("-1").op('.')),
             Catch::Contains("is not a non-negative integer"));
  CHECK_THAT(error_of(PickleBytes().op('q').u8(0).op('.')),
             Catch::Contains("BINPUT): stack underflow"));
  CHECK_THAT(error_of(PickleBytes().op(0x94).op('.')),
             Catch::Contains("MEMOIZE): stack underflow"));
}

TEST_CASE("declared lengths beyond the input are refused before allocating", "[pickle][hostile]") {
  const auto fast = [](const PickleBytes& p) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::string msg = error_of(p);
    const auto dt = std::chrono::steady_clock::now() - t0;
    CHECK(dt < std::chrono::milliseconds(200));
    return msg;
  };
  CHECK_THAT(fast(PickleBytes().op('X').u32(0xFFFFFFFFU).raw("abc")),
             Catch::Contains("BINUNICODE): truncated input: argument needs 4294967295 bytes"));
  CHECK_THAT(fast(PickleBytes().op(0x8e).u64(0x7FFFFFFFFFFFFFFFULL)),
             Catch::Contains("BINBYTES8): truncated input"));
  CHECK_THAT(fast(PickleBytes().op(0x96).u64(0xFFFFFFFFFFFFFFFFULL)),
             Catch::Contains("BYTEARRAY8): truncated input"));
  CHECK_THAT(fast(PickleBytes().op(0x8d).u64(1ULL << 40U)), Catch::Contains("truncated input"));
  CHECK_THAT(fast(PickleBytes().op(0x8b).u32(0x7FFFFFFFU)), Catch::Contains("LONG4): truncated"));
  CHECK_THAT(fast(PickleBytes().op(0x8b).u32(0x80000000U)), Catch::Contains("negative"));
  CHECK_THAT(fast(PickleBytes().op('T').u32(0xFFFFFFF0U)), Catch::Contains("negative"));
  CHECK_THAT(fast(PickleBytes().op(0x95).u64(1ULL << 62U).op('N').op('.')),
             Catch::Contains("FRAME announces"));
  CHECK_THAT(fast(PickleBytes().op('L').raw(std::string(5000, '7')).raw("L\n.")),
             Catch::Contains("at most 4300 digits"));
}

TEST_CASE("unknown opcodes, protocols and unsupported features", "[pickle][hostile]") {
  CHECK_THAT(error_of(PickleBytes().op(0x80).u8(6).op('N').op('.')),
             Catch::Contains("unsupported pickle protocol 6"));
  CHECK_THAT(error_of(PickleBytes().op(0x82).u8(1).op('.')), Catch::Contains("extension registry"));
  CHECK_THAT(error_of(PickleBytes().op(0x97).op('.')), Catch::Contains("out-of-band buffers"));
  CHECK_THAT(error_of(PickleBytes().op(0x8c).u8(2).raw("\xC3\x28").op('.')),
             Catch::Contains("not valid UTF-8"));
  CHECK_THAT(error_of(PickleBytes().op('V').raw("\\u12").raw("\n.")),
             Catch::Contains("truncated \\u escape"));
  CHECK_THAT(error_of(PickleBytes().op('S').raw("abc\n.")), Catch::Contains("must be quoted"));
  CHECK_THAT(error_of(PickleBytes().op('F').raw("1.5x\n.")), Catch::Contains("not a number"));
  CHECK_THAT(error_of(PickleBytes().op('I').raw("12z\n.")), Catch::Contains("not a decimal"));
  CHECK_THAT(error_of(PickleBytes().op('N').op('N').op(0x93).op('.')),
             Catch::Contains("STACK_GLOBAL requires two str"));
  CHECK_THAT(error_of(PickleBytes().op('K').u8(1).op('N').op('b').op('.')),
             Catch::Contains("BUILD on int 1 is not supported"));
  for (int code : {0x00, 0x20, 0x7F, 0x99, 0xC0, 0xFE}) {
    PickleBytes p;
    p.op(static_cast<std::uint8_t>(code)).op('.');
    CHECK_THAT(error_of(p), Catch::Contains("unknown opcode"));
  }
}

TEST_CASE("deep nesting is capped", "[pickle][hostile][nesting]") {
  ReadOptions o;
  o.max_nesting = 10000;
  SECTION("list chain at the cap is fine and is destroyed without recursion") {
    PickleBytes p;
    for (int i = 0; i < 10000; ++i) p.op(']');
    for (int i = 0; i < 9999; ++i) p.op('a');
    p.op('.');
    Value v;
    REQUIRE_NOTHROW(v = tabnas::pickle::read_pickle(p.span(), o));
    const auto j = tabnas::pickle::to_inspect_json(v, 5, -1);
    CHECK(j.dump() == "[[[[[{\"$truncated\":1}]]]]]");
  }
  SECTION("one level more is refused") {
    PickleBytes p;
    for (int i = 0; i < 10001; ++i) p.op(']');
    for (int i = 0; i < 10000; ++i) p.op('a');
    p.op('.');
    CHECK_THAT(error_of(p, o), Catch::Contains("APPEND): containers nest deeper than 10000"));
  }
  SECTION("bottom-up nesting with a constant stack (TUPLE1 chain)") {
    PickleBytes p;
    p.op('N');
    for (int i = 0; i < 200000; ++i) p.op(0x85);
    p.op('.');
    CHECK_THAT(error_of(p, o), Catch::Contains("TUPLE1): containers nest deeper than 10000"));
  }
  SECTION("too many open marks") {
    PickleBytes p;
    for (int i = 0; i < 20000; ++i) p.op('(');
    CHECK_THAT(error_of(p, o), Catch::Contains("MARK): more than 10000 open MARKs"));
  }
  SECTION("depth grown through a shared (memo) node is found at STOP") {
    ReadOptions small;
    small.max_nesting = 5;
    PickleBytes p;
    p.op(']')
        .op('q')
        .u8(0)
        .op('0')  // A = [] (memo 0)
        .op('h')
        .u8(0)
        .op(0x85)
        .op(0x85)
        .op(0x85)  // B = (((A,),),)  depth 4
        .op('h')
        .u8(0)  // A again
        .op(']')
        .op(']')
        .op(']')
        .op('a')
        .op('a')  // C = [[[]]] depth 3
        .op('a')  // A.append(C): A depth 4, B really 7
        .op('0')  // drop A, keep B
        .op('.');
    CHECK_THAT(error_of(p, small), Catch::Contains("containers nest deeper than 5"));
  }
}

TEST_CASE("self-referencing structures are refused", "[pickle][hostile][cycle]") {
  // l = []; l.append(l)
  CHECK_THAT(error_of(PickleBytes().op(']').op('q').u8(0).op('h').u8(0).op('a').op('.')),
             Catch::Contains("self-referencing structure"));
  // via DUP
  CHECK_THAT(error_of(PickleBytes().op(']').op('2').op('a').op('.')),
             Catch::Contains("self-referencing structure"));
  // d = {}; d['k'] = [d]
  CHECK_THAT(
      error_of(
          PickleBytes().op('}').op('q').u8(0).str("k").op(']').op('h').u8(0).op('a').op('s').op(
              '.')),
      Catch::Contains("self-referencing structure"));
  // a cycle that is popped before STOP still must not leak (checked by the sanitizer build)
  CHECK_THAT(error_of(PickleBytes().op(']').op('q').u8(0).op('h').u8(0).op('a').op('K')),
             Catch::Contains("truncated input"));
}

TEST_CASE("strict mode rejects unknown globals", "[pickle][hostile][strict]") {
  PickleBytes p;
  p.op(0x80).u8(2).op('c').line("os").line("system").op('X').u32(2).raw("ls").op(0x85).op('R').op(
      '.');
  ReadOptions strict;
  strict.strict_globals = true;
  CHECK_THAT(error_of(p, strict),
             Catch::Contains("hostile.pkl: byte offset 2 (opcode 0x63 GLOBAL): global "
                             "'os.system' is not on the allow-list"));
  // default mode keeps it as data, never calls it
  const Value v = parse(p);
  REQUIRE(v.kind() == Kind::kCall);
  CHECK(v.as_call().is("os", "system"));

  PickleBytes q;
  q.op(0x80).u8(4).str("builtins").str("eval").op(0x93).op('.');
  CHECK_THAT(error_of(q, strict), Catch::Contains("STACK_GLOBAL): global 'builtins.eval'"));
  PickleBytes ok;
  ok.op(0x80).u8(4).str("collections").str("OrderedDict").op(0x93).op(')').op('R').op('.');
  CHECK(error_of(ok, strict).empty());
  PickleBytes inst;
  inst.op('(').op('i').line("subprocess").line("Popen").op('.');
  CHECK_THAT(error_of(inst, strict), Catch::Contains("INST): global 'subprocess.Popen'"));
}

TEST_CASE("expansion by emulated copies is bounded", "[pickle][hostile]") {
  // x = list of 200 items; then 2000 x list(x) through the memo
  PickleBytes p;
  p.op(0x80).u8(2).op(']').op('(');
  for (int i = 0; i < 200; ++i) p.op('K').u8(static_cast<std::uint8_t>(i));
  p.op('e').op('q').u8(0).op('0');
  p.op(']');
  for (int i = 0; i < 2000; ++i) {
    p.op('c').line("builtins").line("list").op('h').u8(0).op(0x85).op('R').op('a');
  }
  p.op('.');
  ReadOptions o;
  o.max_expanded_elements = 100000;
  CHECK_THAT(error_of(p, o), Catch::Contains("expansion limit exceeded"));
  o.max_expanded_elements = 2000 * 200 + 1;
  CHECK(error_of(p, o).empty());
}

TEST_CASE("inconsistent numpy payloads", "[pickle][hostile][numpy]") {
  const auto dtype = [](PickleBytes& p, std::string_view spec) {
    p.op('c')
        .line("numpy")
        .line("dtype")
        .op('X')
        .u32(static_cast<std::uint32_t>(spec.size()))
        .raw(spec)
        .op('K')
        .u8(0)
        .op('K')
        .u8(1)
        .op(0x87)
        .op('R');
  };
  SECTION("scalar with a short payload") {
    PickleBytes p;
    p.op(0x80).u8(3).op('c').line("numpy.core.multiarray").line("scalar");
    dtype(p, "f8");
    p.op('C').u8(7).raw("1234567").op(0x86).op('R').op('.');
    CHECK_THAT(error_of(p),
               Catch::Contains("REDUCE): numpy scalar <f8 needs 8 payload bytes, found 7"));
  }
  SECTION("array whose payload does not match its shape") {
    PickleBytes p;
    p.op(0x80)
        .u8(3)
        .op('c')
        .line("numpy.core.multiarray")
        .line("_reconstruct")
        .op('c')
        .line("numpy")
        .line("ndarray")
        .op('K')
        .u8(0)
        .op(0x85)
        .op('C')
        .u8(1)
        .raw("b")
        .op(0x87)
        .op('R')
        .op('(')
        .op('K')
        .u8(1)
        .op('K')
        .u8(3)
        .op(0x85);
    dtype(p, "f8");
    p.op(0x89).op('C').u8(16).raw(std::string(16, '\0')).op('t').op('b').op('.');
    CHECK_THAT(error_of(p), Catch::Contains("BUILD): numpy payload of 16 bytes does not match 3"));
  }
  SECTION("negative and overflowing shapes") {
    PickleBytes q;
    q.op(0x80).u8(3).op('c').line("numpy.core.numeric").line("_frombuffer").op('(').op('C').u8(0);
    dtype(q, "f8");
    q.op('J').u32(0xFFFFFFFFU).op(0x85).op('X').u32(1).raw("C").op('t').op('R').op('.');
    CHECK_THAT(error_of(q), Catch::Contains("shape entries must be non-negative"));
    PickleBytes r;
    r.op(0x80).u8(3).op('c').line("numpy.core.numeric").line("_frombuffer").op('(').op('C').u8(0);
    dtype(r, "f8");
    r.op('(')
        .op('J')
        .u32(0x7FFFFFFF)
        .op('J')
        .u32(0x7FFFFFFF)
        .op('J')
        .u32(0x7FFFFFFF)
        .op('t')
        .op('X')
        .u32(1)
        .raw("C")
        .op('t')
        .op('R')
        .op('.');
    CHECK_THAT(error_of(r), Catch::Contains("too many elements"));
  }
}

TEST_CASE("JSON rendering of an exponential DAG stays bounded", "[pickle][hostile][json]") {
  // t0 = (); t(k+1) = (tk, tk): 2^60 leaves when expanded
  PickleBytes p;
  p.op(')');
  for (int i = 0; i < 60; ++i) p.op('2').op(0x86);
  p.op('.');
  const Value v = parse(p);
  const auto t0 = std::chrono::steady_clock::now();
  const auto j = tabnas::pickle::to_inspect_json(v, -1, -1, 100000);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  CHECK(j.dump().find("$truncated") != std::string::npos);
}

namespace {

/// Every prefix of `data` must fail with a DataError that names the source; returns the count.
std::size_t check_all_truncations(const std::vector<std::byte>& data, const std::string& name) {
  std::size_t failures = 0;
  for (std::size_t n = 0; n < data.size(); ++n) {
    ReadOptions o;
    o.source_name = name;
    try {
      (void)tabnas::pickle::read_pickle(std::span(data.data(), n), o);
      FAIL_CHECK("prefix of " << n << " bytes of " << name << " parsed");
    } catch (const DataError& e) {
      const std::string msg = e.what();
      if (msg.rfind(name + ": byte offset ", 0) != 0) {
        FAIL_CHECK("message without source/offset: " << msg);
      }
      ++failures;
    }
  }
  return failures;
}

}  // namespace

TEST_CASE("truncation at every byte offset of valid pickles", "[pickle][hostile][truncation]") {
  for (const char* name : {"numpy_arrays_p2.pickle", "numpy_arrays_p5.pickle", "hwnas_like.pickle",
                           "pandas_like.pd"}) {
    const auto data = read_file(fixtures_dir() / "pickle" / name);
    REQUIRE_NOTHROW(tabnas::pickle::read_pickle(data));
    CHECK(check_all_truncations(data, name) == data.size());
  }
  // protocol 0 and 1 text pickles of the random corpus
  for (const char* name : {"p0_0000.pkl", "p0_0001.pkl", "p1_0000.pkl", "p1_0002.pkl"}) {
    const auto path = fixtures_dir() / "random_pickles" / name;
    const auto data = read_file(path);
    CHECK(check_all_truncations(data, name) == data.size());
  }
}

TEST_CASE("single-byte corruption never crashes", "[pickle][hostile]") {
  const auto original = read_file(fixtures_dir() / "pickle" / "numpy_arrays_p2.pickle");
  std::size_t parsed = 0;
  std::size_t rejected = 0;
  for (std::size_t i = 0; i < original.size(); ++i) {
    for (const unsigned value : {0x00U, 0x7FU, 0xFFU, 0x28U, 0x62U}) {
      auto data = original;
      data[i] = static_cast<std::byte>(value);
      try {
        const Value v = tabnas::pickle::read_pickle(data);
        (void)tabnas::pickle::to_inspect_json(v, 50, 50);
        ++parsed;
      } catch (const DataError&) {
        ++rejected;
      }
    }
  }
  CHECK(parsed + rejected == original.size() * 5);
  CHECK(rejected > 0);
}
