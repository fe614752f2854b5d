// The legacy dialect: openai/gym-http-api's routes, bodies and errors, so its
// clients in a dozen languages work unchanged. Every error is 400 {"message"}
// (the router maps them), and instance ids are 8 hex digits.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "serve/body.hpp"
#include "serve/logger.hpp"
#include "serve/ops/env_ops.hpp"
#include "serve/rest/handlers.hpp"

namespace gymcc::serve::rest::legacy {

namespace {

// Old gym ids that legacy clients (and their tests) still create.
const std::map<std::string, std::string, std::less<>>& legacy_aliases() {
  static const std::map<std::string, std::string, std::less<>> aliases = {
      {"FrozenLake-v0", "FrozenLake-v1"},
      {"FrozenLake8x8-v0", "FrozenLake8x8-v1"},
      {"Pendulum-v0", "Pendulum-v1"},
  };
  return aliases;
}

[[noreturn]] void fail(std::string message) { throw ClientError{400, "bad_request", message}; }

// Flask's text replies (`return '', 204`, `return 'text'`) carry this type; strict clients
// (the Haskell binding) reject a 204 without it.
constexpr std::string_view kFlaskTextType = "text/html; charset=utf-8";

Response no_content() {
  Response r;
  r.status = 204;
  // The transport writes no Content-Type for a 204 itself: it goes as an extra header.
  r.headers.emplace_back("Content-Type", std::string(kFlaskTextType));
  return r;
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Flask's request.get_json(): null when the body is not JSON.
Value legacy_json(const Request& request) {
  try {
    return json::parse(request.body);
  } catch (const Error&) {
    fail("Request is not a valid json");
  }
}

// get_required_param: None, '' and [] all count as missing.
const Value& required_param(const Value& json, std::string_view name) {
  if (!json.is_dict()) fail("Request is not a valid json");
  const Value* v = json.find(name);
  const bool missing = v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty()) ||
                       (v->is_list() && v->as_list().empty());
  if (missing) fail("A required request parameter '" + std::string(name) + "' was not provided");
  return *v;
}

const Value* optional_param(const Value& json, std::string_view name) {
  if (!json.is_dict()) fail("Request is not a valid json");
  const Value* v = json.find(name);
  if (v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty())) return nullptr;
  return v;
}

// The legacy space info: Box bounds flattened, ±inf as ±1e100.
Value legacy_space_info(const Space& space) {
  Dict info{{"name", std::string(space.name())}};
  if (space.kind() == Space::Kind::kDiscrete) {
    info.emplace_back("n", space.n());
  } else if (space.kind() == Space::Kind::kBox) {
    List shape, low, high;
    for (std::int64_t extent : space.shape()) shape.emplace_back(extent);
    auto finite = [](double v) { return std::isinf(v) ? std::copysign(1e100, v) : v; };
    for (double v : space.low()) low.emplace_back(finite(v));
    for (double v : space.high()) high.emplace_back(finite(v));
    info.emplace_back("shape", Value(std::move(shape)));
    info.emplace_back("low", Value(std::move(low)));
    info.emplace_back("high", Value(std::move(high)));
  }
  return Value(std::move(info));
}

void write_monitor_file(const std::string& instance_id, const MonitorLog& log) {
  namespace fs = std::filesystem;
  fs::create_directories(log.directory);
  List timestamps, lengths, rewards, types;
  for (double t : log.timestamps) timestamps.emplace_back(t);
  for (std::int64_t n : log.episode_lengths) lengths.emplace_back(n);
  for (double r : log.episode_rewards) rewards.emplace_back(r);
  for (std::size_t i = 0; i < log.episode_lengths.size(); ++i) types.emplace_back("t");
  const Value stats(Dict{{"initial_reset_timestamp", log.initial_reset_timestamp},
                         {"timestamps", Value(std::move(timestamps))},
                         {"episode_lengths", Value(std::move(lengths))},
                         {"episode_rewards", Value(std::move(rewards))},
                         {"episode_types", Value(std::move(types))}});
  const fs::path path =
      fs::path(log.directory) / ("openaigym.episode_batch." + instance_id + ".stats.json");
  std::ofstream out(path);
  out << json::to_string(stats);
  if (!out) fail("Could not write monitor file " + path.string());
}

void finish_monitor_episode(MonitorLog& log) {
  if (!log.episode_open) return;
  log.timestamps.push_back(now_seconds());
  log.episode_lengths.push_back(log.current_length);
  log.episode_rewards.push_back(log.current_reward);
  log.episode_open = false;
}

// A client's monitor directory, inside the server's --monitor-dir: relative
// to it, or absolute but within it; `..` and symbolic links may not lead out.
std::string confined_directory(const std::string& root_dir, const std::string& requested) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::absolute(root_dir, ec), ec);
  if (ec) fail("The monitor root --monitor-dir '" + root_dir + "' is unusable: " + ec.message());
  const fs::path asked(requested);
  const fs::path target = fs::weakly_canonical(asked.is_absolute() ? asked : root / asked, ec);
  if (ec) fail("Cannot use monitor directory '" + requested + "': " + ec.message());
  const auto [in_root, in_target] =
      std::mismatch(root.begin(), root.end(), target.begin(), target.end());
  if (in_root != root.end()) {
    fail("The monitor directory '" + requested + "' is outside the server's --monitor-dir '" +
         root.string() + "'");
  }
  return target.string();
}

