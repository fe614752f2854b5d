// gymcc_http_load: a synchronous keep-alive HTTP load client on Boost.Beast,
// the in-house counterpart of wrk in benchmarks/run.py. Every request's
// latency is recorded (no sampling, no histogram buckets) and the percentiles
// come from the sorted samples. Prints one JSON object on stdout; asserts
// nothing about timings.
//
//   step   N threads x 1 keep-alive connection each, each with its own env:
//          create + reset (untimed), then POST .../step/ in a loop, resetting
//          when an episode ends (resets are not step samples), for
//          --warmup + --duration seconds; only the --duration window counts.
//   fixed  the same loop against a fixed --path and --body (the nginx floor).
//   create --count envs on one connection: POST /v1/envs/ then POST reset for
//          each, timing both; writes the instance ids to --ids-out.
//   delete DELETE every id in --ids-in on one connection, timing each.
//
// Only ever pointed at 127.0.0.1 by the harness. Bounded: a watchdog ends the
// process (exit 3) if the load overruns its time by --grace seconds.

#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "load_common.hpp"

namespace bench = gymcc::bench;
namespace http = boost::beast::http;
using Clock = bench::Clock;

namespace {

constexpr const char* kTool = "gymcc_http_load";

struct Options {
  std::string mode = "step";
  std::string host = "127.0.0.1";
  std::string port;
  int connections = 1;
  double duration = 3.0;
  double warmup = 0.5;
  double grace = 30.0;
  std::string env_id = "CartPole-v1";
  std::vector<std::string> actions;  // JSON texts, cycled
  std::string path = "/v1/envs/00000000-0000-0000-0000-000000000000/step/";
  std::string body = "{\"action\":1}";
  long count = 1000;
  std::string ids_in;
  std::string ids_out;
  int cdf_points = 0;  // quantiles to print for charts (0: none)
};

[[noreturn]] void usage(const std::string& message) {
  std::fprintf(
      stderr,
      "gymcc_http_load: %s\n"
      "usage: gymcc_http_load --port P [--host 127.0.0.1] [--mode step|fixed|create|delete]\n"
      "  step/fixed: [--connections N] [--duration S] [--warmup S] [--env-id ID]\n"
      "              [--action JSON]... [--path P --body JSON] [--cdf-points K]\n"
      "  create:     [--count N] [--env-id ID] --ids-out FILE\n"
      "  delete:     --ids-in FILE\n",
      message.c_str());
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  using Setter = std::function<void(const std::string&)>;
  const std::map<std::string, Setter, std::less<>> setters = {
      {"--mode", [&](const std::string& v) { o.mode = v; }},
      {"--host", [&](const std::string& v) { o.host = v; }},
      {"--port", [&](const std::string& v) { o.port = v; }},
      {"--connections", [&](const std::string& v) { o.connections = std::stoi(v); }},
      {"--duration", [&](const std::string& v) { o.duration = std::stod(v); }},
      {"--warmup", [&](const std::string& v) { o.warmup = std::stod(v); }},
      {"--grace", [&](const std::string& v) { o.grace = std::stod(v); }},
      {"--env-id", [&](const std::string& v) { o.env_id = v; }},
      {"--action", [&](const std::string& v) { o.actions.push_back(v); }},
      {"--path", [&](const std::string& v) { o.path = v; }},
      {"--body", [&](const std::string& v) { o.body = v; }},
      {"--count", [&](const std::string& v) { o.count = std::stol(v); }},
      {"--ids-in", [&](const std::string& v) { o.ids_in = v; }},
      {"--ids-out", [&](const std::string& v) { o.ids_out = v; }},
      {"--cdf-points", [&](const std::string& v) { o.cdf_points = std::stoi(v); }},
  };
  for (int i = 1; i < argc; i += 2) {
    const std::string_view flag = argv[i];
    const auto setter = setters.find(flag);
    if (setter == setters.end()) usage("unknown argument " + std::string(flag));
    if (i + 1 >= argc) usage("missing value for " + std::string(flag));
    try {
      setter->second(argv[i + 1]);
    } catch (const std::logic_error&) {
      usage("bad value for " + std::string(flag));
    }
  }
  if (o.port.empty()) usage("--port is required");
  if (o.mode != "step" && o.mode != "fixed" && o.mode != "create" && o.mode != "delete")
    usage("unknown mode " + o.mode);
  if (o.connections < 1 || o.connections > 1024) usage("--connections must be 1..1024");
  if (o.duration <= 0 || o.warmup < 0) usage("--duration must be > 0, --warmup >= 0");
  if (o.count < 1) usage("--count must be >= 1");
  if (o.mode == "create" && o.ids_out.empty()) usage("create needs --ids-out");
  if (o.mode == "delete" && o.ids_in.empty()) usage("delete needs --ids-in");
  if (o.actions.empty()) o.actions = {"0", "1"};
  return o;
}

std::string json_string_field(const std::string& body, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":\"";
  const std::size_t at = body.find(needle);
  if (at == std::string::npos) throw std::runtime_error("no " + std::string(key) + " in " + body);
  const std::size_t start = at + needle.size();
  const std::size_t end = body.find('"', start);
  if (end == std::string::npos) throw std::runtime_error("bad " + std::string(key) + " in " + body);
  return body.substr(start, end - start);
}

std::string create_env(bench::HttpConnection& c, const std::string& env_id) {
  const unsigned status =
      c.request(http::verb::post, "/v1/envs/", "{\"env_id\":\"" + env_id + "\"}");
  if (status != 200)
    throw std::runtime_error("create " + env_id + ": HTTP " + std::to_string(status) + " " +
                             c.body());
  return json_string_field(c.body(), "instance_id");
}

void reset_env(bench::HttpConnection& c, const std::string& id, std::optional<long> seed) {
  const std::string body = seed ? "{\"seed\":" + std::to_string(*seed) + "}" : "{}";
  const unsigned status = c.request(http::verb::post, "/v1/envs/" + id + "/reset/", body);
  if (status != 200)
    throw std::runtime_error("reset: HTTP " + std::to_string(status) + " " + c.body());
}

struct Stats {
  std::vector<std::int64_t> ns;  // one latency per request, nanoseconds
  long errors = 0;
  long resets = 0;
  std::string error;
};

bool episode_over(const std::string& body) {
  return body.find("\"terminated\":true") != std::string::npos ||
         body.find("\"truncated\":true") != std::string::npos;
}

int run_load(const Options& o) {
  const bool fixed = o.mode == "fixed";
  const std::size_t n = static_cast<std::size_t>(o.connections);
  std::vector<Stats> stats(n);
  const auto warmup = bench::seconds(o.warmup);
  const auto duration = bench::seconds(o.duration);

  auto worker = [&](std::size_t index, const auto& wait_for_start) {
    Stats& st = stats[index];
    std::unique_ptr<bench::HttpConnection> conn;
    std::string id;
    std::string target = o.path;
    std::vector<std::string> requests;  // prepared, cycled
    try {
      conn = std::make_unique<bench::HttpConnection>(o.host, o.port);
      if (fixed) {
        requests.push_back(conn->prepare(http::verb::post, target, o.body));
      } else {
        id = create_env(*conn, o.env_id);
        reset_env(*conn, id, static_cast<long>(index));
        target = "/v1/envs/" + id + "/step/";
        for (const std::string& a : o.actions)
          requests.push_back(conn->prepare(http::verb::post, target, "{\"action\":" + a + "}"));
      }
      st.ns.reserve(1 << 16);
    } catch (const std::exception& e) {
      st.error = e.what();
      ++st.errors;
    }
    const Clock::time_point start = wait_for_start();
    if (!st.error.empty()) return;
    const Clock::time_point measure_from = start + warmup;
    const Clock::time_point end = measure_from + duration;
    std::size_t t = index;
    try {
      for (;;) {
        const Clock::time_point sent = Clock::now();
        if (sent >= end) break;
        const unsigned status = conn->send(requests[t++ % requests.size()]);
        const Clock::time_point received = Clock::now();
        if (status != 200) {
          ++st.errors;
          if (st.error.empty()) st.error = "HTTP " + std::to_string(status) + " " + conn->body();
          if (st.errors > 100) break;
        } else if (sent >= measure_from && received <= end) {
          st.ns.push_back(bench::ns_between(sent, received));
        }
        if (!fixed && episode_over(conn->body())) {
          reset_env(*conn, id, std::nullopt);  // continues the env's RNG
          ++st.resets;
        }
      }
      if (!fixed) conn->request(http::verb::delete_, "/v1/envs/" + id + "/", "");
    } catch (const std::exception& e) {
      ++st.errors;
      if (st.error.empty()) st.error = e.what();
    }
  };

  {
    bench::Watchdog watchdog(kTool, bench::seconds(o.warmup + o.duration + o.grace));
    bench::run_together(n, worker);
  }

  std::vector<std::int64_t> all;
  long errors = 0, resets = 0;
  std::string first_error;
  for (Stats& st : stats) {
    all.insert(all.end(), st.ns.begin(), st.ns.end());
    errors += st.errors;
    resets += st.resets;
    if (first_error.empty()) first_error = st.error;
  }
  const double rps = static_cast<double>(all.size()) / o.duration;
  std::printf(
      "{\"mode\":\"%s\",\"connections\":%d,\"threads\":%d,\"duration_s\":%.3f,\"warmup_s\":%.3f,"
      "\"requests\":%zu,\"errors\":%ld,\"resets\":%ld,\"throughput_rps\":%.1f,\"first_error\":%s,"
      "\"latency_us\":%s}\n",
      o.mode.c_str(), o.connections, o.connections, o.duration, o.warmup, all.size(), errors,
      resets, rps, bench::quoted(first_error).c_str(),
      bench::latency_json(all, o.cdf_points).c_str());
  return errors == 0 ? 0 : 1;
}

int run_create(const Options& o) {
  std::vector<std::int64_t> create_ns, reset_ns, both_ns;
  std::vector<std::string> ids;
  create_ns.reserve(static_cast<std::size_t>(o.count));
  reset_ns.reserve(static_cast<std::size_t>(o.count));
  {
    bench::Watchdog watchdog(kTool, bench::seconds(o.grace + static_cast<double>(o.count) * 0.01));
    bench::HttpConnection conn(o.host, o.port);
    for (long i = 0; i < o.count; ++i) {
      const auto t0 = Clock::now();
      ids.push_back(create_env(conn, o.env_id));
      const auto t1 = Clock::now();
      reset_env(conn, ids.back(), i);
      const auto t2 = Clock::now();
      create_ns.push_back(bench::ns_between(t0, t1));
      reset_ns.push_back(bench::ns_between(t1, t2));
      both_ns.push_back(bench::ns_between(t0, t2));
    }
  }
  std::ofstream out(o.ids_out);
  for (const std::string& id : ids) out << id << '\n';
  if (!out.flush()) throw std::runtime_error("cannot write " + o.ids_out);
  std::printf(
      "{\"mode\":\"create\",\"count\":%ld,\"env_id\":%s,\"create_latency_us\":%s,"
      "\"reset_latency_us\":%s,\"create_reset_latency_us\":%s}\n",
      o.count, bench::quoted(o.env_id).c_str(), bench::latency_json(create_ns, 0).c_str(),
      bench::latency_json(reset_ns, 0).c_str(), bench::latency_json(both_ns, 0).c_str());
  return 0;
}

int run_delete(const Options& o) {
  std::vector<std::string> ids;
  std::ifstream in(o.ids_in);
  if (!in) throw std::runtime_error("cannot read " + o.ids_in);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) ids.push_back(line);
  std::vector<std::int64_t> delete_ns;
  delete_ns.reserve(ids.size());
  long errors = 0;
  {
    bench::Watchdog watchdog(kTool,
                             bench::seconds(o.grace + static_cast<double>(ids.size()) * 0.01));
    bench::HttpConnection conn(o.host, o.port);
    for (const std::string& id : ids) {
      const auto t0 = Clock::now();
      const unsigned status = conn.request(http::verb::delete_, "/v1/envs/" + id + "/", "");
      delete_ns.push_back(bench::ns_between(t0, Clock::now()));
      if (status != 200) ++errors;
    }
  }
  std::printf("{\"mode\":\"delete\",\"count\":%zu,\"errors\":%ld,\"delete_latency_us\":%s}\n",
              ids.size(), errors, bench::latency_json(delete_ns, 0).c_str());
  return errors == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  try {
    if (options.mode == "create") return run_create(options);
    if (options.mode == "delete") return run_delete(options);
    return run_load(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gymcc_http_load: error: %s\n", e.what());
    return 1;
  }
}
