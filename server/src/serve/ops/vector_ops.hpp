#pragma once
// Operations on vector envs (/v1/vector_envs/, docs/fast-paths.md): N
// sub-envs stepped by one request with gymnasium's SyncVectorEnv semantics.
// Like env_ops.hpp: decoded requests in, answers through a BodyWriter.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "serve/encoding.hpp"
#include "serve/instance_store.hpp"
#include "serve/ops/env_ops.hpp"
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

// Admits `num_envs` more sub-envs of `caller` made with `options` (a full
// server first, then their memory footprint), builds them with `make` and
// stores the vector env → {instance_id}. Every way of making a vector env
// (create, create from a state, clone) goes through here.
template <class Make>
std::string add_admitted_vector(Services& services, const Caller& caller, std::string_view env_id,
                                std::int64_t num_envs, const MakeOptions& options, Make&& make,
                                BodyWriter& out) {
  const auto units = static_cast<std::size_t>(num_envs);
  admit(services.store, Admission{units, 0, true}, caller);  // a full server, before any kwargs
  const Admission admission{units, services.registry.footprint(env_id, options).of(units), true};
  admit(services.store, admission, caller);
  std::unique_ptr<VectorEnv> vec = make();
  auto [added, refusal] = services.store.add_vector(std::move(vec), caller, admission.bytes);
  if (!added) refuse(refusal, services.store, admission, caller);
  out.key("instance_id");
  out.string(added->id());
  return added->id();
}

// The observations of the last reset or step: flat ones straight from the
// env's buffer, others (Tuple, Dict) through their Value.
void write_observations(VectorEnv& vec, BodyWriter& out);

void vector_describe(Instance& instance, BodyWriter& out);
// {id: {env_id, num_envs, autoreset_mode}} for every vector env of `owner`.
void vector_list(const InstanceStore& store, Owner owner, BodyWriter& out);

}  // namespace gymcc::serve::ops
