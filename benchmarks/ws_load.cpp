// gymcc_ws_load: the load client of the fast paths (docs/fast-paths.md) for
// benchmarks/run.py. Every mode prints JSON lines on stdout (one object per
// measurement, with a "mode" key) and asserts nothing about timings.
//
//   pingpong     raw TCP baseline: an echo-style server in a forked child
//                process on a blocking loopback socket (TCP_NODELAY both sides)
//                reads --request-bytes and answers --reply-bytes; the client
//                times each round trip, one outstanding. --client-cpu and
//                --echo-cpu pin the two sides (on a VM, whether they share a
//                core decides the round trip: a context switch vs a wake-up
//                of an idle vCPU).
//   ws-step      one WebSocket (GET /v1/ws): make CartPole-v1, reset, then step
//                round trips, one outstanding, JSON text (or --binary
//                MessagePack), resetting when an episode ends (untimed). With
//                --pingpong it then runs the raw TCP ping-pong with the exact
//                wire sizes of the WebSocket step (frame headers and the
//                client's mask included), alternating the two in --segments
//                slices, so both are measured in the same run.
//   ws-vector    --sockets WebSockets (one client thread each), each with
//                --envs-per-socket vector envs (make_vec, --num-envs each) over
//                binary MessagePack; every vector env keeps exactly one step in
//                flight, its next actions computed from the observations of
//                its last reply. Every reply is decoded and checked (id echoed
//                in order, observations an ndarray float32 [num_envs, 4],
//                rewards, flags, no "error").
//   http-vector  --connections keep-alive HTTP/1.1 connections (one thread
//                each), each with its own vector env, JSON POST
//                /v1/vector_envs/{id}/step/; status 200 checked on every reply,
//                the first reply parsed in full.
//
// Only ever pointed at 127.0.0.1 by the harness. Bounded: a watchdog ends the
// process (exit 3) if a load overruns its time by --grace seconds.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "load_common.hpp"

namespace beast = boost::beast;
namespace bench = gymcc::bench;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace json = boost::json;
using tcp = net::ip::tcp;
using Clock = bench::Clock;

namespace {

constexpr const char* kTool = "gymcc_ws_load";

struct Options {
  std::string host = "127.0.0.1";
  std::string port;
  double duration = 3.0;
  double warmup = 0.5;
  double grace = 30.0;
  std::string env_id = "CartPole-v1";
  // pingpong
  std::size_t request_bytes = 64;
  std::size_t reply_bytes = 128;
  // ws-step
  bool binary = false;
  bool pingpong = false;
  int segments = 4;
  // ws-vector, http-vector
  int num_envs = 1024;
  int sockets = 1;
  int envs_per_socket = 4;
  int connections = 1;
  std::string action_dtype = "int64";
  int cdf_points = 0;
  int client_cpu = -1;  // pin the client thread(s) to this CPU (-1: no)
  int echo_cpu = -1;    // pin the ping-pong's echo process to this CPU (-1: no)
};

// Pins the calling thread to one CPU (no-op for cpu < 0).
void pin_thread(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(static_cast<std::size_t>(cpu), &set);
  if (const int rc = pthread_setaffinity_np(pthread_self(), sizeof set, &set); rc != 0)
    throw std::system_error(rc, std::generic_category(), "pthread_setaffinity_np");
}

// ----------------------------------------------------------------------------
// Output

// Collects one JSON object's fields in order.
class JsonLine {
 public:
  JsonLine& add(std::string_view key, std::string_view raw_json) {
    text_ += text_.empty() ? "{" : ",";
    text_ += bench::quoted(key);
    text_ += ':';
    text_ += raw_json;
    return *this;
  }
  JsonLine& str(std::string_view key, std::string_view value) {
    return add(key, bench::quoted(value));
  }
  JsonLine& num(std::string_view key, double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", value);
    return add(key, buf);
  }
  JsonLine& integer(std::string_view key, long long value) {
    return add(key, std::to_string(value));
  }
  void print() const {
    std::printf("%s}\n", text_.c_str());
    std::fflush(stdout);
  }

 private:
  std::string text_;
};

// ----------------------------------------------------------------------------
// MessagePack: just what the benchmark needs (docs/fast-paths.md).

constexpr std::int8_t kNdarrayExt = 1;
constexpr std::uint8_t kDtypeBool = 0, kDtypeInt8 = 1, kDtypeInt64 = 7, kDtypeFloat32 = 10,
                       kDtypeFloat64 = 11;

class MsgpackWriter {
 public:
  void clear() { out_.clear(); }
  const std::string& bytes() const { return out_; }

  void map(std::uint32_t n) {
    if (n < 16) {
      byte(0x80 | n);
    } else {
      byte(0xdf);
      be(n, 4);
    }
  }
  void str(std::string_view s) {
    const std::size_t n = s.size();
    if (n < 32) {
      byte(0xa0 | static_cast<std::uint32_t>(n));
    } else if (n < 256) {
      byte(0xd9);
      be(n, 1);
    } else {
      byte(0xda);
      be(n, 2);
    }
    out_.append(s);
  }
  void uint(std::uint64_t v) {
    if (v < 128) {
      byte(static_cast<std::uint32_t>(v));
    } else {
      byte(0xcf);
      be(v, 8);
    }
  }
  // An ndarray extension (type 1) header; the caller appends `data_bytes`.
  void ndarray_header(std::uint8_t dtype, const std::vector<std::uint32_t>& shape,
                      std::size_t data_bytes) {
    const std::size_t len = 2 + 4 * shape.size() + data_bytes;
    byte(0xc9);  // ext 32: one form for every size
    be(len, 4);
    out_ += static_cast<char>(kNdarrayExt);
    out_ += static_cast<char>(dtype);
    out_ += static_cast<char>(shape.size());
    for (const std::uint32_t d : shape)
      for (int i = 0; i < 4; ++i) out_ += static_cast<char>((d >> (8 * i)) & 0xff);
  }
  void raw(const void* data, std::size_t n) { out_.append(static_cast<const char*>(data), n); }

