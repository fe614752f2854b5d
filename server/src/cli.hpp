#pragma once
// The `gymcc` command's subcommands. Each returns the process exit code:
// 0 success, 1 a check failed (e.g. a replay mismatch), 2 bad input.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gymcc/registry.hpp"

namespace gymcc::cli {

constexpr int kExitOk = 0;
constexpr int kExitMismatch = 1;
constexpr int kExitBadInput = 2;

struct ListArgs {
  bool json = false;
};
int run_list(const Registry& registry, const ListArgs& args);

struct RolloutArgs {
  std::string env_id;
  std::optional<std::string> seed;  // decimal, any size
  std::optional<long long> steps;   // cap; default: until the episode ends
  std::string kwargs_json;          // "" for none
  std::string options_json;         // "" for none
  std::string policy = "sample";    // sample | pump
};
int run_rollout(const Registry& registry, const RolloutArgs& args);

struct ReplayArgs {
  std::vector<std::string> files;
  bool fail_fast = false;
  bool quiet = false;
};
int run_replay(const Registry& registry, const ReplayArgs& args);

struct ServeArgs {
  std::string host = "127.0.0.1";
  std::uint16_t port = 5000;
  int threads = 0;
  std::string api = "gymnasium";
  std::size_t max_envs = 100000;
  long long idle_timeout_seconds = 0;
  std::size_t max_body_bytes = 1 << 20;
  std::string cors_origin;
  std::string log_format = "text";
  std::string log_level = "info";
  bool allow_shutdown = false;
  std::string api_keys_file;  // "" = no keys
  bool metrics_need_key = false;
  std::string tls_cert;
  std::string tls_key;
  std::size_t max_connections = 10000;
  std::size_t max_header_bytes = 16 << 10;
  long long keep_alive_timeout_seconds = 120;
  long long header_timeout_seconds = 30;
  long long body_timeout_seconds = 60;
  std::string allowed_hosts;  // "": loopback names when bound to loopback, else any
  std::string monitor_dir = "gymcc-monitor";
  std::size_t max_env_memory_mib = 256;
  std::size_t env_memory_budget_mib = 0;  // 0: half the machine's memory
  int grpc_port = -1;                     // -1: no gRPC; 0: a free port
  int grpc_max_streams = 256;
};
int run_serve(const Registry& registry, const ServeArgs& args);

// Shared helpers ----------------------------------------------------------

// Parses a seed given as decimal text; throws Error(kInvalidSeed) with
// gymnasium's message for negative or non-integer input.
Seed parse_seed_text(const std::string& text);
// Parses a seed from a JSON value (int or big int).
Seed seed_from_value(const Value& value);
// Parses a JSON object argument such as --kwargs; "" gives null.
Value parse_json_object_arg(const std::string& text, const char* what);

}  // namespace gymcc::cli
