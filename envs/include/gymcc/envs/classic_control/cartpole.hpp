#pragma once
// CartPole (gymnasium.envs.classic_control.cartpole.CartPoleEnv)
//
// ## Description
// A pole stands on a hinge on top of a cart that rolls without friction
// along a straight track. Pushing the cart left or right keeps the pole from
// falling over; the task is to balance it for as long as possible. This is
// the cart-pole problem of Barto, Sutton and Anderson (1983).
//
// ## Action Space
// Discrete(2): 0 pushes the cart to the left, 1 to the right, always with a
// force of 10 N. How much the push changes the cart's speed depends on the
// pole's angle.
//
// ## Observation Space
// Box(4,) float32: cart position in [-4.8, 4.8], cart velocity (unbounded),
// pole angle in about [-0.418, 0.418] rad (±24°), pole angular velocity
// (unbounded). The bounds are twice the failure thresholds, so the last
// observation of an episode still lies inside them.
//
// ## Rewards
// +1 for every step, the terminating step included. With
// `sutton_barto_reward=True`: 0 for every step that does not end the
// episode, -1 for the step that does. Steps taken after termination (which
// gymnasium warns about) earn 0, or -1 with `sutton_barto_reward`.
//
// ## Starting State
// All four state variables are drawn uniformly from [-0.05, 0.05]. The reset
// options "low" and "high" replace those bounds (numbers, or strings Python's
// float() accepts; low must not exceed high).
//
// ## Episode End
// Terminated when the pole tilts more than 12° from upright or the cart's
// centre leaves [-2.4, 2.4]. Truncated (by the TimeLimit of the registration)
// after 500 steps for CartPole-v1, 200 for CartPole-v0.
//
// ## Arguments
// `sutton_barto_reward` (bool, default false): use the original paper's
// reward described above.
//
// ## Version History
// v1: the time limit became 500 steps (gymnasium 1.0.0a2 added
// `sutton_barto_reward`). v0: the first version, 200 steps.
//
// Exactness: the state is float64 as in gymnasium, updated with explicit
// Euler steps in Python's evaluation order; np.square is a product, not pow.

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "gymcc/env.hpp"
#include "gymcc/envs/detail/classic_control_utils.hpp"

namespace gymcc::envs {

class CartPole {
  friend struct ::gymcc::EnvState<CartPole>;  // snapshots (envs/detail/*_state.hpp)

 public:
  struct Params {
    bool sutton_barto_reward = false;
  };
  using Action = std::int64_t;
  using Observation = std::array<float, 4>;
  using Info = NoInfo;

  static const KwargTable<Params>& kwargs() {
    static const KwargTable<Params> table = [] {
      KwargTable<Params> t;
      t.add("sutton_barto_reward", &Params::sutton_barto_reward,
            "Reward 0 per surviving step and -1 on failure, as in Sutton and Barto's "
            "original implementation, instead of +1 per step");
      return t;
    }();
    return table;
  }

  static EnvMetadata metadata() { return {{"human", "rgb_array"}, 50}; }

  explicit CartPole(const Params& params) : sutton_barto_reward_(params.sutton_barto_reward) {}

  Space observation_space() const {
    const double high_x = kXThreshold * 2;
    const double high_theta = kThetaThreshold * 2;
    return Space::box({-high_x, -HUGE_VAL, -high_theta, -HUGE_VAL},
                      {high_x, HUGE_VAL, high_theta, HUGE_VAL}, Shape{4}, DType::kFloat32);
  }
  Space action_space() const { return Space::discrete(2); }

  void reset(Generator& rng, const Value* options, Observation& obs, Info& /*info*/) {
    const auto [low, high] = detail::maybe_parse_reset_bounds(options, -0.05, 0.05);
    const double range = detail::checked_uniform_range(low, high);
    for (double& v : state_) v = low + range * rng.random();
    steps_beyond_terminated_ = false;
    write_observation(obs);
  }

  Transition step(const Action& action, Generator& /*rng*/, Observation& obs,
                  Info& /*info*/) noexcept {
    double x = state_[0];
    double x_dot = state_[1];
    double theta = state_[2];
    double theta_dot = state_[3];
    const double force = action == 1 ? kForceMag : -kForceMag;
    const double costheta = std::cos(theta);
    const double sintheta = std::sin(theta);

    const double temp = (force + kPolemassLength * (theta_dot * theta_dot) * sintheta) / kTotalMass;
    const double thetaacc =
        (kGravity * sintheta - costheta * temp) /
        (kLength * (4.0 / 3.0 - kMasspole * (costheta * costheta) / kTotalMass));
    const double xacc = temp - kPolemassLength * thetaacc * costheta / kTotalMass;

    // kinematics_integrator == "euler"
    x = x + kTau * x_dot;
    x_dot = x_dot + kTau * xacc;
    theta = theta + kTau * theta_dot;
    theta_dot = theta_dot + kTau * thetaacc;
    state_ = {x, x_dot, theta, theta_dot};

    const bool terminated =
        x < -kXThreshold || x > kXThreshold || theta < -kThetaThreshold || theta > kThetaThreshold;
    double reward;
    if (!terminated) {
      reward = sutton_barto_reward_ ? 0.0 : 1.0;
    } else if (!steps_beyond_terminated_) {
      steps_beyond_terminated_ = true;  // the pole just fell
      reward = sutton_barto_reward_ ? -1.0 : 1.0;
    } else {
      reward = sutton_barto_reward_ ? -1.0 : 0.0;
    }
    write_observation(obs);
    return Transition{reward, terminated};
  }

  const std::array<double, 4>& state() const noexcept { return state_; }

 private:
  static constexpr double kGravity = 9.8;
  static constexpr double kMasscart = 1.0;
  static constexpr double kMasspole = 0.1;
  static constexpr double kTotalMass = kMasspole + kMasscart;
  static constexpr double kLength = 0.5;  // half the pole's length
  static constexpr double kPolemassLength = kMasspole * kLength;
  static constexpr double kForceMag = 10.0;
  static constexpr double kTau = 0.02;
  static constexpr double kThetaThreshold = 12 * 2 * std::numbers::pi / 360;
  static constexpr double kXThreshold = 2.4;

  void write_observation(Observation& obs) const noexcept {
    for (std::size_t i = 0; i < 4; ++i) obs[i] = static_cast<float>(state_[i]);
  }

  bool sutton_barto_reward_;
  std::array<double, 4> state_{};
  bool steps_beyond_terminated_ = false;
};

}  // namespace gymcc::envs
