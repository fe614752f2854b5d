#include "serve/ops/vector_ops.hpp"

#include <array>
#include <chrono>
#include <optional>
#include <vector>

#include "serve/body.hpp"
#include "serve/ops/env_ops.hpp"
#include "serve/ops/vector_snapshot_ops.hpp"
#include "serve/time_format.hpp"

namespace gymcc::serve::ops {

void write_observations(VectorEnv& vec, BodyWriter& out) {
  const VectorEnv::Buffers b = vec.buffers();
  if (b.observations != nullptr) {
    out.ndarray(b.observation_dtype, *b.observation_shape, b.observations);
  } else {
    out.value(vec.observations());
  }
}

std::string vector_create(Services& services, const Caller& caller, const Value& fields,
                          BodyWriter& out) {
  if (const Value* state = fields.find("state")) {
    return vector_create_from_state(services, caller, *state, out);
  }
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
  return add_admitted_vector(
      services, caller, env_id.as_string(), num_envs, options,
      [&] { return services.registry.make_vec(env_id.as_string(), num_envs, mode, options); }, out);
}

void vector_reset(Instance& instance, const Value& fields, BodyWriter& out) {
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

void vector_step(Services& services, Instance& instance, const Value& fields, BodyWriter& out) {
  const Value& actions = required_field(fields, "actions");
  instance.touch();
  Instance::Lock lock(instance);
  VectorEnv& vec = lock.vector_env();
  const auto started = Clock::now();
  vec.advance(actions);
  services.metrics.observe_step(Clock::now() - started);
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

void vector_spaces(const Instance& instance, BodyWriter& out) {
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

void vector_space(const Instance& instance, VectorSpace which, BodyWriter& out) {
  const VectorEnv& vec = instance.vector_env_unlocked();
  switch (which) {
    case VectorSpace::kAction:
      return out.value(vec.action_space().describe());
    case VectorSpace::kObservation:
      return out.value(vec.observation_space().describe());
    case VectorSpace::kSingleAction:
      return out.value(vec.single_action_space().describe());
    case VectorSpace::kSingleObservation:
      return out.value(vec.single_observation_space().describe());
  }
}

void vector_describe(Instance& instance, BodyWriter& out) {
  Instance::Lock lock(instance);
  const VectorEnv& vec = lock.vector_env();
  const InstanceStats& stats = lock.stats();
  const double idle = std::chrono::duration<double>(Clock::now() - instance.last_used()).count();
  out.value(Value(Dict{
      {"instance_id", instance.id()},
      {"env_id", vec.spec().id},
      {"num_envs", vec.num_envs()},
      {"autoreset_mode", std::string(autoreset_mode_name(vec.autoreset_mode()))},
      {"kwargs", vec.kwargs()},
      {"steps", stats.steps},
      {"env_steps", stats.env_steps},
      {"resets", stats.episodes},
      {"created", iso8601_utc(instance.created())},
      {"idle_seconds", idle},
  }));
}

void vector_list(const InstanceStore& store, Owner owner, BodyWriter& out) {
  out.begin_map();
  for (const auto& instance : store.list(owner)) {
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
}

}  // namespace gymcc::serve::ops
