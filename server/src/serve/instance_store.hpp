#pragma once
// The live environment instances of a server: created, looked up and deleted
// by id from any thread. Each instance has its own mutex, so one instance is
// never stepped by two requests at once while different instances step in
// parallel.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "gymcc/registry.hpp"
#include "gymcc/vector_env.hpp"
#include "serve/caller.hpp"

namespace gymcc::serve {

using Clock = std::chrono::steady_clock;

// Episode bookkeeping shown by GET /v1/envs/{id}/ and the monitor.
// The legacy dialect's monitor: episode statistics written to a directory.
struct MonitorLog {
  std::string directory;
  double initial_reset_timestamp = 0;
  std::vector<double> timestamps;
  std::vector<std::int64_t> episode_lengths;
  std::vector<double> episode_rewards;
  std::int64_t current_length = 0;
  double current_reward = 0;
  bool episode_open = false;
};

struct InstanceStats {
  std::int64_t steps = 0;                     // steps since creation
  std::int64_t episodes = 0;                  // resets since creation
  double episode_return = 0;                  // sum of rewards since the last reset
  std::optional<double> last_episode_return;  // return of the last finished episode
  std::vector<double> recent_returns;         // the last kRecentReturns episode returns
  static constexpr std::size_t kRecentReturns = 32;
  bool episode_over = false;          // terminated or truncated since the last reset
  std::optional<Seed> pending_seed;   // the create-time seed, used by the first reset
  std::optional<MonitorLog> monitor;  // legacy dialect only
  std::int64_t env_steps = 0;         // vector envs: sub-env steps since creation
};

// The last JPEG frame encoded for streams, with the state version it shows.
struct FrameCache {
  std::mutex mutex;  // held while encoding: one encode per version
  std::uint64_t version = 0;
  std::shared_ptr<const std::string> jpeg;
};

class Instance {
 public:
  Instance(std::string id, std::uint64_t sequence, const Caller& caller, std::unique_ptr<Env> env,
           std::string listed_id)
      : id_(std::move(id)),
        listed_id_(std::move(listed_id)),
        sequence_(sequence),
        owner_(caller.owner),
        session_scoped_(caller.session_scoped),
        env_(std::move(env)),
        created_(std::chrono::system_clock::now()),
        last_used_(Clock::now().time_since_epoch().count()) {}
  Instance(std::string id, std::uint64_t sequence, const Caller& caller,
           std::unique_ptr<VectorEnv> vector_env)
      : id_(std::move(id)),
        listed_id_(vector_env->spec().id),
        sequence_(sequence),
        owner_(caller.owner),
        session_scoped_(caller.session_scoped),
        vector_env_(std::move(vector_env)),
        created_(std::chrono::system_clock::now()),
        last_used_(Clock::now().time_since_epoch().count()) {}

  const std::string& id() const noexcept { return id_; }
  std::uint64_t sequence() const noexcept { return sequence_; }  // creation order
  Owner owner() const noexcept { return owner_; }
  // Made on a WebSocket session, which closes it: never evicted as idle.
  bool session_scoped() const noexcept { return session_scoped_; }
  // The memory budget it takes (its env's footprint).
  std::size_t bytes() const noexcept { return bytes_; }
  void set_bytes(std::size_t bytes) noexcept { bytes_ = bytes; }
  // The env id listings show: the spec's id, or the legacy alias a client used.
  const std::string& listed_id() const noexcept { return listed_id_; }
  // Immutable facts, readable without the lock.
  // A vector env (/v1/vector_envs/) or a single env (/v1/envs/).
  bool is_vector() const noexcept { return vector_env_ != nullptr; }
  const Env& env_unlocked() const noexcept { return *env_; }
  const VectorEnv& vector_env_unlocked() const noexcept { return *vector_env_; }
  // What the instance counts towards --max-envs: its number of sub-envs.
  std::size_t units() const noexcept {
    return vector_env_ ? static_cast<std::size_t>(vector_env_->num_envs()) : 1;
  }
  std::chrono::system_clock::time_point created() const noexcept { return created_; }
  Clock::time_point last_used() const noexcept {
    return Clock::time_point(Clock::duration(last_used_.load(std::memory_order_relaxed)));
  }
  void touch() noexcept {
    last_used_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
  }

  FrameCache& frame_cache() const noexcept { return frame_cache_; }

  // Exclusive access to the env and its stats.
  class Lock {
   public:
    explicit Lock(Instance& instance) : instance_(instance), guard_(instance.mutex_) {}
    Env& env() noexcept { return *instance_.env_; }
    VectorEnv& vector_env() noexcept { return *instance_.vector_env_; }
    InstanceStats& stats() noexcept { return instance_.stats_; }

