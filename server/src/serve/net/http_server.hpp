#pragma once
// The listener and lifecycle of `gymcc serve`: one io_context per thread,
// each accepted connection pinned to one of them as an HTTP session
// (http_session.hpp); idle-instance eviction; and a graceful stop on
// SIGINT/SIGTERM that finishes in-flight requests before returning.

#include <cstdint>
#include <memory>

#include "serve/rest/router.hpp"
#include "serve/server_options.hpp"
#include "serve/services.hpp"
#include "serve/websocket/message_api.hpp"

namespace gymcc::serve {

class HttpServer {
 public:
  HttpServer(rest::Router& router, WebSocketApi& websocket, Services& services,
             ServerOptions options);
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
