#pragma once
// Deterministic "pump" policies that drive the under-actuated envs to their
// goal, so golden episodes and rollouts cover successful terminations.

#include <optional>
#include <string_view>

#include "gymcc/value.hpp"

namespace gymcc::cli {

// The pump action for `observation` of env `env_id`, or nullopt if the env
// has no pump policy.
std::optional<Value> pump_action(std::string_view env_id, const Value& observation);

bool has_pump_policy(std::string_view env_id);

}  // namespace gymcc::cli
