// The inspect JSON form: unambiguous encodings, truncation markers, set ordering.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "pickle/value_json.hpp"
#include "pickle_test_support.hpp"

using tabnas::pickle::BigInt;
using tabnas::pickle::DictItems;
using tabnas::pickle::inspect_sort_key;
using tabnas::pickle::to_inspect_json;
using tabnas::pickle::Value;

namespace {
std::string js(const Value& v, int depth = -1, int items = -1) {
  return to_inspect_json(v, depth, items).dump();
}
Value s(const char* t) {
  return Value::str(t);
}
Value i(std::int64_t v) {
  return Value::from_int(v);
}
}  // namespace

TEST_CASE("scalars", "[pickle][json]") {
  CHECK(js(Value()) == "null");
  CHECK(js(Value::from_bool(true)) == "true");
  CHECK(js(i(-7)) == "-7");
  CHECK(js(Value::from_double(1.5)) == "1.5");
  CHECK(js(Value::from_double(std::nan(""))) == R"({"$float":"nan"})");
  CHECK(js(Value::from_double(std::numeric_limits<double>::infinity())) == R"({"$float":"inf"})");
  CHECK(js(Value::from_double(-std::numeric_limits<double>::infinity())) == R"({"$float":"-inf"})");
  CHECK(js(Value::from_big_int(BigInt::from_decimal("-99999999999999999999"))) ==
        R"({"$int":"-99999999999999999999"})");
  CHECK(js(Value::from_big_int(BigInt::from_decimal("12"))) == "12");
  CHECK(js(Value::from_big_int(BigInt(std::vector<std::uint8_t>(2000, 0x11))))
            .rfind(R"({"$int_hex":"0x1111)", 0) == 0);
  CHECK(js(s("h\xC3\xA9")) == "\"h\xC3\xA9\"");
  CHECK(js(s("\xED\xA0\x80")) == R"({"$str_surrogatepass":"eda080"})");
  CHECK(js(Value::bytes("\x01\xff")) == R"({"$bytes":"01ff"})");
  CHECK(js(Value::bytearray("")) == R"({"$bytearray":""})");
  CHECK(js(Value::global("numpy", "dtype")) == R"({"$global":["numpy","dtype"]})");
}

TEST_CASE("containers", "[pickle][json]") {
  CHECK(js(Value::list({i(1), s("a")})) == R"([1,"a"])");
  CHECK(js(Value::tuple({})) == R"({"$tuple":[]})");
  CHECK(js(Value::dict({{s("b"), i(1)}, {s("a"), i(2)}})) == R"({"b":1,"a":2})");
  // a '$' key or a non-str key switches to the pair form, so the form stays unambiguous
  CHECK(js(Value::dict({{s("$tuple"), i(1)}})) == R"({"$dict":[["$tuple",1]]})");
  CHECK(js(Value::dict({{Value::tuple({s("cifar10"), i(777)}), i(1)}})) ==
        R"({"$dict":[[{"$tuple":["cifar10",777]},1]]})");
  // sets are sorted by the canonical key, whatever the pickle order was
  CHECK(js(Value::set({s("b"), i(10), i(9), s("a"), Value()})) ==
        R"({"$set":[10,9,null,"a","b"]})");  // keys I10 < I9 < N < S
  CHECK(js(Value::frozenset({Value::from_double(2.5), Value::from_double(-1.0)})) ==
        R"({"$frozenset":[-1.0,2.5]})");
}

TEST_CASE("truncation markers", "[pickle][json]") {
  const Value nested = Value::list({Value::list({Value::list({i(1)})}), i(2), i(3)});
  CHECK(js(nested, 0) == R"({"$truncated":3})");
  CHECK(js(nested, 1) == R"([{"$truncated":1},2,3])");
  CHECK(js(nested, -1, 2) == R"([[[1]],2,{"$truncated":1}])");
  const Value d = Value::dict({{s("a"), i(1)}, {s("b"), i(2)}, {s("c"), i(3)}});
  CHECK(js(d, -1, 1) == R"({"a":1,"$truncated":2})");
  CHECK(js(Value::set({i(3), i(1), i(2)}), -1, 2) == R"({"$set":[1,2,{"$truncated":1}]})");
  tabnas::pickle::NdArray a;
  a.dtype = "<f8";
  a.shape = {2, 2};
  a.f64 = {1.0, std::nan(""), 3.0, 4.0};
  CHECK(
      js(Value::ndarray(a), -1, 3) ==
      R"({"$ndarray":{"dtype":"<f8","shape":[2,2],"data":[1.0,{"$float":"nan"},3.0,{"$truncated":1}]}})");
  CHECK(js(Value::ndarray(a), 0) == R"({"$truncated":4})");
}

TEST_CASE("canonical sort key matches Python's definition", "[pickle][json]") {
  using J = nlohmann::ordered_json;
  CHECK(inspect_sort_key(J(nullptr)) == "N");
  CHECK(inspect_sort_key(J(true)) == "T");
  CHECK(inspect_sort_key(J(-3)) == "I-3");
  CHECK(inspect_sort_key(J(0.1)) == "D0.10000000000000001");
  CHECK(inspect_sort_key(J(-0.0)) == "D-0");
  CHECK(inspect_sort_key(J("a\"\\\n\x01\x7f\xC3\xA9\xF0\x9F\x98\x80")) ==
        R"(S"a\"\\\n\u0001\u007f\u00e9\ud83d\ude00")");
  CHECK(inspect_sort_key(J::parse(R"({"k":[1,"x"]})")) == R"({"k":[I1,S"x"]})");
}
