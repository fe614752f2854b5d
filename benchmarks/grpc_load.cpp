// The gRPC (dm_env_rpc) load generator of benchmarks/run.py, and its floor.
//
//   gymcc_grpc_load step --address 127.0.0.1:P [--env-id CartPole-v1] [--duration 3]
//                        [--warmup 1] [--window 32]
//
// On one stream to `gymcc serve --grpc-port`: CreateWorld + JoinWorld, then
// single-step round trips for --duration (latency percentiles), then the same
// steps pipelined with --window requests in flight (steps/s). Then it starts
// itself as `echo-server`, which answers every request with the very bytes
// gymcc answered (a canned step reply of the same size, no env behind it), and
// measures the same two loops there: the gRPC floor. One JSON line per
// measurement. The single-step loops of gymcc and the echo alternate in
// slices of 0.1 s, so that both see the same machine.
#include <grpcpp/grpcpp.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "dm_env_rpc/v1/dm_env_rpc.grpc.pb.h"

extern char** environ;

namespace {

namespace pb = dm_env_rpc::v1;
using Clock = std::chrono::steady_clock;
using Stream = grpc::ClientReaderWriter<pb::EnvironmentRequest, pb::EnvironmentResponse>;

struct Options {
  std::string address;
  std::string env_id = "CartPole-v1";
  double duration = 3.0;
  double warmup = 1.0;
  int window = 32;
};

pb::EnvironmentResponse round_trip(Stream& stream, const pb::EnvironmentRequest& request) {
  pb::EnvironmentResponse response;
  if (!stream.Write(request) || !stream.Read(&response)) {
    throw std::runtime_error("the stream closed");
  }
  if (response.has_error()) throw std::runtime_error(response.error().message());
  return response;
}

// The step requests of the loops: CartPole's two actions, every observation
// a training loop reads (observation, reward, terminated, truncated).
std::vector<pb::EnvironmentRequest> step_requests(const pb::ActionObservationSpecs& specs) {
  std::vector<std::uint64_t> uids;
  for (const auto& [uid, spec] : specs.observations()) {
    if (spec.name() == "observation" || spec.name() == "reward" || spec.name() == "terminated" ||
        spec.name() == "truncated") {
      uids.push_back(uid);
    }
  }
  std::sort(uids.begin(), uids.end());
  std::vector<pb::EnvironmentRequest> out(2);
  for (std::int64_t action = 0; action < 2; ++action) {
    pb::StepRequest& step = *out[static_cast<std::size_t>(action)].mutable_step();
    (*step.mutable_actions())[1].mutable_int64s()->add_array(action);
    for (const std::uint64_t uid : uids) step.add_requested_observations(uid);
  }
  return out;
}

// One stream's single-step round trips until `until`, latencies in micros.
void lockstep_slice(Stream& stream, const std::vector<pb::EnvironmentRequest>& requests,
                    Clock::time_point until, bool record, std::vector<double>& micros) {
  pb::EnvironmentResponse response;
  for (std::size_t i = 0;; ++i) {
    const auto started = Clock::now();
    if (started >= until) return;
    if (!stream.Write(requests[i % 2]) || !stream.Read(&response)) {
      throw std::runtime_error("the stream closed");
    }
    if (response.has_error()) throw std::runtime_error(response.error().message());
    if (record) {
      micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - started).count());
    }
  }
}

