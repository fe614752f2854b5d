#include "serve/ops/env_ops.hpp"

#include <chrono>
#include <string>

#include "serve/body.hpp"
#include "serve/ops/snapshot_ops.hpp"
#include "serve/ops/vector_ops.hpp"
#include "serve/time_format.hpp"

namespace gymcc::serve::ops {
namespace {

[[noreturn]] void instance_not_found() {
  throw ClientError{404, "instance_not_found", "Instance not found"};
}

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

std::shared_ptr<Instance> find_env(const InstanceStore& store, std::string_view id, Owner owner) {
  auto instance = store.find(id, owner);
  if (!instance) instance_not_found();
  return instance;
}

std::shared_ptr<Instance> find_vector_env(const InstanceStore& store, std::string_view id,
                                          Owner owner) {
  auto instance = store.find_vector(id, owner);
  if (!instance) instance_not_found();
  return instance;
}

std::shared_ptr<Instance> find_instance(const InstanceStore& store, std::string_view id,
                                        Owner owner) {
  auto instance = store.find_any(id, owner);
  if (!instance) instance_not_found();
  return instance;
}

void refuse(Refusal refusal, const InstanceStore& store, const Admission& admission,
            const Caller& caller) {
  constexpr std::size_t kMiB = 1 << 20;
  const auto mib = [](std::size_t bytes) { return std::to_string((bytes + kMiB - 1) / kMiB); };
  switch (refusal) {
    case Refusal::kQuotaFull:
      throw ClientError{429, "quota_exceeded",
                        "The API key '" + std::string(caller.name) + "' may hold at most " +
                            std::to_string(caller.max_envs) +
                            " envs (its max_envs in --api-keys; a vector env counts num_envs); "
                            "delete some first"};
    case Refusal::kTooLarge:
      throw ClientError{400, "model_too_large",
                        "This env would take about " + mib(admission.bytes) +
                            " MiB, more than the " + mib(store.max_instance_bytes()) +
                            " MiB one instance may take (--max-env-memory); use a smaller map "
                            "or fewer sub-envs"};
    case Refusal::kMemoryFull:
      throw ClientError{503, "at_capacity",
                        "The memory budget of all instances (--env-memory-budget, " +
                            mib(store.max_total_bytes()) + " MiB) is spent: " + mib(store.bytes()) +
                            " MiB are in use; delete some first"};
    case Refusal::kServerFull:
    case Refusal::kNone:
      break;
  }
  if (!admission.vector) {
    throw ClientError{503, "at_capacity",
                      "The server holds its maximum of " + std::to_string(store.max_instances()) +
                          " instances (--max-envs); delete one first"};
  }
  throw ClientError{503, "at_capacity",
                    "The server holds at most " + std::to_string(store.max_instances()) +
                        " envs (--max-envs; a vector env counts num_envs) and " +
                        std::to_string(store.units()) + " are live"};
}

void admit(const InstanceStore& store, const Admission& admission, const Caller& caller) {
  const Refusal refusal = store.admit(admission.units, admission.bytes, caller);
  if (refusal != Refusal::kNone) refuse(refusal, store, admission, caller);
}

std::shared_ptr<Instance> make_env(Services& services, const Caller& caller,
                                   std::string_view env_id, const MakeOptions& options,
                                   IdStyle style, const std::optional<Seed>& seed,
                                   std::string listed_id) {
  admit(services.store, Admission{1, 0, false}, caller);  // a full server, before any kwargs
  const Admission admission{1, services.registry.footprint(env_id, options).of(1), false};
  admit(services.store, admission, caller);
  std::unique_ptr<Env> env = services.registry.make(env_id, options);
  if (seed) env->action_space().seed(*seed);
  auto [instance, refusal] =
      services.store.add(std::move(env), style, caller, admission.bytes, std::move(listed_id));
  if (!instance) refuse(refusal, services.store, admission, caller);
  if (seed) {
    Instance::Lock lock(*instance);
    lock.stats().pending_seed = seed;
  }
  return instance;
}

Env::Reset reset_locked(Instance::Lock& lock, std::optional<Seed> seed, const Value* options) {
  if (!seed && lock.stats().pending_seed) seed = std::move(lock.stats().pending_seed);
  lock.stats().pending_seed.reset();
  const Env::Reset result = lock.env().reset(seed, options);
  record_reset(lock.stats());
  return result;
}

Env::Step step_locked(Services& services, Instance::Lock& lock, const Value& action) {
  const auto started = Clock::now();
  const Env::Step result = lock.env().step(action);
  services.metrics.observe_step(Clock::now() - started);
  record_step(lock.stats(), result);
  return result;
}

std::string create(Services& services, const Caller& caller, const Value& fields, BodyWriter& out) {
  if (const Value* state = fields.find("state")) {
    return create_from_state(services, caller, *state, out);
  }
  const Value& env_id = required_field(fields, "env_id");
  if (!env_id.is_string()) {
    throw ClientError{422, "invalid_field", "Field 'env_id' must be a string"};
  }
  MakeOptions options;
  options.render_mode = optional_string(fields, "render_mode");
  if (const Value* kwargs = optional_object(fields, "kwargs")) options.kwargs = *kwargs;
  options.max_episode_steps = max_episode_steps_field(fields);
  const std::optional<Seed> seed = seed_field(fields, "seed");
  const auto instance =
      make_env(services, caller, env_id.as_string(), options, IdStyle::kUuid4, seed);
  out.key("instance_id");
  out.string(instance->id());
  return instance->id();
}

void reset(Instance& instance, const Value& fields, BodyWriter& out) {
  std::optional<Seed> seed = seed_field(fields, "seed");
  const Value* options = optional_object(fields, "options");
  instance.touch();
  Instance::Lock lock(instance);
  const Env::Reset result = reset_locked(lock, std::move(seed), options);
  out.key("observation");
  out.value(result.observation);
  out.key("info");
  out.value(result.info);
}

void step(Services& services, Instance& instance, const Value& fields, BodyWriter& out) {
  const Value& action = required_field(fields, "action");
  instance.touch();
  Instance::Lock lock(instance);
  const Env::Step result = step_locked(services, lock, action);
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

void space(const Instance& instance, bool action, BodyWriter& out) {
  const Env& env = instance.env_unlocked();
  out.value((action ? env.action_space() : env.observation_space()).describe());
}

void spaces(const Instance& instance, BodyWriter& out) {
  if (instance.is_vector()) return vector_spaces(instance, out);
  const Env& env = instance.env_unlocked();
  out.key("action_space");
  out.value(env.action_space().describe());
  out.key("observation_space");
  out.value(env.observation_space().describe());
}

void describe(Instance& instance, BodyWriter& out) {
  Instance::Lock lock(instance);
  const Env& env = lock.env();
  const InstanceStats& stats = lock.stats();
  const double idle = std::chrono::duration<double>(Clock::now() - instance.last_used()).count();
  List returns;
  for (double r : stats.recent_returns) returns.emplace_back(r);
  out.value(Value(Dict{
      {"instance_id", instance.id()},
      {"env_id", env.spec().id},
      {"kwargs", env.kwargs()},
      {"render_mode", env.render_mode() ? Value(*env.render_mode()) : Value()},
      {"steps", stats.steps},
      {"episodes", stats.episodes},
      {"elapsed_steps", env.elapsed_steps()},
      {"episode_return", stats.episode_return},
      {"last_episode_return",
       stats.last_episode_return ? Value(*stats.last_episode_return) : Value()},
      {"recent_returns", Value(std::move(returns))},
      {"created", iso8601_utc(instance.created())},
      {"idle_seconds", idle},
  }));
}

void list(const InstanceStore& store, Owner owner, BodyWriter& out) {
  out.begin_map();
  for (const auto& instance : store.list(owner)) {
    if (instance->is_vector()) continue;
    out.key(instance->id());
    out.string(instance->listed_id());
  }
  out.end_map();
}

void close(InstanceStore& store, std::string_view id, Owner owner, BodyWriter& out) {
  if (!store.remove(id, owner)) instance_not_found();
  out.key("message");
  out.string("Environment closed and deleted.");
}

}  // namespace gymcc::serve::ops
