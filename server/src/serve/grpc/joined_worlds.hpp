#pragma once
// Which worlds (instance ids) a dm_env_rpc stream has joined, shared by all
// streams: a world is joined by at most one stream at a time, and
// ResetWorld from any stream reaches the one joined to it.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gymcc::serve::rpc {

// One stream's hold on a world.
struct Join {
  // Set by ResetWorld: the joined stream's next step starts a new episode.
  std::atomic<bool> restart{false};
};

class JoinedWorlds {
 public:
  // A hold on `world`, or null when another stream holds it.
  std::shared_ptr<Join> join(const std::string& world) {
    const std::lock_guard lock(mutex_);
    auto [it, inserted] = joins_.try_emplace(world, nullptr);
    if (!inserted) return nullptr;
    it->second = std::make_shared<Join>();
    return it->second;
  }
  void leave(const std::string& world) {
    const std::lock_guard lock(mutex_);
    joins_.erase(world);
  }
  bool joined(const std::string& world) const {
    const std::lock_guard lock(mutex_);
    return joins_.contains(world);
  }
  // Tells the stream joined to `world`, if any, to start a new episode.
  void restart(const std::string& world) {
    const std::lock_guard lock(mutex_);
    const auto it = joins_.find(world);
    if (it != joins_.end()) it->second->restart.store(true, std::memory_order_release);
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Join>> joins_;
};

}  // namespace gymcc::serve::rpc
