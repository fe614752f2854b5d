#pragma once
// The two REST dialects the router speaks, and what a handler sees of the
// server: its services and the dialect's options.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/http_message.hpp"
#include "serve/services.hpp"

namespace gymcc::serve::rest {

enum class Dialect {
  kGymnasium,  // cloudkj/gymnasium-http-api (default)
  kLegacy,     // openai/gym-http-api
};

struct RestOptions {
  Dialect dialect = Dialect::kGymnasium;
  bool allow_shutdown = false;    // legacy POST /v1/shutdown/
  std::string cors_origin;        // "" = no CORS headers
  bool metrics_need_key = false;  // with API keys, /metrics asks for one too
  // The Host names (no port; lowercase) requests may carry, against DNS
  // rebinding; empty: any.
  std::vector<std::string> allowed_hosts;
  bool tls = false;  // the server's own origin is https://<Host>
  // Legacy monitor files go under this directory only.
  std::string monitor_dir = "gymcc-monitor";
};

struct RestContext {
  Services& services;
  RestOptions options;
  std::function<void()> request_shutdown;  // legacy POST /v1/shutdown/
};

// The dialect's error body: the gymnasium dialect's {"detail", "code"} or
// the legacy {"message"}.
Response dialect_error(Dialect dialect, int status, std::string_view code, std::string_view detail);

}  // namespace gymcc::serve::rest
