// What gymcc_http_load and gymcc_ws_load share. benchmarks/run.py reads the
// latency objects of both alike and sets their numbers side by side, so one
// function writes them; and both time, start and bound their loads alike, so a
// difference between their figures is the server's, not the clients'.
#pragma once

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace gymcc::bench {

using Clock = std::chrono::steady_clock;

inline std::chrono::nanoseconds seconds(double s) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::duration<double>(s));
}

inline std::int64_t ns_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
}

// Nearest-rank percentile of sorted samples, in microseconds.
inline double percentile_us(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double rank = p / 100.0 * static_cast<double>(sorted.size());
  std::size_t index = static_cast<std::size_t>(rank);
  if (static_cast<double>(index) == rank && index > 0) --index;
  index = std::min(index, sorted.size() - 1);
  return static_cast<double>(sorted[index]) / 1000.0;
}

// Sorts `samples` in place: a load keeps every latency, and a sorted copy of
// millions of them would only be thrown away.
inline std::string latency_json(std::vector<std::int64_t>& samples, int cdf_points) {
  std::sort(samples.begin(), samples.end());
  double sum = 0;
  for (const std::int64_t s : samples) sum += static_cast<double>(s);
  const double mean = samples.empty() ? 0 : sum / static_cast<double>(samples.size()) / 1000.0;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "{\"count\":%zu,\"min\":%.3f,\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"p999\":%.3f,"
                "\"max\":%.3f,\"mean\":%.3f",
                samples.size(), percentile_us(samples, 0), percentile_us(samples, 50),
                percentile_us(samples, 90), percentile_us(samples, 99),
                percentile_us(samples, 99.9), percentile_us(samples, 100), mean);
  std::string out = buf;
  if (cdf_points > 1 && !samples.empty()) {
    // Quantiles spaced evenly in log(1 - q), so the tail gets as many points as the body.
    out += ",\"cdf\":[";
    const double tail = 1.0 / static_cast<double>(samples.size());
    for (int i = 0; i < cdf_points; ++i) {
      const double f = static_cast<double>(i) / static_cast<double>(cdf_points - 1);
      const double q = std::min(1.0, 1.0 - std::pow(tail, f));
      std::snprintf(buf, sizeof buf, "%s[%.6f,%.3f]", i ? "," : "", q * 100.0,
                    percentile_us(samples, q * 100.0));
      out += buf;
    }
    out += "]";
  }
  return out + "}";
}

// A JSON string of `s`. Control characters are dropped, not escaped: the
// strings are ids and error texts for a person to read, and the output must
// stay one JSON object per line.
inline std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (static_cast<unsigned char>(ch) < 0x20) continue;
    out += ch;
  }
  return out + "\"";
}

// Ends the process (exit 3) if the work is not done by the deadline: a stuck
// server must not hang the harness (synchronous Beast reads have no timeout).
class Watchdog {
 public:
  Watchdog(const char* tool, std::chrono::nanoseconds budget)
      : thread_([this, tool, deadline = Clock::now() + budget] {
          std::unique_lock lock(mutex_);
          if (!cv_.wait_until(lock, deadline, [this] { return done_; })) {
            std::fprintf(stderr, "%s: watchdog: load overran its time; exiting\n", tool);
            std::fflush(stderr);
            std::_Exit(3);
          }
        }) {}
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
  ~Watchdog() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

// Runs worker(index, wait_for_start) on `n` threads. Each worker does its
// untimed setup (connect, create envs) and then calls wait_for_start(), which
// returns once every worker has got there, with one start time for all: the
// warm-up and measured windows are then the same for every thread, and no
// thread's setup falls inside another's window. Every worker must call it
// exactly once, after a failed setup too, or the others wait for it forever.
template <typename Worker>
void run_together(std::size_t n, Worker worker) {
  std::atomic<std::size_t> ready{0};
  std::atomic<bool> go{false};
  std::atomic<Clock::rep> start{0};
  const auto wait_for_start = [&] {
    ready.fetch_add(1);
    while (!go.load()) std::this_thread::yield();
    return Clock::time_point{Clock::duration(start.load())};
  };
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    threads.emplace_back([&worker, &wait_for_start, i] { worker(i, wait_for_start); });
  while (ready.load() < n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  start.store(Clock::now().time_since_epoch().count());
  go.store(true);
  for (auto& th : threads) th.join();
}

// One keep-alive HTTP/1.1 connection on synchronous Beast. Requests are
// serialised once by prepare() and sent many times, so a timed loop measures
// the round trip, not the client's formatting.
class HttpConnection {
 public:
  HttpConnection(const std::string& host, const std::string& port) : host_(host) {
    boost::asio::ip::tcp::resolver resolver(io_);
    boost::asio::connect(socket_, resolver.resolve(host, port));
    socket_.set_option(boost::asio::ip::tcp::no_delay(true));
  }
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;
  ~HttpConnection() {
    boost::beast::error_code ignored;
    socket_.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  }

  std::string prepare(boost::beast::http::verb verb, const std::string& target,
                      const std::string& body) const {
    namespace http = boost::beast::http;
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, host_);
    if (verb == http::verb::post) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
    }
    req.keep_alive(true);
    std::ostringstream text;
    text << req;
    return text.str();
  }

  // Sends a prepared request and reads the response; returns its status (the
  // body is left in body()). Beast's 8 MiB default body limit is too small
  // for the JSON replies of large vector envs.
  unsigned send(const std::string& prepared) {
    namespace http = boost::beast::http;
    boost::asio::write(socket_, boost::asio::buffer(prepared));
    res_ = {};
    http::response_parser<http::string_body> parser;
    parser.body_limit(256u << 20);
    http::read(socket_, buffer_, parser);
    res_ = parser.release();
    if (!res_.keep_alive()) throw std::runtime_error("server closed the keep-alive connection");
    return res_.result_int();
  }

  unsigned request(boost::beast::http::verb verb, const std::string& target,
                   const std::string& body) {
    return send(prepare(verb, target, body));
  }

  const std::string& body() const { return res_.body(); }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_{io_};
  boost::beast::flat_buffer buffer_;
  boost::beast::http::response<boost::beast::http::string_body> res_;
  std::string host_;
};

}  // namespace gymcc::bench
