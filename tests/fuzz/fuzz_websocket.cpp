// The WebSocket message handler (server/src/serve/websocket/message_api.cpp)
// over a real instance store with API keys: two sessions, alice's and bob's.
//
// An input is up to 32 messages separated by "\n%%\n". A message's first
// byte picks its session and kind — 't' / 'b' alice's text (JSON) / binary
// (MessagePack), 'T' / 'B' bob's — and the rest is the message; "@N" names
// a live instance (fuzz_world.hpp).
//
// Invariants: every message gets a reply in its own encoding that decodes
// to a map with an "id"; an error reply is never a 5xx but 503; and when
// both sessions end, every instance they made is gone.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "fuzz_world.hpp"
#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"
#include "serve/websocket/message_api.hpp"

namespace {

using namespace gymcc;

serve::WebSocketApi::Session session_of(const serve::ApiKeys& keys, std::string_view key) {
  serve::WebSocketApi::Session session;
  session.caller = serve::ApiKeys::caller_of(*keys.authenticate(key));
  session.caller.session_scoped = true;
  return session;
}

void check(const std::string& reply, bool binary, std::string_view message) {
  Value decoded;
  try {
    decoded = binary ? serve::msgpack::decode(reply) : json::parse(reply);
  } catch (const Error& e) {
    fuzz::fail("a reply that does not decode", std::string(message) + "\n" + e.what());
  }
  if (!decoded.is_dict() || decoded.find("id") == nullptr) {
    fuzz::fail("a reply that is not a map with an id", message);
  }
  if (const Value* error = decoded.find("error")) {
    const Value* status = error->find("status");
    if (status == nullptr || !status->is_int()) fuzz::fail("an error without a status", message);
    const std::int64_t code = status->as_int();
    if (code < 400 || (code >= 500 && code != 503)) {
      fuzz::fail("error status " + std::to_string(code), std::string(message) + "\n" + reply);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  fuzz::FuzzServer server(serve::rest::Dialect::kGymnasium, fuzz::fuzz_keys());
  serve::WebSocketApi api(server.services());
  serve::WebSocketApi::Session alice = session_of(server.keys(), fuzz::kAliceKey);
  serve::WebSocketApi::Session bob = session_of(server.keys(), fuzz::kBobKey);

  int messages = 0;
  std::string reply;
  for (const std::string_view part : fuzz::split_parts(input)) {
    if (part.empty()) continue;
    if (++messages > 32) break;
    const char kind = part.front();
    const bool binary = kind == 'b' || kind == 'B';
    serve::WebSocketApi::Session& session = kind == 'T' || kind == 'B' ? bob : alice;
    const std::string message = fuzz::substitute(part.substr(1), server.ids(), binary);
    api.handle_message(message, binary, reply, session);
    check(reply, binary, part);
  }
  api.close_owned(alice);
  api.close_owned(bob);
  if (server.store().size() != 0) fuzz::fail("instances outlive the sessions that made them");
  return 0;
}
