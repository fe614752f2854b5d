#pragma once
// What `gymcc serve` is told about its transport: address, threads, TLS,
// limits and timeouts (docs/security.md explains each).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace gymcc::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 5000;  // 0 picks a free port (see HttpServer::bound_port)
  int threads = 0;            // 0: one per core
  // PEM files; both set: every connection is TLS 1.2+ (HTTPS and WSS).
  std::string tls_cert;
  std::string tls_key;
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;       // request line and headers together
  std::size_t max_connections = 10000;           // more are answered 503 and closed
  std::chrono::seconds idle_timeout{0};          // evict instances unused this long; 0: never
  std::chrono::seconds keep_alive_timeout{120};  // between requests on a connection
  std::chrono::seconds header_timeout{30};       // from a request's first byte to its last header
  std::chrono::seconds body_timeout{60};         // to read a body, or write an answer
  std::chrono::seconds drain_timeout{10};
  // A WebSocket stops reading while this many reply bytes wait for the peer.
  std::size_t websocket_queue_bytes = 16 << 20;
};

}  // namespace gymcc::serve
