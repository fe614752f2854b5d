// gymcc: Gymnasium environments in native C++ — the command-line entry point.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli.hpp"
#include "gymcc/envs/all.hpp"
#include "gymcc/errors.hpp"

int main(int argc, char** argv) {
  using namespace gymcc::cli;
  CLI::App app{"gymcc: Gymnasium environments in native C++, bit-identical to the reference"};
  app.require_subcommand(1);

  ListArgs list_args;
  CLI::App* list =
      app.add_subcommand("list", "List registered environments with spaces and metadata");
  list->add_flag("--json", list_args.json, "Print one JSON object per environment");

  RolloutArgs rollout_args;
  CLI::App* rollout = app.add_subcommand(
      "rollout", "Run one episode and print it as JSON lines (reset, then one line per step)");
  rollout->add_option("id", rollout_args.env_id, "Environment id, e.g. CartPole-v1")->required();
  rollout->add_option("--seed", rollout_args.seed,
                      "Seed for reset and for action_space.sample (any non-negative integer)");
  rollout->add_option("--steps", rollout_args.steps, "Stop after this many steps")
      ->check(CLI::NonNegativeNumber);
  rollout->add_option("--kwargs", rollout_args.kwargs_json, "Env kwargs as a JSON object");
  rollout->add_option("--options", rollout_args.options_json, "Reset options as a JSON object");
  rollout->add_option("--policy", rollout_args.policy, "Action policy")
      ->check(CLI::IsMember({"sample", "pump"}));

  ReplayArgs replay_args;
  CLI::App* replay = app.add_subcommand(
      "replay", "Replay golden episodes (JSON lines, optionally gzipped) and check every value");
  replay->add_option("files", replay_args.files, "Golden files")->required();
  replay->add_flag("--fail-fast", replay_args.fail_fast, "Stop at the first mismatch");
  replay->add_flag("-q,--quiet", replay_args.quiet, "Print only mismatches and the summary");

  ServeArgs serve_args;
  CLI::App* serve = app.add_subcommand("serve", "Serve the environments over HTTP (REST API)");
  serve->add_option("--host", serve_args.host, "Address to bind")
      ->envname("GYMCC_HOST")
      ->capture_default_str();
  serve->add_option("--port", serve_args.port, "Port to bind (0: any free port)")
      ->envname("GYMCC_PORT")
      ->capture_default_str();
  serve->add_option("--threads", serve_args.threads, "Worker threads (0: one per core)")
      ->envname("GYMCC_THREADS")
      ->check(CLI::NonNegativeNumber);
  serve
      ->add_option("--api", serve_args.api,
                   "API dialect: gymnasium (gymnasium-http-api) or legacy (gym-http-api)")
      ->envname("GYMCC_API")
      ->check(CLI::IsMember({"gymnasium", "legacy"}))
      ->capture_default_str();
  serve->add_option("--max-envs", serve_args.max_envs, "Most live instances at once")
      ->envname("GYMCC_MAX_ENVS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve
      ->add_option("--idle-timeout", serve_args.idle_timeout_seconds,
                   "Delete instances unused this many seconds (0: never)")
      ->envname("GYMCC_IDLE_TIMEOUT")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  serve->add_option("--max-body-bytes", serve_args.max_body_bytes, "Largest request body accepted")
      ->envname("GYMCC_MAX_BODY_BYTES")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve
      ->add_option("--cors-origin", serve_args.cors_origin,
                   "Allowed CORS origin, e.g. '*' (empty: no CORS headers)")
      ->envname("GYMCC_CORS_ORIGIN");
  serve->add_option("--log-format", serve_args.log_format, "Log format")
      ->envname("GYMCC_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  serve->add_option("--log-level", serve_args.log_level, "Least severe level logged")
      ->envname("GYMCC_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warning", "error"}))
      ->capture_default_str();
  serve
      ->add_flag("--allow-shutdown", serve_args.allow_shutdown,
                 "Allow POST /v1/shutdown/ (legacy API) to stop the server")
      ->envname("GYMCC_ALLOW_SHUTDOWN");

  serve
      ->add_option("--api-keys", serve_args.api_keys_file,
                   "File of API keys (KEY, NAME:KEY or NAME:KEY:MAX_ENVS per line): every request "
                   "but /healthz and /readyz needs one, and each key sees only its own instances")
      ->envname("GYMCC_API_KEYS");
  serve
      ->add_flag("--metrics-need-key", serve_args.metrics_need_key,
                 "With --api-keys, /metrics needs a key too")
      ->envname("GYMCC_METRICS_NEED_KEY");
  serve
      ->add_option("--tls-cert", serve_args.tls_cert,
                   "PEM certificate chain: serve HTTPS and WSS (TLS 1.2+) with --tls-key")
      ->envname("GYMCC_TLS_CERT");
  serve->add_option("--tls-key", serve_args.tls_key, "PEM private key of --tls-cert")
      ->envname("GYMCC_TLS_KEY");
  serve
      ->add_option("--max-connections", serve_args.max_connections,
                   "Most open connections; more are answered 503 and closed")
      ->envname("GYMCC_MAX_CONNECTIONS")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve
      ->add_option("--max-header-bytes", serve_args.max_header_bytes,
                   "Largest request line and headers accepted (431 beyond)")
      ->envname("GYMCC_MAX_HEADER_BYTES")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 20))
      ->capture_default_str();
  serve
      ->add_option("--keep-alive-timeout", serve_args.keep_alive_timeout_seconds,
                   "Seconds an idle connection waits for its next request")
      ->envname("GYMCC_KEEP_ALIVE_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve
      ->add_option("--header-timeout", serve_args.header_timeout_seconds,
                   "Seconds from a request's first byte to its last header (and a TLS handshake)")
      ->envname("GYMCC_HEADER_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve
      ->add_option("--body-timeout", serve_args.body_timeout_seconds,
                   "Seconds to read a request body, or to write an answer")
      ->envname("GYMCC_BODY_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve
      ->add_option("--grpc-port", serve_args.grpc_port,
                   "Also serve DeepMind's dm_env_rpc protocol over gRPC on this port (0: a free "
                   "one, printed; -1: off), with the same host, keys, TLS and limits")
      ->envname("GYMCC_GRPC_PORT")
      ->check(CLI::Range(-1, 65535))
      ->capture_default_str();
  serve
      ->add_option("--grpc-max-streams", serve_args.grpc_max_streams,
                   "Most concurrent gRPC streams; more are refused RESOURCE_EXHAUSTED")
      ->envname("GYMCC_GRPC_MAX_STREAMS")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  serve
      ->add_option("--monitor-dir", serve_args.monitor_dir,
                   "Legacy API: the directory monitor/start's directories must be inside")
      ->envname("GYMCC_MONITOR_DIR")
      ->capture_default_str();
  serve
      ->add_option("--max-env-memory", serve_args.max_env_memory_mib,
                   "MiB one instance may take (a FrozenLake map, num_envs sub-envs), else 400 "
                   "model_too_large")
      ->envname("GYMCC_MAX_ENV_MEMORY")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve
      ->add_option("--env-memory-budget", serve_args.env_memory_budget_mib,
                   "MiB all instances may take together, else 503 at_capacity (0: half the "
                   "machine's memory)")
      ->envname("GYMCC_ENV_MEMORY_BUDGET")
      ->capture_default_str();
  serve
      ->add_option("--allowed-hosts", serve_args.allowed_hosts,
                   "Comma-separated Host names requests may carry (against DNS rebinding); '*' any "
                   "(default: the loopback names when bound to a loopback address, else any)")
      ->envname("GYMCC_ALLOWED_HOSTS");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "gymcc: error: %s (see gymcc --help)\n", e.what());
    return kExitBadInput;
  }

  try {
    const gymcc::Registry& registry = gymcc::envs::default_registry();
    if (*list) return run_list(registry, list_args);
    if (*rollout) return run_rollout(registry, rollout_args);
    if (*replay) return run_replay(registry, replay_args);
    if (*serve) return run_serve(registry, serve_args);
  } catch (const gymcc::Error& e) {
    std::fprintf(stderr, "gymcc: error: %s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gymcc: internal error: %s\n", e.what());
    return 3;
  }
  return kExitBadInput;
}
