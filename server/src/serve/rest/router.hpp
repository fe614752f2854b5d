#pragma once
// The REST API as a pure function: Request in, Response out, never throws.
// It finds the route in the table (rest/route_table.hpp) for the active
// dialect, runs its handler, and applies what every route shares: the
// dialect's error bodies, 404/405, CORS, MessagePack answers on request and
// the request counters. Transports (net/http_session.cpp) only move bytes.

#include <functional>
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

  Dialect dialect() const noexcept { return context_.options.dialect; }

 private:
  Response dispatch(const Request& request, RouteLabel& label);
  bool needs_key(const RouteSpec& route) const noexcept;
  Response unauthorized() const;
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
