// The MessagePack codec (server/src/serve/msgpack*.cpp): any bytes either
// decode or throw gymcc::Error; what decodes re-encodes to bytes that decode
// to the same value and re-encode to the same bytes, and the JSON writer of
// responses takes it too (WebSocket replies echo a message's "id").

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"
#include "serve/encoding.hpp"
#include "serve/http_message.hpp"
#include "serve/msgpack.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gymcc;
  namespace msgpack = serve::msgpack;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Value value;
  try {
    value = msgpack::decode(bytes);
  } catch (const Error&) {
    return 0;  // malformed input is an Error; anything else escapes and is a finding
  }
  std::string encoded;
  msgpack::Writer(encoded).value(value);
  Value again;
  try {
    again = msgpack::decode(encoded);
  } catch (const Error& e) {
    fuzz::fail("re-encoded MessagePack does not decode", e.what());
  }
  if (!fuzz::same(value, again)) fuzz::fail("decode(encode(v)) != v");
  std::string encoded_again;
  msgpack::Writer(encoded_again).value(again);
  if (encoded_again != encoded) fuzz::fail("encode is not stable");
  // Both encodings of the body writer, as a reply echoing the value.
  for (const serve::Encoding encoding : {serve::Encoding::kJson, serve::Encoding::kMsgpack}) {
    std::string reply;
    serve::BodyWriter out(encoding, reply);
    out.begin_map();
    out.key("id");
    out.value(value);
    out.end_map();
  }
  std::string text;
  json::write(value, text, serve::kResponseJson);
  return 0;
}