std::shared_ptr<Instance> lookup(const InstanceStore& store, const RouteMatch& match) {
  const std::string_view id = match.id;
  auto instance = store.find(id, match.caller.owner);
  if (!instance) fail("Instance_id " + std::string(id) + " unknown");
  return instance;
}

}  // namespace

Response create_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const Value json = legacy_json(request);
  const Value& env_id = required_param(json, "env_id");
  if (!env_id.is_string()) fail("A required request parameter 'env_id' was not provided");
  std::optional<Seed> seed;
  if (optional_param(json, "seed") != nullptr) seed = seed_field(json, "seed");
  if (context.services.store.admit(1, 0, match.caller) != Refusal::kNone) {
    fail("The server holds its maximum number of instances (--max-envs)");
  }
  const std::string& requested = env_id.as_string();
  const auto alias = legacy_aliases().find(requested);
  const std::string& id = alias != legacy_aliases().end() ? alias->second : requested;
  std::shared_ptr<Instance> instance;
  try {
    instance = ops::make_env(context.services, match.caller, id, MakeOptions{}, IdStyle::kShortHex8,
                             seed, requested);
  } catch (const Error& e) {
    fail("Attempted to look up malformed environment ID '" + requested + "': " + e.what());
  }
  return json_response(200, Value(Dict{{"instance_id", instance->id()}}));
}

Response list_envs(RestContext& context, const Request&, const RouteMatch& match) {
  Dict all;
  for (const auto& instance : context.services.store.list(match.caller.owner))
    all.emplace_back(instance->id(), instance->listed_id());
  return json_response(200, Value(Dict{{"all_envs", Value(std::move(all))}}));
}

Response reset_env(RestContext& context, const Request&, const RouteMatch& match) {
  const auto instance = lookup(context.services.store, match);
  instance->touch();
  Instance::Lock lock(*instance);
  const Env::Reset result = ops::reset_locked(lock, std::nullopt, nullptr);
  if (auto& monitor = lock.stats().monitor) {
    finish_monitor_episode(*monitor);
    if (monitor->initial_reset_timestamp == 0) monitor->initial_reset_timestamp = now_seconds();
    monitor->current_length = 0;
    monitor->current_reward = 0;
    monitor->episode_open = true;
  }
  return json_response(200, Value(Dict{{"observation", result.observation}}));
}

Response step_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const Value json = legacy_json(request);
  const auto instance = lookup(context.services.store, match);
  if (!json.is_dict() || json.find("action") == nullptr || json.find("action")->is_null()) {
    fail("A required request parameter 'action' was not provided");
  }
  const Value& action = *json.find("action");
  instance->touch();
  Instance::Lock lock(*instance);
  const Env::Step result = ops::step_locked(context.services, lock, action);
  if (auto& monitor = lock.stats().monitor) {
    ++monitor->current_length;
    monitor->current_reward += result.reward;
  }
  Response r;
  r.body = "{\"observation\":";
  json::write(result.observation, r.body, kResponseJson);
  r.body += ",\"reward\":";
  json::write_double(result.reward, r.body, kResponseJson);
  r.body += (result.terminated || result.truncated) ? ",\"done\":true" : ",\"done\":false";
  r.body += ",\"info\":";
  json::write(result.info, r.body, kResponseJson);
  r.body += '}';
  return r;
}

