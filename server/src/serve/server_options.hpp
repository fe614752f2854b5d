#pragma once
// What `gymcc serve` is told about its transport: address, threads, limits
// and timeouts.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace gymcc::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 5000;  // 0 picks a free port (see HttpServer::bound_port)
  int threads = 0;            // 0: one per core
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::seconds idle_timeout{0};  // evict instances unused this long; 0: never
  std::chrono::seconds keep_alive_timeout{120};
  std::chrono::seconds drain_timeout{10};
};

}  // namespace gymcc::serve
