#include "http_server.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <csignal>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "frame_stream.hpp"
#include "logger.hpp"
#include "websocket_session.hpp"

namespace gymcc::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

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

class Session;

constexpr std::chrono::milliseconds kIdleGraceOnStop{250};
using Clock = std::chrono::steady_clock;

// MJPEG framing (multipart/x-mixed-replace; boundary=frame): parts are
// delimited by boundaries, as the gymnasium-http-api peer sends them.
constexpr std::string_view kPartOpening = "--frame\r\nContent-Type: image/jpeg\r\n\r\n";
constexpr std::string_view kPartClosingAndOpening =
    "\r\n--frame\r\nContent-Type: image/jpeg\r\n\r\n";

class Session : public Connection, public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Api& api, const ServerOptions& options, ConnectionRegistry& registry,
          net::thread_pool& workers)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        watchdog_(socket_.get_executor()),
        api_(api),
        options_(options),
        registry_(registry),
        workers_(workers) {}

  void start() {
    registry_.add(shared_from_this());
    touch();
    arm_watchdog(Clock::now() + options_.keep_alive_timeout);
    net::dispatch(socket_.get_executor(),
                  beast::bind_front_handler(&Session::read_request, shared_from_this()));
  }
  // Sessions run on a single-threaded io_context: no strand needed.

  // Called from any thread on graceful stop.
  void stop() override {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      beast::error_code ignored;
      if (self->idle_) self->socket_.cancel(ignored);  // see on_read
      self->arm_watchdog(Clock::now() + kIdleGraceOnStop);
      if (self->frames_) self->timer_.cancel();
    });
  }

 private:
  // One timer per connection instead of one per operation: it closes a
  // connection with no activity (read started, write done) for the
  // keep-alive timeout, or, once stopping, after a short grace period.
  void touch() { last_activity_ = Clock::now(); }

  void arm_watchdog(Clock::time_point deadline) {
    watchdog_.expires_at(deadline);
    watchdog_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;  // re-armed, or closed
      const Clock::time_point due = self->stopping_
                                        ? self->watchdog_.expiry()
                                        : self->last_activity_ + self->options_.keep_alive_timeout;
      if (Clock::now() >= due) return self->close();
      self->arm_watchdog(due);
    });
  }

  void read_request() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    idle_ = buffer_.size() == 0;
    if (stopping_ && idle_) return close();
    touch();
    http::async_read(socket_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    idle_ = false;
    if (ec == net::error::operation_aborted && stopping_ && !closed_) {
      // The stop cancelled a keep-alive read; if the client had already sent
      // (part of) a request, that request is in flight: finish reading it.
      beast::error_code avail_ec;
      if (buffer_.size() > 0 || socket_.available(avail_ec) > 0) {
        http::async_read(socket_, buffer_, *parser_,
                         beast::bind_front_handler(&Session::on_read, shared_from_this()));
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
                         "Request body exceeds " + std::to_string(options_.max_body_bytes) +
                             " bytes (--max-body-bytes)");
    }
    if (ec) return reply_error(400, "bad_http", "Malformed HTTP request: " + ec.message());

    const auto& req = parser_->get();
    const std::string_view target(req.target().data(), req.target().size());
    const std::size_t question = target.find('?');
    const std::string_view path = target.substr(0, question);
    if (beast::websocket::is_upgrade(req) && api_.websockets_enabled() &&
        (path == "/v1/ws" || path == "/v1/ws/") && !stopping_) {
      // Beast would refuse a bad handshake in plain text: refuse it in JSON.
      if (req[http::field::sec_websocket_key].empty() ||
          req[http::field::sec_websocket_version] != "13" || req.method() != http::verb::get) {
        api_.metrics().count_request(Route::kWebSocket, 400);
        return reply_error(400, "bad_handshake",
                           "A WebSocket handshake needs GET, Sec-WebSocket-Key and "
                           "Sec-WebSocket-Version: 13 (RFC 6455)");
      }
      return hand_over_to_websocket();
    }
    Request request;
    request.method = method_of(req.method());
    request.path = target.substr(0, question);
    request.query =
        question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
    request.body = req.body();
    const auto content_type = req[http::field::content_type];
    request.content_type = std::string_view(content_type.data(), content_type.size());
    const auto accept = req[http::field::accept];
    request.accept = std::string_view(accept.data(), accept.size());
    keep_alive_ = req.keep_alive();
    const bool head = req.method() == http::verb::head;
    Response response = api_.handle(request);
    if (response.stream) return start_stream(std::move(response));
    if (response.deferred) return run_deferred(std::move(response.deferred), req.version(), head);
    send(std::move(response), req.version(), head);
  }

  // The connection becomes a WebSocket session; this HTTP session ends
  // without closing the socket.
  void hand_over_to_websocket() {
    closed_ = true;
    timer_.cancel();
    watchdog_.cancel();
    registry_.remove(shared_from_this());
    api_.metrics().count_request(Route::kWebSocket, 101);
    start_websocket_session(std::move(socket_), parser_->release(), api_, options_, registry_);
  }

  // Runs slow work (image encoding) on the worker pool, then sends its
  // response from this session's strand.
  void run_deferred(std::function<Response()> work, unsigned version, bool head) {
    net::post(workers_, [self = shared_from_this(), work = std::move(work), version, head] {
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

  // ---- MJPEG: multipart/x-mixed-replace parts until the instance is gone.
  void start_stream(Response response) {
    frames_ = std::move(response.stream);
    keep_alive_ = false;
    out_ =
        "HTTP/1.1 200 OK\r\nServer: gymcc\r\n"
        "Content-Type: multipart/x-mixed-replace; boundary=frame\r\n"
        "Cache-Control: no-cache, no-store\r\nConnection: close\r\n";
    for (const auto& [name, value] : response.headers) out_ += name + ": " + value + "\r\n";
    out_ += "\r\n";  // end of the HTTP header
    out_ += kPartOpening;
    net::async_write(socket_, net::buffer(out_),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();
                       self->touch();
                       self->poll_frame();
                     });
  }

  void schedule_frame() {
    if (stopping_) return finish_stream();
    timer_.expires_after(frames_->interval());
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->stopping_) return self->finish_stream();
      self->poll_frame();
    });
  }

  void poll_frame() {
    net::post(workers_, [self = shared_from_this()] {
      FrameStream::Poll poll;
      try {
        poll = self->frames_->poll(self->frame_version_);
      } catch (const std::exception& e) {
        log_debug("stream ended: {}", e.what());
      }
      net::post(self->socket_.get_executor(),
                [self, poll = std::move(poll)] { self->on_frame(poll); });
    });
  }

  void on_frame(const FrameStream::Poll& poll) {
    if (poll.state == FrameStream::State::kEnded) return finish_stream();
    if (poll.state == FrameStream::State::kUnchanged) return schedule_frame();
    frame_version_ = poll.version;
    frame_ = poll.jpeg;
    // Browsers show a part once the next part's headers arrive, so each
    // frame is followed at once by the opening of the next part.
    const std::array<net::const_buffer, 2> parts = {
        net::buffer(*frame_),
        net::buffer(kPartClosingAndOpening.data(), kPartClosingAndOpening.size())};
    net::async_write(socket_, parts,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();
                       self->touch();
                       self->schedule_frame();
                     });
  }

  void finish_stream() {
    out_ = "\r\n--frame--\r\n";  // the part left open stays empty
    net::async_write(
        socket_, net::buffer(out_),
        [self = shared_from_this()](beast::error_code, std::size_t) { self->close(); });
  }

  void reply_error(int status, std::string_view code, std::string_view detail) {
    keep_alive_ = false;
    send(error_response(status, code, detail), 11, false);
  }

  // Writes the response as raw bytes: header and body in one gathered write,
  // without building a Beast message (its field allocations and serializer
  // cost more than the step itself).
  void send(Response response, unsigned version, bool head) {
    reply_keep_alive_ = keep_alive_ && !stopping_;
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
                     beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec || !reply_keep_alive_) return close();
    read_request();
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    timer_.cancel();
    beast::error_code ignored;
    watchdog_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    registry_.remove(shared_from_this());
  }

  tcp::socket socket_;
  net::steady_timer timer_;     // paces stream frames
  net::steady_timer watchdog_;  // idle and stop timeouts
  Clock::time_point last_activity_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string body_;  // the response body being written
  bool reply_keep_alive_ = true;
  Api& api_;
  const ServerOptions& options_;
  ConnectionRegistry& registry_;
  net::thread_pool& workers_;
  std::shared_ptr<const FrameStream> frames_;  // set while streaming
  std::shared_ptr<const std::string> frame_;   // the part being written
  std::uint64_t frame_version_ = 0;
  std::string out_;
  bool keep_alive_ = true;
  bool idle_ = true;
  bool stopping_ = false;
  bool closed_ = false;
};

}  // namespace

