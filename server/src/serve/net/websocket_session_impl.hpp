#pragma once
// The WebSocket session template behind websocket_session.hpp. Only websocket_session_plain.cpp and
// websocket_session_tls.cpp include it, one instantiation each, so the two compile in
// parallel: with TLS this is among the costliest code of the build.

#include "serve/net/websocket_session.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <string>
#include <vector>

#include "serve/logger.hpp"

// websocket::stream finds a next layer's teardown by argument-dependent
// lookup; Beast ships none for buffered_read_stream, which carries the bytes
// that arrived with the handshake (see start_websocket_session).
namespace boost::beast {

template <class Stream, class Buffer>
void teardown(role_type role, buffered_read_stream<Stream, Buffer>& stream, error_code& ec) {
  using websocket::teardown;
  teardown(role, stream.next_layer(), ec);
}

template <class Stream, class Buffer, class Handler>
void async_teardown(role_type role, buffered_read_stream<Stream, Buffer>& stream,
                    Handler&& handler) {
  using websocket::async_teardown;
  async_teardown(role, stream.next_layer(), std::forward<Handler>(handler));
}

}  // namespace boost::beast

namespace gymcc::serve {
namespace websocket_detail {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace websocket = beast::websocket;

// Replies queued before the session stops reading: a client that pipelines
// without reading its replies is slowed down, not buffered without bound
// (also bounded in bytes: ServerOptions::websocket_queue_bytes).
constexpr std::size_t kMaxQueuedReplies = 64;
// How long a closing handshake may wait for the peer's close frame while
// the server stops.
constexpr std::chrono::seconds kCloseTimeoutOnStop{1};

template <class Stream>
class WebSocketSession : public Connection,
                         public std::enable_shared_from_this<WebSocketSession<Stream>> {
  using std::enable_shared_from_this<WebSocketSession<Stream>>::shared_from_this;
  using Clock = std::chrono::steady_clock;

 public:
  WebSocketSession(Stream stream, beast::flat_buffer received, const Caller& caller,
                   const SessionContext& context)
      : ws_(std::move(stream)),
        api_(context.websocket),
        options_(context.options),
        registry_(context.connections),
        session_{caller, {}} {
    // Frames that came in the handshake's packet are read before the socket.
    auto& early = ws_.next_layer().buffer();
    early.commit(net::buffer_copy(early.prepare(received.size()), received.data()));
  }

  void start(http::request<http::string_body> upgrade) {
    registry_.add(shared_from_this());
    api_.metrics().websocket_opened();
    // Beast's own idle timeout re-arms a timer on every message (a syscall
    // each); our watchdog checks activity lazily instead (see watch).
    ws_.set_option(websocket::stream_base::timeout{std::chrono::seconds(30),
                                                   websocket::stream_base::none(), false});
    ws_.control_callback([this](websocket::frame_type, beast::string_view) { touch(); });
    touch();
    enable_tcp_keepalive();
    watch();
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set(http::field::server, "gymcc"); }));
    ws_.read_message_max(options_.max_body_bytes);
    ws_.auto_fragment(false);
    upgrade_ = std::move(upgrade);
    ws_.async_accept(upgrade_, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->finish();
      self->read();
    });
  }

  void stop() override {
    net::dispatch(ws_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      self->close_when_idle();
    });
  }

 private:
  void read() {
    if (stopping_) return close_when_idle();
    ws_.async_read(
        in_, [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void touch() { last_activity_ = Clock::now(); }

  // A session's instances live as long as its peer does, however long the
  // agent pauses between steps (clients without a reader thread answer
  // pings only when they next read) — unless the server has an
  // --idle-timeout, which then applies to sessions too. A dead peer is found
  // by TCP keep-alive probes, which the peer's kernel answers; pings, sent
  // after half the keep-alive timeout of quiet, only keep middleboxes from
  // dropping an idle connection.
  void enable_tcp_keepalive() {
    auto& socket = beast::get_lowest_layer(ws_);
    beast::error_code ignored;
    socket.set_option(net::socket_base::keep_alive(true), ignored);
    const int fd = socket.native_handle();
    const int idle_seconds = 60;
    const int interval_seconds = 10;
    const int probes = 6;
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle_seconds, sizeof idle_seconds);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval_seconds, sizeof interval_seconds);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &probes, sizeof probes);
  }

  void watch() {
    auto period = options_.keep_alive_timeout / 2;
    if (options_.idle_timeout.count() > 0) period = std::min(period, options_.idle_timeout / 2);
    watchdog_.expires_after(std::max<Clock::duration>(period, std::chrono::milliseconds(100)));
    watchdog_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->finished_ || self->closing_) return;
      const auto quiet = Clock::now() - self->last_activity_;
      const auto idle_timeout = self->options_.idle_timeout;
      if (idle_timeout.count() > 0 && quiet >= idle_timeout) {
        log_info("closing a WebSocket session idle for {}s (--idle-timeout)", idle_timeout.count());
        self->stopping_ = true;
        return self->close_when_idle();
      }
      if (quiet >= self->options_.keep_alive_timeout / 2 && !self->pinging_) {
        self->pinging_ = true;
        self->ws_.async_ping({}, [self](beast::error_code) { self->pinging_ = false; });
      }
      self->watch();
    });
  }

  void on_read(beast::error_code ec) {
    if (ec) return finish();  // closed, reset, timed out or too big (Beast sent 1009)
    touch();
    Reply reply{take_spare(), ws_.got_binary()};
    const std::string_view message(static_cast<const char*>(in_.data().data()), in_.size());
    api_.handle_message(message, reply.binary, reply.data, session_);
    in_.consume(in_.size());
    queued_bytes_ += reply.data.size();
    queue_.push_back(std::move(reply));
    if (!writing_) write_next();
    if (queue_.size() < kMaxQueuedReplies && queued_bytes_ < options_.websocket_queue_bytes) {
      read();
    } else {
      read_paused_ = true;
    }
  }

  void write_next() {
    writing_ = true;
    ws_.binary(queue_.front().binary);
    ws_.async_write(
        net::buffer(queue_.front().data),
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    writing_ = false;
    if (ec) return finish();
    queued_bytes_ -= queue_.front().data.size();
    spare_ = std::move(queue_.front().data);
    queue_.pop_front();
    if (!queue_.empty()) return write_next();
    if (read_paused_) {
      read_paused_ = false;
      read();
    }
    if (stopping_) close_when_idle();
  }

  // Reply buffers are reused: a session in a steady loop allocates none.
  std::string take_spare() {
    std::string s = std::move(spare_);
    s.clear();
    return s;
  }

  // On stop, the replies already queued are written, then the close frame;
  // a peer that does not answer it is waited for briefly.
  void close_when_idle() {
    if (closing_ || finished_ || writing_ || !queue_.empty()) return;
    closing_ = true;
    ws_.set_option(
        websocket::stream_base::timeout{kCloseTimeoutOnStop, kCloseTimeoutOnStop, false});
    ws_.async_close(websocket::close_code::going_away,
                    [self = shared_from_this()](beast::error_code) { self->finish(); });
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    watchdog_.cancel();
    api_.close_owned(session_);
    api_.metrics().websocket_closed();
    registry_.remove(shared_from_this());
  }

  struct Reply {
    std::string data;
    bool binary = false;
  };

  websocket::stream<beast::buffered_read_stream<Stream, beast::flat_buffer>> ws_;
  net::steady_timer watchdog_{ws_.get_executor()};
  Clock::time_point last_activity_;
  bool pinging_ = false;
  WebSocketApi& api_;
  const ServerOptions& options_;
  ConnectionRegistry& registry_;
  WebSocketApi::Session session_;  // who it acts as, and the instances made on it
  http::request<http::string_body> upgrade_;
  beast::flat_buffer in_;
  std::deque<Reply> queue_;
  std::size_t queued_bytes_ = 0;
  std::string spare_;
  bool writing_ = false;
  bool read_paused_ = false;
  bool stopping_ = false;
  bool closing_ = false;
  bool finished_ = false;
};

}  // namespace websocket_detail

template <class Stream>
void start_websocket_session(Stream stream,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             boost::beast::flat_buffer received, const Caller& caller,
                             const SessionContext& context) {
  std::make_shared<websocket_detail::WebSocketSession<Stream>>(std::move(stream),
                                                               std::move(received), caller, context)
      ->start(std::move(upgrade));
}

}  // namespace gymcc::serve
