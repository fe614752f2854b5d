#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"
#include "gymcc/rng.hpp"

using gymcc::Value;
namespace json = gymcc::json;

TEST_CASE("doubles print as Python's repr") {
  // Expected strings are what CPython's json.dumps printed for these values.
  const std::pair<double, const char*> cases[] = {
      {1.0, "1.0"},
      {1e-05, "1e-05"},
      {1e16, "1e+16"},
      {1e15, "1000000000000000.0"},
      {0.0001, "0.0001"},
      {-0.0037473568227142096, "-0.0037473568227142096"},
      {123456789.125, "123456789.125"},
      {1.5e300, "1.5e+300"},
      {5e-324, "5e-324"},
      {-0.0, "-0.0"},
      {0.1, "0.1"},
      {100.0, "100.0"},
      {1e22, "1e+22"},
      {12345678901234567.0, "1.2345678901234568e+16"},
      {static_cast<double>(-4.8f), "-4.800000190734863"},
  };
  for (const auto& [value, text] : cases) {
    CHECK(json::to_string(Value(value)) == text);
  }
}

TEST_CASE("non-finite doubles follow the chosen encoding") {
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(json::to_string(Value(inf)) == "Infinity");
  CHECK(json::to_string(Value(-inf), {json::NonFinite::kString}) == "\"-Infinity\"");
  CHECK(json::to_string(Value(std::nan("")), {json::NonFinite::kString}) == "\"NaN\"");
}

TEST_CASE("parse keeps ints, floats and huge integers apart") {
  const Value v = json::parse(R"({"a": 1, "b": 1.0, "c": 340282366920938463463374607431768211459,
                                  "d": [true, null, "x\n"], "e": 18446744073709551615})");
  CHECK(v.find("a")->is_int());
  CHECK(v.find("b")->is_float());
  CHECK(v.find("c")->as_bigint().decimal == "340282366920938463463374607431768211459");
  CHECK(v.find("e")->as_bigint().decimal == "18446744073709551615");
  CHECK(v.find("d")->as_list().at(2).as_string() == "x\n");
  CHECK(json::to_string(v) ==
        R"({"a":1,"b":1.0,"c":340282366920938463463374607431768211459,"d":[true,null,"x\n"],)"
        R"("e":18446744073709551615})");
}

TEST_CASE("malformed JSON is a clear error") {
  CHECK_THROWS_AS(json::parse("{"), gymcc::Error);
  CHECK_THROWS_AS(json::parse("[1,]"), gymcc::Error);
  CHECK_THROWS_AS(json::parse("1 2"), gymcc::Error);
  CHECK_THROWS_WITH(json::parse("nul"), Catch::Contains("Invalid JSON"));
}

TEST_CASE("arrays print nested to their shape") {
  const Value v(gymcc::Array{gymcc::DType::kFloat32, {2, 2}, {1.0, 0.5, -2.0, 3.0}});
  CHECK(json::to_string(v) == "[[1.0,0.5],[-2.0,3.0]]");
  const Value ints(gymcc::Array{gymcc::DType::kInt64, {3}, {1.0, 0.0, -7.0}});
  CHECK(json::to_string(ints) == "[1,0,-7]");
}

TEST_CASE("doubles round-trip exactly through write and parse") {
  // Boost.JSON 1.81's own decimal conversion is off by an ulp for many
  // inputs; ours must not be, or parsed actions and golden values drift.
  gymcc::Generator rng(gymcc::Seed(99));
  for (int i = 0; i < 200000; ++i) {
    const double magnitude = std::ldexp(rng.random(), static_cast<int>(rng.integers(-60, 60)));
    const double value = (i % 2 ? -1 : 1) * magnitude;
    const std::string text = json::to_string(Value(value));
    const Value parsed = json::parse(text);
    REQUIRE(parsed.is_float());
    REQUIRE(std::bit_cast<std::uint64_t>(parsed.as_float()) == std::bit_cast<std::uint64_t>(value));
  }
  CHECK(json::parse("1e999").as_float() == std::numeric_limits<double>::infinity());
  CHECK(json::parse("-1e-999").as_float() == 0.0);
  CHECK(std::signbit(json::parse("-1e-999").as_float()));
}

TEST_CASE("strings with bytes that are not UTF-8 are written as JSON all the same") {
  // Found by tests/fuzz/fuzz_router: a legacy error message echoed a path's raw bytes.
  const std::string written = json::to_string(
      Value(std::string("a\xff\xc0\x01-\xe2\x82\xac-\xed\xa0\x80-\xf0\x9f\x98\x80")));
  CHECK(written ==
        "\"a\xef\xbf\xbd\xef\xbf\xbd\\u0001-\xe2\x82\xac-\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd-"
        "\xf0\x9f\x98\x80\"");
  CHECK(json::parse(written).as_string() ==
        "a\xef\xbf\xbd\xef\xbf\xbd\x01-\xe2\x82\xac-\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd-"
        "\xf0\x9f\x98\x80");
}