 private:
  void byte(std::uint32_t b) { out_ += static_cast<char>(b & 0xff); }
  void be(std::uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) out_ += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  std::string out_;
};

struct MsgpackError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One decoded MessagePack item; containers give their size and the caller
// reads their elements next. Strings, binaries and extensions point into the
// message (zero copy).
struct MpItem {
  enum class Kind { nil, boolean, integer, unsigned_integer, floating, str, bin, array, map, ext };
  Kind kind = Kind::nil;
  bool b = false;
  std::int64_t i = 0;
  std::uint64_t u = 0;
  double f = 0;
  std::string_view bytes;
  std::uint32_t count = 0;
  std::int8_t ext_type = 0;
};

class MsgpackReader {
 public:
  explicit MsgpackReader(std::string_view data)
      : p_(reinterpret_cast<const std::uint8_t*>(data.data())), end_(p_ + data.size()) {}

  bool done() const { return p_ == end_; }

  MpItem next() {
    MpItem it;
    const std::uint8_t t = take(1)[0];
    using K = MpItem::Kind;
    if (t <= 0x7f) return integer(it, t);
    if (t >= 0xe0) return signed_integer(it, static_cast<std::int8_t>(t));
    if ((t & 0xf0) == 0x80) return container(it, K::map, t & 0x0fu);
    if ((t & 0xf0) == 0x90) return container(it, K::array, t & 0x0fu);
    if ((t & 0xe0) == 0xa0) return blob(it, K::str, t & 0x1fu);
    switch (t) {
      case 0xc0:
        return it;
      case 0xc2:
        it.kind = K::boolean;
        it.b = false;
        return it;
      case 0xc3:
        it.kind = K::boolean;
        it.b = true;
        return it;
      case 0xc4:
        return blob(it, K::bin, be(1));
      case 0xc5:
        return blob(it, K::bin, be(2));
      case 0xc6:
        return blob(it, K::bin, be(4));
      case 0xc7:
        return ext(it, be(1));
      case 0xc8:
        return ext(it, be(2));
      case 0xc9:
        return ext(it, be(4));
      case 0xca: {
        const auto bits = static_cast<std::uint32_t>(be(4));
        float v;
        std::memcpy(&v, &bits, 4);
        it.kind = K::floating;
        it.f = v;
        return it;
      }
      case 0xcb: {
        const std::uint64_t bits = be(8);
        it.kind = K::floating;
        std::memcpy(&it.f, &bits, 8);
        return it;
      }
      case 0xcc:
        return integer(it, be(1));
      case 0xcd:
        return integer(it, be(2));
      case 0xce:
        return integer(it, be(4));
      case 0xcf:
        return integer(it, be(8));
      case 0xd0:
        return signed_integer(it, static_cast<std::int8_t>(be(1)));
      case 0xd1:
        return signed_integer(it, static_cast<std::int16_t>(be(2)));
      case 0xd2:
        return signed_integer(it, static_cast<std::int32_t>(be(4)));
      case 0xd3:
        return signed_integer(it, static_cast<std::int64_t>(be(8)));
      case 0xd4:
        return ext(it, 1);
      case 0xd5:
        return ext(it, 2);
      case 0xd6:
        return ext(it, 4);
      case 0xd7:
        return ext(it, 8);
      case 0xd8:
        return ext(it, 16);
      case 0xd9:
        return blob(it, K::str, be(1));
      case 0xda:
        return blob(it, K::str, be(2));
      case 0xdb:
        return blob(it, K::str, be(4));
      case 0xdc:
        return container(it, K::array, be(2));
      case 0xdd:
        return container(it, K::array, be(4));
      case 0xde:
        return container(it, K::map, be(2));
      case 0xdf:
        return container(it, K::map, be(4));
      default:
        throw MsgpackError("invalid MessagePack type byte " + std::to_string(t));
    }
  }

  // Skips one whole value (containers included).
  void skip() {
    std::uint64_t pending = 1;
    while (pending > 0) {
      --pending;
      const MpItem it = next();
      if (it.kind == MpItem::Kind::array) pending += it.count;
      if (it.kind == MpItem::Kind::map) pending += 2ull * it.count;
    }
  }

  // A value as short JSON-ish text, for error messages.
  std::string describe() {
    const MpItem it = next();
    using K = MpItem::Kind;
    switch (it.kind) {
      case K::str:
        return std::string(it.bytes);
      case K::integer:
        return std::to_string(it.i);
      case K::unsigned_integer:
        return std::to_string(it.u);
      case K::map: {
        std::string out = "{";
        for (std::uint32_t k = 0; k < it.count; ++k) {
          out += (k ? ", " : "") + describe() + ": ";
          out += describe();
        }
        return out + "}";
      }
      default: {
        std::uint64_t pending = it.kind == K::array ? it.count : 0;
        for (; pending > 0; --pending) skip();
        return "...";
      }
    }
  }

