#pragma once
// MountainCarContinuous (gymnasium.envs.classic_control.
// continuous_mountain_car.Continuous_MountainCarEnv)
//
// ## Description
// The mountain-car problem with a continuous throttle: a car in a valley
// between two hills must rock back and forth to gain enough momentum to
// climb the right-hand hill, where the goal lies at x = 0.45.
//
// ## Action Space
// Box(-1.0, 1.0, (1,), float32): the force applied to the car. Values
// outside [-1, 1] are accepted and clipped for the dynamics (the reward
// still uses the unclipped value).
//
// ## Observation Space
// Box(2,) float32: position in [-1.2, 0.6] and velocity in [-0.07, 0.07].
//
// ## Rewards
// -0.1 * action² every step, plus 100 on the step that reaches the goal.
//
// ## Starting State
// The position is drawn uniformly from [-0.6, -0.4] (the reset options
// "low" and "high" replace those bounds); the velocity starts at 0.
//
// Dynamics: velocity += force * 0.0015 - 0.0025 * cos(3 * position),
// clipped to ±0.07; position += velocity, clipped to [-1.2, 0.6]; at the
// left wall a car moving left stops.
//
// ## Episode End
// Terminated when the position reaches 0.45 with a velocity of at least
// `goal_velocity`; truncated after 999 steps by the registration's TimeLimit.
//
// ## Arguments
// `goal_velocity` (number, default 0): the velocity needed at the goal.
//
// ## Version History
// v0: the first and only version.
//
// Exactness (numpy 2, NEP 50): the state is float64 after reset but the env
// stores it as float32 at the end of every step, and a numpy float32 combined
// with a Python float stays float32 (the Python float is rounded to float32
// first, comparisons included). So the first step after a reset computes in
// float64 and later steps in float32 — except where gymnasium's clipping
// replaces a value by a Python float, or the force by ±1.0 when the action is
// out of range. `step` tracks which of those each quantity is.

#include <array>
#include <cmath>
#include <cstdint>

#include "gymcc/env.hpp"
#include "gymcc/envs/detail/classic_control_utils.hpp"

namespace gymcc::envs {

class MountainCarContinuous {
  friend struct ::gymcc::EnvState<MountainCarContinuous>;  // snapshots (envs/detail/*_state.hpp)

 public:
  struct Params {
    detail::NumberArg goal_velocity = detail::NumberArg::of(std::int64_t{0});
  };
  using Action = std::array<float, 1>;
  using Observation = std::array<float, 2>;
  using Info = NoInfo;

  static const KwargTable<Params>& kwargs() {
    static const KwargTable<Params> table = [] {
      KwargTable<Params> t;
      detail::add_number_kwarg(t, "goal_velocity", &Params::goal_velocity,
                               "Minimum velocity the car must have on reaching the goal for the "
                               "episode to terminate");
      return t;
    }();
    return table;
  }

  static EnvMetadata metadata() { return {{"human", "rgb_array"}, 30}; }

  explicit MountainCarContinuous(const Params& params)
      : goal_velocity_(params.goal_velocity.value) {}

  Space observation_space() const {
    return Space::box({kMinPosition, -kMaxSpeed}, {kMaxPosition, kMaxSpeed}, Shape{2},
                      DType::kFloat32);
  }
  Space action_space() const {
    return Space::box(kMinAction, kMaxAction, Shape{1}, DType::kFloat32);
  }

  void reset(Generator& rng, const Value* options, Observation& obs, Info& /*info*/) {
    const auto [low, high] = detail::maybe_parse_reset_bounds(options, -0.6, -0.4);
    const double range = detail::checked_uniform_range(low, high);
    position_ = low + range * rng.random();
    velocity_ = 0.0;
    state_is_float32_ = false;  // np.array([uniform, 0]) is float64
    obs = {static_cast<float>(position_), static_cast<float>(velocity_)};
  }

