// The HTTP request -> response path: the REST router of both dialects, with
// and without API keys, its JSON and MessagePack decoding and every handler,
// over real instance stores and the real envs.
//
// An input is up to 32 requests separated by "\n%%\n". Each is a line
// "METHOD TARGET [FLAGS]" and then the body. FLAGS letters pick the server
// ('l' legacy dialect, 'k' the one with API keys, else the gymnasium one)
// and headers: 'j' / 'm' / 't' Content-Type JSON / MessagePack / text/plain,
// 'a' Accept MessagePack, 'A' alice's key as a Bearer token, 'B' bob's as
// X-API-Key, 'X' an unknown key, 'o' a foreign Origin, 'O' the server's own,
// 'h' a foreign Host, 'H' no Host, 'w' a WebSocket handshake. "@N" in the
// target or body names a live instance (fuzz_world.hpp).
//
// Invariants: the router never throws, never answers 5xx but 503 (full,
// draining) and 501 (unsupported framing), and every JSON or MessagePack
// body it answers decodes.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "fuzz_world.hpp"
#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"
#include "serve/encoding.hpp"

namespace {

using namespace gymcc;
using serve::Method;

Method method_of(std::string_view word) {
  if (word == "GET") return Method::kGet;
  if (word == "POST") return Method::kPost;
  if (word == "PUT") return Method::kPut;
  if (word == "DELETE") return Method::kDelete;
  if (word == "PATCH") return Method::kPatch;
  if (word == "HEAD") return Method::kHead;
  if (word == "OPTIONS") return Method::kOptions;
  return Method::kOther;
}

std::string_view next_word(std::string_view& line) {
  const std::size_t space = line.find(' ');
  const std::string_view word = line.substr(0, space);
  line.remove_prefix(space == std::string_view::npos ? line.size() : space + 1);
  return word;
}

bool has(std::string_view flags, char flag) { return flags.find(flag) != std::string_view::npos; }

void check(const serve::Response& response, std::string_view request) {
  const int status = response.status;
  if (status < 100 || status > 599 || (status >= 500 && status != 503 && status != 501)) {
    fuzz::fail("unexpected status " + std::to_string(status) + " for", request);
  }
  if (response.body.empty()) return;
  try {
    if (response.content_type == "application/json") json::parse(response.body);
    if (response.content_type == serve::kMsgpackType) serve::msgpack::decode(response.body);
  } catch (const Error& e) {
    fuzz::fail("an answer that does not decode", std::string(request) + "\n" + e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  fuzz::FuzzServer gymnasium(serve::rest::Dialect::kGymnasium, {});
  fuzz::FuzzServer legacy(serve::rest::Dialect::kLegacy, {});
  fuzz::FuzzServer keyed(serve::rest::Dialect::kGymnasium, fuzz::fuzz_keys());
  const std::string alice_bearer = "Bearer " + std::string(fuzz::kAliceKey);

  int requests = 0;
  for (const std::string_view part : fuzz::split_parts(input)) {
    if (++requests > 32) break;
    const std::size_t newline = part.find('\n');
    std::string_view line = part.substr(0, newline);
    const std::string_view raw_body =
        newline == std::string_view::npos ? std::string_view{} : part.substr(newline + 1);
    const Method method = method_of(next_word(line));
    const std::string_view raw_target = next_word(line);
    const std::string_view flags = next_word(line);

    fuzz::FuzzServer& server = has(flags, 'l') ? legacy : has(flags, 'k') ? keyed : gymnasium;
    const auto ids = server.ids();
    const std::string target = fuzz::substitute(raw_target, ids, false);
    const std::string body = fuzz::substitute(raw_body, ids, has(flags, 'm'));

    serve::Request request;
    request.method = method;
    const std::string_view target_view = target;
    const std::size_t question = target_view.find('?');
    request.path = target_view.substr(0, question);
    if (question != std::string_view::npos) request.query = target_view.substr(question + 1);
    request.body = body;
    request.content_type = has(flags, 'm')   ? serve::kMsgpackType
                           : has(flags, 'j') ? "application/json"
                           : has(flags, 't') ? "text/plain"
                                             : "";
    if (has(flags, 'a')) request.accept = serve::kMsgpackType;
    if (has(flags, 'A')) request.authorization = alice_bearer;
    if (has(flags, 'B')) request.api_key = fuzz::kBobKey;
    if (has(flags, 'X')) request.api_key = "not-a-key-at-all-0000";
    request.host = has(flags, 'h') ? "evil.example" : has(flags, 'H') ? "" : "127.0.0.1:5000";
    if (has(flags, 'o')) request.origin = "http://evil.example";
    if (has(flags, 'O')) request.origin = "http://127.0.0.1:5000";
    if (has(flags, 'w')) {
      request.websocket.offered = true;
      request.websocket.key = "dGhlIHNhbXBsZSBub25jZQ==";
      request.websocket.version = "13";
    }

    serve::Response response = server.router().handle(request);
    const std::string described = std::string(part.substr(0, newline));
    check(response, described);
    // Slow work (image encoding) the transport would run on its workers.
    if (response.deferred) check(response.deferred(), described);
  }
  return 0;
}
