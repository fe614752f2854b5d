#pragma once
// The REST API as a pure function: Request in, Response out, never throws.
// It finds the route in the table (rest/route_table.hpp) for the active
// dialect, runs its handler, and applies what every route shares: the
// dialect's error bodies, 404/405, CORS, MessagePack answers on request and
// the request counters. Transports (net/http_session.cpp) only move bytes.

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "serve/http_message.hpp"
#include "serve/rest/dialect.hpp"
#include "serve/rest/route_table.hpp"
#include "serve/services.hpp"

namespace gymcc::serve::rest {

class Router {
 public:
  Router(Services& services, RestOptions options, std::function<void()> request_shutdown = {});

  Response handle(const Request& request);

  // What the transport answers for a request it could not read (body too
  // large, bad framing), in the dialect's error body, counted like the rest.
  Response transport_error(int status, std::string_view code, std::string_view detail);

  Dialect dialect() const noexcept { return context_.options.dialect; }

 private:
  Response dispatch(const Request& request, RouteLabel& label);
  bool needs_key(const RouteSpec& route) const noexcept;
  // 403 unless the Host is allowed and a state-changing request's Origin is
  // the server's own or allowed by --cors-origin.
  std::optional<Response> refuse_browser_request(const Request& request) const;
  void finish(const Request* request, Response& response, RouteLabel label);
  Response unauthorized() const;
  // 429 rate_limited, with Retry-After: the key spent its requests per second.
  Response rate_limited(const ApiKeys::Key& key, double retry_after) const;
  Response preflight() const;
  void add_cors(Response& response) const;

  RestContext context_;
  struct ActiveRoute {
    const RouteSpec* spec;
    RouteLabel label;
  };
  std::vector<ActiveRoute> routes_;  // the dialect's, in table order
  RouteLabel preflight_label_;
  RouteLabel page_label_;
  RouteLabel unmatched_label_;
};

}  // namespace gymcc::serve::rest
