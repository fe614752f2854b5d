#include "serve/rest/router.hpp"

#include <cmath>
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
    if (auto refused = refuse_browser_request(request)) {
      response = std::move(*refused);
    } else {
      response = dispatch(request, label);
    }
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
  finish(&request, response, label);
  return response;
}

void Router::finish(const Request* request, Response& response, RouteLabel label) {
  context_.services.metrics.count_request(label, response.status);
  if (request != nullptr && context_.options.dialect == Dialect::kGymnasium &&
      names_msgpack(request->accept) && response.content_type == "application/json" &&
      !response.body.empty()) {
    to_msgpack(response);
  }
  add_cors(response);
}

Response Router::transport_error(int status, std::string_view code, std::string_view detail) {
  const bool legacy = context_.options.dialect == Dialect::kLegacy;
  Response response = dialect_error(context_.options.dialect, legacy ? 400 : status, code, detail);
  finish(nullptr, response, unmatched_label_);
  return response;
}

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

// The name of a Host header: "localhost:5000" -> "localhost", "[::1]:80" -> "::1".
std::string_view host_name(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const std::size_t close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(1, close - 1);
  }
  return host.substr(0, host.find(':'));
}

bool changes_state(Method method) {
  return method == Method::kPost || method == Method::kPut || method == Method::kDelete ||
         method == Method::kPatch;
}

}  // namespace

std::optional<Response> Router::refuse_browser_request(const Request& request) const {
  const RestOptions& options = context_.options;
  if (!options.allowed_hosts.empty() && !request.host.empty()) {
    const std::string_view name = host_name(request.host);
    bool allowed = false;
    for (const std::string& host : options.allowed_hosts) allowed = allowed || iequals(host, name);
    if (!allowed) {
      return dialect_error(options.dialect, 403, "forbidden_host",
                           "The Host '" + std::string(name) +
                               "' is not one this server answers to (--allowed-hosts)");
    }
  }
  const bool guarded = changes_state(request.method) || request.websocket.offered;
  if (!guarded || request.origin.empty()) return std::nullopt;  // not a cross-site browser call
  const std::string_view scheme = options.tls ? "https://" : "http://";
  const bool same_origin = request.origin.size() == scheme.size() + request.host.size() &&
                           iequals(request.origin.substr(0, scheme.size()), scheme) &&
                           iequals(request.origin.substr(scheme.size()), request.host);
  if (same_origin || options.cors_origin == "*" || request.origin == options.cors_origin) {
    return std::nullopt;
  }
  return dialect_error(options.dialect, 403, "forbidden_origin",
                       "Requests from the page at '" + std::string(request.origin) +
                           "' may not change this server's state (allow the origin with "
                           "--cors-origin)");
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
        double retry_after = 0.0;
        if (key->rate_limit && !key->rate_limit->take(TokenBucket::Clock::now(), retry_after)) {
          return rate_limited(*key, retry_after);
        }
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

Response Router::rate_limited(const ApiKeys::Key& key, double retry_after) const {
  Response r = dialect_error(context_.options.dialect, 429, "rate_limited",
                             rate_limited_detail(key.rate_limit->rate()));
  // Whole seconds, rounded up: a client that waits that long finds a token.
  r.headers.emplace_back("Retry-After",
                         std::to_string(static_cast<long long>(std::ceil(retry_after))));
  return r;
}

Response Router::preflight() const {
  Response r;
  r.status = 204;
  r.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
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
