#pragma once
// MountainCar (gymnasium.envs.classic_control.mountain_car.MountainCarEnv)
//
// ## Description
// A car sits in a valley between two hills, on a track shaped like
// sin(3x). Its engine is too weak to drive straight up the right-hand hill,
// so it has to rock back and forth to build momentum and reach the flag on
// the right. This is Andrew Moore's 1990 mountain-car problem with discrete
// actions.
//
// ## Action Space
// Discrete(3): 0 accelerates to the left, 1 does nothing, 2 accelerates to
// the right.
//
// ## Observation Space
// Box(2,) float32: the car's position along x in [-1.2, 0.6] and its
// velocity in [-0.07, 0.07].
//
// ## Rewards
// -1 for every step, until the goal is reached.
//
// ## Starting State
// The position is drawn uniformly from [-0.6, -0.4] (the reset options
// "low" and "high" replace those bounds); the velocity starts at 0.
//
// Dynamics: velocity += (action - 1) * 0.001 - 0.0025 * cos(3 * position),
// clipped to ±0.07; position += velocity, clipped to [-1.2, 0.6]; hitting
// the left wall while moving left stops the car (velocity 0).
//
// ## Episode End
// Terminated when the position reaches 0.5 (the flag) with a velocity of at
// least `goal_velocity`; truncated after 200 steps by the registration's
// TimeLimit.
//
// ## Arguments
// `goal_velocity` (number, default 0): the velocity the car must have when
// it reaches the flag.
//
// ## Version History
// v0: the first and only version.
//
// Exactness: position and velocity are float64 throughout, as in gymnasium.

#include <array>
#include <cmath>
#include <cstdint>

#include "gymcc/env.hpp"
#include "gymcc/envs/detail/classic_control_utils.hpp"

namespace gymcc::envs {

class MountainCar {
  friend struct ::gymcc::EnvState<MountainCar>;  // snapshots (envs/detail/*_state.hpp)

 public:
  struct Params {
    detail::NumberArg goal_velocity = detail::NumberArg::of(std::int64_t{0});
  };
  using Action = std::int64_t;
  using Observation = std::array<float, 2>;
  using Info = NoInfo;

  static const KwargTable<Params>& kwargs() {
    static const KwargTable<Params> table = [] {
      KwargTable<Params> t;
      detail::add_number_kwarg(t, "goal_velocity", &Params::goal_velocity,
                               "Minimum velocity the car must have on reaching the flag for the "
                               "episode to terminate");
      return t;
    }();
    return table;
  }

  static EnvMetadata metadata() { return {{"human", "rgb_array"}, 30}; }

  explicit MountainCar(const Params& params) : goal_velocity_(params.goal_velocity.value) {}

  Space observation_space() const {
    return Space::box({kMinPosition, -kMaxSpeed}, {kMaxPosition, kMaxSpeed}, Shape{2},
                      DType::kFloat32);
  }
  Space action_space() const { return Space::discrete(3); }

  void reset(Generator& rng, const Value* options, Observation& obs, Info& /*info*/) {
    const auto [low, high] = detail::maybe_parse_reset_bounds(options, -0.6, -0.4);
    const double range = detail::checked_uniform_range(low, high);
    position_ = low + range * rng.random();
    velocity_ = 0.0;
    write_observation(obs);
  }

  Transition step(const Action& action, Generator& /*rng*/, Observation& obs,
                  Info& /*info*/) noexcept {
    double position = position_;
    double velocity = velocity_;
    velocity += static_cast<double>(action - 1) * kForce + std::cos(3 * position) * (-kGravity);
    velocity = detail::np_clip(velocity, -kMaxSpeed, kMaxSpeed);
    position += velocity;
    position = detail::np_clip(position, kMinPosition, kMaxPosition);
    if (position == kMinPosition && velocity < 0) velocity = 0.0;

    const bool terminated = position >= kGoalPosition && velocity >= goal_velocity_;
    position_ = position;
    velocity_ = velocity;
    write_observation(obs);
    return Transition{-1.0, terminated};
  }

  double position() const noexcept { return position_; }
  double velocity() const noexcept { return velocity_; }

 private:
  static constexpr double kMinPosition = -1.2;
  static constexpr double kMaxPosition = 0.6;
  static constexpr double kMaxSpeed = 0.07;
  static constexpr double kGoalPosition = 0.5;
  static constexpr double kForce = 0.001;
  static constexpr double kGravity = 0.0025;

  void write_observation(Observation& obs) const noexcept {
    obs = {static_cast<float>(position_), static_cast<float>(velocity_)};
  }

  double goal_velocity_;
  double position_ = 0.0;
  double velocity_ = 0.0;
};

}  // namespace gymcc::envs
