// Opcode families of the pickle reader, on hand-written pickles (protocols 0-5).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "pickle/pickle_reader.hpp"
#include "pickle/value_json.hpp"
#include "pickle_test_support.hpp"
#include "tabnas/core/errors.hpp"

using tabnas::DataError;
using tabnas::pickle::BigInt;
using tabnas::pickle::CallHow;
using tabnas::pickle::Kind;
using tabnas::pickle::Value;
using tabnas::pickle::test::parse;
using tabnas::pickle::test::PickleBytes;

namespace {
std::string json_of(const Value& v) {
  return tabnas::pickle::to_inspect_json(v).dump();
}
}  // namespace

TEST_CASE("protocol 0 text opcodes", "[pickle][opcodes]") {
  PickleBytes p;
  p.raw("(lp0\n")                                  // MARK LIST PUT 0
      .raw("I1\na")                                // INT
      .raw("I01\naI00\na")                         // INT bools
      .raw("I-42\na")                              // negative INT
      .raw("I123456789012345678901234\na")         // INT beyond int64
      .raw("L123456789012345678901234567890L\na")  // LONG
      .raw("L-5L\na")                              // small LONG normalises to int
      .raw("F1.5\naFnan\naF-inf\naF1e300\na")      // FLOAT
      .raw("S'a\\n\\x41\\'q'\na")                  // STRING with escapes
      .raw("S\"\\xff\"\na")                        // non-ASCII STRING -> bytes
      .raw("Vab\\u0041\\U0001f600\\\\x\na")        // UNICODE raw-unicode-escape
      .raw("(I1\nI2\ntp1\na")                      // MARK TUPLE PUT
      .raw("g1\na")                                // GET
      .raw("(dp2\nS'k'\nI3\nsa")                   // DICT SETITEM
      .raw("(I7\nI8\nl")                           // LIST from mark
      .raw("a")
      .raw("I9\n0")   // POP
      .raw("(I1\n1")  // POP_MARK
      .raw("I5\na")
      .raw("2")  // DUP the list
      .raw("0")  // POP the copy
      .raw(".");
  const Value v = parse(p);
  REQUIRE(v.kind() == Kind::kList);
  const auto& it = v.items();
  REQUIRE(it.size() == 19);
  CHECK(it[0].as_int() == 1);
  CHECK(it[1].as_bool() == true);
  CHECK(it[2].as_bool() == false);
  CHECK(it[3].as_int() == -42);
  CHECK(it[4].kind() == Kind::kBigInt);
  CHECK(it[4].as_big_int().to_decimal() == "123456789012345678901234");
  CHECK(it[5].as_big_int().to_decimal() == "123456789012345678901234567890");
  CHECK(it[6].kind() == Kind::kInt);
  CHECK(it[6].as_int() == -5);
  CHECK(it[7].as_double() == 1.5);
  CHECK(std::isnan(it[8].as_double()));
  CHECK(it[9].as_double() == -std::numeric_limits<double>::infinity());
  CHECK(it[10].as_double() == 1e300);
  CHECK(it[11].as_string() == "a\nA'q");
  CHECK(it[12].kind() == Kind::kBytes);
  CHECK(it[12].as_bytes() == "\xff");
  CHECK(it[13].as_string() == "abA\xF0\x9F\x98\x80\\\\x");
  CHECK(it[14].kind() == Kind::kTuple);
  CHECK(it[15].same_node(it[14]));  // memo GET shares the node
  CHECK(it[16].as_dict_get("k").as_int() == 3);
  CHECK(it[17].items().size() == 2);
  CHECK(it[18].as_int() == 5);
}

