#pragma once
// `gymcc serve --grpc-port`: DeepMind's dm_env_rpc v1 `Environment` service
// over gRPC (HTTP/2), beside the REST and WebSocket server and on the same
// instances, keys and metrics. Each stream is one WorldSession; streams run
// concurrently, each on a thread of gRPC's synchronous server, and answer
// their requests in order, so a client may pipeline them.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "serve/services.hpp"

namespace gymcc::serve {

struct GrpcOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 picks a free port (see bound_port)
  // PEM files; both set: TLS, as for HTTPS.
  std::string tls_cert;
  std::string tls_key;
  std::size_t max_message_bytes = 1 << 20;  // as --max-body-bytes
  int max_streams = 256;                    // concurrent streams; more get RESOURCE_EXHAUSTED
};

class GrpcServer {
 public:
  GrpcServer(Services& services, GrpcOptions options);
  ~GrpcServer();
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  // Binds and starts serving on gRPC's threads; throws std::runtime_error
  // naming the address (or the unreadable TLS file) on failure.
  void start();
  std::uint16_t bound_port() const noexcept;
  // Stops accepting streams, lets open ones finish for up to `grace`, then
  // cancels them. Idempotent.
  void stop(std::chrono::milliseconds grace);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gymcc::serve
