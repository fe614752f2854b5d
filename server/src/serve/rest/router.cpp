#include "serve/rest/router.hpp"

#include <string>

#include "serve/assets.hpp"
#include "serve/encoding.hpp"
#include "serve/error_reply.hpp"
#include "serve/msgpack.hpp"

namespace gymcc::serve::rest {
namespace {

// Re-encodes a JSON answer (errors, listings, descriptions: the fast paths
// write MessagePack directly) for a client that asked for MessagePack.
void to_msgpack(Response& response) {
  const Value body = json::parse(response.body);
  response.body.clear();
  msgpack::Writer(response.body).value(body);
  response.content_type = kMsgpackType;
}

// The pages, the OpenAPI document of the dialect and the assets they use.
const Asset* find_asset(std::string_view path, Dialect dialect) {
  if (path == "/" || path.empty()) path = "/index.html";
  if (path == "/docs" || path == "/docs/") path = "/docs.html";
  if (path == "/openapi.json") {
    path = dialect == Dialect::kGymnasium ? "/openapi-gymnasium.json" : "/openapi-legacy.json";
  }
  for (const Asset& asset : embedded_assets()) {
    if (asset.url == path) return &asset;
  }
  return nullptr;
}

Response page(const Asset& asset) {
  Response r;
  r.body.assign(asset.data);
  r.content_type = asset.content_type;
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

}  // namespace

Response dialect_error(Dialect dialect, int status, std::string_view code,
                       std::string_view detail) {
  if (dialect == Dialect::kGymnasium) return error_response(status, code, detail);
  Response r;
  r.status = status;
  r.body = "{\"message\":";
  json::write_string(detail, r.body);
  r.body += '}';
  return r;
}

Router::Router(Services& services, RestOptions options, std::function<void()> request_shutdown)
    : context_{services, std::move(options), std::move(request_shutdown)},
      preflight_label_(services.metrics.route_label("preflight")),
      page_label_(services.metrics.route_label("page")),
      unmatched_label_(services.metrics.route_label("unmatched")) {
  const Dialects active = dialect_bit(context_.options.dialect);
  for (const RouteSpec& route : route_table()) {
    if ((route.dialects & active) == 0) continue;
    routes_.push_back({&route, services.metrics.route_label(route.label)});
  }
}

Response Router::handle(const Request& request) {
  const Dialect dialect = context_.options.dialect;
  RouteLabel label = unmatched_label_;
  Response response;
  try {
    response = dispatch(request, label);
  } catch (...) {
    const ErrorReply error =
        current_error_reply("A field of the request body has the wrong JSON type",
                            std::string(request.path) + (request.query.empty() ? "" : "?") +
                                std::string(request.query));
    // The legacy peer answers everything but its own failures with 400.
    const bool internal = error.code == "internal_error";
    const int status = dialect == Dialect::kLegacy && !internal ? 400 : error.status;
    response = dialect_error(dialect, status, error.code, error.detail);
  }
  context_.services.metrics.count_request(label, response.status);
  if (dialect == Dialect::kGymnasium && names_msgpack(request.accept) &&
      response.content_type == "application/json" && !response.body.empty()) {
    to_msgpack(response);
  }
  add_cors(response);
  return response;
}

Response Router::dispatch(const Request& request, RouteLabel& label) {
  const Dialect dialect = context_.options.dialect;
  if (request.method == Method::kOptions && !context_.options.cors_origin.empty()) {
    label = preflight_label_;
    return preflight();
  }
  const PathParts parts(request.path);
  const ActiveRoute* path_match = nullptr;
  Methods allowed = 0;
  for (const ActiveRoute& route : routes_) {
    RouteMatch match;
    if (!route.spec->path.match(parts, match)) continue;
    if ((route.spec->methods & method_bit(request.method)) != 0) {
      label = route.label;
      if (needs_key(*route.spec)) {
        const ApiKeys::Key* key = context_.services.keys.authenticate(
            presented_key(request.authorization, request.api_key));
        if (key == nullptr) return unauthorized();
        match.caller = ApiKeys::caller_of(*key);
      }
      return route.spec->handler(context_, request, match);
    }
    if (path_match == nullptr) path_match = &route;
    allowed |= route.spec->methods;
  }
  if (path_match != nullptr) {
    label = path_match->label;
    Response r = dialect_error(dialect, 405, "method_not_allowed", "Method Not Allowed");
    r.headers.emplace_back("Allow", allow_text(allowed));
    return r;
  }
  const bool get = request.method == Method::kGet || request.method == Method::kHead;
  if (get && parts.size() <= 2 && (parts.size() == 0 || parts[0] != "v1")) {
    if (const Asset* asset = find_asset(request.path, dialect)) {
      label = page_label_;
      return page(*asset);
    }
  }
  return dialect_error(dialect, 404, "not_found", "Not Found");
}

bool Router::needs_key(const RouteSpec& route) const noexcept {
  if (!context_.services.keys.enabled()) return false;
  switch (route.access) {
    case Access::kOpen:
      return false;
    case Access::kMetrics:
      return context_.options.metrics_need_key;
    case Access::kKeyed:
      return true;
  }
  return true;
}

Response Router::unauthorized() const {
  Response r = dialect_error(context_.options.dialect, 401, "unauthorized",
                             "This server needs an API key: send it as \"Authorization: Bearer "
                             "<key>\" or \"X-API-Key: <key>\"");
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"gymcc\"");
  return r;
}

Response Router::preflight() const {
  Response r;
  r.status = 204;
  r.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  r.headers.emplace_back("Access-Control-Allow-Headers",
                         "Content-Type, Accept, Authorization, X-API-Key");
  r.headers.emplace_back("Access-Control-Max-Age", "600");
  return r;
}

void Router::add_cors(Response& response) const {
  const std::string& origin = context_.options.cors_origin;
  if (origin.empty()) return;
  response.headers.emplace_back("Access-Control-Allow-Origin", origin);
  if (origin != "*") response.headers.emplace_back("Vary", "Origin");
}

}  // namespace gymcc::serve::rest