TEST_CASE("protocol 1 binary opcodes", "[pickle][opcodes]") {
  PickleBytes p;
  p.op(']')
      .op('q')
      .u8(0)
      .op('(')
      .op('J')
      .u32(0xFFFFFFFEU)  // BININT -2
      .op('K')
      .u8(200)  // BININT1
      .op('M')
      .u16(60000)  // BININT2
      .op('G')
      .f64be(-0.125)  // BINFLOAT
      .op('T')
      .u32(3)
      .raw("abc")  // BINSTRING
      .op('U')
      .u8(2)
      .raw("\x80z")  // SHORT_BINSTRING non-ASCII -> bytes
      .op('X')
      .u32(2)
      .raw("\xC3\xA9")  // BINUNICODE
      .op(')')          // EMPTY_TUPLE
      .op('}')
      .op('r')
      .u32(70000)  // EMPTY_DICT LONG_BINPUT
      .op('(')
      .op('K')
      .u8(1)
      .op('K')
      .u8(2)
      .op('u')  // SETITEMS
      .op('j')
      .u32(70000)  // LONG_BINGET
      .op('h')
      .u8(0)    // BINGET 0: the outer list itself (memo 0)
      .op('0')  // POP it again, so no cycle is created
      .op('N')
      .op('e')
      .op('.');
  const Value v = parse(p);
  const auto& it = v.items();
  REQUIRE(it.size() == 11);
  CHECK(it[0].as_int() == -2);
  CHECK(it[1].as_int() == 200);
  CHECK(it[2].as_int() == 60000);
  CHECK(it[3].as_double() == -0.125);
  CHECK(it[4].as_string() == "abc");
  CHECK(it[5].kind() == Kind::kBytes);
  CHECK(it[6].as_string() == "\xC3\xA9");
  CHECK(it[7].kind() == Kind::kTuple);
  CHECK(it[7].size() == 0);
  CHECK(it[8].kind() == Kind::kDict);
  CHECK(it[8].dict_items().size() == 1);
  CHECK(it[9].same_node(it[8]));
  CHECK(it[10].is_none());
}

TEST_CASE("protocol 2 opcodes and emulated globals", "[pickle][opcodes]") {
  PickleBytes p;
  p.op(0x80)
      .u8(2)
      .op(']')
      .op('(')
      .op('K')
      .u8(1)
      .op(0x85)  // TUPLE1
      .op('K')
      .u8(1)
      .op('K')
      .u8(2)
      .op(0x86)  // TUPLE2
      .op('K')
      .u8(1)
      .op('K')
      .u8(2)
      .op('K')
      .u8(3)
      .op(0x87)  // TUPLE3
      .op(0x88)
      .op(0x89)  // NEWTRUE NEWFALSE
      .op(0x8a)
      .u8(0)  // LONG1 0 bytes = 0
      .op(0x8a)
      .u8(2)
      .raw("\xff\x7f")  // LONG1 32767
      .op(0x8a)
      .u8(9)
      .raw(std::string("\x00\x00\x00\x00\x00\x00\x00\x80\x00", 9))  // 2^63
      .op(0x8a)
      .u8(1)
      .raw("\xff")  // -1
      .op(0x8b)
      .u32(9)
      .raw(std::string("\x00\x00\x00\x00\x00\x00\x00\x00\xff", 9))  // LONG4 -2^64
      // __builtin__.set([1, 2])
      .op('c')
      .line("__builtin__")
      .line("set")
      .op(']')
      .op('(')
      .op('K')
      .u8(1)
      .op('K')
      .u8(2)
      .op('e')
      .op(0x85)
      .op('R')
      // _codecs.encode('\u00ff', 'latin1') -> b'\xff'
      .op('c')
      .line("_codecs")
      .line("encode")
      .op('X')
      .u32(2)
      .raw("\xC3\xBF")
      .op('X')
      .u32(6)
      .raw("latin1")
      .op(0x86)
      .op('R')
      // collections.OrderedDict NEWOBJ -> empty dict, then SETITEMS
      .op('c')
      .line("collections")
      .line("OrderedDict")
      .op(')')
      .op(0x81)
      .op('(')
      .str("a")
      .op('K')
      .u8(1)
      .op('u')
      // unknown class via NEWOBJ -> opaque call with BUILD state
      .op('c')
      .line("mymod")
      .line("Thing")
      .op(')')
      .op(0x81)
      .op('}')
      .op('b')
      .op('e')
      .op('.');
  const Value v = parse(p);
  const auto& it = v.items();
  REQUIRE(it.size() == 14);
  CHECK(it[0].items().size() == 1);
  CHECK(it[1].items().size() == 2);
  CHECK(it[2].items().size() == 3);
  CHECK(it[3].as_bool());
  CHECK_FALSE(it[4].as_bool());
  CHECK(it[5].as_int() == 0);
  CHECK(it[6].as_int() == 32767);
  CHECK(it[7].kind() == Kind::kBigInt);
  CHECK(it[7].as_big_int().to_decimal() == "9223372036854775808");
  CHECK(it[8].as_int() == -1);
  CHECK(it[9].as_big_int().to_decimal() == "-18446744073709551616");
  CHECK(it[10].kind() == Kind::kSet);
  CHECK(it[10].items().size() == 2);
  CHECK(it[11].kind() == Kind::kBytes);
  CHECK(it[11].as_bytes() == "\xff");
  CHECK(it[12].kind() == Kind::kDict);
  CHECK(it[12].as_dict_get("a").as_int() == 1);
  REQUIRE(it[13].kind() == Kind::kCall);
  const auto& call = it[13].as_call();
  CHECK(call.how == CallHow::kNewObj);
  CHECK(call.is("mymod", "Thing"));
  CHECK(call.has_state);
  CHECK(call.state.kind() == Kind::kDict);
}

