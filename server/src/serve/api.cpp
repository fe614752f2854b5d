#include "api.hpp"

#include <ctime>
#include <exception>

#include "assets.hpp"
#include "body.hpp"
#include "logger.hpp"
#include "msgpack.hpp"

namespace gymcc::serve {

Api::Api(const Registry& registry, InstanceStore& store, Metrics& metrics, ApiOptions options,
         std::function<void()> request_shutdown)
    : registry_(registry),
      store_(store),
      metrics_(metrics),
      options_(std::move(options)),
      request_shutdown_(std::move(request_shutdown)) {}

PathParts::PathParts(std::string_view path) {
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (end > start) {
      if (count_ == kMaxParts) {
        too_long_ = true;
        return;
      }
      parts_[count_++] = path.substr(start, end - start);
    }
    start = end + 1;
  }
}

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

Response value_response(const Request& request, const Value& body) {
  Response r;
  const Encoding encoding = names_msgpack(request.accept) ? Encoding::kMsgpack : Encoding::kJson;
  BodyWriter(encoding, r.body).value(body);
  if (encoding == Encoding::kMsgpack) r.content_type = kMsgpackType;
  return r;
}

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

namespace {

// Re-encodes a JSON answer (errors, listings, descriptions: the fast paths
// write MessagePack directly) for a client that asked for MessagePack.
void to_msgpack(Response& response) {
  const Value body = json::parse(response.body);
  response.body.clear();
  msgpack::Writer(response.body).value(body);
  response.content_type = kMsgpackType;
}

}  // namespace

Response Api::handle(const Request& request) {
  Route route = Route::kUnmatched;
  Response response;
  try {
    response = this->route(request, route);
  } catch (const ClientError& e) {
    response = dialect_error(
        options_.dialect, options_.dialect == Dialect::kLegacy ? 400 : e.status, e.code, e.detail);
  } catch (const Error& e) {
    response = dialect_error(options_.dialect,
                             options_.dialect == Dialect::kLegacy ? 400 : status_for(e.code()),
                             error_code_name(e.code()), e.what());
  } catch (const std::bad_variant_access&) {
    response = dialect_error(options_.dialect, 400, "invalid_body",
                             "A field of the request body has the wrong JSON type");
  } catch (const std::exception& e) {
    log_error("unhandled error on {} {}: {}", request.path, request.query, e.what());
    response = dialect_error(options_.dialect, 500, "internal_error",
                             "Internal server error (see the server log)");
  }
  metrics_.count_request(route, response.status);
  if (options_.dialect == Dialect::kGymnasium && names_msgpack(request.accept) &&
      response.content_type == "application/json" && !response.body.empty()) {
    to_msgpack(response);
  }
  add_cors(response);
  return response;
}

Response Api::route(const Request& request, Route& route) {
  const PathParts parts(request.path);
  if (request.method == Method::kOptions && !options_.cors_origin.empty()) {
    route = Route::kPreflight;
    return preflight();
  }
  bool matched = false;
  Response common = route_common(request, parts, route, matched);
  if (matched) return common;
  return options_.dialect == Dialect::kGymnasium ? route_gymnasium(request, parts, route)
                                                 : route_legacy(request, parts, route);
}

namespace {

Response method_not_allowed(Dialect dialect, std::string_view allow) {
  Response r = dialect_error(dialect, 405, "method_not_allowed", "Method Not Allowed");
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

}  // namespace

Response Api::route_common(const Request& request, const PathParts& parts, Route& route,
                           bool& matched) {
  matched = true;
  const bool get = request.method == Method::kGet || request.method == Method::kHead;
  if (parts.size() == 1 && parts[0] == "healthz") {
    route = Route::kHealth;
    return get ? health() : method_not_allowed(options_.dialect, "GET");
  }
  if (parts.size() == 1 && parts[0] == "readyz") {
    route = Route::kReady;
    return get ? ready() : method_not_allowed(options_.dialect, "GET");
  }
  if (parts.size() == 1 && parts[0] == "metrics") {
    route = Route::kMetrics;
    return get ? metrics_text() : method_not_allowed(options_.dialect, "GET");
  }
  if (get && parts.size() <= 2 && (parts.size() == 0 || parts[0] != "v1")) {
    if (const Asset* asset = find_asset(request.path)) {
      route = Route::kPage;
      Response r;
      r.body.assign(asset->data);
      r.content_type = asset->content_type;
      r.headers.emplace_back("Cache-Control", "no-cache");
      return r;
    }
  }
  if (parts.size() == 2 && parts[0] == "v1" && parts[1] == "specs") {
    route = Route::kSpecs;
    return get ? specs() : method_not_allowed(options_.dialect, "GET");
  }
  matched = false;
  return {};
}

const Asset* Api::find_asset(std::string_view path) const {
  // Friendly names for the pages; the OpenAPI document follows the dialect.
  if (path == "/" || path.empty()) path = "/index.html";
  if (path == "/docs" || path == "/docs/") path = "/docs.html";
  if (path == "/openapi.json") {
    path = options_.dialect == Dialect::kGymnasium ? "/openapi-gymnasium.json"
                                                   : "/openapi-legacy.json";
  }
  for (const Asset& asset : embedded_assets()) {
    if (asset.url == path) return &asset;
  }
  return nullptr;
}

Response Api::health() const { return json_response(200, Value(Dict{{"status", "ok"}})); }

Response Api::ready() const {
  if (draining()) {
    return json_response(503, Value(Dict{{"status", "draining"}}));
  }
  if (store_.full()) {
    return json_response(503, Value(Dict{{"status", "full"},
                                         {"instances", static_cast<std::int64_t>(store_.size())}}));
  }
  return json_response(200, Value(Dict{{"status", "ready"}}));
}

Response Api::metrics_text() const {
  Response r;
  Metrics::Gauges gauges;
  for (const auto& instance : store_.list()) {
    ++gauges.instances;
    if (instance->is_vector()) ++gauges.vector_instances;
    gauges.sub_envs += instance->units();
  }
  gauges.max_instances = store_.max_instances();
  r.body = metrics_.render(gauges);
  r.content_type = "text/plain; version=0.0.4";
  return r;
}

Response Api::specs() const {
  List out;
  for (const EnvSpec* spec : registry_.specs()) {
    const auto env = registry_.make(spec->id);
    Value entry = spec->describe();
    entry.as_dict().emplace_back("action_space", env->action_space().describe());
    entry.as_dict().emplace_back("observation_space", env->observation_space().describe());
    out.push_back(std::move(entry));
  }
  return json_response(200, Value(std::move(out)));
}

Response Api::preflight() const {
  Response r;
  r.status = 204;
  r.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  r.headers.emplace_back("Access-Control-Allow-Headers", "Content-Type, Accept");
  r.headers.emplace_back("Access-Control-Max-Age", "600");
  return r;
}

void Api::add_cors(Response& response) const {
  if (options_.cors_origin.empty()) return;
  response.headers.emplace_back("Access-Control-Allow-Origin", options_.cors_origin);
  if (options_.cors_origin != "*") response.headers.emplace_back("Vary", "Origin");
}

}  // namespace gymcc::serve
