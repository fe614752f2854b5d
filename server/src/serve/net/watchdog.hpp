#pragma once
// One timer per connection instead of one per operation (Beast's per-
// operation timers cost a syscall each): a session moves its deadline as it
// goes (waiting for a request, reading a header, a body, writing), which
// costs a timer syscall only when the deadline moves earlier than the
// pending wait; when the wait ends early it re-arms at the current deadline.
// Once stopping, the connection expires after a grace period at the latest.

#include <algorithm>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace gymcc::serve {

class Watchdog {
 public:
  using Clock = std::chrono::steady_clock;

  // `on_expire` runs on the connection's executor, at most once.
  Watchdog(const boost::asio::any_io_executor& executor, std::function<void()> on_expire)
      : timer_(executor), on_expire_(std::move(on_expire)) {}

  // Expire `timeout` from now unless moved again. `owner` (the session)
  // stays alive while the watchdog waits.
  void expire_after(Clock::duration timeout, const std::shared_ptr<void>& owner) {
    deadline_ = Clock::now() + timeout;
    const Clock::time_point due = due_time();
    if (!waiting_ || due < armed_) arm(due, owner);
  }
  // From now on, expire at `grace` from now at the latest.
  void stop_within(Clock::duration grace, const std::shared_ptr<void>& owner) {
    stop_deadline_ = Clock::now() + grace;
    arm(due_time(), owner);
  }
  void cancel() {
    cancelled_ = true;
    timer_.cancel();
  }

 private:
  Clock::time_point due_time() const {
    return stop_deadline_ ? std::min(deadline_, *stop_deadline_) : deadline_;
  }

  void arm(Clock::time_point due, std::shared_ptr<void> owner) {
    if (cancelled_) return;
    armed_ = due;
    waiting_ = true;
    timer_.expires_at(due);
    timer_.async_wait([this, owner = std::move(owner)](const boost::system::error_code& ec) {
      if (ec || cancelled_) return;  // re-armed, or cancelled
      waiting_ = false;
      const Clock::time_point now_due = due_time();
      if (Clock::now() >= now_due) {
        cancelled_ = true;
        return on_expire_();
      }
      arm(now_due, owner);
    });
  }

  boost::asio::steady_timer timer_;
  std::function<void()> on_expire_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point armed_ = Clock::time_point::max();
  std::optional<Clock::time_point> stop_deadline_;
  bool waiting_ = false;
  bool cancelled_ = false;
};

}  // namespace gymcc::serve