TEST_CASE("protocol 3-5 opcodes", "[pickle][opcodes]") {
  PickleBytes p;
  p.op(0x80)
      .u8(5)
      .op(0x95)
      .u64(0)  // PROTO 5, FRAME (length not enforced beyond input)
      .op(']')
      .op(0x94)
      .op('(')
      .op('B')
      .u32(3)
      .raw("xyz")  // BINBYTES
      .op('C')
      .u8(1)
      .raw("q")  // SHORT_BINBYTES
      .op(0x8e)
      .u64(2)
      .raw("hi")  // BINBYTES8
      .op(0x8d)
      .u64(1)
      .raw("u")  // BINUNICODE8
      .op(0x96)
      .u64(2)
      .raw("\x01\x02")  // BYTEARRAY8
      .op(0x8f)
      .op(0x94)
      .op('(')
      .op('K')
      .u8(4)
      .op('K')
      .u8(5)
      .op(0x90)  // EMPTY_SET ADDITEMS
      .op('(')
      .op('K')
      .u8(6)
      .op(0x91)  // FROZENSET
      .str("builtins")
      .str("frozenset")
      .op(0x93)  // STACK_GLOBAL
      .op(')')
      .op('R')  // frozenset() -> empty frozenset
      .str("mod")
      .op(0x94)
      .str("Cls")
      .op(0x94)
      .op(0x93)
      .op(0x94)  // STACK_GLOBAL + MEMOIZE
      .op(')')
      .op('}')
      .op('(')
      .str("k")
      .op('K')
      .u8(1)
      .op('u')
      .op(0x92)  // NEWOBJ_EX
      .op('h')
      .u8(1)  // BINGET 1 = the set (memoised 2nd)
      .op('e')
      .op('.');
  const Value v = parse(p);
  const auto& it = v.items();
  REQUIRE(it.size() == 10);
  CHECK(it[0].as_bytes() == "xyz");
  CHECK(it[1].as_bytes() == "q");
  CHECK(it[2].as_bytes() == "hi");
  CHECK(it[3].as_string() == "u");
  CHECK(it[4].kind() == Kind::kByteArray);
  CHECK(it[4].as_bytes() == "\x01\x02");
  CHECK(it[5].kind() == Kind::kSet);
  CHECK(it[5].items().size() == 2);
  CHECK(it[6].kind() == Kind::kFrozenSet);
  CHECK(it[6].items()[0].as_int() == 6);
  CHECK(it[7].kind() == Kind::kFrozenSet);
  CHECK(it[7].items().empty());
  REQUIRE(it[8].kind() == Kind::kCall);
  CHECK(it[8].as_call().how == CallHow::kNewObjEx);
  CHECK(it[8].as_call().kwargs.as_dict_get("k").as_int() == 1);
  CHECK(it[9].same_node(it[5]));
}

