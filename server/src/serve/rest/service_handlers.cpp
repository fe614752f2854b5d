// The routes of the server itself, in both dialects: liveness, readiness,
// metrics, the env specs, and the WebSocket endpoint's upgrade.

#include "serve/rest/handlers.hpp"

namespace gymcc::serve::rest {

Response health(RestContext&, const Request&, const RouteMatch&) {
  return json_response(200, Value(Dict{{"status", "ok"}}));
}

Response ready(RestContext& context, const Request&, const RouteMatch&) {
  const Services& services = context.services;
  if (services.draining.load()) return json_response(503, Value(Dict{{"status", "draining"}}));
  if (services.store.full()) {
    return json_response(
        503, Value(Dict{{"status", "full"},
                        {"instances", static_cast<std::int64_t>(services.store.size())}}));
  }
  return json_response(200, Value(Dict{{"status", "ready"}}));
}

Response metrics(RestContext& context, const Request&, const RouteMatch&) {
  const InstanceStore& store = context.services.store;
  Metrics::Gauges gauges;
  for (const auto& instance : store.list_all()) {
    ++gauges.instances;
    if (instance->is_vector()) ++gauges.vector_instances;
    gauges.sub_envs += instance->units();
  }
  gauges.max_instances = store.max_instances();
  Response r;
  r.body = context.services.metrics.render(gauges);
  r.content_type = "text/plain; version=0.0.4";
  return r;
}

Response specs(RestContext& context, const Request&, const RouteMatch&) {
  const Registry& registry = context.services.registry;
  List out;
  for (const EnvSpec* spec : registry.specs()) {
    const auto env = registry.make(spec->id);
    Value entry = spec->describe();
    entry.as_dict().emplace_back("action_space", env->action_space().describe());
    entry.as_dict().emplace_back("observation_space", env->observation_space().describe());
    out.push_back(std::move(entry));
  }
  return json_response(200, Value(std::move(out)));
}

// GET /v1/ws with a valid handshake becomes a WebSocket session
// (docs/fast-paths.md); anything else is told how to get one.
Response websocket(RestContext&, const Request& request, const RouteMatch& match) {
  if (request.websocket.offered) {
    if (request.method != Method::kGet || request.websocket.key.empty() ||
        request.websocket.version != "13") {
      Response r = error_response(400, "bad_handshake",
                                  "A WebSocket handshake needs GET, Sec-WebSocket-Key and "
                                  "Sec-WebSocket-Version: 13 (RFC 6455)");
      r.close_connection = true;
      return r;
    }
    Response r;
    r.status = 101;
    r.websocket_upgrade = true;
    r.caller = match.caller;
    r.caller.session_scoped = true;
    return r;
  }
  Response r = error_response(426, "upgrade_required",
                              "GET /v1/ws is a WebSocket: send the Upgrade: websocket handshake "
                              "(docs/fast-paths.md)");
  r.headers.emplace_back("Upgrade", "websocket");
  return r;
}

}  // namespace gymcc::serve::rest
