#pragma once
// Who calls an operation, as every transport tells the operation layer.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

namespace gymcc::serve {

class TokenBucket;

// Who made an instance. With API keys (--api-keys) each key's instances are
// its own: another key sees none of them. Without, every client is kNoOwner.
using Owner = std::uint32_t;
inline constexpr Owner kNoOwner = 0;

// The caller of an operation: its owner id and its key's quota.
struct Caller {
  Owner owner = kNoOwner;
  std::size_t max_envs = std::numeric_limits<std::size_t>::max();  // sub-envs, like --max-envs
  std::string_view name;  // the key's name, for messages (never the key itself)
  // The caller's instances live as long as its connection (a WebSocket
  // session closes them): idle eviction leaves them alone.
  bool session_scoped = false;
  // The key's request rate (auth/rate_limit.hpp), null for none; owned by the
  // server's ApiKeys, which outlive every request.
  TokenBucket* rate_limit = nullptr;
};

// Why an instance cannot be added.
enum class Refusal {
  kNone,
  kServerFull,  // --max-envs sub-envs are live
  kQuotaFull,   // the caller's key holds its max_envs
  kTooLarge,    // the one instance would take more than --max-env-memory
  kMemoryFull,  // the memory budget of all instances is spent (--env-memory-budget)
};

}  // namespace gymcc::serve
