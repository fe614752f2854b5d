#pragma once
// Live frames of an instance for MJPEG streams. Each instance keeps its last
// JPEG and the state version it shows; a viewer that finds it stale renders
// and encodes once for everyone (single flight under the cache's own lock,
// so stepping, which takes the instance lock, is never held up by encoding).

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "serve/instance_store.hpp"

namespace gymcc::serve {

class FrameStream {
 public:
  enum class State { kFrame, kUnchanged, kEnded };
  struct Poll {
    State state = State::kEnded;
    std::shared_ptr<const std::string> jpeg;
    std::uint64_t version = 0;
  };

  FrameStream(const InstanceStore& store, std::string instance_id, Owner owner,
              std::chrono::milliseconds interval, int jpeg_quality = 80)
      : store_(store),
        instance_id_(std::move(instance_id)),
        owner_(owner),
        interval_(interval),
        jpeg_quality_(jpeg_quality) {}

  std::chrono::milliseconds interval() const noexcept { return interval_; }
  // The newest frame if it is newer than `last_version`. Blocking (it may
  // render and encode): call it off the I/O threads.
  Poll poll(std::uint64_t last_version) const;

 private:
  const InstanceStore& store_;
  std::string instance_id_;
  Owner owner_;
  std::chrono::milliseconds interval_;
  int jpeg_quality_;
};

// The state version a frame shows: grows on every reset and step.
inline std::uint64_t state_version(const InstanceStats& stats) {
  return static_cast<std::uint64_t>(stats.steps + stats.episodes);
}

std::string base64_encode(std::string_view bytes);

}  // namespace gymcc::serve
