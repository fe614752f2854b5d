#pragma once
// Bodies in either encoding the API speaks — JSON (the default) or
// MessagePack (docs/fast-paths.md) — behind one writer, so that each handler
// writes its answer once for REST and WebSocket alike.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "gymcc/value.hpp"
#include "serve/msgpack.hpp"

namespace gymcc::serve {

enum class Encoding : std::uint8_t { kJson, kMsgpack };

inline constexpr std::string_view kMsgpackType = "application/msgpack";

// Whether a Content-Type or Accept header names MessagePack.
bool names_msgpack(std::string_view header) noexcept;

// Decodes a body: JSON (empty = null) or MessagePack. Malformed input is a
// ClientError 400 invalid_json / invalid_msgpack.
Value decode_body(Encoding encoding, std::string_view body);

// Writes one answer. Maps are opened and closed explicitly and count their
// keys themselves (MessagePack needs the count up front: the header is
// patched on close). JSON is compact, floats as Python's repr, non-finite
// floats as the strings "Infinity"/"-Infinity"/"NaN" as elsewhere in the API.
class BodyWriter {
 public:
  BodyWriter(Encoding encoding, std::string& out) : encoding_(encoding), out_(out), msgpack_(out) {}

  Encoding encoding() const noexcept { return encoding_; }

  void begin_map();
  void end_map();
  void key(std::string_view name);

  void null();
  void boolean(bool b);
  void integer(std::int64_t v);
  void real(double v);
  void string(std::string_view s);
  void value(const Value& v);
  // A C-order array of `shape` with elements in `dtype`'s layout (bools as
  // 0/1 bytes): MessagePack's ndarray extension, or nested JSON lists.
  void ndarray(DType dtype, std::span<const std::int64_t> shape, const void* data);

 private:
  void comma();
  void json_ndarray(DType dtype, std::span<const std::int64_t> shape, const char*& data);

  Encoding encoding_;
  std::string& out_;
  msgpack::Writer msgpack_;
  bool need_comma_ = false;  // JSON: a value was written at this level
  struct OpenMap {
    std::size_t position = 0;
    std::size_t keys = 0;
  };
  std::array<OpenMap, 16> maps_{};
  std::size_t depth_ = 0;
};

}  // namespace gymcc::serve
