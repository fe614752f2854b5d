#include "serve/net/http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <optional>

#include "serve/logger.hpp"
#include "serve/net/stream_session.hpp"
#include "serve/net/watchdog.hpp"
#include "serve/net/websocket_session.hpp"

namespace gymcc::serve {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::chrono::milliseconds kIdleGraceOnStop{250};

Method method_of(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return Method::kGet;
    case http::verb::post:
      return Method::kPost;
    case http::verb::put:
      return Method::kPut;
    case http::verb::delete_:
      return Method::kDelete;
    case http::verb::patch:
      return Method::kPatch;
    case http::verb::head:
      return Method::kHead;
    case http::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

class HttpSession : public Connection, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, const SessionContext& context)
      : socket_(std::move(socket)),
        context_(context),
        watchdog_(socket_.get_executor(), context.options.keep_alive_timeout, [this] { close(); }) {
  }

  // Sessions run on a single-threaded io_context: no strand needed.
  void start() {
    context_.connections.add(shared_from_this());
    watchdog_.start(shared_from_this());
    net::dispatch(socket_.get_executor(),
                  beast::bind_front_handler(&HttpSession::read_request, shared_from_this()));
  }

  // Called from any thread on graceful stop.
  void stop() override {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      beast::error_code ignored;
      if (self->idle_) self->socket_.cancel(ignored);  // see on_read
      self->watchdog_.stop_within(kIdleGraceOnStop, self);
    });
  }

 private:
  void read_request() {
    parser_.emplace();
    parser_->body_limit(context_.options.max_body_bytes);
    idle_ = buffer_.size() == 0;
    if (stopping_ && idle_) return close();
    watchdog_.touch();
    http::async_read(socket_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    idle_ = false;
    if (ec == net::error::operation_aborted && stopping_ && !closed_) {
      // The stop cancelled a keep-alive read; if the client had already sent
      // (part of) a request, that request is in flight: finish reading it.
      beast::error_code avail_ec;
      if (buffer_.size() > 0 || socket_.available(avail_ec) > 0) {
        http::async_read(socket_, buffer_, *parser_,
                         beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
        return;
      }
    }
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == beast::error::timeout || ec == net::error::connection_reset ||
        ec == net::error::eof) {
      return close();
    }
    if (ec == http::error::body_limit) {
      return reply_error(413, "body_too_large",
                         "Request body exceeds " + std::to_string(context_.options.max_body_bytes) +
                             " bytes (--max-body-bytes)");
    }
    if (ec) return reply_error(400, "bad_http", "Malformed HTTP request: " + ec.message());
    dispatch_request();
  }

  void dispatch_request() {
    const auto& req = parser_->get();
    const std::string_view target = view(req.target());
    const std::size_t question = target.find('?');
    Request request;
    request.method = method_of(req.method());
    request.path = target.substr(0, question);
    request.query =
        question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
    request.body = req.body();
    request.content_type = view(req[http::field::content_type]);
    request.accept = view(req[http::field::accept]);
    request.authorization = view(req[http::field::authorization]);
    request.api_key = view(req["X-API-Key"]);
    if (beast::websocket::is_upgrade(req) && !stopping_) {
      request.websocket.offered = true;
      request.websocket.key = view(req[http::field::sec_websocket_key]);
      request.websocket.version = view(req[http::field::sec_websocket_version]);
    }
    keep_alive_ = req.keep_alive();
    const unsigned version = req.version();
    const bool head = req.method() == http::verb::head;
    Response response = context_.router.handle(request);
    if (response.websocket_upgrade) return hand_over_to_websocket(response.caller);
    if (response.stream) return hand_over_to_stream(std::move(response));
    if (response.deferred) return run_deferred(std::move(response.deferred), version, head);
    send(std::move(response), version, head);
  }

  // The connection becomes a WebSocket session; this session ends without
  // closing the socket.
  void hand_over_to_websocket(const Caller& caller) {
    end_without_closing();
    start_websocket_session(std::move(socket_), parser_->release(), caller, context_);
  }

  void hand_over_to_stream(Response response) {
    end_without_closing();
    start_stream_session(std::move(socket_), std::move(response.stream),
                         std::move(response.headers), context_);
  }

  void end_without_closing() {
    closed_ = true;
    watchdog_.cancel();
    context_.connections.remove(shared_from_this());
  }

  // Runs slow work (image encoding) on the worker pool, then sends its
  // response from this session's executor.
  void run_deferred(std::function<Response()> work, unsigned version, bool head) {
    net::post(context_.workers, [self = shared_from_this(), work = std::move(work), version, head] {
      Response response;
      try {
        response = work();
      } catch (const std::exception& e) {
        log_error("deferred response failed: {}", e.what());
        response =
            error_response(500, "internal_error", "Internal server error (see the server log)");
      }
      net::post(self->socket_.get_executor(),
                [self, response = std::move(response), version, head]() mutable {
                  self->send(std::move(response), version, head);
                });
    });
  }

  void reply_error(int status, std::string_view code, std::string_view detail) {
    keep_alive_ = false;
    send(error_response(status, code, detail), 11, false);
  }

  // Writes the response as raw bytes: header and body in one gathered write,
  // without building a Beast message (its field allocations and serializer
  // cost more than the step itself).
  void send(Response response, unsigned version, bool head) {
    reply_keep_alive_ = keep_alive_ && !stopping_ && !response.close_connection;
    const bool has_body = response.status != 204;
    out_.clear();
    out_ += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out_ += std::to_string(response.status);
    out_ += ' ';
    const auto reason =
        http::obsolete_reason(http::int_to_status(static_cast<unsigned>(response.status)));
    out_.append(reason.data(), reason.size());
    out_ += "\r\nServer: gymcc\r\n";
    if (has_body) {
      out_ += "Content-Type: ";
      out_ += response.content_type;
      out_ += "\r\nContent-Length: ";
      out_ += std::to_string(response.body.size());
      out_ += "\r\n";
    }
    for (const auto& [name, value] : response.headers) {
      out_ += name;
      out_ += ": ";
      out_ += value;
      out_ += "\r\n";
    }
    if (!reply_keep_alive_) {
      out_ += "Connection: close\r\n";
    } else if (version == 10) {
      out_ += "Connection: keep-alive\r\n";
    }
    out_ += "\r\n";
    body_ = has_body && !head ? std::move(response.body) : std::string();
    const std::array<net::const_buffer, 2> buffers = {net::buffer(out_), net::buffer(body_)};
    net::async_write(socket_, buffers,
                     beast::bind_front_handler(&HttpSession::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec || !reply_keep_alive_) return close();
    read_request();
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    watchdog_.cancel();
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    context_.connections.remove(shared_from_this());
  }

  tcp::socket socket_;
  const SessionContext& context_;
  Watchdog watchdog_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string out_;   // the response header being written
  std::string body_;  // the response body being written
  bool reply_keep_alive_ = true;
  bool keep_alive_ = true;
  bool idle_ = true;
  bool stopping_ = false;
  bool closed_ = false;
};

}  // namespace

void start_http_session(tcp::socket socket, const SessionContext& context) {
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::make_shared<HttpSession>(std::move(socket), context)->start();
}

}  // namespace gymcc::serve