TEST_CASE("memo: overwrite, sparse indexes and MEMOIZE numbering", "[pickle][opcodes][memo]") {
  PickleBytes p;
  p.op(0x80)
      .u8(4)
      .op(']')
      .op('(')
      .str("a")
      .op('q')
      .u8(5)  // BINPUT 5 (sparse)
      .str("b")
      .op(0x94)  // MEMOIZE -> index len(memo) = 1
      .str("c")
      .op(0x94)  // index 2
      .str("d")
      .op('q')
      .u8(1)  // overwrite 1
      .op('h')
      .u8(5)
      .op('h')
      .u8(1)
      .op('h')
      .u8(2)
      .str("e")
      .op('r')
      .u32(0xFFFFFFFFU)
      .op('j')
      .u32(0xFFFFFFFFU)  // huge sparse index
      .op('e')
      .op('.');
  const Value v = parse(p);
  const auto& it = v.items();
  REQUIRE(it.size() == 9);
  CHECK(it[4].as_string() == "a");
  CHECK(it[5].as_string() == "d");
  CHECK(it[6].as_string() == "c");
  CHECK(it[8].as_string() == "e");
}

TEST_CASE("persistent ids and INST/OBJ become opaque records", "[pickle][opcodes]") {
  PickleBytes p;
  p.op('(')
      .op('P')
      .line("storage0")  // PERSID
      .op('(')
      .raw("S'x'\n")
      .op('t')
      .op('Q')  // BINPERSID of a tuple
      .op('(')
      .op('K')
      .u8(1)
      .op('i')
      .line("mod")
      .line("Cls")  // INST
      .op('(')
      .op('c')
      .line("mod")
      .line("Other")
      .op('K')
      .u8(2)
      .op('o')  // OBJ
      .op('l')
      .op('.');
  const Value v = parse(p);
  const auto& it = v.items();
  REQUIRE(it.size() == 4);
  CHECK(it[0].as_call().how == CallHow::kPersistentId);
  CHECK(it[0].as_call().args.as_string() == "storage0");
  CHECK(it[1].as_call().args.kind() == Kind::kTuple);
  CHECK(it[2].as_call().how == CallHow::kInst);
  CHECK(it[2].as_call().is("mod", "Cls"));
  CHECK(it[2].as_call().args.items()[0].as_int() == 1);
  CHECK(it[3].as_call().how == CallHow::kObj);
  CHECK(it[3].as_call().is("mod", "Other"));
  CHECK(json_of(it[0]) == R"({"$persid":"storage0"})");
}

TEST_CASE("opaque objects record APPENDS, SETITEMS and BUILD", "[pickle][opcodes]") {
  PickleBytes p;
  p.op(0x80)
      .u8(2)
      .op('c')
      .line("pkg.mod")
      .line("Box")
      .op(')')
      .op('R')
      .op('(')
      .op('K')
      .u8(1)
      .op('K')
      .u8(2)
      .op('e')  // APPENDS
      .op('(')
      .str("k")
      .op('K')
      .u8(3)
      .op('u')  // SETITEMS
      .op('}')
      .op('b')  // BUILD {}
      .op('.');
  const Value v = parse(p);
  const auto& c = v.as_call();
  CHECK(c.appended.size() == 2);
  CHECK(c.set_items.size() == 1);
  CHECK(c.has_state);
  CHECK(
      json_of(v) ==
      R"({"$call":{"$global":["pkg.mod","Box"]},"how":"reduce","args":{"$tuple":[]},"state":{},"appended":[1,2],"set_items":[["k",3]]})");

  // a second BUILD on the same object is refused
  PickleBytes q;
  q.op(0x80).u8(2).op('c').line("m").line("C").op(')').op('R').op('N').op('b').op('N').op('b').op(
      '.');
  CHECK_THROWS_WITH(parse(q), Catch::Contains("second BUILD"));
}

