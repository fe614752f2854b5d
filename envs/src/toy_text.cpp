#include "gymcc/envs/toy_text.hpp"

#include "gymcc/envs/detail/toy_text_state.hpp"
#include "gymcc/registration.hpp"

namespace gymcc::envs {

void register_toy_text(Registry& registry) {
  register_env<Blackjack>(registry,
                          EnvSpec{.id = "Blackjack-v1",
                                  .entry_point = "gymcc::envs::Blackjack",
                                  .kwargs = Value(Dict{{"sab", true}, {"natural", false}})});
  register_env<FrozenLake>(registry, EnvSpec{.id = "FrozenLake-v1",
                                             .entry_point = "gymcc::envs::FrozenLake",
                                             .reward_threshold = 0.70,
                                             .max_episode_steps = 100,
                                             .kwargs = Value(Dict{{"map_name", "4x4"}})});
  register_env<FrozenLake>(registry, EnvSpec{.id = "FrozenLake8x8-v1",
                                             .entry_point = "gymcc::envs::FrozenLake",
                                             .reward_threshold = 0.85,
                                             .max_episode_steps = 200,
                                             .kwargs = Value(Dict{{"map_name", "8x8"}})});
  register_env<CliffWalking>(
      registry, EnvSpec{.id = "CliffWalking-v1", .entry_point = "gymcc::envs::CliffWalking"});
  register_env<CliffWalking>(registry, EnvSpec{.id = "CliffWalkingSlippery-v1",
                                               .entry_point = "gymcc::envs::CliffWalking",
                                               .kwargs = Value(Dict{{"is_slippery", true}})});
  register_env<Taxi>(registry, EnvSpec{.id = "Taxi-v4",
                                       .entry_point = "gymcc::envs::Taxi",
                                       .reward_threshold = 8,
                                       .max_episode_steps = 200});
}

}  // namespace gymcc::envs
