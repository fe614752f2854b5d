#include <unistd.h>

#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "serve/grpc/grpc_server.hpp"
#include "serve/logger.hpp"
#include "serve/net/http_server.hpp"
#include "serve/rest/route_table.hpp"
#include "serve/rest/router.hpp"
#include "serve/services.hpp"
#include "serve/websocket/message_api.hpp"

namespace gymcc::cli {
namespace {

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// --allowed-hosts as lowercase names; none (any Host) for '*', or by default
// when the server is bound beyond loopback.
std::vector<std::string> allowed_hosts(const ServeArgs& args) {
  std::vector<std::string> out;
  if (args.allowed_hosts == "*") return out;
  if (args.allowed_hosts.empty()) {
    if (is_loopback(args.host)) out = {"localhost", "127.0.0.1", "::1"};
    if (is_loopback(args.host) && args.host != "localhost" && args.host != "127.0.0.1" &&
        args.host != "::1") {
      out.push_back(args.host);
    }
    return out;
  }
  std::string_view rest = args.allowed_hosts;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string name(rest.substr(0, comma));
    std::erase(name, ' ');
    for (char& c : name) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (!name.empty()) out.push_back(std::move(name));
    rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
  }
  return out;
}

std::size_t physical_memory() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return std::numeric_limits<std::size_t>::max();
  return static_cast<std::size_t>(pages) * static_cast<std::size_t>(page_size);
}

serve::GrpcOptions grpc_options(const ServeArgs& args) {
  serve::GrpcOptions out;
  out.host = args.host;
  out.port = static_cast<std::uint16_t>(args.grpc_port);
  out.tls_cert = args.tls_cert;
  out.tls_key = args.tls_key;
  out.max_message_bytes = args.max_body_bytes;
  out.max_streams = args.grpc_max_streams;
  return out;
}

}  // namespace

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
  constexpr std::size_t kMiB = std::size_t{1} << 20;
  StoreLimits limits;
  limits.max_units = args.max_envs;
  limits.max_instance_bytes = args.max_env_memory_mib * kMiB;
  limits.max_total_bytes =
      args.env_memory_budget_mib > 0 ? args.env_memory_budget_mib * kMiB : physical_memory() / 2;
  InstanceStore store(limits);
  Metrics metrics(rest::route_labels());
  Services services(registry, store, metrics, keys);

  rest::RestOptions rest_options;
  rest_options.dialect = args.api == "legacy" ? rest::Dialect::kLegacy : rest::Dialect::kGymnasium;
  rest_options.allow_shutdown = args.allow_shutdown;
  rest_options.cors_origin = args.cors_origin;
  rest_options.metrics_need_key = args.metrics_need_key;
  rest_options.allowed_hosts = allowed_hosts(args);
  rest_options.tls = !args.tls_cert.empty();
  rest_options.monitor_dir = args.monitor_dir;

  ServerOptions options;
  options.host = args.host;
  options.port = args.port;
  options.threads = args.threads;
  options.max_body_bytes = args.max_body_bytes;
  options.idle_timeout = std::chrono::seconds(args.idle_timeout_seconds);
  options.tls_cert = args.tls_cert;
  options.tls_key = args.tls_key;
  options.max_connections = args.max_connections;
  options.max_header_bytes = args.max_header_bytes;
  options.keep_alive_timeout = std::chrono::seconds(args.keep_alive_timeout_seconds);
  options.header_timeout = std::chrono::seconds(args.header_timeout_seconds);
  options.body_timeout = std::chrono::seconds(args.body_timeout_seconds);

  HttpServer* server_ptr = nullptr;
  rest::Router router(services, rest_options, [&server_ptr] {
    if (server_ptr != nullptr) server_ptr->stop();
  });
  WebSocketApi websocket(services);
  std::optional<HttpServer> server;
  std::optional<GrpcServer> grpc_server;
  try {
    server.emplace(router, websocket, services, options);
    server->listen();
    if (args.grpc_port >= 0) grpc_server.emplace(services, grpc_options(args));
    if (grpc_server) grpc_server->start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gymcc: error: %s\n", e.what());
    return kExitBadInput;
  }
  server_ptr = &*server;
  // Tests and scripts read the port from this line (useful with --port 0).
  std::printf("gymcc serving the %s API on %s://%s:%u\n", args.api.c_str(),
              rest_options.tls ? "https" : "http", args.host.c_str(),
              static_cast<unsigned>(server->bound_port()));
  std::fflush(stdout);
  log_info("listening on {}:{} ({} API, {}, max {} instances, {})", args.host, server->bound_port(),
           args.api, rest_options.tls ? "TLS" : "plain HTTP", args.max_envs,
           keys.enabled() ? std::to_string(keys.size()) + " API keys" : "no API keys");
  if (grpc_server) {
    std::printf("gymcc serving dm_env_rpc over gRPC%s on %s:%u\n", rest_options.tls ? " (TLS)" : "",
                args.host.c_str(), static_cast<unsigned>(grpc_server->bound_port()));
    std::fflush(stdout);
    log_info("gRPC (dm_env_rpc) listening on {}:{}", args.host, grpc_server->bound_port());
  }
  server->run();
  // The HTTP side has drained; gRPC streams get the same grace.
  if (grpc_server) grpc_server->stop(options.drain_timeout);
  return kExitOk;
}

}  // namespace gymcc::cli
