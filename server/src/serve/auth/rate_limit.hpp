#pragma once
// A key's request rate (--api-keys, the RATE field): a token bucket that
// holds one second's worth of requests (at least one) and refills at RATE
// per second. Taking a token is a short critical section, no allocation.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace gymcc::serve {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  explicit TokenBucket(double per_second)
      : rate_(per_second), capacity_(std::max(1.0, per_second)), tokens_(capacity_) {}

  double rate() const noexcept { return rate_; }

  // Takes one token, or answers how many seconds until one is there.
  bool take(Clock::time_point now, double& retry_after) noexcept {
    const std::lock_guard lock(mutex_);
    if (started_) {
      const std::chrono::duration<double> elapsed = now - last_;
      tokens_ = std::min(capacity_, tokens_ + std::max(0.0, elapsed.count()) * rate_);
    }
    started_ = true;
    last_ = now;
    if (tokens_ >= 1.0) {
      tokens_ -= 1.0;
      return true;
    }
    retry_after = (1.0 - tokens_) / rate_;
    return false;
  }

 private:
  std::mutex mutex_;
  double rate_;
  double capacity_;
  double tokens_;
  bool started_ = false;
  Clock::time_point last_{};
};

// The detail of a 429 rate_limited answer.
inline std::string rate_limited_detail(double rate) {
  char text[96];
  std::snprintf(text, sizeof text, "This API key may make %g requests per second: retry later",
                rate);
  return text;
}

}  // namespace gymcc::serve
