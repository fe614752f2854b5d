// The gymnasium dialect: cloudkj/gymnasium-http-api's routes and bodies,
// with 4xx (not 500) for every client mistake.

#include <chrono>

#include "api.hpp"
#include "body.hpp"
#include "route_errors.hpp"

namespace gymcc::serve {
namespace {

void record_reset(InstanceStats& stats) {
  ++stats.episodes;
  stats.episode_return = 0;
  stats.episode_over = false;
}

void record_step(InstanceStats& stats, const Env::Step& step) {
  ++stats.steps;
  stats.episode_return += step.reward;
  if ((step.terminated || step.truncated) && !stats.episode_over) {
    stats.episode_over = true;
    stats.last_episode_return = stats.episode_return;
    if (stats.recent_returns.size() == InstanceStats::kRecentReturns) {
      stats.recent_returns.erase(stats.recent_returns.begin());
    }
    stats.recent_returns.push_back(stats.episode_return);
  }
}

}  // namespace

Response Api::route_gymnasium(const Request& request, const PathParts& parts, Route& route) {
  const Method m = request.method;
  if (parts.size() == 2 && parts[0] == "v1" && parts[1] == "ws") {
    // A WebSocket upgrade never reaches the API: the transport takes it.
    route = Route::kWebSocket;
    Response r = error_response(426, "upgrade_required",
                                "GET /v1/ws is a WebSocket: send the Upgrade: websocket handshake "
                                "(docs/fast-paths.md)");
    r.headers.emplace_back("Upgrade", "websocket");
    return r;
  }
  if (parts.size() >= 2 && parts[0] == "v1" && parts[1] == "vector_envs") {
    return route_vector(request, parts, route);
  }
  if (parts.size() < 2 || parts[0] != "v1" || parts[1] != "envs") return not_found();
  if (parts.size() == 2) {
    if (m == Method::kPost) return route = Route::kCreate, create(request);
    if (m == Method::kGet) return route = Route::kList, list();
    return method_not_allowed("GET, POST");
  }
  const std::string_view id = parts[2];
  if (parts.size() == 3) {
    route = Route::kInstance;
    if (m == Method::kGet) return describe_instance(id);
    if (m == Method::kDelete) return route = Route::kDelete, remove(id);
    return method_not_allowed("GET, DELETE");
  }
  if (parts.size() == 5 && parts[3] == "monitor" &&
      (parts[4] == "render" || parts[4] == "stream")) {
    route = parts[4] == "render" ? Route::kRender : Route::kStream;
    if (m != Method::kGet) return method_not_allowed("GET");
    return parts[4] == "render" ? render(id, request.query) : stream(id, request.query);
  }
  if (parts.size() != 4) return not_found();
  const std::string_view action = parts[3];
  if (action == "reset" || action == "step") {
    route = action == "reset" ? Route::kReset : Route::kStep;
    if (m != Method::kPost) return method_not_allowed("POST");
    return action == "reset" ? reset(id, request) : step(id, request);
  }
  if (action == "action_space" || action == "observation_space") {
    route = action == "action_space" ? Route::kActionSpace : Route::kObservationSpace;
    if (m != Method::kGet) return method_not_allowed("GET");
    return space(id, action == "action_space", request);
  }
  return not_found();
}

Response Api::create(const Request& request) {
  return respond(request, false,
                 [&](const Value& fields, BodyWriter& out) { op_create(fields, out); });
}

std::string Api::op_create(const Value& fields, BodyWriter& out) {
  const Value& env_id = required_field(fields, "env_id");
  if (!env_id.is_string()) {
    throw ClientError{422, "invalid_field", "Field 'env_id' must be a string"};
  }
  MakeOptions options;
  options.render_mode = optional_string(fields, "render_mode");
  if (const Value* kwargs = optional_object(fields, "kwargs")) options.kwargs = *kwargs;
  options.max_episode_steps = max_episode_steps_field(fields);
  const std::optional<Seed> seed = seed_field(fields, "seed");
  if (store_.full()) {
    throw ClientError{503, "at_capacity",
                      "The server holds its maximum of " + std::to_string(store_.max_instances()) +
                          " instances (--max-envs); delete one first"};
  }
  std::unique_ptr<Env> env = registry_.make(env_id.as_string(), options);
  if (seed) env->action_space().seed(*seed);
  const auto instance = store_.add(std::move(env), IdStyle::kUuid4);
  if (!instance) throw ClientError{503, "at_capacity", "The server is full (--max-envs)"};
  if (seed) {
    Instance::Lock lock(*instance);
    lock.stats().pending_seed = seed;
  }
  out.key("instance_id");
  out.string(instance->id());
  return instance->id();
}

Response Api::list() const {
  Response r;
  r.body = "{";
  bool first = true;
  for (const auto& instance : store_.list()) {
    if (instance->is_vector()) continue;
    if (!first) r.body += ',';
    first = false;
    json::write_string(instance->id(), r.body);
    r.body += ':';
    json::write_string(instance->listed_id(), r.body);
  }
  r.body += '}';
  return r;
}

Response Api::describe_instance(std::string_view id) const {
  const auto instance = store_.find(id);
  if (!instance) return instance_not_found();
  Instance::Lock lock(*instance);
  const Env& env = lock.env();
  const InstanceStats& stats = lock.stats();
  const double idle = std::chrono::duration<double>(Clock::now() - instance->last_used()).count();
  return json_response(
      200, Value(Dict{
               {"instance_id", instance->id()},
               {"env_id", env.spec().id},
               {"kwargs", env.kwargs()},
               {"render_mode", env.render_mode() ? Value(*env.render_mode()) : Value()},
               {"steps", stats.steps},
               {"episodes", stats.episodes},
               {"elapsed_steps", env.elapsed_steps()},
               {"episode_return", stats.episode_return},
               {"last_episode_return",
                stats.last_episode_return ? Value(*stats.last_episode_return) : Value()},
               {"recent_returns",
                [&] {
                  List returns;
                  for (double r : stats.recent_returns) returns.emplace_back(r);
                  return Value(std::move(returns));
                }()},
               {"created", iso8601_utc(instance->created())},
               {"idle_seconds", idle},
           }));
}

Response Api::reset(std::string_view id, const Request& request) {
  const auto instance = store_.find(id);
  if (!instance) return instance_not_found();
  return respond(request, true,
                 [&](const Value& fields, BodyWriter& out) { op_reset(*instance, fields, out); });
}

void Api::op_reset(Instance& instance, const Value& fields, BodyWriter& out) {
  std::optional<Seed> seed = seed_field(fields, "seed");
  const Value* options = optional_object(fields, "options");
  instance.touch();
  Instance::Lock lock(instance);
  if (!seed && lock.stats().pending_seed) seed = std::move(lock.stats().pending_seed);
  lock.stats().pending_seed.reset();
  const Env::Reset result = lock.env().reset(seed, options);
  record_reset(lock.stats());
  out.key("observation");
  out.value(result.observation);
  out.key("info");
  out.value(result.info);
}

Response Api::step(std::string_view id, const Request& request) {
  const auto instance = store_.find(id);
  if (!instance) return instance_not_found();
  return respond(request, false,
                 [&](const Value& fields, BodyWriter& out) { op_step(*instance, fields, out); });
}

void Api::op_step(Instance& instance, const Value& fields, BodyWriter& out) {
  const Value& action = required_field(fields, "action");
  instance.touch();
  Instance::Lock lock(instance);
  const auto started = Clock::now();
  const Env::Step result = lock.env().step(action);
  metrics_.observe_step(Clock::now() - started);
  record_step(lock.stats(), result);
  out.key("observation");
  out.value(result.observation);
  out.key("reward");
  out.real(result.reward);  // the peer's float(reward)
  out.key("terminated");
  out.boolean(result.terminated);
  out.key("truncated");
  out.boolean(result.truncated);
  out.key("info");
  out.value(result.info);
}

Response Api::space(std::string_view id, bool action, const Request& request) const {
  const auto instance = store_.find(id);
  if (!instance) return instance_not_found();
  const Env& env = instance->env_unlocked();
  return value_response(request,
                        (action ? env.action_space() : env.observation_space()).describe());
}

Response Api::remove(std::string_view id) {
  if (!store_.find(id)) return instance_not_found();
  Response r;
  BodyWriter out(Encoding::kJson, r.body);
  out.begin_map();
  op_close(id, out);
  out.end_map();
  return r;
}

void Api::op_close(std::string_view id, BodyWriter& out) {
  if (!store_.remove(id)) throw ClientError{404, "instance_not_found", "Instance not found"};
  out.key("message");
  out.string("Environment closed and deleted.");
}

}  // namespace gymcc::serve