namespace {

Response space(RestContext& context, const RouteMatch& match, bool action) {
  const auto instance = lookup(context.services.store, match);
  const Env& env = instance->env_unlocked();
  return json_response(
      200, Value(Dict{{"info",
                       legacy_space_info(action ? env.action_space() : env.observation_space())}}));
}

}  // namespace

Response action_space(RestContext& context, const Request&, const RouteMatch& match) {
  return space(context, match, true);
}

Response observation_space(RestContext& context, const Request&, const RouteMatch& match) {
  return space(context, match, false);
}

Response sample_action(RestContext& context, const Request&, const RouteMatch& match) {
  const auto instance = lookup(context.services.store, match);
  Instance::Lock lock(*instance);
  return json_response(200, Value(Dict{{"action", lock.env().action_space().sample()}}));
}

Response action_contains(RestContext& context, const Request&, const RouteMatch& match) {
  const auto instance = lookup(context.services.store, match);
  const std::string_view x = match.arg;
  // gym-http-api checks contains(int(x)).
  const Value parsed = [&] {
    try {
      return json::parse(x);
    } catch (const Error&) {
      fail("invalid literal for int() with base 10: '" + std::string(x) + "'");
    }
  }();
  if (!parsed.is_int()) fail("invalid literal for int() with base 10: '" + std::string(x) + "'");
  return json_response(
      200, Value(Dict{{"member", instance->env_unlocked().action_space().contains(parsed)}}));
}

Response observation_contains(RestContext& context, const Request& request,
                              const RouteMatch& match) {
  const Value json = legacy_json(request);
  const auto instance = lookup(context.services.store, match);
  if (!json.is_dict()) fail("Request is not a valid json");
  const Value info = legacy_space_info(instance->env_unlocked().observation_space());
  bool member = true;
  for (const auto& [key, value] : json.as_dict()) {
    const Value* ours = info.find(key);
    // Compared as JSON text, as gym-http-api does; ints and floats differ there too.
    if (ours == nullptr) fail("Observation space has no property '" + key + "'");
    if (json::to_string(*ours) != json::to_string(value)) member = false;
  }
  return json_response(200, Value(Dict{{"member", member}}));
}

Response close_env(RestContext& context, const Request&, const RouteMatch& match) {
  const auto instance = lookup(context.services.store, match);
  {
    Instance::Lock lock(*instance);
    if (auto& monitor = lock.stats().monitor) {
      finish_monitor_episode(*monitor);
      write_monitor_file(instance->id(), *monitor);
    }
  }
  context.services.store.remove(match.id, match.caller.owner);
  return no_content();
}

Response monitor_start(RestContext& context, const Request& request, const RouteMatch& match) {
  const Value json = legacy_json(request);
  const auto instance = lookup(context.services.store, match);
  const Value& directory = required_param(json, "directory");
  if (!directory.is_string()) fail("A required request parameter 'directory' was not provided");
  MonitorLog log;
  log.directory = confined_directory(context.options.monitor_dir, directory.as_string());
  std::error_code ec;
  std::filesystem::create_directories(log.directory, ec);
  if (ec) fail("Cannot create monitor directory '" + log.directory + "': " + ec.message());
  Instance::Lock lock(*instance);
  lock.stats().monitor = std::move(log);
  return no_content();
}

Response monitor_close(RestContext& context, const Request&, const RouteMatch& match) {
  const auto instance = lookup(context.services.store, match);
  Instance::Lock lock(*instance);
  auto& monitor = lock.stats().monitor;
  if (!monitor) fail("Monitor for instance " + std::string(match.id) + " was not started");
  finish_monitor_episode(*monitor);
  write_monitor_file(instance->id(), *monitor);
  monitor.reset();
  return no_content();
}

Response upload(RestContext&, const Request& request, const RouteMatch&) {
  const Value json = legacy_json(request);
  required_param(json, "training_dir");
  required_param(json, "api_key");
  fail(
      "The OpenAI Gym upload service no longer exists; keep your results from the monitor "
      "directory instead");
}

Response shutdown(RestContext& context, const Request&, const RouteMatch&) {
  if (!context.options.allow_shutdown || !context.request_shutdown) {
    fail("Shutdown is disabled; start the server with --allow-shutdown to allow it");
  }
  log_info("shutdown requested over the API");
  context.request_shutdown();
  Response r;
  r.body = "Server shutting down";
  r.content_type = kFlaskTextType;
  return r;
}

}  // namespace gymcc::serve::rest::legacy
