#pragma once
// The server's live connections (HTTP sessions and WebSocket sessions), so
// that a graceful stop can ask each to finish.

#include <memory>
#include <mutex>
#include <set>
#include <vector>

namespace gymcc::serve {

class Connection {
 public:
  virtual ~Connection() = default;
  // Called from any thread on graceful stop: answer what was read, then close.
  virtual void stop() = 0;
};

class ConnectionRegistry {
 public:
  void add(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(mutex_);
    connections_.insert(c);
  }
  void remove(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(mutex_);
    connections_.erase(c);
  }
  bool empty() {
    std::lock_guard lock(mutex_);
    return connections_.empty();
  }
  std::size_t size() {
    std::lock_guard lock(mutex_);
    return connections_.size();
  }
  std::vector<std::shared_ptr<Connection>> snapshot() {
    std::lock_guard lock(mutex_);
    return {connections_.begin(), connections_.end()};
  }

 private:
  std::mutex mutex_;
  std::set<std::shared_ptr<Connection>> connections_;
};

}  // namespace gymcc::serve