 private:
  const std::uint8_t* take(std::size_t n) {
    if (static_cast<std::size_t>(end_ - p_) < n) throw MsgpackError("truncated MessagePack");
    const std::uint8_t* at = p_;
    p_ += n;
    return at;
  }
  std::uint64_t be(std::size_t n) {
    const std::uint8_t* at = take(n);
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < n; ++k) v = (v << 8) | at[k];
    return v;
  }
  static MpItem integer(MpItem& it, std::uint64_t v) {
    it.kind = MpItem::Kind::unsigned_integer;
    it.u = v;
    it.i = static_cast<std::int64_t>(v);
    return it;
  }
  static MpItem signed_integer(MpItem& it, std::int64_t v) {
    it.kind = MpItem::Kind::integer;
    it.i = v;
    return it;
  }
  static MpItem container(MpItem& it, MpItem::Kind kind, std::uint64_t n) {
    it.kind = kind;
    it.count = static_cast<std::uint32_t>(n);
    return it;
  }
  MpItem blob(MpItem& it, MpItem::Kind kind, std::uint64_t n) {
    it.kind = kind;
    const std::uint8_t* at = take(n);
    it.bytes = std::string_view(reinterpret_cast<const char*>(at), n);
    return it;
  }
  MpItem ext(MpItem& it, std::uint64_t n) {
    it.kind = MpItem::Kind::ext;
    it.ext_type = static_cast<std::int8_t>(take(1)[0]);
    const std::uint8_t* at = take(n);
    it.bytes = std::string_view(reinterpret_cast<const char*>(at), n);
    return it;
  }

  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

// An integer item as unsigned, whichever MessagePack int format carried it
// (a positive value may come as a signed format: the value is what counts).
std::optional<std::uint64_t> as_uint(const MpItem& it) {
  if (it.kind == MpItem::Kind::unsigned_integer) return it.u;
  if (it.kind == MpItem::Kind::integer && it.i >= 0) return static_cast<std::uint64_t>(it.i);
  return std::nullopt;
}

struct Ndarray {
  std::uint8_t dtype = 0;
  std::vector<std::uint32_t> shape;
  std::string_view data;  // C order, little-endian
};

Ndarray parse_ndarray(const MpItem& it, std::string_view what) {
  if (it.kind != MpItem::Kind::ext || it.ext_type != kNdarrayExt)
    throw MsgpackError(std::string(what) + " is not an ndarray extension");
  const std::string_view b = it.bytes;
  if (b.size() < 2) throw MsgpackError(std::string(what) + ": short ndarray");
  Ndarray a;
  a.dtype = static_cast<std::uint8_t>(b[0]);
  const std::size_t d = static_cast<std::uint8_t>(b[1]);
  if (b.size() < 2 + 4 * d) throw MsgpackError(std::string(what) + ": short ndarray shape");
  std::size_t elements = 1;
  for (std::size_t k = 0; k < d; ++k) {
    std::uint32_t dim = 0;
    for (std::size_t j = 0; j < 4; ++j)
      dim |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[2 + 4 * k + j])) << (8 * j);
    a.shape.push_back(dim);
    elements *= dim;
  }
  std::size_t itemsize = 0;
  switch (a.dtype) {
    case kDtypeBool:
    case kDtypeInt8:
    case 2:
      itemsize = 1;
      break;
    case 3:
    case 4:
      itemsize = 2;
      break;
    case 5:
    case 6:
    case kDtypeFloat32:
      itemsize = 4;
      break;
    case kDtypeInt64:
    case 8:
    case kDtypeFloat64:
      itemsize = 8;
      break;
    default:
      throw MsgpackError(std::string(what) + ": unknown dtype code " + std::to_string(a.dtype));
  }
  a.data = b.substr(2 + 4 * d);
  if (a.data.size() != elements * itemsize)
    throw MsgpackError(std::string(what) + ": ndarray payload of " + std::to_string(a.data.size()) +
                       " bytes for " + std::to_string(elements) + " elements");
  return a;
}

std::string shape_text(const std::vector<std::uint32_t>& shape) {
  std::string out = "[";
  for (std::size_t k = 0; k < shape.size(); ++k) out += (k ? "," : "") + std::to_string(shape[k]);
  return out + "]";
}

void expect_ndarray(const Ndarray& a, std::uint8_t dtype, const std::vector<std::uint32_t>& shape,
                    std::string_view what) {
  if (a.dtype != dtype || a.shape != shape)
    throw MsgpackError(std::string(what) + ": dtype code " + std::to_string(a.dtype) + " shape " +
                       shape_text(a.shape) + ", expected dtype code " + std::to_string(dtype) +
                       " shape " + shape_text(shape));
}

// A reply's top-level map, checked: an "error" entry throws with its text.
// Calls on_field(key, reader) for every other key; it must consume the value.
template <typename OnField>
void walk_reply(std::string_view message, OnField&& on_field) {
  MsgpackReader r(message);
  const MpItem top = r.next();
  if (top.kind != MpItem::Kind::map) throw MsgpackError("reply is not a map");
  for (std::uint32_t k = 0; k < top.count; ++k) {
    const MpItem key = r.next();
    if (key.kind != MpItem::Kind::str) throw MsgpackError("reply key is not a string");
    if (key.bytes == "error") throw std::runtime_error("error reply: " + r.describe());
    on_field(key.bytes, r);
  }
  if (!r.done()) throw MsgpackError("trailing bytes after the reply");
}

// ----------------------------------------------------------------------------
// Raw TCP ping-pong on blocking loopback sockets (POSIX, no Asio).

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

void set_nodelay(int fd) {
  const int one = 1;
  if (::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
    throw_errno("setsockopt(TCP_NODELAY)");
}

void write_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      throw_errno("send");
    }
    data += w;
    n -= static_cast<std::size_t>(w);
  }
}

// False on a clean end of stream before the first byte.
bool read_exact(int fd, char* data, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::recv(fd, data + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw_errno("recv");
    }
    if (r == 0) {
      if (got == 0) return false;
      throw std::runtime_error("ping-pong: connection closed mid-message");
    }
    got += static_cast<std::size_t>(r);
  }
  return true;
}

