#pragma once
// One timer per connection instead of one per operation (Beast's per-
// operation timers cost a syscall each): it expires a connection that shows
// no activity for its idle timeout, or, once stopping, after a grace period.

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
  Watchdog(const boost::asio::any_io_executor& executor, Clock::duration idle_timeout,
           std::function<void()> on_expire)
      : timer_(executor), idle_timeout_(idle_timeout), on_expire_(std::move(on_expire)) {}

  // `owner` (the session) stays alive while the watchdog waits.
  void start(std::shared_ptr<void> owner) {
    touch();
    arm(last_activity_ + idle_timeout_, std::move(owner));
  }
  void touch() noexcept { last_activity_ = Clock::now(); }
  // From now on, expire at `grace` from now at the latest.
  void stop_within(Clock::duration grace, std::shared_ptr<void> owner) {
    stop_deadline_ = Clock::now() + grace;
    arm(*stop_deadline_, std::move(owner));
  }
  void cancel() {
    cancelled_ = true;
    timer_.cancel();
  }

 private:
  void arm(Clock::time_point deadline, std::shared_ptr<void> owner) {
    timer_.expires_at(deadline);
    timer_.async_wait([this, owner = std::move(owner)](const boost::system::error_code& ec) {
      if (ec || cancelled_) return;  // re-armed, or cancelled
      const Clock::time_point due =
          stop_deadline_ ? *stop_deadline_ : last_activity_ + idle_timeout_;
      if (Clock::now() >= due) {
        cancelled_ = true;
        return on_expire_();
      }
      arm(due, owner);
    });
  }

  boost::asio::steady_timer timer_;
  Clock::duration idle_timeout_;
  std::function<void()> on_expire_;
  Clock::time_point last_activity_;
  std::optional<Clock::time_point> stop_deadline_;
  bool cancelled_ = false;
};

}  // namespace gymcc::serve
