// MessagePack and the two-encoding body writer (server/src/serve/msgpack.*,
// encoding.*), checked against byte sequences from the MessagePack spec.

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"
#include "serve/body.hpp"
#include "serve/encoding.hpp"
#include "serve/msgpack.hpp"

using gymcc::Array;
using gymcc::Dict;
using gymcc::DType;
using gymcc::List;
using gymcc::Value;
namespace mp = gymcc::serve::msgpack;

namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string s;
  for (int b : list) s += static_cast<char>(b);
  return s;
}

std::string encode(const Value& v) {
  std::string out;
  mp::Writer(out).value(v);
  return out;
}

// An ndarray extension by hand, as a client would build it.
std::string ndarray_ext(int code, std::initializer_list<std::uint32_t> shape, const void* data,
                        std::size_t size) {
  std::string payload;
  payload += static_cast<char>(code);
  payload += static_cast<char>(shape.size());
  for (std::uint32_t d : shape) payload.append(reinterpret_cast<const char*>(&d), 4);
  payload.append(static_cast<const char*>(data), size);
  std::string out = bytes({0xc7, static_cast<int>(payload.size()), 1});
  return out + payload;
}

}  // namespace

TEST_CASE("msgpack: scalars use the smallest spec encodings", "[msgpack]") {
  CHECK(encode(Value()) == bytes({0xc0}));
  CHECK(encode(Value(true)) == bytes({0xc3}));
  CHECK(encode(Value(std::int64_t{5})) == bytes({0x05}));
  CHECK(encode(Value(std::int64_t{-3})) == bytes({0xfd}));
  CHECK(encode(Value(std::int64_t{300})) == bytes({0xd2, 0, 0, 1, 0x2c}));
  CHECK(encode(Value(std::int64_t{1} << 40)) == bytes({0xd3, 0, 0, 1, 0, 0, 0, 0, 0}));
  CHECK(encode(Value(1.5)) == bytes({0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0}));
  CHECK(encode(Value("ab")) == bytes({0xa2, 'a', 'b'}));
  CHECK(encode(Value(List{1, 2})) == bytes({0x92, 1, 2}));
  CHECK(encode(Value(Dict{{"a", 1}})) == bytes({0x81, 0xa1, 'a', 1}));
}

TEST_CASE("msgpack: decode reads every integer, float and container form", "[msgpack]") {
  CHECK(mp::decode(bytes({0xcc, 0xff})) == Value(std::int64_t{255}));
  CHECK(mp::decode(bytes({0xcd, 0x01, 0x00})) == Value(std::int64_t{256}));
  CHECK(mp::decode(bytes({0xd0, 0x80})) == Value(std::int64_t{-128}));
  CHECK(mp::decode(bytes({0xd1, 0xff, 0xfe})) == Value(std::int64_t{-2}));
  CHECK(mp::decode(bytes({0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})) ==
        Value(gymcc::BigInt{"18446744073709551615"}));
  CHECK(mp::decode(bytes({0xca, 0x3f, 0xc0, 0, 0})) == Value(1.5));
  CHECK(mp::decode(bytes({0xdc, 0, 2, 0xc2, 0xc0})) == Value(List{false, Value()}));
  CHECK(mp::decode(bytes({0xde, 0, 1, 0xd9, 1, 'k', 0xa1, 'v'})) == Value(Dict{{"k", "v"}}));
  const Value nested(Dict{{"op", "step"}, {"actions", List{0, 1, 1}}, {"x", -2.25}});
  CHECK(mp::decode(encode(nested)) == nested);
}

TEST_CASE("msgpack: ndarrays decode from every dtype code", "[msgpack]") {
  const float f32[3] = {0.5f, -1.25f, 3.0f};
  Value v = mp::decode(ndarray_ext(10, {3}, f32, sizeof f32));
  REQUIRE(v.is_array());
  CHECK(v.as_array().dtype == DType::kFloat32);
  CHECK(v.as_array().shape == gymcc::Shape{3});
  CHECK(v.as_array().data == std::vector<double>{0.5, -1.25, 3.0});

  const std::int8_t i8[4] = {1, 0, -1, 1};
  v = mp::decode(ndarray_ext(1, {2, 2}, i8, sizeof i8));
  CHECK(v.as_array().dtype == DType::kInt8);
  CHECK(v.as_array().shape == gymcc::Shape{2, 2});
  CHECK(v.as_array().data == std::vector<double>{1, 0, -1, 1});

  const std::uint16_t u16[2] = {65535, 7};
  v = mp::decode(ndarray_ext(4, {2}, u16, sizeof u16));
  CHECK(v.as_array().dtype == DType::kInt32);
  CHECK(v.as_array().data == std::vector<double>{65535, 7});

  const std::uint64_t big[1] = {~std::uint64_t{0}};
  CHECK_THROWS_AS(mp::decode(ndarray_ext(8, {1}, big, sizeof big)), gymcc::Error);
}

TEST_CASE("msgpack: ndarrays encode as the documented layout", "[msgpack]") {
  const Value v(Array{DType::kFloat32, {2}, {0.5, -2.0}});
  const std::string out = encode(v);
  // ext8, 2 + 4 + 8 payload bytes, type 1, dtype float32, 1 dimension of 2.
  REQUIRE(out.size() == 3 + 14);
  CHECK(out.substr(0, 9) == bytes({0xc7, 14, 1, 10, 1, 2, 0, 0, 0}));
  float back[2];
  std::memcpy(back, out.data() + 9, sizeof back);
  CHECK(back[0] == 0.5f);
  CHECK(back[1] == -2.0f);
  CHECK(mp::decode(out) == v);

  const Value flags(Array{DType::kBool, {3}, {1, 0, 1}});
  CHECK(mp::decode(encode(flags)) == flags);
}