// The echo side runs in a forked child process, so a round trip crosses
// processes as a request to `gymcc serve` does (a thread switch is cheaper
// than a process switch when both share a core).
class PingPong {
 public:
  PingPong(std::size_t request_bytes, std::size_t reply_bytes, int echo_cpu)
      : request_(request_bytes, 'q'), reply_(reply_bytes, 'r') {
    Fd listener(::socket(AF_INET, SOCK_STREAM, 0));
    if (listener.get() < 0) throw_errno("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw_errno("bind");
    if (::listen(listener.get(), 1) != 0) throw_errno("listen");
    socklen_t len = sizeof addr;
    if (::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      throw_errno("getsockname");
    std::fflush(nullptr);
    child_ = ::fork();
    if (child_ < 0) throw_errno("fork");
    if (child_ == 0) echo(listener.get(), echo_cpu);  // never returns
    listener.reset();
    client_ = Fd(::socket(AF_INET, SOCK_STREAM, 0));
    if (client_.get() < 0) throw_errno("socket");
    if (::connect(client_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw_errno("connect");
    set_nodelay(client_.get());
  }
  PingPong(const PingPong&) = delete;
  PingPong& operator=(const PingPong&) = delete;
  ~PingPong() {
    if (child_ > 0) {
      client_.reset();  // the child sees the end of the stream and exits
      int status = 0;
      while (::waitpid(child_, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }

  // Closes the connection and waits for the echo process; throws if it failed.
  void finish() {
    client_.reset();
    int status = 0;
    while (::waitpid(child_, &status, 0) < 0) {
      if (errno != EINTR) throw_errno("waitpid");
    }
    child_ = -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      throw std::runtime_error("ping-pong: the echo process failed (status " +
                               std::to_string(status) + ")");
  }

  void round_trip() {
    write_all(client_.get(), request_.data(), request_.size());
    if (!read_exact(client_.get(), reply_.data(), reply_.size()))
      throw std::runtime_error("ping-pong: the echo process closed the connection");
  }

  // Round trips for `duration`, timing each into `samples`.
  void run(std::chrono::nanoseconds duration, std::vector<std::int64_t>* samples) {
    const Clock::time_point end = Clock::now() + duration;
    for (;;) {
      const Clock::time_point sent = Clock::now();
      if (sent >= end) break;
      round_trip();
      if (samples) samples->push_back(bench::ns_between(sent, Clock::now()));
    }
  }

 private:
  // The child: one connection, read a request, write a reply, until the end
  // of the stream. Uses only the buffers allocated before fork().
  [[noreturn]] void echo(int listener, int cpu) noexcept {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    int code = 0;
    try {
      pin_thread(cpu);
      Fd conn(::accept(listener, nullptr, nullptr));
      if (conn.get() < 0) throw_errno("accept");
      ::close(listener);
      set_nodelay(conn.get());
      while (read_exact(conn.get(), request_.data(), request_.size()))
        write_all(conn.get(), reply_.data(), reply_.size());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gymcc_ws_load: echo process: %s\n", e.what());
      code = 1;
    }
    ::_exit(code);
  }

  std::string request_;
  std::string reply_;
  pid_t child_ = -1;
  Fd client_;
};

void print_pingpong(const char* mode, std::size_t request_bytes, std::size_t reply_bytes,
                    std::vector<std::int64_t>& samples, double duration, int cdf_points) {
  JsonLine()
      .str("mode", mode)
      .integer("request_bytes", static_cast<long long>(request_bytes))
      .integer("reply_bytes", static_cast<long long>(reply_bytes))
      .num("duration_s", duration)
      .integer("round_trips", static_cast<long long>(samples.size()))
      .num("round_trips_per_s", static_cast<double>(samples.size()) / duration)
      .add("latency_us", bench::latency_json(samples, cdf_points))
      .print();
}

int run_pingpong(const Options& o) {
  bench::Watchdog watchdog(kTool, bench::seconds(o.warmup + o.duration + o.grace));
  pin_thread(o.client_cpu);
  PingPong pp(o.request_bytes, o.reply_bytes, o.echo_cpu);
  std::vector<std::int64_t> samples;
  samples.reserve(1 << 18);
  pp.run(bench::seconds(o.warmup), nullptr);
  pp.run(bench::seconds(o.duration), &samples);
  pp.finish();
  print_pingpong("pingpong", o.request_bytes, o.reply_bytes, samples, o.duration, o.cdf_points);
  return 0;
}

// ----------------------------------------------------------------------------
// WebSocket sessions

// The bytes a message of `payload` bytes takes on the wire (RFC 6455 framing,
// one frame): header, extended length, and the client's 4-byte mask.
std::size_t ws_wire_bytes(std::size_t payload, bool from_client) {
  std::size_t header = 2;
  if (payload >= 65536)
    header += 8;
  else if (payload >= 126)
    header += 2;
  return header + (from_client ? 4 : 0) + payload;
}

class WsClient {
 public:
  explicit WsClient(const Options& o) {
    tcp::resolver resolver(io_);
    auto& socket = ws_.next_layer();
    net::connect(socket, resolver.resolve(o.host, o.port));
    socket.set_option(tcp::no_delay(true));
    ws_.auto_fragment(false);
    ws_.read_message_max(64u << 20);
    ws_.handshake(o.host + ":" + o.port, "/v1/ws");
  }
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;
  ~WsClient() {
    beast::error_code ignored;
    ws_.close(websocket::close_code::normal, ignored);
  }

  void send(std::string_view message, bool binary) {
    ws_.binary(binary);
    ws_.write(net::buffer(message.data(), message.size()));
  }
  // The next message; valid until the next receive().
  std::string_view receive() {
    buffer_.consume(buffer_.size());
    ws_.read(buffer_);
    if (ws_.got_text() == binary_expected_) {
      throw std::runtime_error(std::string("got a ") + (ws_.got_text() ? "text" : "binary") +
                               " reply to a " + (binary_expected_ ? "binary" : "text") +
                               " request");
    }
    const auto data = buffer_.data();
    return {static_cast<const char*>(data.data()), data.size()};
  }
  void expect_binary(bool binary) { binary_expected_ = binary; }
  std::string_view request(std::string_view message, bool binary) {
    expect_binary(binary);
    send(message, binary);
    return receive();
  }

 private:
  net::io_context io_;
  websocket::stream<tcp::socket> ws_{io_};
  beast::flat_buffer buffer_;
  bool binary_expected_ = false;
};

std::string json_error_of(const json::value& v) {
  if (const auto* obj = v.if_object())
    if (const auto* err = obj->if_contains("error")) return json::serialize(*err);
  return {};
}

json::object json_reply(std::string_view text, std::string_view what) {
  json::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    throw std::runtime_error(std::string(what) +
                             ": reply is not a JSON object: " + std::string(text.substr(0, 200)));
  if (const std::string err = json_error_of(v); !err.empty())
    throw std::runtime_error(std::string(what) + ": error reply: " + err);
  return std::move(v.as_object());
}

// One single env driven over a socket, JSON text or MessagePack.
class WsSingleEnv {
 public:
  WsSingleEnv(WsClient& ws, const Options& o) : ws_(ws), binary_(o.binary) {
    if (binary_) {
      MsgpackWriter w;
      w.map(2);
      w.str("op");
      w.str("make");
      w.str("env_id");
      w.str(o.env_id);
      walk_reply(ws_.request(w.bytes(), true), [&](std::string_view key, MsgpackReader& r) {
        if (key == "instance_id") {
          const MpItem v = r.next();
          if (v.kind != MpItem::Kind::str) throw MsgpackError("instance_id is not a string");
          id_ = std::string(v.bytes);
        } else {
          r.skip();
        }
      });
      for (int a = 0; a < 2; ++a) {
        w.clear();
        w.map(3);
        w.str("op");
        w.str("step");
        w.str("instance_id");
        w.str(id_);
        w.str("action");
        w.uint(static_cast<std::uint64_t>(a));
        steps_[static_cast<std::size_t>(a)] = w.bytes();
      }
      w.clear();
      w.map(2);
      w.str("op");
      w.str("reset");
      w.str("instance_id");
      w.str(id_);
      reset_ = w.bytes();
    } else {
      const json::object made = json_reply(
          ws_.request(R"({"op":"make","env_id":)" + json::serialize(json::string(o.env_id)) + "}",
                      false),
          "make");
      const auto* iid = made.if_contains("instance_id");
      if (!iid || !iid->is_string()) throw std::runtime_error("make: no instance_id");
      id_ = std::string(iid->as_string());
      for (int a = 0; a < 2; ++a)
        steps_[static_cast<std::size_t>(a)] =
            R"({"op":"step","instance_id":")" + id_ + R"(","action":)" + std::to_string(a) + "}";
      reset_ = R"({"op":"reset","instance_id":")" + id_ + R"("})";
    }
  }

  void reset(std::optional<long> seed) {
    if (!seed) {
      check_reset(ws_.request(reset_, binary_));
      return;
    }
    if (binary_) {
      MsgpackWriter w;
      w.map(3);
      w.str("op");
      w.str("reset");
      w.str("instance_id");
      w.str(id_);
      w.str("seed");
      w.uint(static_cast<std::uint64_t>(*seed));
      check_reset(ws_.request(w.bytes(), true));
    } else {
      check_reset(ws_.request(
          R"({"op":"reset","instance_id":")" + id_ + R"(","seed":)" + std::to_string(*seed) + "}",
          false));
    }
  }

  const std::string& step_request(int action) const {
    return steps_[static_cast<std::size_t>(action & 1)];
  }

  // Sends a prepared step and returns its reply; the caller times this.
  std::string_view step(int action) { return ws_.request(step_request(action), binary_); }

  // Checks a step reply; true when the episode ended. `full` parses JSON
  // replies in full (binary ones always are: it is cheap).
  bool check_step(std::string_view reply, bool full) const {
    if (binary_) {
      bool over = false;
      int seen = 0;
      walk_reply(reply, [&](std::string_view key, MsgpackReader& r) {
        if (key == "observation") {
          expect_ndarray(parse_ndarray(r.next(), key), kDtypeFloat32, {4}, key);
          ++seen;
        } else if (key == "terminated" || key == "truncated") {
          const MpItem v = r.next();
          if (v.kind != MpItem::Kind::boolean) throw MsgpackError(std::string(key) + " not bool");
          over = over || v.b;
          ++seen;
        } else {
          r.skip();
        }
      });
      if (seen != 3) throw MsgpackError("step reply lacks observation/terminated/truncated");
      return over;
    }
    if (full) {
      const json::object obj = json_reply(reply, "step");
      const auto* obs = obj.if_contains("observation");
      if (!obs || !obs->is_array() || obs->as_array().size() != 4)
        throw std::runtime_error("step: observation is not 4 numbers: " + std::string(reply));
      for (const char* k : {"reward", "terminated", "truncated", "info"})
        if (!obj.contains(k)) throw std::runtime_error(std::string("step: no ") + k);
    } else if (reply.find("\"error\"") != std::string_view::npos ||
               reply.find("\"observation\"") == std::string_view::npos) {
      throw std::runtime_error("step: bad reply " + std::string(reply.substr(0, 200)));
    }
    return reply.find("\"terminated\":true") != std::string_view::npos ||
           reply.find("\"truncated\":true") != std::string_view::npos;
  }

 private:
  void check_reset(std::string_view reply) const {
    if (binary_) {
      bool has_obs = false;
      walk_reply(reply, [&](std::string_view key, MsgpackReader& r) {
        if (key == "observation") {
          expect_ndarray(parse_ndarray(r.next(), key), kDtypeFloat32, {4}, key);
          has_obs = true;
        } else {
          r.skip();
        }
      });
      if (!has_obs) throw MsgpackError("reset reply has no observation");
    } else if (!json_reply(reply, "reset").contains("observation")) {
      throw std::runtime_error("reset reply has no observation");
    }
  }

  WsClient& ws_;
  bool binary_;
  std::string id_;
  std::array<std::string, 2> steps_;
  std::string reset_;
};

int run_ws_step(const Options& o) {
  const double budget = o.warmup * (o.pingpong ? 2 : 1) + o.duration * (o.pingpong ? 2 : 1);
  bench::Watchdog watchdog(kTool, bench::seconds(budget + o.grace));
  pin_thread(o.client_cpu);
  WsClient ws(o);
  WsSingleEnv env(ws, o);
  env.reset(0);

  long steps = 0, resets = 0;
  std::vector<std::size_t> reply_sizes;
  std::vector<std::int64_t> samples;
  samples.reserve(1 << 18);
  // Runs step round trips for `duration` (and at least `min_steps`); records
  // latencies, or in the warm-up the reply sizes.
  auto run = [&](std::chrono::nanoseconds duration, bool record, long min_steps) {
    const Clock::time_point end = Clock::now() + duration;
    for (long n = 0;; ++n) {
      const Clock::time_point sent = Clock::now();
      if (sent >= end && n >= min_steps) break;
      const std::string_view reply = env.step(static_cast<int>(steps & 1));
      const Clock::time_point received = Clock::now();
      ++steps;
      if (record) {
        samples.push_back(bench::ns_between(sent, received));
      } else {
        reply_sizes.push_back(reply.size());
      }
      if (env.check_step(reply, steps == 1)) {
        env.reset(std::nullopt);  // continues the env's RNG; untimed
        ++resets;
      }
    }
  };

  run(bench::seconds(o.warmup), false, 64);  // the reply size comes from the warm-up
  std::sort(reply_sizes.begin(), reply_sizes.end());
  const std::size_t request_bytes = env.step_request(0).size();
  const std::size_t reply_bytes = reply_sizes[reply_sizes.size() / 2];
  const std::size_t request_wire = ws_wire_bytes(request_bytes, true);
  const std::size_t reply_wire = ws_wire_bytes(reply_bytes, false);

  std::unique_ptr<PingPong> pp;
  std::vector<std::int64_t> pp_samples;
  if (o.pingpong) {
    pp = std::make_unique<PingPong>(request_wire, reply_wire, o.echo_cpu);
    pp_samples.reserve(1 << 18);
    pp->run(bench::seconds(o.warmup), nullptr);
  }
  const int segments = o.pingpong ? o.segments : 1;
  const auto slice = bench::seconds(o.duration / segments);
  for (int s = 0; s < segments; ++s) {
    // Alternate which goes first, so neither always follows the other.
    if (pp && s % 2 == 1) pp->run(slice, &pp_samples);
    run(slice, true, 0);
    if (pp && s % 2 == 0) pp->run(slice, &pp_samples);
  }

  JsonLine()
      .str("mode", "ws-step")
      .str("encoding", o.binary ? "msgpack" : "json")
      .str("env_id", o.env_id)
      .integer("request_bytes", static_cast<long long>(request_bytes))
      .integer("reply_bytes", static_cast<long long>(reply_bytes))
      .integer("reply_bytes_min", static_cast<long long>(reply_sizes.front()))
      .integer("reply_bytes_max", static_cast<long long>(reply_sizes.back()))
      .integer("request_wire_bytes", static_cast<long long>(request_wire))
      .integer("reply_wire_bytes", static_cast<long long>(reply_wire))
      .num("duration_s", o.duration)
      .integer("segments", segments)
      .integer("steps", static_cast<long long>(samples.size()))
      .integer("resets", resets)
      .integer("errors", 0)
      .num("steps_per_s", static_cast<double>(samples.size()) / o.duration)
      .add("latency_us", bench::latency_json(samples, o.cdf_points))
      .print();
  if (pp) {
    pp->finish();
    print_pingpong("pingpong", request_wire, reply_wire, pp_samples, o.duration, o.cdf_points);
  }
  return 0;
}

// ----------------------------------------------------------------------------
// Vector envs over a WebSocket, binary MessagePack

struct LoadStats {
  std::vector<std::int64_t> ns;  // per message round trip
  long messages = 0;             // replies received inside the window
  long errors = 0;
  std::string error;
  std::size_t request_bytes = 0;
  std::size_t reply_bytes = 0;
};

class WsVectorWorker {
 public:
  WsVectorWorker(const Options& o, std::size_t index)
      : o_(o), n_(static_cast<std::uint32_t>(o.num_envs)), ws_(o) {
    const std::size_t k = static_cast<std::size_t>(o.envs_per_socket);
    ws_.expect_binary(true);
    for (std::size_t e = 0; e < k; ++e) {
      Env env;
      w_.clear();
      w_.map(4);
      w_.str("op");
      w_.str("make_vec");
      w_.str("id");
      w_.uint(next_id_++);
      w_.str("env_id");
      w_.str(o.env_id);
      w_.str("num_envs");
      w_.uint(n_);
      ws_.send(w_.bytes(), true);
      walk_reply(ws_.receive(), [&](std::string_view key, MsgpackReader& r) {
        if (key == "id") {
          if (as_uint(r.next()) != next_id_ - 1)
            throw std::runtime_error("make_vec: the reply's id is not the request's");
        } else if (key == "instance_id") {
          const MpItem v = r.next();
          if (v.kind != MpItem::Kind::str) throw MsgpackError("instance_id is not a string");
          env.id = std::string(v.bytes);
        } else {
          r.skip();
        }
      });
      if (env.id.empty()) throw std::runtime_error("make_vec: no instance_id");
      w_.clear();
      w_.map(4);
      w_.str("op");
      w_.str("reset");
      w_.str("id");
      env.expected_id = next_id_++;
      w_.uint(env.expected_id);
      w_.str("instance_id");
      w_.str(env.id);
      w_.str("seed");
      w_.uint(1000 * index + e);
      ws_.send(w_.bytes(), true);
      take_observations(ws_.receive(), env, false);
      envs_.push_back(std::move(env));
    }
  }

  void run(Clock::time_point measure_from, Clock::time_point end, LoadStats& st) {
    std::size_t turn = 0;  // replies come in request order: envs round-robin
    for (Env& env : envs_) send_step(env);
    std::size_t in_flight = envs_.size();
    bool stopping = false;
    while (in_flight > 0) {
      Env& env = envs_[turn];
      turn = (turn + 1) % envs_.size();
      const std::string_view reply = ws_.receive();
      const Clock::time_point received = Clock::now();
      --in_flight;
      st.reply_bytes = reply.size();
      take_observations(reply, env, true);
      if (env.sent >= measure_from && received <= end) {
        st.ns.push_back(bench::ns_between(env.sent, received));
        ++st.messages;
      }
      if (received >= end) stopping = true;
      if (!stopping) {
        send_step(env);
        ++in_flight;
      }
    }
    st.request_bytes = w_.bytes().size();
  }

 private:
  struct Env {
    std::string id;
    std::uint64_t expected_id = 0;
    std::vector<float> obs;  // [num_envs * 4]
    Clock::time_point sent;
  };

  // Actions from the last observations (push towards the pole's fall), as an
  // ndarray of --action-dtype.
  void send_step(Env& env) {
    w_.clear();
    w_.map(4);
    w_.str("op");
    w_.str("step");
    w_.str("id");
    env.expected_id = next_id_++;
    w_.uint(env.expected_id);
    w_.str("instance_id");
    w_.str(env.id);
    w_.str("actions");
    if (o_.action_dtype == "int8") {
      actions8_.resize(n_);
      for (std::size_t i = 0; i < n_; ++i)
        actions8_[i] = env.obs[4 * i + 2] + env.obs[4 * i + 3] > 0 ? 1 : 0;
      w_.ndarray_header(kDtypeInt8, {n_}, n_);
      w_.raw(actions8_.data(), n_);
    } else {
      actions64_.resize(n_);
      for (std::size_t i = 0; i < n_; ++i)
        actions64_[i] = env.obs[4 * i + 2] + env.obs[4 * i + 3] > 0 ? 1 : 0;
      w_.ndarray_header(kDtypeInt64, {n_}, 8 * std::size_t{n_});
      w_.raw(actions64_.data(), 8 * std::size_t{n_});
    }
    env.sent = Clock::now();
    ws_.send(w_.bytes(), true);
  }

  // Decodes a reset or step reply into env.obs, checking everything.
  void take_observations(std::string_view reply, Env& env, bool step) const {
    const char* what = step ? "step" : "reset";
    int seen = 0;
    walk_reply(reply, [&](std::string_view key, MsgpackReader& r) {
      if (key == "id") {
        if (as_uint(r.next()) != env.expected_id)
          throw std::runtime_error(std::string(what) + ": reply id is not " +
                                   std::to_string(env.expected_id) + " (out of order?)");
        ++seen;
      } else if (key == "observations") {
        const Ndarray a = parse_ndarray(r.next(), key);
        expect_ndarray(a, kDtypeFloat32, {n_, 4}, key);
        env.obs.resize(4 * std::size_t{n_});
        std::memcpy(env.obs.data(), a.data.data(), a.data.size());
        ++seen;
      } else if (step && key == "rewards") {
        const Ndarray a = parse_ndarray(r.next(), key);
        if (a.shape != std::vector<std::uint32_t>{n_} ||
            (a.dtype != kDtypeFloat64 && a.dtype != kDtypeFloat32))
          throw MsgpackError("rewards: dtype code " + std::to_string(a.dtype) + " shape " +
                             shape_text(a.shape));
        ++seen;
      } else if (step && (key == "terminated" || key == "truncated")) {
        expect_ndarray(parse_ndarray(r.next(), key), kDtypeBool, {n_}, key);
        ++seen;
      } else {
        r.skip();
      }
    });
    if (seen != (step ? 5 : 2))
      throw std::runtime_error(
          std::string(what) + " reply lacks one of " +
          (step ? "id/observations/rewards/terminated/truncated" : "id/observations"));
  }

  const Options& o_;
  std::uint32_t n_;
  WsClient ws_;
  MsgpackWriter w_;
  std::vector<Env> envs_;
  std::uint64_t next_id_ = 0;
  std::vector<std::int8_t> actions8_;
  std::vector<std::int64_t> actions64_;
};

// Starts `n` workers together after their untimed setup; `make(index)` sets a
// worker up, `run(worker, measure_from, end, stats)` loads.
template <typename Worker, typename Make>
std::vector<LoadStats> run_workers(const Options& o, std::size_t n, Make make) {
  std::vector<LoadStats> stats(n);
  bench::run_together(n, [&](std::size_t index, const auto& wait_for_start) {
    LoadStats& st = stats[index];
    std::unique_ptr<Worker> worker;
    try {
      pin_thread(o.client_cpu);
      worker = make(index);
      st.ns.reserve(1 << 16);
    } catch (const std::exception& e) {
      st.error = e.what();
      ++st.errors;
    }
    const Clock::time_point start = wait_for_start();
    if (!worker) return;
    const Clock::time_point measure_from = start + bench::seconds(o.warmup);
    try {
      worker->run(measure_from, measure_from + bench::seconds(o.duration), st);
    } catch (const std::exception& e) {
      ++st.errors;
      if (st.error.empty()) st.error = e.what();
    }
  });
  return stats;
}

// Prints the summary of a vector load after `line`'s fields (mode first).
int print_vector(const Options& o, std::vector<LoadStats>& stats, JsonLine line) {
  std::vector<std::int64_t> all;
  long messages = 0, errors = 0;
  std::size_t request_bytes = 0, reply_bytes = 0;
  std::string first_error;
  for (LoadStats& st : stats) {
    all.insert(all.end(), st.ns.begin(), st.ns.end());
    messages += st.messages;
    errors += st.errors;
    request_bytes = std::max(request_bytes, st.request_bytes);
    reply_bytes = std::max(reply_bytes, st.reply_bytes);
    if (first_error.empty()) first_error = st.error;
  }
  const double env_steps = static_cast<double>(messages) * o.num_envs;
  line.str("env_id", o.env_id)
      .integer("num_envs", o.num_envs)
      .num("duration_s", o.duration)
      .num("warmup_s", o.warmup)
      .integer("messages", messages)
      .integer("env_steps", static_cast<long long>(env_steps))
      .num("messages_per_s", static_cast<double>(messages) / o.duration)
      .num("env_steps_per_s", env_steps / o.duration)
      .integer("request_bytes", static_cast<long long>(request_bytes))
      .integer("reply_bytes", static_cast<long long>(reply_bytes))
      .integer("errors", errors)
      .str("first_error", first_error)
      .add("latency_us", bench::latency_json(all, o.cdf_points))
      .print();
  return errors == 0 && messages > 0 ? 0 : 1;
}

int run_ws_vector(const Options& o) {
  bench::Watchdog watchdog(kTool, bench::seconds(o.warmup + o.duration + o.grace));
  const std::size_t n = static_cast<std::size_t>(o.sockets);
  auto stats = run_workers<WsVectorWorker>(
      o, n, [&](std::size_t i) { return std::make_unique<WsVectorWorker>(o, i); });
  JsonLine line;
  line.str("mode", "ws-vector")
      .str("encoding", "msgpack")
      .integer("sockets", o.sockets)
      .integer("envs_per_socket", o.envs_per_socket)
      .integer("in_flight", static_cast<long long>(o.sockets) * o.envs_per_socket)
      .str("action_dtype", o.action_dtype);
  return print_vector(o, stats, line);
}

// ----------------------------------------------------------------------------
// Vector envs over HTTP/1.1 JSON

class HttpVectorWorker {
 public:
  HttpVectorWorker(const Options& o, std::size_t index) : o_(o), conn_(o.host, o.port) {
    const json::object made =
        request_json(http::verb::post, "/v1/vector_envs/",
                     R"({"env_id":)" + json::serialize(json::string(o.env_id)) + R"(,"num_envs":)" +
                         std::to_string(o.num_envs) + "}",
                     "create");
    const auto* iid = made.if_contains("instance_id");
    if (!iid || !iid->is_string()) throw std::runtime_error("create: no instance_id");
    id_ = std::string(iid->as_string());
    request_json(http::verb::post, "/v1/vector_envs/" + id_ + "/reset/",
                 R"({"seed":)" + std::to_string(1000 * index) + "}", "reset");
    // Two fixed action vectors, alternating per env and per step.
    for (std::size_t v = 0; v < 2; ++v) {
      std::string body = R"({"actions":[)";
      for (std::size_t i = 0; i < static_cast<std::size_t>(o.num_envs); ++i) {
        if (i) body += ',';
        body += (i + v) % 2 ? '1' : '0';
      }
      body += "]}";
      steps_[v] = conn_.prepare(http::verb::post, "/v1/vector_envs/" + id_ + "/step/", body);
      body_bytes_ = body.size();
    }
  }
  HttpVectorWorker(const HttpVectorWorker&) = delete;
  HttpVectorWorker& operator=(const HttpVectorWorker&) = delete;
  ~HttpVectorWorker() {
    if (!id_.empty()) {
      try {
        conn_.request(http::verb::delete_, "/v1/vector_envs/" + id_ + "/", "");
      } catch (const std::exception&) {  // the server may be gone: nothing to clean
      }
    }
  }

  void run(Clock::time_point measure_from, Clock::time_point end, LoadStats& st) {
    st.request_bytes = body_bytes_;
    for (std::size_t t = 0;; ++t) {
      const Clock::time_point sent = Clock::now();
      if (sent >= end) break;
      const unsigned status = conn_.send(steps_[t % 2]);
      const Clock::time_point received = Clock::now();
      const std::string& body = conn_.body();
      if (status != 200) {
        ++st.errors;
        if (st.error.empty())
          st.error = "HTTP " + std::to_string(status) + " " + body.substr(0, 300);
        if (st.errors > 100) break;
        continue;
      }
      if (t == 0) {
        check_step(body);
      } else if (body.find("\"observations\"") == std::string::npos) {
        throw std::runtime_error("step: unexpected body " + body.substr(0, 200));
      }
      st.reply_bytes = body.size();
      if (sent >= measure_from && received <= end) {
        st.ns.push_back(bench::ns_between(sent, received));
        ++st.messages;
      }
    }
  }

 private:
  json::object request_json(http::verb verb, const std::string& target, const std::string& body,
                            std::string_view what) {
    const unsigned status = conn_.request(verb, target, body);
    if (status != 200)
      throw std::runtime_error(std::string(what) + ": HTTP " + std::to_string(status) + " " +
                               conn_.body().substr(0, 300));
    return json_reply(conn_.body(), what);
  }

  void check_step(const std::string& body) const {
    const json::object obj = json_reply(body, "step");
    const std::size_t n = static_cast<std::size_t>(o_.num_envs);
    const auto* obs = obj.if_contains("observations");
    if (!obs || !obs->is_array() || obs->as_array().size() != n)
      throw std::runtime_error("step: observations is not a list of num_envs");
    for (const json::value& row : obs->as_array())
      if (!row.is_array() || row.as_array().size() != 4)
        throw std::runtime_error("step: an observation is not 4 numbers");
    for (const char* k : {"rewards", "terminated", "truncated"}) {
      const auto* v = obj.if_contains(k);
      if (!v || !v->is_array() || v->as_array().size() != n)
        throw std::runtime_error(std::string("step: ") + k + " is not a list of num_envs");
    }
    if (!obj.contains("infos")) throw std::runtime_error("step: no infos");
  }

  const Options& o_;
  bench::HttpConnection conn_;
  std::string id_;
  std::array<std::string, 2> steps_;
  std::size_t body_bytes_ = 0;
};

int run_http_vector(const Options& o) {
  bench::Watchdog watchdog(kTool, bench::seconds(o.warmup + o.duration + o.grace));
  const std::size_t n = static_cast<std::size_t>(o.connections);
  auto stats = run_workers<HttpVectorWorker>(
      o, n, [&](std::size_t i) { return std::make_unique<HttpVectorWorker>(o, i); });
  JsonLine line;
  line.str("mode", "http-vector").str("encoding", "json").integer("connections", o.connections);
  return print_vector(o, stats, line);
}

// ----------------------------------------------------------------------------

void add_common(CLI::App* app, Options& o, bool server) {
  if (server) {
    app->add_option("--host", o.host, "server address")->capture_default_str();
    app->add_option("--port", o.port, "server port")->required();
    app->add_option("--env-id", o.env_id, "environment id")->capture_default_str();
  }
  app->add_option("--duration", o.duration, "measured seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--warmup", o.warmup, "seconds of warm-up, not measured")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_option("--grace", o.grace, "seconds past the load before the watchdog exits")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--cdf-points", o.cdf_points, "latency quantiles to print (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  app->add_option("--client-cpu", o.client_cpu, "pin the client thread(s) to this CPU")
      ->check(CLI::NonNegativeNumber);
  if (!server) app->add_option("--echo-cpu", o.echo_cpu, "pin the echo process to this CPU");
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{
      "gymcc_ws_load: load client for gymcc's fast paths (WebSocket, MessagePack, "
      "vector envs) and a raw TCP ping-pong baseline; prints JSON lines"};
  app.require_subcommand(1, 1);

  CLI::App* pingpong = app.add_subcommand("pingpong", "raw TCP ping-pong over loopback");
  add_common(pingpong, o, false);
  pingpong->add_option("--request-bytes", o.request_bytes, "bytes per request")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 24));
  pingpong->add_option("--reply-bytes", o.reply_bytes, "bytes per reply")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 24));

  CLI::App* ws_step = app.add_subcommand("ws-step", "single-env step round trips on /v1/ws");
  add_common(ws_step, o, true);
  ws_step->add_flag("--binary", o.binary, "MessagePack (binary messages) instead of JSON text");
  ws_step->add_flag("--pingpong", o.pingpong,
                    "also run the raw TCP ping-pong with the same wire sizes, interleaved");
  ws_step->add_option("--echo-cpu", o.echo_cpu, "pin the ping-pong's echo process to this CPU")
      ->check(CLI::NonNegativeNumber);
  ws_step->add_option("--segments", o.segments, "alternating slices with --pingpong")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));

  CLI::App* ws_vector =
      app.add_subcommand("ws-vector", "vector env steps over /v1/ws, binary MessagePack");
  add_common(ws_vector, o, true);
  ws_vector->add_option("--num-envs", o.num_envs, "sub-envs per vector env")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  ws_vector->add_option("--sockets", o.sockets, "WebSockets, one client thread each")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  ws_vector
      ->add_option("--envs-per-socket", o.envs_per_socket,
                   "vector envs per socket, one step in flight each")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  ws_vector->add_option("--action-dtype", o.action_dtype, "dtype of the actions ndarray")
      ->capture_default_str()
      ->check(CLI::IsMember({"int8", "int64"}));

  CLI::App* http_vector =
      app.add_subcommand("http-vector", "vector env steps over HTTP/1.1 keep-alive, JSON");
  add_common(http_vector, o, true);
  http_vector->add_option("--num-envs", o.num_envs, "sub-envs per vector env")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  http_vector->add_option("--connections", o.connections, "connections, one thread and env each")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));

  CLI11_PARSE(app, argc, argv);
  try {
    if (pingpong->parsed()) return run_pingpong(o);
    if (ws_step->parsed()) return run_ws_step(o);
    if (ws_vector->parsed()) return run_ws_vector(o);
    return run_http_vector(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gymcc_ws_load: error: %s\n", e.what());
    return 1;
  }
}
