// Streaming hook: entries of one dict are handed out as they are completed and then dropped.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "container/open_any.hpp"
#include "pickle/cursor.hpp"
#include "pickle/memo_liveness.hpp"
#include "pickle/pickle_reader.hpp"
#include "pickle/value_json.hpp"
#include "pickle_test_support.hpp"
#include "tabnas/core/errors.hpp"

using tabnas::DataError;
using tabnas::container::open_any;
using tabnas::pickle::Kind;
using tabnas::pickle::ReadOptions;
using tabnas::pickle::Value;
using tabnas::pickle::test::data_dir;
using tabnas::pickle::test::fixtures_dir;
using tabnas::pickle::test::json_difference;
using tabnas::pickle::test::PickleBytes;

namespace {

struct Collected {
  std::vector<Value> keys;
  std::vector<Value> values;
};

ReadOptions streaming(Collected& out, std::vector<std::string> path) {
  ReadOptions o;
  o.stream.dict_path = std::move(path);
  o.stream.on_entry = [&out](const Value& k, const Value& v) {
    out.keys.push_back(k);
    out.values.push_back(v);
  };
  return o;
}

}  // namespace

TEST_CASE("streaming the top-level OrderedDict of a NATS file", "[pickle][stream]") {
  const auto path = fixtures_dir() / "pickle" / "nats_tss_000000.pickle.pbz2";
  const Value whole = open_any(path).value;
  Collected got;
  const Value rest = open_any(path, streaming(got, {})).value;
  CHECK(rest.kind() == Kind::kDict);
  CHECK(rest.size() == 0);  // entries were handed out, not stored
  REQUIRE(got.keys.size() == 2);
  CHECK(got.keys[0].as_string() == "12");
  CHECK(got.keys[1].as_string() == "200");
  // what the callback received is complete and identical to a normal read
  for (std::size_t i = 0; i < 2; ++i) {
    const auto expected = tabnas::pickle::to_inspect_json(whole.dict_items()[i].second);
    const auto actual = tabnas::pickle::to_inspect_json(got.values[i]);
    CHECK(json_difference(expected, actual).empty());
  }
}

TEST_CASE("streaming a nested dict by path (NB201 arch2infos)", "[pickle][stream]") {
  const auto path = fixtures_dir() / "pickle" / "nb201_legacy.pth";
  Collected got;
  const Value rest = open_any(path, streaming(got, {"arch2infos"})).value;
  REQUIRE(got.keys.size() == 3);
  for (std::int64_t i = 0; i < 3; ++i) {
    CHECK(got.keys[static_cast<std::size_t>(i)].as_int() == i);
    const auto& v = got.values[static_cast<std::size_t>(i)];
    CHECK(v.as_dict_get("less").as_dict_get("arch_index").as_int() == i);
    CHECK(v.find("full") != nullptr);
  }
  const tabnas::pickle::Cursor c(rest, "rest");
  CHECK(c["arch2infos"].size() == 0);
  CHECK(c["meta_archs"].size() == 3);
  CHECK(c["evaluated_indexes"].size() == 3);

  // a path that does not exist streams nothing and leaves the tree intact
  Collected none;
  const Value all = open_any(path, streaming(none, {"no_such_key"})).value;
  CHECK(none.keys.empty());
  CHECK(tabnas::pickle::Cursor(all, "all")["arch2infos"].size() == 3);
}

TEST_CASE("streaming with SETITEM (protocol 0/1) and release of memo slots", "[pickle][stream]") {
  // {'x': {'a': [1], 'b': <memo ref to the list of 'a'>}}
  PickleBytes p;
  p.op('}')
      .str("x")
      .op('}')
      .str("a")
      .op(']')
      .op('q')
      .u8(0)
      .op('K')
      .u8(1)
      .op('a')
      .op('s')
      .str("b")
      .op('h')
      .u8(0)
      .op('s')
      .op('s')
      .op('.');
  Collected normal;
  const Value whole = tabnas::pickle::read_pickle(p.span(), streaming(normal, {"y"}));
  CHECK(normal.keys.empty());
  CHECK(whole.as_dict_get("x").size() == 2);

  Collected got;
  ReadOptions o = streaming(got, {"x"});
  o.source_name = "stream.pkl";
  CHECK_THROWS_WITH(tabnas::pickle::read_pickle(p.span(), o),
                    Catch::Contains("stream.pkl: byte offset") &&
                        Catch::Contains("memo index 0 refers to an entry already handed to the "
                                        "streaming callback"));
  REQUIRE(got.keys.size() == 1);                  // 'a' was delivered before the failing reference
  CHECK(got.values[0].items()[0].as_int() == 1);  // the delivered copy stays valid
}

