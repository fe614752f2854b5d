#pragma once
// Operations on single environments (/v1/envs/ in REST, the make/reset/step/
// spaces/close messages of a WebSocket): each takes a decoded request body
// and writes its answer's fields through a BodyWriter, knowing nothing of the
// transport. Failures are thrown as ClientError or gymcc::Error, which
// error_reply.hpp maps for every transport.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gymcc/registry.hpp"
#include "serve/encoding.hpp"
#include "serve/instance_store.hpp"
#include "serve/services.hpp"

namespace gymcc::serve::ops {

// Lookups by id: 404 instance_not_found when `owner` has none of that kind
// (another owner's instance is not found either: no id oracle).
std::shared_ptr<Instance> find_env(const InstanceStore& store, std::string_view id, Owner owner);
std::shared_ptr<Instance> find_vector_env(const InstanceStore& store, std::string_view id,
                                          Owner owner);
std::shared_ptr<Instance> find_instance(const InstanceStore& store, std::string_view id,
                                        Owner owner);

// Unless `units` more sub-envs of `caller`, taking `bytes`, fit now: 503
// at_capacity (--max-envs, or the memory budget), 429 quota_exceeded (the
// caller's key) or 400 model_too_large (--max-env-memory). `vector` words
// the message for a vector env.
struct Admission {
  std::size_t units = 1;
  std::size_t bytes = 0;
  bool vector = false;
};
void admit(const InstanceStore& store, const Admission& admission, const Caller& caller);
[[noreturn]] void refuse(Refusal refusal, const InstanceStore& store, const Admission& admission,
                         const Caller& caller);

// ---- The steps every front end takes, with the stats they keep.

// Makes `env_id` after checking that it is admitted (its kwargs' memory
// footprint included), and stores it under a fresh id owned by `caller`;
// `seed` seeds its action space now and its first reset that gives none
// (gymnasium-http-api's create seed).
std::shared_ptr<Instance> make_env(Services& services, const Caller& caller,
                                   std::string_view env_id, const MakeOptions& options,
                                   IdStyle style, const std::optional<Seed>& seed,
                                   std::string listed_id = {});
// Resets under the instance's lock, using the pending create-time seed when
// `seed` is empty.
Env::Reset reset_locked(Instance::Lock& lock, std::optional<Seed> seed, const Value* options);
// Steps under the instance's lock, timing the step for the metrics.
Env::Step step_locked(Services& services, Instance::Lock& lock, const Value& action);

// ---- Operations on decoded requests. Creations return the new id.

// {env_id, render_mode?, kwargs?, max_episode_steps?, seed?} → {instance_id}
std::string create(Services& services, const Caller& caller, const Value& fields, BodyWriter& out);
// {seed?, options?} → {observation, info}
void reset(Instance& instance, const Value& fields, BodyWriter& out);
// {action} → {observation, reward, terminated, truncated, info}
void step(Services& services, Instance& instance, const Value& fields, BodyWriter& out);
// One space's description.
void space(const Instance& instance, bool action, BodyWriter& out);
// Both spaces (and a vector env's single spaces, num_envs, autoreset_mode).
void spaces(const Instance& instance, BodyWriter& out);
// The instance's facts and episode statistics.
void describe(Instance& instance, BodyWriter& out);
// {id: env_id} for every single env of `owner`.
void list(const InstanceStore& store, Owner owner, BodyWriter& out);
// Deletes `owner`'s instance of either kind → {message}.
void close(InstanceStore& store, std::string_view id, Owner owner, BodyWriter& out);

}  // namespace gymcc::serve::ops