TEST_CASE("msgpack: malformed input is an error, never a crash", "[msgpack]") {
  const auto rejects = [](const std::string& input) {
    CHECK_THROWS_AS(mp::decode(input), gymcc::Error);
  };
  rejects("");
  rejects(bytes({0xc1}));
  rejects(bytes({0x92, 1}));                           // array of 2 with 1 item
  rejects(bytes({0xdd, 0xff, 0xff, 0xff, 0xff}));      // 4 G items, no bytes
  rejects(bytes({0xdb, 0, 0, 0, 9, 'a'}));             // string longer than the data
  rejects(bytes({0x81, 1, 2}));                        // non-string key
  rejects(bytes({0xc4, 1, 0}));                        // bin outside an ndarray
  rejects(bytes({0xd4, 5, 0}));                        // unknown extension type
  rejects(bytes({0xc7, 3, 1, 10, 1, 0}));              // truncated dims
  rejects(bytes({0xc7, 7, 1, 10, 1, 2, 0, 0, 0, 0}));  // 2 float32s, 1 byte of data
  rejects(bytes({0xc7, 6, 1, 99, 1, 0, 0, 0, 0}));     // unknown dtype code
  rejects(bytes({0x01, 0x02}));                        // trailing bytes
  rejects(std::string(100, static_cast<char>(0x91)) + bytes({0xc0}));  // nested 100 deep
}

TEST_CASE("BodyWriter: one answer in JSON and in MessagePack", "[encoding]") {
  using gymcc::serve::BodyWriter;
  using gymcc::serve::Encoding;
  const auto write = [](Encoding encoding) {
    std::string out;
    BodyWriter w(encoding, out);
    const float observations[4] = {0.1f, -0.5f, 2.0f, 0.0f};
    const std::uint8_t flags[2] = {0, 1};
    const std::array<std::int64_t, 2> shape{2, 2};
    const std::array<std::int64_t, 1> flat{2};
    w.begin_map();
    w.key("id");
    w.null();
    w.key("observations");
    w.ndarray(DType::kFloat32, shape, observations);
    w.key("terminated");
    w.ndarray(DType::kBool, flat, flags);
    w.key("infos");
    w.begin_map();
    w.key("prob");
    w.real(1.0);
    w.end_map();
    w.key("n");
    w.integer(-7);
    w.end_map();
    return out;
  };
  CHECK(write(Encoding::kJson) ==
        R"({"id":null,"observations":[[0.10000000149011612,-0.5],[2.0,0.0]],)"
        R"("terminated":[false,true],"infos":{"prob":1.0},"n":-7})");
  const Value decoded = mp::decode(write(Encoding::kMsgpack));
  REQUIRE(decoded.is_dict());
  CHECK(decoded.as_dict().size() == 5);
  CHECK(decoded.find("id")->is_null());
  CHECK(decoded.find("observations")->as_array() ==
        Array{DType::kFloat32, {2, 2}, {static_cast<double>(0.1f), -0.5, 2.0, 0.0}});
  CHECK(decoded.find("terminated")->as_array() == Array{DType::kBool, {2}, {0, 1}});
  CHECK(*decoded.find("infos") == Value(Dict{{"prob", 1.0}}));
  CHECK(*decoded.find("n") == Value(std::int64_t{-7}));
}

TEST_CASE("decode_body: client mistakes are 400s with the encoding's code", "[encoding]") {
  using gymcc::serve::ClientError;
  using gymcc::serve::decode_body;
  using gymcc::serve::Encoding;
  CHECK(decode_body(Encoding::kMsgpack, "").is_null());
  try {
    decode_body(Encoding::kMsgpack, bytes({0x92}));
    FAIL("no error");
  } catch (const ClientError& e) {
    CHECK(e.status == 400);
    CHECK(e.code == "invalid_msgpack");
  }
  CHECK(gymcc::serve::names_msgpack("application/msgpack"));
  CHECK(gymcc::serve::names_msgpack("application/json, application/x-msgpack;q=0.9"));
  CHECK_FALSE(gymcc::serve::names_msgpack("application/json"));
}

// Found by fuzzing (tests/fuzz/fuzz_msgpack.cpp): an int64 element near 2^63 is held as the
// double 2^63, and writing it back as an int64 was an undefined cast (INT64_MIN on x86). A
// WebSocket reply echoes a message's "id", so a client could make the server write one.
TEST_CASE("msgpack and JSON: int64 elements beyond the double range saturate on write",
          "[msgpack]") {
  const std::int64_t extremes[2] = {std::numeric_limits<std::int64_t>::max(),
                                    std::numeric_limits<std::int64_t>::min()};
  const Value decoded = mp::decode(ndarray_ext(7, {2}, extremes, sizeof extremes));
  const Value again = mp::decode(encode(decoded));
  CHECK(again == decoded);
  const std::string reencoded = encode(decoded);
  std::int64_t written[2];
  std::memcpy(written, reencoded.data() + reencoded.size() - sizeof written, sizeof written);
  CHECK(written[0] == extremes[0]);
  CHECK(written[1] == extremes[1]);
  CHECK(gymcc::json::to_string(decoded) == "[9223372036854775807,-9223372036854775808]");
  Array nan_and_huge{DType::kInt32, {2}, {std::nan(""), 1e300}};
  CHECK(gymcc::json::to_string(Value(nan_and_huge)) == "[0,9223372036854775807]");
}