// One io_context per thread, each connection pinned to one of them: a
// request's handlers then all run on one core, with no strand hand-offs
// between threads (those cost tens of microseconds of latency per request).
struct HttpServer::Impl {
  static std::size_t thread_count(const ServerOptions& options) {
    return options.threads > 0 ? static_cast<std::size_t>(options.threads)
                               : std::max(1u, std::thread::hardware_concurrency());
  }

  Impl(Api& api_ref, InstanceStore& store_ref, ServerOptions opts)
      : api(api_ref), store(store_ref), options(std::move(opts)) {
    for (std::size_t i = 0; i < thread_count(options); ++i) {
      contexts.push_back(std::make_unique<net::io_context>(1));
      guards.push_back(net::make_work_guard(*contexts.back()));
    }
    acceptor.emplace(*contexts.front());
    signals.emplace(*contexts.front(), SIGINT, SIGTERM);
    eviction_timer.emplace(*contexts.front());
    drain_timer.emplace(*contexts.front());
  }

  net::io_context& next_context() { return *contexts[next_context_index++ % contexts.size()]; }

  void start_session(tcp::socket socket) {
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<Session>(std::move(socket), api, options, sessions, workers)->start();
  }

  void accept() {
    acceptor->async_accept(next_context(), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (ec != net::error::operation_aborted) log_error("accept failed: {}", ec.message());
        if (!acceptor->is_open()) return;
      } else {
        start_session(std::move(socket));
      }
      accept();
    });
  }

  // Connections the kernel completed before the stop may carry requests
  // already sent: accept them so they are answered rather than reset.
  void accept_backlog() {
    beast::error_code ec;
    acceptor->non_blocking(true, ec);
    while (!ec) {
      tcp::socket socket(next_context());
      acceptor->accept(socket, ec);
      if (!ec) start_session(std::move(socket));
    }
  }

  void schedule_eviction() {
    if (options.idle_timeout.count() <= 0) return;
    eviction_timer->expires_after(std::min<std::chrono::seconds>(
        options.idle_timeout / 2 + std::chrono::seconds(1), std::chrono::seconds(30)));
    eviction_timer->async_wait([this](beast::error_code ec) {
      if (ec) return;
      if (const std::size_t n = store.evict_idle(options.idle_timeout)) {
        log_info("evicted {} instance(s) idle for {}s or more", n, options.idle_timeout.count());
      }
      schedule_eviction();
    });
  }

  void begin_stop() {
    net::post(acceptor->get_executor(), [this] {
      if (stopping) return;
      stopping = true;
      log_info("stopping: draining connections");
      api.set_draining();
      beast::error_code ignored;
      accept_backlog();
      acceptor->close(ignored);
      signals->cancel(ignored);
      eviction_timer->cancel();
      for (const auto& session : sessions.snapshot()) session->stop();
      drain_deadline = std::chrono::steady_clock::now() + options.drain_timeout;
      wait_for_drain();
    });
  }

  // Polls until every session has closed, then lets the io_contexts run out
  // of work (run() returns), or stops them hard at the drain deadline.
  void wait_for_drain() {
    if (sessions.empty()) {
      for (auto& guard : guards) guard.reset();
      return;
    }
    if (std::chrono::steady_clock::now() >= drain_deadline) {
      log_info("drain timeout reached; closing remaining connections");
      for (auto& context : contexts) context->stop();
      return;
    }
    drain_timer->expires_after(std::chrono::milliseconds(20));
    drain_timer->async_wait([this](beast::error_code ec) {
      if (!ec) wait_for_drain();
    });
  }

  Api& api;
  InstanceStore& store;
  ServerOptions options;
  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  std::size_t next_context_index = 0;  // used on the acceptor's thread only
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::signal_set> signals;
  std::optional<net::steady_timer> eviction_timer;
  std::optional<net::steady_timer> drain_timer;
  ConnectionRegistry sessions;
  net::thread_pool workers{2};  // image encoding, off the I/O threads
  bool stopping = false;
  std::chrono::steady_clock::time_point drain_deadline;
};

HttpServer::HttpServer(Api& api, InstanceStore& store, ServerOptions options)
    : impl_(std::make_unique<Impl>(api, store, std::move(options))) {}

HttpServer::~HttpServer() = default;

void HttpServer::listen() {
  auto& acceptor = *impl_->acceptor;
  beast::error_code ec;
  const auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) throw std::runtime_error("invalid --host '" + impl_->options.host + "': " + ec.message());
  const tcp::endpoint endpoint(address, impl_->options.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + impl_->options.host + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  }
}

std::uint16_t HttpServer::bound_port() const { return impl_->acceptor->local_endpoint().port(); }

void HttpServer::run() {
  Impl& s = *impl_;
  s.signals->async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    log_info("received signal {}", signal);
    impl_->begin_stop();
  });
  s.accept();
  s.schedule_eviction();
  std::vector<std::thread> io_threads;
  for (std::size_t i = 1; i < s.contexts.size(); ++i) {
    io_threads.emplace_back([context = s.contexts[i].get()] { context->run(); });
  }
  s.contexts.front()->run();
  for (auto& t : io_threads) t.join();
  s.workers.join();
  log_info("stopped");
}

void HttpServer::stop() { impl_->begin_stop(); }

}  // namespace gymcc::serve