// Steps/s with `window` requests in flight: a writer thread and this reader.
double pipelined(Stream& stream, const std::vector<pb::EnvironmentRequest>& requests,
                 const Options& o, std::size_t& errors) {
  std::mutex mutex;
  std::condition_variable slot_free;
  int in_flight = 0;
  std::atomic<bool> stop{false};
  std::size_t written = 0;
  std::thread writer([&] {
    for (std::size_t i = 0; !stop.load(); ++i) {
      {
        std::unique_lock lock(mutex);
        slot_free.wait(lock, [&] { return in_flight < o.window || stop.load(); });
        if (stop.load()) break;
        ++in_flight;
      }
      if (!stream.Write(requests[i % 2])) break;
      ++written;
    }
  });
  pb::EnvironmentResponse response;
  const auto warm_until = Clock::now() + std::chrono::duration<double>(o.warmup);
  const auto until = warm_until + std::chrono::duration<double>(o.duration);
  std::size_t counted = 0;
  Clock::time_point first;
  bool counting = false;
  while (stream.Read(&response)) {
    if (response.has_error()) ++errors;
    {
      const std::lock_guard lock(mutex);
      --in_flight;
    }
    slot_free.notify_one();
    const auto now = Clock::now();
    if (!counting && now >= warm_until) {
      counting = true;
      first = now;
    }
    if (counting) ++counted;
    if (now >= until) break;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - first).count();
  stop.store(true);
  slot_free.notify_all();
  writer.join();
  // Drain the replies still in flight, so the stream ends cleanly.
  stream.WritesDone();
  while (stream.Read(&response)) {
  }
  return static_cast<double>(counted) / seconds;
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

void print_result(const char* target, const std::vector<double>& micros, double steps_per_s,
                  std::size_t request_bytes, std::size_t reply_bytes, std::size_t errors,
                  const Options& o) {
  double sum = 0;
  for (const double m : micros) sum += m;
  std::printf(
      "{\"mode\":\"grpc-step\",\"target\":\"%s\",\"count\":%zu,\"p50\":%.2f,\"p90\":%.2f,"
      "\"p99\":%.2f,\"max\":%.2f,\"mean\":%.2f,\"pipelined_steps_per_s\":%.0f,\"window\":%d,"
      "\"request_bytes\":%zu,\"reply_bytes\":%zu,\"errors\":%zu}\n",
      target, micros.size(), percentile(micros, 0.5), percentile(micros, 0.9),
      percentile(micros, 0.99),
      micros.empty() ? 0.0 : *std::max_element(micros.begin(), micros.end()),
      micros.empty() ? 0.0 : sum / static_cast<double>(micros.size()), steps_per_s, o.window,
      request_bytes, reply_bytes, errors);
  std::fflush(stdout);
}

// A stream joined to a world of `address`, and the step requests for it.
struct Target {
  std::unique_ptr<pb::Environment::Stub> stub;
  grpc::ClientContext context;
  std::unique_ptr<Stream> stream;
  std::vector<pb::EnvironmentRequest> requests;
  std::string world;
  std::vector<double> micros;
  double steps_per_s = 0;
  std::size_t errors = 0;

  explicit Target(const std::string& address)
      : stub(pb::Environment::NewStub(
            grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))),
        stream(stub->Process(&context)) {}

  void finish() {
    stream->WritesDone();
    (void)stream->Finish();
  }
};

// Single-step round trips on the two targets in alternating slices, so that
// both see the same machine; then each one's pipelined throughput on a new
// stream joined to the same world.
void measure(Target& a, Target& b, const std::string& address_a, const std::string& address_b,
             const Options& o) {
  constexpr double kSliceSeconds = 0.2;
  const auto warm_until = Clock::now() + std::chrono::duration<double>(o.warmup);
  while (Clock::now() < warm_until) {
    lockstep_slice(*a.stream, a.requests, Clock::now() + std::chrono::milliseconds(50), false,
                   a.micros);
    lockstep_slice(*b.stream, b.requests, Clock::now() + std::chrono::milliseconds(50), false,
                   b.micros);
  }
  const auto slices = static_cast<int>(std::max(1.0, o.duration / kSliceSeconds));
  for (int i = 0; i < slices; ++i) {
    for (Target* t : {&a, &b}) {
      lockstep_slice(*t->stream, t->requests,
                     Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(kSliceSeconds / 2)),
                     true, t->micros);
    }
  }
  a.finish();
  b.finish();
  for (auto [t, address] : {std::pair{&a, &address_a}, std::pair{&b, &address_b}}) {
    Target piped(*address);
    pb::EnvironmentRequest join;
    join.mutable_join_world()->set_world_name(t->world);
    const pb::EnvironmentResponse joined = round_trip(*piped.stream, join);
    t->steps_per_s =
        pipelined(*piped.stream, step_requests(joined.join_world().specs()), o, t->errors);
    (void)piped.stream->Finish();
  }
}

// ---- The floor: a server that answers each request with canned bytes.

class EchoService final : public pb::Environment::Service {
 public:
  EchoService(pb::EnvironmentResponse step, pb::EnvironmentResponse join)
      : step_(std::move(step)), join_(std::move(join)) {}
  grpc::Status Process(
      grpc::ServerContext*,
      grpc::ServerReaderWriter<pb::EnvironmentResponse, pb::EnvironmentRequest>* stream) override {
    pb::EnvironmentRequest request;
    pb::EnvironmentResponse created;
    created.mutable_create_world()->set_world_name("echo");
    while (stream->Read(&request)) {
      const pb::EnvironmentResponse& reply = request.has_step()         ? step_
                                             : request.has_join_world() ? join_
                                                                        : created;
      if (!stream->Write(reply)) break;
    }
    return grpc::Status::OK;
  }