   private:
    Instance& instance_;
    std::lock_guard<std::mutex> guard_;
  };

 private:
  std::string id_;
  std::string listed_id_;
  std::uint64_t sequence_;
  Owner owner_;
  bool session_scoped_ = false;
  std::size_t bytes_ = 0;
  std::unique_ptr<Env> env_;
  std::unique_ptr<VectorEnv> vector_env_;
  std::chrono::system_clock::time_point created_;
  std::atomic<Clock::rep> last_used_;
  std::mutex mutex_;
  InstanceStats stats_;
  mutable FrameCache frame_cache_;
};

enum class IdStyle {
  kUuid4,      // "3f2b...-...": the gymnasium dialect
  kShortHex8,  // "3c657dbc": the legacy dialect
};

// What the store admits, beyond which it refuses.
struct StoreLimits {
  std::size_t max_units = 100000;  // --max-envs: sub-envs
  std::size_t max_instance_bytes = std::numeric_limits<std::size_t>::max();
  std::size_t max_total_bytes = std::numeric_limits<std::size_t>::max();
};

class InstanceStore {
 public:
  explicit InstanceStore(std::size_t max_instances) : InstanceStore(StoreLimits{max_instances}) {}
  explicit InstanceStore(const StoreLimits& limits)
      : max_instances_(limits.max_units),
        max_instance_bytes_(limits.max_instance_bytes),
        max_total_bytes_(limits.max_total_bytes) {}

  struct Added {
    std::shared_ptr<Instance> instance;  // null when refused
    Refusal refusal = Refusal::kNone;
  };
  // Adds an env under a fresh unguessable id, owned by `caller`, taking
  // `bytes` of the memory budget, unless a limit or the caller's quota says
  // no.
  Added add(std::unique_ptr<Env> env, IdStyle style, const Caller& caller, std::size_t bytes,
            std::string listed_id = {});
  // Adds a vector env (UUID id); it counts its sub-envs.
  Added add_vector(std::unique_ptr<VectorEnv> env, const Caller& caller, std::size_t bytes);
  // Whether `units` more sub-envs of `caller`, taking `bytes`, would be
  // admitted now.
  Refusal admit(std::size_t units, std::size_t bytes, const Caller& caller) const;

  // `owner`'s single env by id (vector envs and other owners' are not found)...
  std::shared_ptr<Instance> find(std::string_view id, Owner owner) const;
  // ... its vector env, or an instance of either kind.
  std::shared_ptr<Instance> find_vector(std::string_view id, Owner owner) const;
  std::shared_ptr<Instance> find_any(std::string_view id, Owner owner) const;
  // Removes `owner`'s instance of either kind.
  bool remove(std::string_view id, Owner owner);
  // `owner`'s instances of either kind, in creation order...
  std::vector<std::shared_ptr<Instance>> list(Owner owner) const;
  // ... and everyone's (metrics, eviction).
  std::vector<std::shared_ptr<Instance>> list_all() const;
  // Live instances (a vector env counts once).
  std::size_t size() const;
  // Live sub-envs: what --max-envs bounds (a vector env counts num_envs).
  std::size_t units() const;
  std::size_t max_instances() const noexcept { return max_instances_; }
  std::size_t max_instance_bytes() const noexcept { return max_instance_bytes_; }
  std::size_t max_total_bytes() const noexcept { return max_total_bytes_; }
  // The memory budget taken by live instances.
  std::size_t bytes() const;
  bool full() const { return units() >= max_instances_; }
  // Removes instances unused for `idle`, but not session-scoped ones (their
  // session ends them); returns how many.
  std::size_t evict_idle(Clock::duration idle);

 private:
  std::string fresh_id(IdStyle style) const;
  Refusal admit_locked(std::size_t units, std::size_t bytes, const Caller& caller) const;

  std::size_t max_instances_;
  std::size_t max_instance_bytes_;
  std::size_t max_total_bytes_;
  mutable std::shared_mutex mutex_;
  // Transparent hashing: lookups by string_view allocate nothing.
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view id) const noexcept {
      return std::hash<std::string_view>{}(id);
    }
  };
  std::unordered_map<std::string, std::shared_ptr<Instance>, IdHash, std::equal_to<>> instances_;
  std::unordered_map<Owner, std::size_t> owner_units_;
  std::uint64_t next_sequence_ = 0;
  std::size_t units_ = 0;
  std::size_t bytes_ = 0;
};

// 128 bits from the kernel's CSPRNG (getrandom), formatted as a UUID v4.
std::string random_uuid4();

}  // namespace gymcc::serve
