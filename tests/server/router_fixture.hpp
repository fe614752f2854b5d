#pragma once
// A server without sockets: the REST router and the WebSocket message API
// over a real instance store and the real envs, driven request by request.

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "gymcc/envs/all.hpp"
#include "gymcc/json.hpp"
#include "serve/rest/route_table.hpp"
#include "serve/rest/router.hpp"
#include "serve/services.hpp"
#include "serve/websocket/message_api.hpp"

namespace gymcc::serve::testing {

struct Call {
  Method method = Method::kGet;
  std::string path;
  std::string body;
  std::string content_type;
  std::string accept;
  std::string query;
  std::string authorization;
  std::string api_key;
  std::string host = "127.0.0.1:5000";
  std::string origin;
};

class FakeServer {
 public:
  explicit FakeServer(rest::RestOptions options = {}, std::size_t max_envs = 100,
                      const Registry& registry = envs::default_registry(), ApiKeys keys = {},
                      StoreLimits limits = {})
      : keys_(std::move(keys)),
        store_(with_units(limits, max_envs)),
        metrics_(rest::route_labels()),
        services_(registry, store_, metrics_, keys_),
        router_(services_, std::move(options), [this] { ++shutdown_requests; }),
        websocket_(services_) {}

  Response call(const Call& c) {
    Request request;
    request.method = c.method;
    request.path = c.path;
    request.query = c.query;
    request.body = c.body;
    request.content_type = c.content_type;
    request.accept = c.accept;
    request.authorization = c.authorization;
    request.api_key = c.api_key;
    request.host = c.host;
    request.origin = c.origin;
    return router_.handle(request);
  }
  Response get(std::string path) { return call({Method::kGet, std::move(path)}); }
  Response post(std::string path, std::string body = "") {
    return call({Method::kPost, std::move(path), std::move(body)});
  }
  Response del(std::string path) { return call({Method::kDelete, std::move(path)}); }

  // POST /v1/envs/ (or /v1/vector_envs/) with `body`; the new id.
  std::string create(const std::string& body, const std::string& collection = "/v1/envs/") {
    const Response r = post(collection, body);
    REQUIRE(r.status == 200);
    return json::parse(r.body).find("instance_id")->as_string();
  }

  // One WebSocket text message; the reply parsed.
  Value message(std::string_view text) {
    std::string reply;
    websocket_.handle_message(text, false, reply, session);
    return json::parse(reply);
  }

  InstanceStore& store() { return store_; }
  Services& services() { return services_; }
  WebSocketApi& websocket() { return websocket_; }

  int shutdown_requests = 0;
  WebSocketApi::Session session;  // one WebSocket session's state

 private:
  static StoreLimits with_units(StoreLimits limits, std::size_t max_envs) {
    limits.max_units = max_envs;
    return limits;
  }

  ApiKeys keys_;
  InstanceStore store_;
  Metrics metrics_;
  Services services_;
  rest::Router router_;
  WebSocketApi websocket_;
};

inline Value body_of(const Response& r) { return json::parse(r.body); }

// The gymnasium dialect's error: status and {"detail", "code"}.
inline void require_error(const Response& r, int status, std::string_view code) {
  INFO(r.body);
  REQUIRE(r.status == status);
  REQUIRE(r.content_type == "application/json");
  const Value body = body_of(r);
  REQUIRE(body.find("code") != nullptr);
  CHECK(body.find("code")->as_string() == code);
  CHECK(!body.find("detail")->as_string().empty());
}

inline std::string header(const Response& r, std::string_view name) {
  for (const auto& [key, value] : r.headers) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace gymcc::serve::testing