TEST_CASE("emulated builtins: list/tuple/dict/bytearray/bytes/OrderedDict", "[pickle][opcodes]") {
  PickleBytes p;
  p.op(0x80)
      .u8(2)
      .op(']')
      .op('(')
      .op('c')
      .line("builtins")
      .line("list")
      .op('K')
      .u8(1)
      .op('K')
      .u8(2)
      .op(0x86)
      .op(0x85)
      .op('R')  // list((1,2))
      .op('c')
      .line("builtins")
      .line("tuple")
      .op(']')
      .op(0x85)
      .op('R')  // tuple([])
      .op('c')
      .line("collections")
      .line("OrderedDict")
      .op(']')
      .op('(')
      .op('(')
      .str("x")
      .op('K')
      .u8(1)
      .op('l')
      .op('e')
      .op(0x85)
      .op('R')  // OD([['x',1]])
      .op('c')
      .line("__builtin__")
      .line("bytearray")
      .op('X')
      .u32(2)
      .raw("\xC3\xBF")
      .op('X')
      .u32(7)
      .raw("latin-1")
      .op(0x86)
      .op('R')  // bytearray(s, enc)
      .op('c')
      .line("__builtin__")
      .line("bytes")
      .op(')')
      .op('R')  // bytes()
      .op('c')
      .line("builtins")
      .line("dict")
      .op('K')
      .u8(5)
      .op(0x85)
      .op('R')  // dict(5): opaque
      .op('e')
      .op('.');
  const Value v = parse(p);
  const auto& it = v.items();
  REQUIRE(it.size() == 6);
  CHECK(it[0].kind() == Kind::kList);
  CHECK(it[0].items().size() == 2);
  CHECK(it[1].kind() == Kind::kTuple);
  CHECK(it[2].as_dict_get("x").as_int() == 1);
  CHECK(it[3].kind() == Kind::kByteArray);
  CHECK(it[3].as_bytes() == "\xff");
  CHECK(it[4].kind() == Kind::kBytes);
  CHECK(it[4].as_bytes().empty());
  CHECK(it[5].kind() == Kind::kCall);  // unsupported argument shape stays data
}

TEST_CASE("several pickles in one buffer each get their own memo", "[pickle][opcodes]") {
  PickleBytes p;
  p.op(0x80).u8(2).str("first").op('q').u8(0).op('.').op(0x80).u8(2).op('h').u8(0).op('.');
  tabnas::pickle::ReadOptions o;
  o.source_name = "multi.pkl";
  tabnas::pickle::PickleReader reader(p.span(), o);
  CHECK(reader.read_next().as_string() == "first");
  CHECK_FALSE(reader.at_end());
  CHECK_THROWS_WITH(reader.read_next(), Catch::Contains("memo index 0 was never stored"));
}

TEST_CASE("BigInt conversions", "[pickle][bigint]") {
  CHECK(BigInt::from_decimal("0").bytes().empty());
  CHECK(BigInt::from_decimal("-1").bytes() == std::vector<std::uint8_t>{0xFF});
  CHECK(BigInt::from_decimal("255").bytes() == std::vector<std::uint8_t>{0xFF, 0x00});
  CHECK(BigInt::from_decimal("-128").bytes() == std::vector<std::uint8_t>{0x80});
  CHECK(BigInt::from_decimal("-129").bytes() == std::vector<std::uint8_t>{0x7F, 0xFF});
  const std::string big = "-123456789012345678901234567890123456789";
  CHECK(BigInt::from_decimal(big).to_decimal() == big);
  CHECK(BigInt::from_decimal("4096").to_hex() == "0x1000");
  CHECK(BigInt::from_decimal("-255").to_hex() == "-0xff");
  CHECK(BigInt::from_int64(std::numeric_limits<std::int64_t>::min()).to_int64() ==
        std::numeric_limits<std::int64_t>::min());
  CHECK_THROWS(BigInt::from_decimal("12a"));
  CHECK_THROWS(BigInt::from_decimal(std::string(4301, '9')));
}
