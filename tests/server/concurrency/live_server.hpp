#pragma once
// A real `gymcc serve` in-process, for the concurrency tests: the same
// objects cli_serve.cpp wires, listening on 127.0.0.1 on a free port, served
// by its own I/O threads until stop(). Blocking HTTP/1.1 and WebSocket
// clients (Boost.Beast) talk to it over loopback.
//
// Catch2's assertions are not thread-safe: client threads record what they
// saw, and the test thread asserts afterwards.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include "gymcc/envs/all.hpp"
#include "gymcc/json.hpp"
#include "serve/net/http_server.hpp"
#include "serve/rest/route_table.hpp"
#include "serve/rest/router.hpp"
#include "serve/services.hpp"
#include "serve/websocket/message_api.hpp"

namespace gymcc::serve::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class LiveServer {
 public:
  explicit LiveServer(int threads = 4, std::chrono::seconds drain = std::chrono::seconds(5))
      : store_(StoreLimits{}),
        metrics_(rest::route_labels()),
        services_(envs::default_registry(), store_, metrics_, keys_),
        router_(services_, rest::RestOptions{}, [this] { server_.stop(); }),
        websocket_(services_),
        server_(router_, websocket_, services_, options(threads, drain)) {
    server_.listen();
    port_ = server_.bound_port();
    thread_ = std::thread([this] { server_.run(); });
  }
  ~LiveServer() { stop(); }
  LiveServer(const LiveServer&) = delete;
  LiveServer& operator=(const LiveServer&) = delete;

  // Graceful stop: returns once run() has returned (in-flight requests done).
  void stop() {
    if (!thread_.joinable()) return;
    server_.stop();
    thread_.join();
  }

  std::uint16_t port() const noexcept { return port_; }
  InstanceStore& store() noexcept { return store_; }

 private:
  static ServerOptions options(int threads, std::chrono::seconds drain) {
    ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    o.threads = threads;
    o.drain_timeout = drain;
    return o;
  }

  ApiKeys keys_;
  InstanceStore store_;
  Metrics metrics_;
  Services services_;
  rest::Router router_;
  WebSocketApi websocket_;
  HttpServer server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

struct Reply {
  int status = 0;
  std::string body;
};

// One keep-alive HTTP/1.1 connection. Errors throw boost::system::system_error.
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : stream_(io_) {
    stream_.connect(tcp::endpoint(asio::ip::address_v4::loopback(), port));
  }

  Reply request(http::verb verb, const std::string& target, const std::string& body = {}) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    http::write(stream_, req);
    http::response<http::string_body> res;
    http::read(stream_, buffer_, res);
    return {static_cast<int>(res.result_int()), std::move(res.body())};
  }
  Reply get(const std::string& target) { return request(http::verb::get, target); }
  Reply post(const std::string& target, const std::string& body = {}) {
    return request(http::verb::post, target, body);
  }
  Reply del(const std::string& target) { return request(http::verb::delete_, target); }

 private:
  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

// One WebSocket session on /v1/ws, text (JSON) messages.
class WebSocketClient {
 public:
  explicit WebSocketClient(std::uint16_t port) : ws_(io_) {
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::address_v4::loopback(), port));
    ws_.handshake("127.0.0.1", "/v1/ws");
    ws_.text(true);
  }

  void send(std::string_view message) { ws_.write(asio::buffer(message.data(), message.size())); }
  std::string receive() {
    buffer_.clear();
    ws_.read(buffer_);
    return beast::buffers_to_string(buffer_.data());
  }
  Value call(std::string_view message) {
    send(message);
    return json::parse(receive());
  }
  void close() { ws_.close(websocket::close_code::normal); }

 private:
  asio::io_context io_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
};

// The "instance_id" of a create's answer.
inline std::string instance_id(const Reply& reply) {
  return json::parse(reply.body).find("instance_id")->as_string();
}

}  // namespace gymcc::serve::testing
