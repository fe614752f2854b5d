#pragma once
// Operations on vector envs (/v1/vector_envs/, docs/fast-paths.md): N
// sub-envs stepped by one request with gymnasium's SyncVectorEnv semantics.
// Like env_ops.hpp: decoded requests in, answers through a BodyWriter.

#include <cstdint>
#include <string>
#include <string_view>

#include "serve/encoding.hpp"
#include "serve/instance_store.hpp"
#include "serve/services.hpp"

namespace gymcc::serve::ops {

// One request builds at most this many sub-envs (--max-envs bounds them all).
inline constexpr std::int64_t kMaxNumEnvs = 65536;

// {env_id, num_envs?, autoreset_mode?, kwargs?, max_episode_steps?} or
// {state} (vector_snapshot_ops.hpp) → {instance_id}
std::string vector_create(Services& services, const Caller& caller, const Value& fields,
                          BodyWriter& out);
// {seed?: int | list, options?} → {observations, infos}
void vector_reset(Instance& instance, const Value& fields, BodyWriter& out);
// {actions} → {observations, rewards, terminated, truncated, infos}
void vector_step(Services& services, Instance& instance, const Value& fields, BodyWriter& out);
// The batched and single spaces, num_envs and autoreset_mode.
void vector_spaces(const Instance& instance, BodyWriter& out);

enum class VectorSpace { kAction, kObservation, kSingleAction, kSingleObservation };
void vector_space(const Instance& instance, VectorSpace which, BodyWriter& out);

// The observations of the last reset or step: flat ones straight from the
// env's buffer, others (Tuple, Dict) through their Value.
void write_observations(VectorEnv& vec, BodyWriter& out);

void vector_describe(Instance& instance, BodyWriter& out);
// {id: {env_id, num_envs, autoreset_mode}} for every vector env of `owner`.
void vector_list(const InstanceStore& store, Owner owner, BodyWriter& out);

}  // namespace gymcc::serve::ops