  Transition step(const Action& action, Generator& /*rng*/, Observation& obs,
                  Info& /*info*/) noexcept {
    // Each quantity is a double holding either a float64/Python float or a
    // float32 value; `*_f32` says which arithmetic numpy applies to it.
    const bool f32 = state_is_float32_;
    double position = position_;
    double velocity = velocity_;
    bool position_f32 = f32;
    bool velocity_f32 = f32;
    const float a = action[0];

    // force = min(max(action[0], -1.0), 1.0) with Python's min/max: the
    // float32 action itself, or the Python float bound that replaced it.
    const bool force_clipped = a < -1.0f || a > 1.0f;
    // 0.0025 * math.cos(3 * position): `3 * position` is float32 arithmetic
    // when position is float32; math.cos works in double.
    const double cos_term = f32 ? std::cos(static_cast<double>(3.0f * static_cast<float>(position)))
                                : std::cos(3.0 * position);
    const double gravity_term = 0.0025 * cos_term;
    // dv = force * power - gravity_term: a Python float when the force is a
    // clipped bound, else float32 (the Python floats rounded to float32).
    // Added to a float64 velocity either is exact in float64; added to a
    // float32 velocity either is rounded to float32 first.
    double dv;
    if (force_clipped) {
      dv = (a < -1.0f ? kMinAction : kMaxAction) * kPower - gravity_term;
    } else {
      const float thrust = a * static_cast<float>(kPower);
      dv = static_cast<double>(thrust - static_cast<float>(gravity_term));
    }
    if (velocity_f32) {
      velocity = static_cast<double>(static_cast<float>(velocity) + static_cast<float>(dv));
    } else {
      velocity = velocity + dv;
    }
    if (greater(velocity, velocity_f32, kMaxSpeed)) {
      velocity = kMaxSpeed;
      velocity_f32 = false;
    }
    if (less(velocity, velocity_f32, -kMaxSpeed)) {
      velocity = -kMaxSpeed;
      velocity_f32 = false;
    }
    if (position_f32) {
      position = static_cast<double>(static_cast<float>(position) + static_cast<float>(velocity));
    } else {
      position = position + velocity;
    }
    if (greater(position, position_f32, kMaxPosition)) {
      position = kMaxPosition;
      position_f32 = false;
    }
    if (less(position, position_f32, kMinPosition)) {
      position = kMinPosition;
      position_f32 = false;
    }
    if (equal(position, position_f32, kMinPosition) && velocity < 0) {
      velocity = 0.0;  // the Python int 0
      velocity_f32 = false;
    }

    const bool terminated = greater_equal(position, position_f32, kGoalPosition) &&
                            greater_equal(velocity, velocity_f32, goal_velocity_);
    double reward = terminated ? 100.0 : 0.0;
    reward -= detail::py_pow(static_cast<double>(a), 2.0) * 0.1;

    // self.state = np.array([position, velocity], dtype=np.float32)
    const float p32 = static_cast<float>(position);
    const float v32 = static_cast<float>(velocity);
    position_ = static_cast<double>(p32);
    velocity_ = static_cast<double>(v32);
    state_is_float32_ = true;
    obs = {p32, v32};
    return Transition{reward, terminated};
  }

  double position() const noexcept { return position_; }
  double velocity() const noexcept { return velocity_; }

 private:
  static constexpr double kMinAction = -1.0;
  static constexpr double kMaxAction = 1.0;
  static constexpr double kMinPosition = -1.2;
  static constexpr double kMaxPosition = 0.6;
  static constexpr double kMaxSpeed = 0.07;
  static constexpr double kGoalPosition = 0.45;
  static constexpr double kPower = 0.0015;

  // `value OP python_number`: a float32 value compares with the number
  // rounded to float32 (NEP 50); otherwise both are doubles.
  static bool greater(double v, bool v_f32, double rhs) noexcept {
    return v_f32 ? static_cast<float>(v) > static_cast<float>(rhs) : v > rhs;
  }
  static bool less(double v, bool v_f32, double rhs) noexcept {
    return v_f32 ? static_cast<float>(v) < static_cast<float>(rhs) : v < rhs;
  }
  static bool equal(double v, bool v_f32, double rhs) noexcept {
    return v_f32 ? static_cast<float>(v) == static_cast<float>(rhs) : v == rhs;
  }
  static bool greater_equal(double v, bool v_f32, double rhs) noexcept {
    return v_f32 ? static_cast<float>(v) >= static_cast<float>(rhs) : v >= rhs;
  }

  double goal_velocity_;
  double position_ = 0.0;
  double velocity_ = 0.0;
  bool state_is_float32_ = false;
};

}  // namespace gymcc::envs
