#include "serve/net/connection_start.hpp"

#include <openssl/ssl.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <stdexcept>
#include <string>

#include "serve/logger.hpp"
#include "serve/net/http_session.hpp"
#include "serve/net/streams.hpp"
#include "serve/net/watchdog.hpp"

namespace gymcc::serve {
namespace {

namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

const std::string& too_many_connections() {
  static const std::string answer = [] {
    const std::string body =
        "{\"detail\":\"The server holds its maximum of connections (--max-connections)\","
        "\"code\":\"too_many_connections\"}";
    return "HTTP/1.1 503 Service Unavailable\r\nServer: gymcc\r\n"
           "Content-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\nRetry-After: 1\r\n\r\n" + body;
  }();
  return answer;
}

// Answers 503 without reading anything, then closes.
void refuse(tcp::socket socket) {
  auto held = std::make_shared<tcp::socket>(std::move(socket));
  net::async_write(*held, net::buffer(too_many_connections()),
                   [held](error_code, std::size_t) { close_now(*held); });
}

// A TLS handshake in progress: a connection of the registry (a graceful stop
// closes it), ended by the watchdog at the header timeout.
class TlsHandshake : public Connection, public std::enable_shared_from_this<TlsHandshake> {
 public:
  TlsHandshake(tcp::socket socket, ssl::context& tls, const SessionContext& context)
      : stream_(std::move(socket), tls),
        context_(context),
        watchdog_(stream_.get_executor(), [this] { close(); }) {}

  void start() {
    context_.connections.add(shared_from_this());
    watchdog_.expire_after(context_.options.header_timeout, shared_from_this());
    stream_.async_handshake(ssl::stream_base::server,
                            [self = shared_from_this()](error_code ec) { self->on_handshake(ec); });
  }

  void stop() override {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
  }

 private:
  void on_handshake(error_code ec) {
    if (done_) return;
    if (ec) {
      log_debug("TLS handshake failed: {}", ec.message());
      return close();
    }
    done_ = true;
    watchdog_.cancel();
    context_.connections.remove(shared_from_this());
    start_http_session(std::move(stream_), context_);
  }

  void close() {
    if (done_) return;
    done_ = true;
    watchdog_.cancel();
    close_now(stream_);
    context_.connections.remove(shared_from_this());
  }

  TlsStream stream_;
  const SessionContext& context_;
  Watchdog watchdog_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<ssl::context> make_tls_context(const std::string& cert_file,
                                               const std::string& key_file) {
  auto tls = std::make_unique<ssl::context>(ssl::context::tls_server);
  tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(tls->native_handle(), TLS1_2_VERSION);
  error_code ec;
  tls->use_certificate_chain_file(cert_file, ec);
  if (ec) throw std::runtime_error("--tls-cert " + cert_file + ": " + ec.message());
  tls->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) throw std::runtime_error("--tls-key " + key_file + ": " + ec.message());
  if (SSL_CTX_check_private_key(tls->native_handle()) != 1) {
    throw std::runtime_error("--tls-key " + key_file + " does not match --tls-cert " + cert_file);
  }
  return tls;
}

void start_connection(tcp::socket socket, ssl::context* tls, const SessionContext& context) {
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  if (context.connections.size() >= context.options.max_connections) {
    return refuse(std::move(socket));
  }
  if (tls == nullptr) return start_http_session(std::move(socket), context);
  std::make_shared<TlsHandshake>(std::move(socket), *tls, context)->start();
}

}  // namespace gymcc::serve
