#pragma once
// A server without sockets for the fuzz targets, made fresh for every input
// so that a finding replays from its input alone: the real registry, real
// instance stores and the REST router of each dialect, as
// tests/server/router_fixture.hpp drives them.
//
// Instance ids are random, so inputs name instances by placeholder: "@0" ..
// "@9" stand for the store's live instances in creation order (modulo their
// number). In MessagePack bodies the placeholder is the 2-byte string
// "\xa2@N", replaced by a string item holding the id.

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "gymcc/envs/all.hpp"
#include "serve/auth/api_keys.hpp"
#include "serve/instance_store.hpp"
#include "serve/metrics.hpp"
#include "serve/msgpack.hpp"
#include "serve/rest/route_table.hpp"
#include "serve/rest/router.hpp"
#include "serve/services.hpp"

namespace gymcc::fuzz {

inline constexpr std::string_view kAliceKey = "alice-key-0123456789";
inline constexpr std::string_view kBobKey = "bob-key-0123456789ab";

// Small limits keep one input's memory and time bounded (the server's
// defaults allow 256 MiB per instance).
inline serve::StoreLimits fuzz_limits() {
  serve::StoreLimits limits;
  limits.max_units = 64;
  limits.max_instance_bytes = std::size_t{16} << 20;
  limits.max_total_bytes = std::size_t{64} << 20;
  return limits;
}

// The legacy monitor writes under this directory: one per process, removed at exit.
struct MonitorRoot {
  MonitorRoot() {
    path = (std::filesystem::temp_directory_path() / "gymcc-fuzz-XXXXXX").string();
    if (mkdtemp(path.data()) == nullptr) std::abort();
  }
  ~MonitorRoot() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  std::string path;
};

inline const std::string& monitor_root() {
  static const MonitorRoot root;
  return root.path;
}

// One server: its store, counters, keys (maybe none) and router.
class FuzzServer {
 public:
  FuzzServer(serve::rest::Dialect dialect, serve::ApiKeys keys)
      : keys_(std::move(keys)),
        store_(fuzz_limits()),
        metrics_(serve::rest::route_labels()),
        services_(envs::default_registry(), store_, metrics_, keys_),
        router_(services_, options(dialect), [] {}) {}

  serve::rest::Router& router() { return router_; }
  serve::Services& services() { return services_; }
  serve::InstanceStore& store() { return store_; }
  const serve::ApiKeys& keys() const { return keys_; }

  // The live instances' ids, oldest first.
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const auto& instance : store_.list_all()) out.push_back(instance->id());
    return out;
  }

 private:
  static serve::rest::RestOptions options(serve::rest::Dialect dialect) {
    serve::rest::RestOptions o;
    o.dialect = dialect;
    o.allow_shutdown = true;
    o.allowed_hosts = {"localhost", "127.0.0.1", "::1"};
    o.monitor_dir = monitor_root();
    return o;
  }

  serve::ApiKeys keys_;
  serve::InstanceStore store_;
  serve::Metrics metrics_;
  serve::Services services_;
  serve::rest::Router router_;
};

inline serve::ApiKeys fuzz_keys() {
  return serve::ApiKeys::parse("alice:" + std::string(kAliceKey) +
                               ":8\nbob:" + std::string(kBobKey) + "\n");
}

// `text` with each "@N" placeholder replaced by an id (see above).
inline std::string substitute(std::string_view text, const std::vector<std::string>& ids,
                              bool msgpack) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool json_hole = !msgpack && text[i] == '@' && i + 1 < text.size() &&
                           text[i + 1] >= '0' && text[i + 1] <= '9';
    const bool msgpack_hole = msgpack && text[i] == '\xa2' && i + 2 < text.size() &&
                              text[i + 1] == '@' && text[i + 2] >= '0' && text[i + 2] <= '9';
    if (ids.empty() || (!json_hole && !msgpack_hole)) {
      out += text[i];
      continue;
    }
    const std::size_t digit = i + (msgpack_hole ? 2 : 1);
    const std::string& id = ids[static_cast<std::size_t>(text[digit] - '0') % ids.size()];
    if (msgpack_hole) {
      serve::msgpack::Writer(out).string(id);
    } else {
      out += id;
    }
    i = digit;
  }
  return out;
}

// Splits an input into its parts at each "\n%%\n".
inline std::vector<std::string_view> split_parts(std::string_view input) {
  constexpr std::string_view kSeparator = "\n%%\n";
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t at = input.find(kSeparator);
    parts.push_back(input.substr(0, at));
    if (at == std::string_view::npos) return parts;
    input.remove_prefix(at + kSeparator.size());
  }
}

}  // namespace gymcc::fuzz
