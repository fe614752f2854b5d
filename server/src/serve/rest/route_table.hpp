#pragma once
// Every REST route, declared once: method, path pattern, metrics label,
// handler and dialect. Dispatch, the 405 Allow lists, the metrics labels and
// the check that each dialect's OpenAPI document lists exactly its routes
// (tests/server/test_route_table.cpp) all follow from this table; adding a
// route is one entry here plus its handler (docs/adding-a-route.md).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "serve/http_message.hpp"
#include "serve/rest/dialect.hpp"
#include "serve/rest/path_pattern.hpp"

namespace gymcc::serve::rest {

// A set of methods, one bit each.
using Methods = std::uint16_t;
constexpr Methods method_bit(Method m) noexcept {
  return static_cast<Methods>(1u << static_cast<unsigned>(m));
}
inline constexpr Methods kGet = method_bit(Method::kGet);
inline constexpr Methods kPost = method_bit(Method::kPost);
inline constexpr Methods kPut = method_bit(Method::kPut);
inline constexpr Methods kDelete = method_bit(Method::kDelete);
// GET that HEAD also reaches (the service routes; the API routes are GET only).
inline constexpr Methods kGetOrHead = kGet | method_bit(Method::kHead);
inline constexpr Methods kAnyMethod = 0xFFFF;

// "GET, POST": the methods of `methods` in a fixed order, HEAD left implicit.
std::string allow_text(Methods methods);

enum Dialects : std::uint8_t {
  kGymnasiumDialect = 1,
  kLegacyDialect = 2,
  kBothDialects = kGymnasiumDialect | kLegacyDialect,
};

constexpr Dialects dialect_bit(Dialect d) noexcept {
  return d == Dialect::kGymnasium ? kGymnasiumDialect : kLegacyDialect;
}

using Handler = Response (*)(RestContext& context, const Request& request, const RouteMatch& match);

// Who may call a route when the server has API keys.
enum class Access : std::uint8_t {
  kKeyed,    // callers with a key (the default)
  kOpen,     // anyone: liveness and readiness probes
  kMetrics,  // anyone, unless --metrics-need-key
};

struct RouteSpec {
  Methods methods;
  PathPattern path;
  std::string_view label;  // the metrics label; routes may share one
  Handler handler;
  Dialects dialects;
  Access access = Access::kKeyed;
};

// In dispatch order.
std::span<const RouteSpec> route_table();

// Every label requests are counted under: the table's, then the router's
// own ("preflight", "page", "unmatched").
std::span<const std::string_view> route_labels();

}  // namespace gymcc::serve::rest
