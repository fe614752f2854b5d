#pragma once
// The HTTP session template behind http_session.hpp. Only http_session_plain.cpp and
// http_session_tls.cpp include it, one instantiation each, so the two compile in
// parallel: with TLS this is among the costliest code of the build.

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
namespace http_detail {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::chrono::milliseconds kIdleGraceOnStop{250};
constexpr std::size_t kMaxTargetBytes = 4096;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

inline Method method_of(http::verb verb) {
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

inline std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

inline bool iequals(std::string_view a, std::string_view b) { return beast::iequals(a, b); }

inline std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

template <class Stream>
class HttpSession : public Connection, public std::enable_shared_from_this<HttpSession<Stream>> {
  using std::enable_shared_from_this<HttpSession<Stream>>::shared_from_this;

 public:
  HttpSession(Stream stream, const SessionContext& context)
      : stream_(std::move(stream)),
        context_(context),
        watchdog_(stream_.get_executor(), [this] { close(); }) {}

  // Sessions run on a single-threaded io_context: no strand needed.
  void start() {
    context_.connections.add(shared_from_this());
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::read_request, shared_from_this()));
  }

  // Called from any thread on graceful stop.
  void stop() override {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      beast::error_code ignored;
      if (self->idle_) lowest_socket(self->stream_).cancel(ignored);  // see on_first_bytes
      self->watchdog_.stop_within(kIdleGraceOnStop, self);
    });
  }

 private:
  const ServerOptions& options() const noexcept { return context_.options; }

  // Waits for a request's first bytes (the keep-alive wait), then reads its
  // header and its body, each under its own timeout: a client that drips a
  // header (slowloris) is cut at the header timeout, an idle one at the
  // keep-alive timeout.
  void read_request() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options().max_header_bytes));
    parser_->body_limit(options().max_body_bytes);
    if (buffer_.size() > 0) return read_header();  // a pipelined request
    if (stopping_) return close();
    idle_ = true;
    watchdog_.expire_after(options().keep_alive_timeout, shared_from_this());
    stream_.async_read_some(
        buffer_.prepare(4096),
        beast::bind_front_handler(&HttpSession::on_first_bytes, shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, std::size_t bytes) {
    idle_ = false;
    buffer_.commit(bytes);
    if (ec == net::error::operation_aborted && stopping_ && !closed_) {
      // The stop cancelled a keep-alive wait; if the client had already sent
      // (part of) a request, that request is in flight: read it.
      beast::error_code avail_ec;
      if (buffer_.size() > 0 || lowest_socket(stream_).available(avail_ec) > 0) {
        stream_.async_read_some(
            buffer_.prepare(4096),
            beast::bind_front_handler(&HttpSession::on_first_bytes, shared_from_this()));
        return;
      }
    }
    if (ec && buffer_.size() == 0) return close();
    read_header();
  }

  void read_header() {
    watchdog_.expire_after(options().header_timeout, shared_from_this());
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    if (const auto refusal = check_framing())
      return reply_error(refusal->status, refusal->code, refusal->detail);
    if (parser_->is_done()) return dispatch_request();
    const auto expect = parser_->get()[http::field::expect];
    if (!expect.empty() && buffer_.size() == 0) {
      // The client waits for this before it sends the body.
      watchdog_.expire_after(options().body_timeout, shared_from_this());
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                         if (write_ec) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    watchdog_.expire_after(options().body_timeout, shared_from_this());
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_body, shared_from_this()));
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    dispatch_request();
  }

  void on_read_error(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == beast::error::timeout || ec == net::error::connection_reset ||
        ec == net::error::eof || ec == net::ssl::error::stream_truncated) {
      return close();
    }
    if (ec == http::error::body_limit) {
      return reply_error(413, "body_too_large",
                         "Request body exceeds " + std::to_string(options().max_body_bytes) +
                             " bytes (--max-body-bytes)");
    }
    if (ec == http::error::header_limit) {
      return reply_error(431, "header_too_large",
                         "Request line and headers exceed " +
                             std::to_string(options().max_header_bytes) +
                             " bytes (--max-header-bytes)");
    }
    if (ec == http::error::bad_transfer_encoding) {
      if (parser_->get().count(http::field::content_length) > 0) {
        return reply_error(400, "bad_framing",
                           "A request may not carry both Transfer-Encoding and Content-Length");
      }
      return reply_error(501, "unsupported_transfer_encoding",
                         "Only \"Transfer-Encoding: chunked\" is understood");
    }
    reply_error(400, "bad_http", "Malformed HTTP request: " + ec.message());
  }

  struct Refusal {
    int status;
    std::string_view code;
    std::string detail;
  };

  // Strict HTTP/1.1 framing (RFC 9112), so that no proxy in front can read
  // a request differently from us (request smuggling).
  std::optional<Refusal> check_framing() const {
    const auto& req = parser_->get();
    if (req.target().size() > kMaxTargetBytes) {
      return Refusal{414, "uri_too_long",
                     "The request target exceeds " + std::to_string(kMaxTargetBytes) + " bytes"};
    }
    const auto hosts = req.count(http::field::host);
    if ((req.version() >= 11 && hosts == 0) || hosts > 1) {
      return Refusal{400, "missing_host", "HTTP/1.1 requests need exactly one Host header"};
    }
    const auto encodings = req.count(http::field::transfer_encoding);
    if (encodings > 1 ||
        (encodings == 1 &&
         !iequals(trimmed(view(req[http::field::transfer_encoding])), "chunked"))) {
      return Refusal{501, "unsupported_transfer_encoding",
                     "Only \"Transfer-Encoding: chunked\" is understood"};
    }
    if (encodings == 1 && req.count(http::field::content_length) > 0) {
      return Refusal{400, "bad_framing",
                     "A request may not carry both Transfer-Encoding and Content-Length"};
    }
    const auto expect = req[http::field::expect];
    if (!expect.empty() && !iequals(trimmed(view(expect)), "100-continue")) {
      return Refusal{417, "expectation_failed", "Only \"Expect: 100-continue\" is understood"};
    }
    return std::nullopt;
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
    request.host = view(req[http::field::host]);
    request.origin = view(req[http::field::origin]);
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
  // closing the stream. Bytes the client sent after the handshake (its first
  // frames, in the same packet) go with it.
  void hand_over_to_websocket(const Caller& caller) {
    end_without_closing();
    start_websocket_session(std::move(stream_), parser_->release(), std::move(buffer_), caller,
                            context_);
  }

  void hand_over_to_stream(Response response) {
    end_without_closing();
    start_stream_session(std::move(stream_), std::move(response.stream),
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
      net::post(self->stream_.get_executor(),
                [self, response = std::move(response), version, head]() mutable {
                  self->send(std::move(response), version, head);
                });
    });
  }

  void reply_error(int status, std::string_view code, std::string_view detail) {
    keep_alive_ = false;
    send(context_.router.transport_error(status, code, detail), 11, false);
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
    watchdog_.expire_after(options().body_timeout, shared_from_this());
    const std::array<net::const_buffer, 2> buffers = {net::buffer(out_), net::buffer(body_)};
    net::async_write(stream_, buffers,
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
    close_now(stream_);
    context_.connections.remove(shared_from_this());
  }

  Stream stream_;
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

}  // namespace http_detail

template <class Stream>
void start_http_session(Stream stream, const SessionContext& context) {
  std::make_shared<http_detail::HttpSession<Stream>>(std::move(stream), context)->start();
}

}  // namespace gymcc::serve
