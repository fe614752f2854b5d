#include <cstdio>

#include "cli.hpp"
#include "serve/logger.hpp"
#include "serve/net/http_server.hpp"
#include "serve/rest/route_table.hpp"
#include "serve/rest/router.hpp"
#include "serve/services.hpp"
#include "serve/websocket/message_api.hpp"

namespace gymcc::cli {

int run_serve(const Registry& registry, const ServeArgs& args) {
  using namespace gymcc::serve;
  configure_logging(args.log_level == "debug"     ? LogLevel::kDebug
                    : args.log_level == "warning" ? LogLevel::kWarning
                    : args.log_level == "error"   ? LogLevel::kError
                                                  : LogLevel::kInfo,
                    args.log_format == "json" ? LogFormat::kJson : LogFormat::kText);

  ApiKeys keys;
  if (!args.api_keys_file.empty()) {
    try {
      keys = ApiKeys::load(args.api_keys_file);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gymcc: error: %s\n", e.what());
      return kExitBadInput;
    }
  }
  InstanceStore store(args.max_envs);
  Metrics metrics(rest::route_labels());
  Services services(registry, store, metrics, keys);

  rest::RestOptions rest_options;
  rest_options.dialect = args.api == "legacy" ? rest::Dialect::kLegacy : rest::Dialect::kGymnasium;
  rest_options.allow_shutdown = args.allow_shutdown;
  rest_options.cors_origin = args.cors_origin;
  rest_options.metrics_need_key = args.metrics_need_key;

  ServerOptions options;
  options.host = args.host;
  options.port = args.port;
  options.threads = args.threads;
  options.max_body_bytes = args.max_body_bytes;
  options.idle_timeout = std::chrono::seconds(args.idle_timeout_seconds);

  HttpServer* server_ptr = nullptr;
  rest::Router router(services, rest_options, [&server_ptr] {
    if (server_ptr != nullptr) server_ptr->stop();
  });
  WebSocketApi websocket(services);
  HttpServer server(router, websocket, services, options);
  server_ptr = &server;
  try {
    server.listen();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gymcc: error: %s\n", e.what());
    return kExitBadInput;
  }
  // Tests and scripts read the port from this line (useful with --port 0).
  std::printf("gymcc serving the %s API on http://%s:%u\n", args.api.c_str(), args.host.c_str(),
              static_cast<unsigned>(server.bound_port()));
  std::fflush(stdout);
  log_info("listening on {}:{} ({} API, max {} instances, {})", args.host, server.bound_port(),
           args.api, args.max_envs,
           keys.enabled() ? std::to_string(keys.size()) + " API keys" : "no API keys");
  server.run();
  return kExitOk;
}

}  // namespace gymcc::cli
