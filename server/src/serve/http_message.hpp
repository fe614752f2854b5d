#pragma once
// Transport-neutral request and response: the REST router is a pure
// function from one to the other, so it can be tested without sockets and
// served by any transport (HTTP/1.1 on Beast today).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gymcc/json.hpp"
#include "serve/caller.hpp"

namespace gymcc::serve {

enum class Method : std::uint8_t { kGet, kPost, kPut, kDelete, kPatch, kHead, kOptions, kOther };

struct Request {
  Method method = Method::kGet;
  std::string_view path;   // without the query string
  std::string_view query;  // after '?', may be empty
  std::string_view body;
  std::string_view content_type;
  std::string_view accept;
  std::string_view authorization;  // Authorization
  std::string_view api_key;        // X-API-Key
  std::string_view host;           // Host
  std::string_view origin;         // Origin (browsers send it on cross-site requests)
  // A WebSocket handshake the transport could take over (it is not
  // stopping), with the handshake's headers.
  struct WebSocketUpgrade {
    bool offered = false;
    std::string_view key;      // Sec-WebSocket-Key
    std::string_view version;  // Sec-WebSocket-Version
  } websocket;
};

class FrameStream;

struct Response {
  int status = 200;
  std::string body;
  std::string_view content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  // Close the connection after this response.
  bool close_connection = false;
  // The transport hands the connection to a WebSocket session (status 101)
  // that acts as `caller`.
  bool websocket_upgrade = false;
  Caller caller;
  // Slow work (image encoding) the transport runs off its I/O threads; its
  // result is the response actually sent.
  std::function<Response()> deferred;
  // Set for an MJPEG stream: the transport hands the connection to a stream
  // session that sends parts until the stream ends.
  std::shared_ptr<const FrameStream> stream;
};

// The JSON writer settings of every response: ±inf and NaN as strings, as
// the gymnasium-http-api peer encodes them.
inline constexpr json::WriteOptions kResponseJson{json::NonFinite::kString};

inline Response json_response(int status, const Value& body) {
  Response r;
  r.status = status;
  json::write(body, r.body, kResponseJson);
  return r;
}

// {"detail": message, "code": code} — the gymnasium dialect's error body.
inline Response error_response(int status, std::string_view code, std::string_view detail) {
  Response r;
  r.status = status;
  r.body = "{\"detail\":";
  json::write_string(detail, r.body);
  r.body += ",\"code\":";
  json::write_string(code, r.body);
  r.body += '}';
  return r;
}

}  // namespace gymcc::serve
