#pragma once
// API keys (--api-keys FILE): who may call the server, under which name, and
// how many envs each key may hold. Keys are kept only as SHA-256 digests and
// compared in constant time; only a key's name is ever logged or shown.

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "serve/auth/rate_limit.hpp"
#include "serve/instance_store.hpp"

namespace gymcc::serve {

class ApiKeys {
 public:
  struct Key {
    std::string name;
    std::optional<std::size_t> max_envs;  // the key's quota of sub-envs; none: --max-envs only
    Owner owner = kNoOwner;               // 1, 2, ...: the owner of the key's instances
    // Requests per second (REST requests and WebSocket messages), none: unlimited.
    std::shared_ptr<TokenBucket> rate_limit;
  };

  // No keys: every request is admitted as kNoOwner.
  ApiKeys() = default;

  // The key file: one key per line, `KEY`, `NAME:KEY`, `NAME:KEY:MAX_ENVS` or
  // `NAME:KEY:MAX_ENVS:RATE` (MAX_ENVS may be empty: no quota; RATE is
  // requests per second, a positive number); blank lines and lines starting
  // with '#' are skipped. A key is 16 to 256 printable ASCII characters
  // without spaces or ':'; names are unique, [A-Za-z0-9._-]{1,64} (a bare key
  // is named `key-<line>`). Throws std::runtime_error naming the line (never
  // its key) for anything else.
  static ApiKeys parse(std::string_view text);
  static ApiKeys load(const std::string& path);

  bool enabled() const noexcept { return !keys_.empty(); }
  std::size_t size() const noexcept { return keys_.size(); }

  // The key `presented` is, or nullptr. Compares against every key in
  // constant time per key, whether or not an earlier one matched.
  const Key* authenticate(std::string_view presented) const noexcept;

  // The caller a key makes: its owner, quota and name.
  static Caller caller_of(const Key& key) noexcept;

 private:
  using Digest = std::array<unsigned char, 32>;
  std::vector<Key> keys_;
  std::vector<Digest> digests_;
};

// The key a request presents: `Authorization: Bearer <key>` or `X-API-Key:
// <key>`; empty when neither.
std::string_view presented_key(std::string_view authorization, std::string_view x_api_key) noexcept;

}  // namespace gymcc::serve
