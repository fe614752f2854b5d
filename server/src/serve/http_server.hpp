#pragma once
// HTTP/1.1 transport on Boost.Beast: keep-alive sessions on strands over a
// thread pool, body limits, timeouts, and a graceful stop that finishes
// in-flight requests. All behaviour lives in Api; this only moves bytes.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "api.hpp"

namespace gymcc::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 5000;  // 0 picks a free port (see bound_port)
  int threads = 0;            // 0: one per core
  std::size_t max_body_bytes = 1 << 20;
  std::chrono::seconds idle_timeout{0};  // evict instances unused this long; 0: never
  std::chrono::seconds keep_alive_timeout{120};
  std::chrono::seconds drain_timeout{10};
};

class HttpServer {
 public:
  HttpServer(Api& api, InstanceStore& store, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; throws std::runtime_error naming the address on failure.
  void listen();
  std::uint16_t bound_port() const;
  // Serves until SIGINT/SIGTERM or stop(); then drains and returns.
  void run();
  // Thread-safe: stop accepting, finish in-flight requests, close idle ones.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gymcc::serve
