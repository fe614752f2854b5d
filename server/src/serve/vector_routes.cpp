// Vector envs over REST (/v1/vector_envs/, docs/fast-paths.md): N sub-envs
// stepped by one request, with gymnasium's SyncVectorEnv semantics.

#include <array>
#include <chrono>

#include "api.hpp"
#include "body.hpp"
#include "route_errors.hpp"

namespace gymcc::serve {
namespace {

// One request builds at most this many sub-envs (--max-envs bounds them all).
constexpr std::int64_t kMaxNumEnvs = 65536;

// Flat observations straight from the env's buffer; others (Tuple, Dict)
// through their Value.
void write_observations(VectorEnv& vec, BodyWriter& out) {
  const VectorEnv::Buffers b = vec.buffers();
  if (b.observations != nullptr) {
    out.ndarray(b.observation_dtype, *b.observation_shape, b.observations);
  } else {
    out.value(vec.observations());
  }
}

}  // namespace

Response Api::route_vector(const Request& request, const PathParts& parts, Route& route) {
  const Method m = request.method;
  if (parts.size() == 2) {
    if (m == Method::kPost) {
      route = Route::kVectorCreate;
      return respond(request, false,
                     [&](const Value& fields, BodyWriter& out) { op_vector_create(fields, out); });
    }
    if (m == Method::kGet) return route = Route::kVectorList, vector_list();
    return method_not_allowed("GET, POST");
  }
  const std::string_view id = parts[2];
  if (parts.size() == 3) {
    route = Route::kVectorInstance;
    if (m == Method::kGet) return describe_vector(id);
    if (m != Method::kDelete) return method_not_allowed("GET, DELETE");
    route = Route::kVectorDelete;
    if (!store_.find_vector(id)) return instance_not_found();
    return respond(request, true, [&](const Value&, BodyWriter& out) { op_close(id, out); });
  }
  if (parts.size() != 4) return not_found();
  const std::string_view action = parts[3];
  if (action == "reset" || action == "step") {
    const bool reset = action == "reset";
    route = reset ? Route::kVectorReset : Route::kVectorStep;
    if (m != Method::kPost) return method_not_allowed("POST");
    const auto instance = store_.find_vector(id);
    if (!instance) return instance_not_found();
    return respond(request, reset, [&](const Value& fields, BodyWriter& out) {
      reset ? op_vector_reset(*instance, fields, out) : op_vector_step(*instance, fields, out);
    });
  }
  if (action == "action_space" || action == "observation_space" ||
      action == "single_action_space" || action == "single_observation_space") {
    route = Route::kVectorSpace;
    if (m != Method::kGet) return method_not_allowed("GET");
    return vector_space(id, action, request);
  }
  return not_found();
}

std::string Api::op_vector_create(const Value& fields, BodyWriter& out) {
  const Value& env_id = required_field(fields, "env_id");
  if (!env_id.is_string()) {
    throw ClientError{422, "invalid_field", "Field 'env_id' must be a string"};
  }
  const std::int64_t num_envs = optional_positive_int(fields, "num_envs").value_or(1);
  if (num_envs > kMaxNumEnvs) {
    throw ClientError{422, "invalid_field",
                      "Field 'num_envs' must be at most " + std::to_string(kMaxNumEnvs) +
                          " (use several vector envs for more)"};
  }
  AutoresetMode mode = AutoresetMode::kNextStep;
  if (const auto name = optional_string(fields, "autoreset_mode")) {
    mode = parse_autoreset_mode(*name);
  }
  MakeOptions options;
  if (const Value* kwargs = optional_object(fields, "kwargs")) options.kwargs = *kwargs;
  options.max_episode_steps = max_episode_steps_field(fields);
  if (!store_.fits(static_cast<std::size_t>(num_envs))) {
    throw ClientError{503, "at_capacity",
                      "The server holds at most " + std::to_string(store_.max_instances()) +
                          " envs (--max-envs; a vector env counts num_envs) and " +
                          std::to_string(store_.units()) + " are live"};
  }
  auto vec = registry_.make_vec(env_id.as_string(), num_envs, mode, options);
  const auto instance = store_.add_vector(std::move(vec));
  if (!instance) throw ClientError{503, "at_capacity", "The server is full (--max-envs)"};
  out.key("instance_id");
  out.string(instance->id());
  return instance->id();
}

void Api::op_vector_reset(Instance& instance, const Value& fields, BodyWriter& out) {
  const Value* seed = fields.find("seed");
  std::vector<std::optional<Seed>> seeds;
  std::optional<Seed> single_seed;
  const bool seed_list = seed != nullptr && seed->is_list();
  if (seed_list) {
    for (const Value& s : seed->as_list()) seeds.push_back(seed_value(s));
  } else if (seed != nullptr) {
    single_seed = seed_value(*seed);
  }
  const Value* options = optional_object(fields, "options");
  instance.touch();
  Instance::Lock lock(instance);
  VectorEnv& vec = lock.vector_env();
  const VectorEnv::Reset result =
      seed_list ? vec.reset(seeds, options) : vec.reset(single_seed, options);
  ++lock.stats().episodes;
  out.key("observations");
  write_observations(vec, out);
  out.key("infos");
  out.value(result.infos);
}

void Api::op_vector_step(Instance& instance, const Value& fields, BodyWriter& out) {
  const Value& actions = required_field(fields, "actions");
  instance.touch();
  Instance::Lock lock(instance);
  VectorEnv& vec = lock.vector_env();
  const auto started = Clock::now();
  vec.advance(actions);
  metrics_.observe_step(Clock::now() - started);
  ++lock.stats().steps;
  lock.stats().env_steps += vec.num_envs();
  const VectorEnv::Buffers b = vec.buffers();
  const std::array<std::int64_t, 1> shape{vec.num_envs()};
  out.key("observations");
  write_observations(vec, out);
  out.key("rewards");
  out.ndarray(DType::kFloat64, shape, b.rewards);
  out.key("terminated");
  out.ndarray(DType::kBool, shape, b.terminated);
  out.key("truncated");
  out.ndarray(DType::kBool, shape, b.truncated);
  out.key("infos");
  out.value(vec.infos());
}

void Api::op_spaces(const Instance& instance, BodyWriter& out) const {
  if (!instance.is_vector()) {
    const Env& env = instance.env_unlocked();
    out.key("action_space");
    out.value(env.action_space().describe());
    out.key("observation_space");
    out.value(env.observation_space().describe());
    return;
  }
  const VectorEnv& vec = instance.vector_env_unlocked();
  out.key("action_space");
  out.value(vec.action_space().describe());
  out.key("observation_space");
  out.value(vec.observation_space().describe());
  out.key("single_action_space");
  out.value(vec.single_action_space().describe());
  out.key("single_observation_space");
  out.value(vec.single_observation_space().describe());
  out.key("num_envs");
  out.integer(vec.num_envs());
  out.key("autoreset_mode");
  out.string(autoreset_mode_name(vec.autoreset_mode()));
}

Response Api::vector_list() const {
  Response r;
  BodyWriter out(Encoding::kJson, r.body);
  out.begin_map();
  for (const auto& instance : store_.list()) {
    if (!instance->is_vector()) continue;
    const VectorEnv& vec = instance->vector_env_unlocked();
    out.key(instance->id());
    out.begin_map();
    out.key("env_id");
    out.string(vec.spec().id);
    out.key("num_envs");
    out.integer(vec.num_envs());
    out.key("autoreset_mode");
    out.string(autoreset_mode_name(vec.autoreset_mode()));
    out.end_map();
  }
  out.end_map();
  return r;
}

Response Api::describe_vector(std::string_view id) const {
  const auto instance = store_.find_vector(id);
  if (!instance) return instance_not_found();
  Instance::Lock lock(*instance);
  const VectorEnv& vec = lock.vector_env();
  const InstanceStats& stats = lock.stats();
  const double idle = std::chrono::duration<double>(Clock::now() - instance->last_used()).count();
  return json_response(
      200, Value(Dict{
               {"instance_id", instance->id()},
               {"env_id", vec.spec().id},
               {"num_envs", vec.num_envs()},
               {"autoreset_mode", std::string(autoreset_mode_name(vec.autoreset_mode()))},
               {"kwargs", vec.kwargs()},
               {"steps", stats.steps},
               {"env_steps", stats.env_steps},
               {"resets", stats.episodes},
               {"created", iso8601_utc(instance->created())},
               {"idle_seconds", idle},
           }));
}

Response Api::vector_space(std::string_view id, std::string_view which,
                           const Request& request) const {
  const auto instance = store_.find_vector(id);
  if (!instance) return instance_not_found();
  const VectorEnv& vec = instance->vector_env_unlocked();
  const Space& space = which == "action_space"          ? vec.action_space()
                       : which == "observation_space"   ? vec.observation_space()
                       : which == "single_action_space" ? vec.single_action_space()
                                                        : vec.single_observation_space();
  return value_response(request, space.describe());
}

}  // namespace gymcc::serve
