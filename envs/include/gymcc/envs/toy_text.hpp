#pragma once
// gymnasium's toy-text environments: FrozenLake, CliffWalking, Taxi, Blackjack.

#include "gymcc/envs/toy_text/blackjack.hpp"
#include "gymcc/envs/toy_text/cliff_walking.hpp"
#include "gymcc/envs/toy_text/frozen_lake.hpp"
#include "gymcc/envs/toy_text/taxi.hpp"
#include "gymcc/registry.hpp"

namespace gymcc::envs {

// Registers Blackjack-v1, FrozenLake-v1, FrozenLake8x8-v1, CliffWalking-v1,
// CliffWalkingSlippery-v1 and Taxi-v4 with gymnasium 1.4's spec values.
// Older versions (Taxi-v3, CliffWalking-v0, FrozenLake-v0, ...) are not
// registered, so the registry answers them with gymnasium's DeprecatedEnv
// message.
void register_toy_text(Registry& registry);

}  // namespace gymcc::envs