TEST_CASE("an exception from the callback aborts the read unchanged", "[pickle][stream]") {
  ReadOptions o;
  o.stream.on_entry = [](const Value&, const Value&) { throw std::runtime_error("stop here"); };
  const auto path = fixtures_dir() / "pickle" / "nats_tss_000000.pickle.pbz2";
  CHECK_THROWS_WITH(open_any(path, o), "stop here");
}

TEST_CASE("streaming a real NATS file", "[pickle][stream][realdata]") {
  const auto dir = data_dir();
  if (!dir) {
    WARN("shared data directory not found: skipped");
    return;
  }
  Collected got;
  const auto path = *dir / "nats" / "NATS-sss-v1_0-50262-simple" / "000011.pickle.pbz2";
  const Value rest = open_any(path, streaming(got, {})).value;
  CHECK(rest.size() == 0);
  REQUIRE(got.keys.size() == 3);
  CHECK(got.values[2].as_dict_get("arch_index").as_int() == 11);
}

TEST_CASE("streamed entries are handed over before their SETITEMS batch ends", "[pickle][stream]") {
  // {0: {'a': 1}, 1: {'a': 2}, 2: ...  truncated inside the batch: a batch-end hand-over would
  // have delivered nothing; entries 0 and 1 are complete once the next int key is pushed.
  PickleBytes p;
  p.op('}').op('(');
  for (std::uint8_t i = 0; i < 2; ++i) {
    p.op('K').u8(i).op('}').op('(').str("a").op('K').u8(static_cast<std::uint8_t>(i + 1));
    p.str("b").op('K').u8(9).op('u');
  }
  p.op('K').u8(2);  // the input ends here
  Collected got;
  CHECK_THROWS_AS(tabnas::pickle::read_pickle(p.span(), streaming(got, {})), DataError);
  REQUIRE(got.keys.size() == 2);
  CHECK(got.keys[1].as_int() == 1);
  CHECK(got.values[1].as_dict_get("a").as_int() == 2);
}

TEST_CASE("an early hand-over that a later SETITEM contradicts is refused, not misread",
          "[pickle][stream]") {
  // {0: {'a': 1, 5: 7}} where the last item of the inner dict is written with SETITEM (as
  // CPython does for a dict of 1000k+1 items): the int key 5 makes entry 0 look complete.
  PickleBytes p;
  p.op('}').op('(').op('K').u8(0);
  p.op('}').op('(').str("a").op('K').u8(1).str("b").op('K').u8(2).op('u');
  p.op('K').u8(5).op('K').u8(7).op('s');
  p.op('K').u8(1).op('}').op('u').op('.');
  Collected got;
  try {
    (void)tabnas::pickle::read_pickle(p.span(), streaming(got, {}));
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("cannot be streamed"));
  }
  // the same bytes read without streaming give the inner dict its third item
  const Value whole = tabnas::pickle::read_pickle(p.span());
  CHECK(whole.dict_items()[0].second.size() == 3);
}

TEST_CASE("streaming keeps memo entries that later entries fetch, and only those",
          "[pickle][stream]") {
  // {0: {'a': 1, 'b': 2}, 1: {'a': 3, 'b': 4}} with the key strings memoised in entry 0
  // (BINPUT 0, 1) and fetched in entry 1 (BINGET 0, 1), as interned keys are.
  PickleBytes p;
  p.op('}').op('(');
  p.op('K').u8(0).op('}').op('(').str("a").op('q').u8(0).op('K').u8(1);
  p.str("b").op('q').u8(1).op('K').u8(2).op('u');
  p.op('K').u8(1).op('}').op('(').op('h').u8(0).op('K').u8(3).op('h').u8(1).op('K').u8(4);
  p.op('u').op('u').op('.');
  const auto last = tabnas::pickle::MemoLiveness::scan(
      reinterpret_cast<const unsigned char*>(p.bytes().data()), p.size(), 0);
  REQUIRE(last.has_value());
  CHECK(last->size() == 2);  // only the two fetched entries
  Collected got;
  (void)tabnas::pickle::read_pickle(p.span(), streaming(got, {}));
  REQUIRE(got.keys.size() == 2);
  CHECK(got.values[1].as_dict_get("a").as_int() == 3);
  CHECK(got.values[1].as_dict_get("b").as_int() == 4);
  // a truncated opcode stream gives no liveness table (the real pass reports the error)
  CHECK_FALSE(tabnas::pickle::MemoLiveness::scan(
                  reinterpret_cast<const unsigned char*>(p.bytes().data()), p.size() - 1, 0)
                  .has_value());
}
