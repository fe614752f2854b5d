#include "serve/net/http_server.hpp"

#include <sys/resource.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/error.hpp>

#include <cerrno>
#include <csignal>
#include <optional>
#include <thread>
#include <vector>

#include "serve/logger.hpp"
#include "serve/net/connection_start.hpp"
#include "serve/net/session_context.hpp"

namespace gymcc::serve {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// One io_context per thread, each connection pinned to one of them: a
// request's handlers then all run on one core, with no strand hand-offs
// between threads (those cost tens of microseconds of latency per request).
struct HttpServer::Impl {
  static std::size_t thread_count(const ServerOptions& options) {
    return options.threads > 0 ? static_cast<std::size_t>(options.threads)
                               : std::max(1u, std::thread::hardware_concurrency());
  }

  Impl(rest::Router& router, WebSocketApi& websocket, Services& services_ref, ServerOptions opts)
      : services(services_ref),
        options(std::move(opts)),
        session_context{router, websocket, options, sessions, workers} {
    for (std::size_t i = 0; i < thread_count(options); ++i) {
      contexts.push_back(std::make_unique<net::io_context>(1));
      guards.push_back(net::make_work_guard(*contexts.back()));
    }
    acceptor.emplace(*contexts.front());
    signals.emplace(*contexts.front(), SIGINT, SIGTERM);
    eviction_timer.emplace(*contexts.front());
    drain_timer.emplace(*contexts.front());
    accept_pause.emplace(*contexts.front());
    if (!options.tls_cert.empty() || !options.tls_key.empty()) {
      if (options.tls_cert.empty() || options.tls_key.empty()) {
        throw std::runtime_error("TLS needs both --tls-cert and --tls-key");
      }
      tls = make_tls_context(options.tls_cert, options.tls_key);
    }
  }

  net::io_context& next_context() { return *contexts[next_context_index++ % contexts.size()]; }

  void start_session(tcp::socket socket) {
    start_connection(std::move(socket), tls.get(), session_context);
  }

  void accept() {
    acceptor->async_accept(next_context(), [this](beast::error_code ec, tcp::socket socket) {
      if (!ec) {
        start_session(std::move(socket));
        return accept();
      }
      if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
      // Out of file descriptors (or kernel memory) the next accept fails at
      // once: wait a little instead of spinning, and say so once a while.
      const int error = ec.value();
      const bool exhausted =
          ec.category() == boost::system::system_category() &&
          (error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM);
      log_accept_failure(ec);
      if (!exhausted) return accept();
      accept_pause->expires_after(std::chrono::milliseconds(100));
      accept_pause->async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec) accept();
      });
    });
  }

  // At most one log line per 10 s, with how many failures it stands for.
  void log_accept_failure(const beast::error_code& ec) {
    ++accept_failures;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_accept_log < std::chrono::seconds(10)) return;
    log_error("accept failed: {} ({} time(s) since the last report; {} open connections)",
              ec.message(), accept_failures, sessions.size());
    accept_failures = 0;
    last_accept_log = now;
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
      if (const std::size_t n = services.store.evict_idle(options.idle_timeout)) {
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
      services.draining.store(true);
      beast::error_code ignored;
      accept_backlog();
      acceptor->close(ignored);
      accept_pause->cancel();
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
      beast::error_code ignored;
      signals->cancel(ignored);
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

  Services& services;
  ServerOptions options;
  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  std::size_t next_context_index = 0;  // used on the acceptor's thread only
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::signal_set> signals;
  std::optional<net::steady_timer> eviction_timer;
  std::optional<net::steady_timer> drain_timer;
  std::optional<net::steady_timer> accept_pause;  // after running out of file descriptors
  std::unique_ptr<net::ssl::context> tls;         // null: plain HTTP
  std::size_t accept_failures = 0;
  std::chrono::steady_clock::time_point last_accept_log;
  // Destroyed before the io_contexts: the sessions it still holds close
  // their sockets while those exist.
  ConnectionRegistry sessions;
  net::thread_pool workers{2};  // image encoding, off the I/O threads
  SessionContext session_context;
  bool stopping = false;
  std::chrono::steady_clock::time_point drain_deadline;
};

HttpServer::HttpServer(rest::Router& router, WebSocketApi& websocket, Services& services,
                       ServerOptions options)
    : impl_(std::make_unique<Impl>(router, websocket, services, std::move(options))) {}

HttpServer::~HttpServer() = default;

namespace {

// Sockets are file descriptors: take the most the hard limit allows, and
// keep --max-connections under what is left for the rest of the server.
void raise_file_limit(ServerOptions& options) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  constexpr rlim_t kReserved = 64;  // listener, logs, timers, encoders
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur > kReserved &&
      options.max_connections > limit.rlim_cur - kReserved) {
    log_info("--max-connections {} lowered to {}: the open-file limit is {}",
             options.max_connections, limit.rlim_cur - kReserved, limit.rlim_cur);
    options.max_connections = limit.rlim_cur - kReserved;
  }
}

}  // namespace

void HttpServer::listen() {
  raise_file_limit(impl_->options);
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
    // A second signal cuts the drain short.
    impl_->signals->async_wait([this](beast::error_code again_ec, int again) {
      if (again_ec) return;
      log_info("received signal {} while draining: stopping now", again);
      for (auto& context : impl_->contexts) context->stop();
    });
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
