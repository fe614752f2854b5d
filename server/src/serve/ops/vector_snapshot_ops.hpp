#pragma once
// Snapshots of vector envs (docs/snapshots.md, "Vector envs") for every front
// end: GET/PUT /v1/vector_envs/{id}/state/, POST /v1/vector_envs/{id}/clone/,
// POST /v1/vector_envs/ {"state": ...} and one sub-env's state at
// /v1/vector_envs/{id}/envs/{index}/state/.

#include <cstdint>
#include <string>
#include <string_view>

#include "serve/encoding.hpp"
#include "serve/instance_store.hpp"
#include "serve/services.hpp"

namespace gymcc::serve::ops {

// → {state}
void vector_get_state(Instance& instance, BodyWriter& out);
// {state} (what vector_get_state answered) → {observations, infos}; 400
// invalid_state for a malformed, foreign or tampered state.
void vector_set_state(Instance& instance, const Value& fields, BodyWriter& out);
// A new vector env of `caller` in the same state, admitted as a create is
// → {instance_id}.
std::string vector_clone(Services& services, const Caller& caller, Instance& instance,
                         BodyWriter& out);
// POST /v1/vector_envs/ {"state": ...}: a new vector env made from a snapshot
// (possibly taken on another server) → {instance_id}.
std::string vector_create_from_state(Services& services, const Caller& caller, const Value& state,
                                     BodyWriter& out);

// The sub-env index a path names ("0", "1", ...): 404 sub_env_not_found
// unless it is one of the vector env's.
std::int64_t sub_env_index(const Instance& instance, std::string_view text);
// The same for a WebSocket message's "index" field: an integer (else 422
// invalid_field) naming one of the sub-envs (else 404).
std::int64_t sub_env_index(const Instance& instance, const Value& index);
// → {state}: sub-env `index` as a single env's state (POST /v1/envs/ makes
// a standalone env of it).
void vector_get_env_state(Instance& instance, std::int64_t index, BodyWriter& out);
// {state} (a single env's, of the same env id and kwargs) → {observations,
// infos}: sub-env `index` restored, its flags cleared.
void vector_set_env_state(Instance& instance, std::int64_t index, const Value& fields,
                          BodyWriter& out);

}  // namespace gymcc::serve::ops
