#include "serve/net/websocket_session.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <string>
#include <vector>

#include "serve/logger.hpp"

namespace gymcc::serve {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

// Replies queued before the session stops reading: a client that pipelines
// without reading its replies is slowed down, not buffered without bound.
constexpr std::size_t kMaxQueuedReplies = 64;

class WebSocketSession : public Connection, public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(tcp::socket socket, const Caller& caller, const SessionContext& context)
      : ws_(std::move(socket)),
        api_(context.websocket),
        options_(context.options),
        registry_(context.connections),
        session_{caller, {}} {}

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
  // pings only when they next read). So a dead peer is found by TCP
  // keep-alive probes, which the peer's kernel answers; pings, sent after
  // half the keep-alive timeout of quiet, only keep middleboxes from
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
    watchdog_.expires_after(options_.keep_alive_timeout / 2);
    watchdog_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->finished_ || self->closing_) return;
      const auto quiet = Clock::now() - self->last_activity_;
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
    queue_.push_back(std::move(reply));
    if (!writing_) write_next();
    if (queue_.size() < kMaxQueuedReplies) {
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

  // On stop, the replies already queued are written, then the close frame.
  void close_when_idle() {
    if (closing_ || finished_ || writing_ || !queue_.empty()) return;
    closing_ = true;
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

  using Clock = std::chrono::steady_clock;

  websocket::stream<tcp::socket> ws_;
  net::steady_timer watchdog_{ws_.get_executor()};
  Clock::time_point last_activity_;
  bool pinging_ = false;
  WebSocketApi& api_;
  const ServerOptions& options_;
  ConnectionRegistry& registry_;
  http::request<http::string_body> upgrade_;
  beast::flat_buffer in_;
  std::deque<Reply> queue_;
  std::string spare_;
  WebSocketApi::Session session_;  // who it acts as, and the instances made on it
  bool writing_ = false;
  bool read_paused_ = false;
  bool stopping_ = false;
  bool closing_ = false;
  bool finished_ = false;
};

}  // namespace

void start_websocket_session(tcp::socket socket, http::request<http::string_body> upgrade,
                             const Caller& caller, const SessionContext& context) {
  std::make_shared<WebSocketSession>(std::move(socket), caller, context)->start(std::move(upgrade));
}

}  // namespace gymcc::serve