 private:
  pb::EnvironmentResponse step_, join_;
};

std::string hex_of(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::string bytes_of(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

int echo_server(const std::string& step_hex, const std::string& join_hex) {
  pb::EnvironmentResponse step, join;
  step.ParseFromString(bytes_of(step_hex));
  join.ParseFromString(bytes_of(join_hex));
  EchoService service(step, join);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  const auto server = builder.BuildAndStart();
  std::printf("%d\n", port);
  std::fflush(stdout);
  // Serves until the parent closes our stdin.
  char c;
  while (read(0, &c, 1) > 0) {
  }
  server->Shutdown();
  return 0;
}

int run_step(const Options& o) {
  Target gymcc(o.address);
  pb::EnvironmentRequest create;
  auto& settings = *create.mutable_create_world()->mutable_settings();
  settings["env_id"].mutable_strings()->add_array(o.env_id);
  settings["seed"].mutable_int64s()->add_array(0);
  gymcc.world = round_trip(*gymcc.stream, create).create_world().world_name();
  pb::EnvironmentRequest join;
  join.mutable_join_world()->set_world_name(gymcc.world);
  const pb::EnvironmentResponse sample_join = round_trip(*gymcc.stream, join);
  gymcc.requests = step_requests(sample_join.join_world().specs());
  round_trip(*gymcc.stream, gymcc.requests[0]);  // the first step: a reset
  const pb::EnvironmentResponse sample_step = round_trip(*gymcc.stream, gymcc.requests[1]);
  const std::size_t request_bytes = gymcc.requests[1].ByteSizeLong();

  // The echo server, as a process of its own like gymcc's.
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  posix_spawn_file_actions_addclose(&actions, to_child[1]);
  posix_spawn_file_actions_addclose(&actions, from_child[0]);
  std::string self = "/proc/self/exe", mode = "echo-server";
  std::string step_hex = hex_of(sample_step.SerializeAsString());
  std::string join_hex = hex_of(sample_join.SerializeAsString());
  char* argv[] = {self.data(), mode.data(), step_hex.data(), join_hex.data(), nullptr};
  pid_t child = 0;
  if (posix_spawn(&child, self.c_str(), &actions, nullptr, argv, environ) != 0) {
    throw std::runtime_error("cannot start the echo server");
  }
  close(to_child[0]);
  close(from_child[1]);
  std::string port;
  char c;
  while (read(from_child[0], &c, 1) > 0 && c != '\n') port.push_back(c);
  const std::string echo_address = "127.0.0.1:" + port;
  Target echo(echo_address);
  echo.world = "echo";
  join.mutable_join_world()->set_world_name(echo.world);
  echo.requests = step_requests(round_trip(*echo.stream, join).join_world().specs());

  measure(gymcc, echo, o.address, echo_address, o);
  print_result("gymcc", gymcc.micros, gymcc.steps_per_s, request_bytes, sample_step.ByteSizeLong(),
               gymcc.errors, o);
  print_result("echo", echo.micros, echo.steps_per_s, request_bytes, sample_step.ByteSizeLong(),
               echo.errors, o);
  close(to_child[1]);
  waitpid(child, nullptr, 0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "echo-server") return echo_server(argv[2], argv[3]);
  CLI::App app{"gRPC (dm_env_rpc) step latency and pipelined throughput, and the echo floor"};
  Options o;
  auto* step = app.add_subcommand("step", "lockstep and pipelined steps on gymcc, then on echo");
  step->add_option("--address", o.address, "host:port of gymcc serve --grpc-port")->required();
  step->add_option("--env-id", o.env_id)->capture_default_str();
  step->add_option("--duration", o.duration, "seconds per loop")->capture_default_str();
  step->add_option("--warmup", o.warmup, "seconds before measuring")->capture_default_str();
  step->add_option("--window", o.window, "pipelined requests in flight")->capture_default_str();
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  try {
    return run_step(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gymcc_grpc_load: %s\n", e.what());
    return 1;
  }
}
