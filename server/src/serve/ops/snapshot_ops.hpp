#pragma once
// Snapshots of single envs (docs/snapshots.md) for every front end:
// GET/PUT /v1/envs/{id}/state/ and POST /v1/envs/{id}/clone/.

#include <string>

#include "serve/encoding.hpp"
#include "serve/instance_store.hpp"
#include "serve/services.hpp"

namespace gymcc::serve::ops {

// → {state}
void get_state(Instance& instance, BodyWriter& out);
// {state} (what get_state answered) → {observation, info}; 400
// invalid_state for a malformed, foreign or tampered state.
void set_state(Instance& instance, const Value& fields, BodyWriter& out);
// A new instance of `caller` in the same state, admitted as a create is
// → {instance_id}.
std::string clone(Services& services, const Caller& caller, Instance& instance, BodyWriter& out);

// POST /v1/envs/ {"state": ...}: a new instance of `caller` made from a
// snapshot (possibly taken on another server) → {instance_id}.
std::string create_from_state(Services& services, const Caller& caller, const Value& state,
                              BodyWriter& out);

}  // namespace gymcc::serve::ops
