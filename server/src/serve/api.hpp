#pragma once
// The HTTP API as a pure function: Request in, Response out, never throws.
// Both dialects live behind it; the transport knows nothing of envs.

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "assets.hpp"
#include "body.hpp"
#include "encoding.hpp"
#include "gymcc/registry.hpp"
#include "http_message.hpp"
#include "instance_store.hpp"
#include "metrics.hpp"

namespace gymcc::serve {

enum class Dialect {
  kGymnasium,  // cloudkj/gymnasium-http-api (default)
  kLegacy,     // openai/gym-http-api
};

struct ApiOptions {
  Dialect dialect = Dialect::kGymnasium;
  bool allow_shutdown = false;  // legacy POST /v1/shutdown/
  std::string cors_origin;      // "" = no CORS headers
};

// The segments of a request path, without empty ones, held without
// allocating: "/v1/envs/abc/step/" → v1, envs, abc, step. Longer paths than
// any route keep only a marker that they are too long.
class PathParts {
 public:
  static constexpr std::size_t kMaxParts = 8;
  explicit PathParts(std::string_view path);
  std::size_t size() const noexcept { return too_long_ ? kMaxParts + 1 : count_; }
  std::string_view operator[](std::size_t i) const noexcept { return parts_[i]; }

 private:
  std::array<std::string_view, kMaxParts> parts_{};
  std::size_t count_ = 0;
  bool too_long_ = false;
};

class Api {
 public:
  Api(const Registry& registry, InstanceStore& store, Metrics& metrics, ApiOptions options,
      std::function<void()> request_shutdown = {});

  Response handle(const Request& request);

  // One WebSocket message (docs/fast-paths.md): a JSON text or MessagePack
  // binary request, answered in `reply` in the same encoding, errors
  // included. Ids of the instances it made are appended to `owned` (the
  // session closes them when the socket closes). Never throws.
  void handle_message(std::string_view message, bool binary, std::string& reply,
                      std::vector<std::string>& owned);

  // WebSocket sessions (GET /v1/ws) are a gymnasium-dialect feature.
  bool websockets_enabled() const noexcept { return options_.dialect == Dialect::kGymnasium; }
  // Closes the instances a WebSocket session made, when it ends.
  void close_owned(const std::vector<std::string>& owned);
  Metrics& metrics() noexcept { return metrics_; }

  // While draining (graceful stop), /readyz answers 503.
  void set_draining() noexcept { draining_.store(true); }
  bool draining() const noexcept { return draining_.load(); }

 private:
  Response route(const Request& request, Route& route);
  Response route_gymnasium(const Request& request, const PathParts& parts, Route& route);
  Response route_legacy(const Request& request, const PathParts& parts, Route& route);
  Response route_common(const Request& request, const PathParts& parts, Route& route,
                        bool& matched);

  // Decodes the request's body (JSON, or MessagePack by Content-Type), lets
  // `op` write the answer's fields into an open map, and encodes the answer
  // as the Accept header asks.
  template <class Op>
  Response respond(const Request& request, bool optional_body, Op&& op);

  // Operations shared by REST and WebSocket: each reads a decoded request
  // body and writes its answer's fields. Creations report the new id.
  std::string op_create(const Value& fields, BodyWriter& out);
  void op_reset(Instance& instance, const Value& fields, BodyWriter& out);
  void op_step(Instance& instance, const Value& fields, BodyWriter& out);
  std::string op_vector_create(const Value& fields, BodyWriter& out);
  void op_vector_reset(Instance& instance, const Value& fields, BodyWriter& out);
  void op_vector_step(Instance& instance, const Value& fields, BodyWriter& out);
  void op_spaces(const Instance& instance, BodyWriter& out) const;
  void op_close(std::string_view id, BodyWriter& out);
  // The WebSocket op named in `fields`; sets `route` for the metrics.
  void dispatch_message(const Value& fields, BodyWriter& out, std::vector<std::string>& owned,
                        Route& route);

  // Vector envs: /v1/vector_envs/...
  Response route_vector(const Request& request, const PathParts& parts, Route& route);
  Response vector_list() const;
  Response describe_vector(std::string_view id) const;
  Response vector_space(std::string_view id, std::string_view which, const Request& request) const;

  // Gymnasium dialect handlers.
  Response create(const Request& request);
  Response list() const;
  Response describe_instance(std::string_view id) const;
  Response reset(std::string_view id, const Request& request);
  Response step(std::string_view id, const Request& request);
  Response space(std::string_view id, bool action, const Request& request) const;
  Response remove(std::string_view id);
  Response specs() const;
  Response render(std::string_view id, std::string_view query);
  Response stream(std::string_view id, std::string_view query);

  // Legacy dialect handlers.
  Response legacy_create(const Request& request);
  Response legacy_list() const;
  Response legacy_reset(std::string_view id, const Request& request);
  Response legacy_step(std::string_view id, const Request& request);
  Response legacy_space(std::string_view id, bool action) const;
  Response legacy_sample(std::string_view id);
  Response legacy_action_contains(std::string_view id, std::string_view x) const;
  Response legacy_observation_contains(std::string_view id, const Request& request) const;
  Response legacy_close(std::string_view id);
  Response legacy_monitor_start(std::string_view id, const Request& request);
  Response legacy_monitor_close(std::string_view id);
  Response legacy_upload(const Request& request) const;
  Response legacy_shutdown();

  const Asset* find_asset(std::string_view path) const;
  Response health() const;
  Response ready() const;
  Response metrics_text() const;
  Response preflight() const;
  void add_cors(Response& response) const;

  const Registry& registry_;
  InstanceStore& store_;
  Metrics& metrics_;
  ApiOptions options_;
  std::function<void()> request_shutdown_;
  std::atomic<bool> draining_{false};
};

// The JSON error body of the active dialect: the gymnasium dialect's
// {"detail", "code"} or the legacy {"message"} (always status 400 there).
Response dialect_error(Dialect dialect, int status, std::string_view code, std::string_view detail);

// A whole Value as the body, in the encoding the Accept header asks for
// (MessagePack keeps arrays as ndarrays, where re-encoding JSON would not).
Response value_response(const Request& request, const Value& body);

// "2026-11-22T05:23:37Z"
std::string iso8601_utc(std::chrono::system_clock::time_point t);

template <class Op>
Response Api::respond(const Request& request, bool optional_body, Op&& op) {
  const Encoding in = names_msgpack(request.content_type) ? Encoding::kMsgpack : Encoding::kJson;
  const Encoding out = names_msgpack(request.accept) ? Encoding::kMsgpack : Encoding::kJson;
  const Value body = decode_body(in, request.body);
  const Value& fields = body_object(body, optional_body);
  Response r;
  r.body.reserve(256);
  BodyWriter writer(out, r.body);
  writer.begin_map();
  op(fields, writer);
  writer.end_map();
  if (out == Encoding::kMsgpack) r.content_type = kMsgpackType;
  return r;
}

}  // namespace gymcc::serve
