#include "serve/net/stream_session.hpp"

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <string_view>

#include "serve/logger.hpp"
#include "serve/net/watchdog.hpp"

namespace gymcc::serve {
namespace {

namespace net = boost::asio;
using error_code = boost::system::error_code;

// Parts are delimited by boundaries, as the gymnasium-http-api peer sends
// them.
constexpr std::string_view kPartOpening = "--frame\r\nContent-Type: image/jpeg\r\n\r\n";
constexpr std::string_view kPartClosingAndOpening =
    "\r\n--frame\r\nContent-Type: image/jpeg\r\n\r\n";
constexpr std::chrono::milliseconds kGraceOnStop{250};

template <class Stream>
class StreamSession : public Connection,
                      public std::enable_shared_from_this<StreamSession<Stream>> {
  using std::enable_shared_from_this<StreamSession<Stream>>::shared_from_this;

 public:
  StreamSession(Stream stream, std::shared_ptr<const FrameStream> frames,
                const SessionContext& context)
      : socket_(std::move(stream)),
        frames_(std::move(frames)),
        context_(context),
        watchdog_(socket_.get_executor(), [this] { close(); }) {}

  void start(const std::vector<std::pair<std::string, std::string>>& headers) {
    context_.connections.add(shared_from_this());
    touch();
    out_ =
        "HTTP/1.1 200 OK\r\nServer: gymcc\r\n"
        "Content-Type: multipart/x-mixed-replace; boundary=frame\r\n"
        "Cache-Control: no-cache, no-store\r\nConnection: close\r\n";
    for (const auto& [name, value] : headers) out_ += name + ": " + value + "\r\n";
    out_ += "\r\n";  // end of the HTTP header
    out_ += kPartOpening;
    net::async_write(socket_, net::buffer(out_),
                     [self = shared_from_this()](error_code ec, std::size_t) {
                       if (ec) return self->close();
                       self->touch();
                       self->poll_frame();
                     });
  }

  void stop() override {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      self->watchdog_.stop_within(kGraceOnStop, self);
      self->pacer_.cancel();
    });
  }

 private:
  // A viewer that takes no frame for the keep-alive timeout is gone.
  void touch() { watchdog_.expire_after(context_.options.keep_alive_timeout, shared_from_this()); }

  void schedule_frame() {
    if (stopping_) return finish();
    pacer_.expires_after(frames_->interval());
    pacer_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec || self->stopping_) return self->finish();
      self->poll_frame();
    });
  }

  // Polling may render and encode: it runs on the worker pool.
  void poll_frame() {
    net::post(context_.workers, [self = shared_from_this()] {
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
    if (closed_) return;
    if (poll.state == FrameStream::State::kEnded) return finish();
    if (poll.state == FrameStream::State::kUnchanged) return schedule_frame();
    frame_version_ = poll.version;
    frame_ = poll.jpeg;
    // Browsers show a part once the next part's headers arrive, so each
    // frame is followed at once by the opening of the next part.
    const std::array<net::const_buffer, 2> parts = {
        net::buffer(*frame_),
        net::buffer(kPartClosingAndOpening.data(), kPartClosingAndOpening.size())};
    net::async_write(socket_, parts, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) return self->close();
      self->touch();
      self->schedule_frame();
    });
  }

  void finish() {
    if (closed_) return;
    out_ = "\r\n--frame--\r\n";  // the part left open stays empty
    net::async_write(socket_, net::buffer(out_),
                     [self = shared_from_this()](error_code, std::size_t) { self->close(); });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    pacer_.cancel();
    watchdog_.cancel();
    close_now(socket_);
    context_.connections.remove(shared_from_this());
  }

  Stream socket_;
  std::shared_ptr<const FrameStream> frames_;
  const SessionContext& context_;
  Watchdog watchdog_;
  net::steady_timer pacer_{socket_.get_executor()};
  std::shared_ptr<const std::string> frame_;  // the part being written
  std::uint64_t frame_version_ = 0;
  std::string out_;
  bool stopping_ = false;
  bool closed_ = false;
};

}  // namespace

template <class Stream>
void start_stream_session(Stream stream, std::shared_ptr<const FrameStream> frames,
                          std::vector<std::pair<std::string, std::string>> headers,
                          const SessionContext& context) {
  std::make_shared<StreamSession<Stream>>(std::move(stream), std::move(frames), context)
      ->start(headers);
}

template void start_stream_session(PlainStream, std::shared_ptr<const FrameStream>,
                                   std::vector<std::pair<std::string, std::string>>,
                                   const SessionContext&);
template void start_stream_session(TlsStream, std::shared_ptr<const FrameStream>,
                                   std::vector<std::pair<std::string, std::string>>,
                                   const SessionContext&);

}  // namespace gymcc::serve
