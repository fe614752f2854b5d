#include "policies.hpp"

namespace gymcc::cli {
namespace {

double element(const Value& observation, std::size_t i) {
  return observation.as_array().data.at(i);
}

Value box_action(double v) { return Value(Array{DType::kFloat32, {1}, {v}}); }

}  // namespace

bool has_pump_policy(std::string_view env_id) {
  return env_id == "MountainCar-v0" || env_id == "MountainCarContinuous-v0" ||
         env_id == "Acrobot-v1";
}

std::optional<Value> pump_action(std::string_view env_id, const Value& observation) {
  // Push in the direction of motion: each swing climbs higher.
  if (env_id == "MountainCar-v0") {
    return Value(std::int64_t{element(observation, 1) >= 0 ? 2 : 0});
  }
  if (env_id == "MountainCarContinuous-v0") {
    return box_action(element(observation, 1) >= 0 ? 1.0 : -1.0);
  }
  if (env_id == "Acrobot-v1") {  // torque along the second joint's velocity
    return Value(std::int64_t{element(observation, 5) >= 0 ? 2 : 0});
  }
  return std::nullopt;
}

}  // namespace gymcc::cli
