#pragma once
// gymnasium's classic-control environments: CartPole-v0/v1, MountainCar-v0,
// MountainCarContinuous-v0, Pendulum-v1 and Acrobot-v1.

#include "gymcc/registry.hpp"

namespace gymcc::envs {

// Adds the classic-control ids to `registry`, with gymnasium's registration
// values (max_episode_steps, reward_threshold).
void register_classic_control(Registry& registry);

}  // namespace gymcc::envs
