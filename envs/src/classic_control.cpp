#include "gymcc/envs/classic_control.hpp"

#include <optional>
#include <string>

#include "gymcc/envs/classic_control/acrobot.hpp"
#include "gymcc/envs/classic_control/cartpole.hpp"
#include "gymcc/envs/classic_control/continuous_mountain_car.hpp"
#include "gymcc/envs/classic_control/mountain_car.hpp"
#include "gymcc/envs/classic_control/pendulum.hpp"
#include "gymcc/envs/classic_control/render.hpp"
#include "gymcc/envs/detail/classic_control_state.hpp"
#include "gymcc/registration.hpp"

namespace gymcc::envs {

namespace {

EnvSpec spec_of(std::string id, std::string entry_point, std::optional<std::int64_t> max_steps,
                std::optional<double> reward_threshold) {
  EnvSpec spec;
  spec.id = std::move(id);
  spec.entry_point = std::move(entry_point);
  spec.max_episode_steps = max_steps;
  spec.reward_threshold = reward_threshold;
  return spec;
}

}  // namespace

// gymnasium/envs/__init__.py, classic control section.
void register_classic_control(Registry& registry) {
  register_env<CartPole>(registry, spec_of("CartPole-v0", "gymcc::envs::CartPole", 200, 195.0));
  register_env<CartPole>(registry, spec_of("CartPole-v1", "gymcc::envs::CartPole", 500, 475.0));
  register_env<MountainCar>(registry,
                            spec_of("MountainCar-v0", "gymcc::envs::MountainCar", 200, -110.0));
  register_env<MountainCarContinuous>(
      registry,
      spec_of("MountainCarContinuous-v0", "gymcc::envs::MountainCarContinuous", 999, 90.0));
  register_env<Pendulum>(registry,
                         spec_of("Pendulum-v1", "gymcc::envs::Pendulum", 200, std::nullopt));
  register_env<Acrobot>(registry, spec_of("Acrobot-v1", "gymcc::envs::Acrobot", 500, -100.0));
}

}  // namespace gymcc::envs
