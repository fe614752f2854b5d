#pragma once
// Pendulum (gymnasium.envs.classic_control.pendulum.PendulumEnv)
//
// ## Description
// The inverted-pendulum swing-up problem: a pendulum hangs from a fixed
// pivot, starts at a random angle, and must be swung up and held upright by
// applying torque at the pivot. The angle is 0 when the pendulum points
// straight up.
//
// ## Action Space
// Box(-2.0, 2.0, (1,), float32): the torque at the pivot. Values outside
// [-2, 2] are accepted and clipped.
//
// ## Observation Space
// Box(3,) float32: x = cos(theta) in [-1, 1], y = sin(theta) in [-1, 1], and
// the angular velocity in [-8, 8].
//
// ## Rewards
// -(theta² + 0.1 * theta_dot² + 0.001 * torque²), with theta normalised into
// [-pi, pi). The worst possible reward is about -16.27, the best 0 (upright,
// still, no torque).
//
// ## Starting State
// theta uniform in [-pi, pi], theta_dot uniform in [-1, 1]. The reset options
// "x_init" and "y_init" replace the bounds pi and 1 (the ranges stay
// symmetric: [-x_init, x_init] and [-y_init, y_init]).
//
// Dynamics: theta_dot += (3g / 2l * sin(theta) + 3 / (m l²) * torque) * dt,
// clipped to [-8, 8]; theta += theta_dot * dt; dt = 0.05, m = l = 1.
//
// ## Episode End
// Never terminates; truncated after 200 steps by the registration's
// TimeLimit.
//
// ## Arguments
// `g` (number, default 10.0): the acceleration of gravity in m/s².
//
// ## Version History
// v1: simpler equations, same behaviour. v0: the first version.
//
// Exactness (numpy 2): theta and theta_dot are float64, but the clipped torque
// stays a numpy float32, so `u**2` is powf, and `0.001 * u**2` and `3.0 * u`
// are float32 products (NEP 50) before joining the float64 sums. Scalar
// `x ** 2` on float64 is glibc pow, not x * x.

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <optional>

#include "gymcc/env.hpp"
#include "gymcc/envs/detail/classic_control_utils.hpp"

namespace gymcc::envs {

class Pendulum {
  friend struct ::gymcc::EnvState<Pendulum>;  // snapshots (envs/detail/*_state.hpp)

 public:
  struct Params {
    detail::NumberArg g = detail::NumberArg::of(10.0);
  };
  using Action = std::array<float, 1>;
  using Observation = std::array<float, 3>;
  using Info = NoInfo;

  static const KwargTable<Params>& kwargs() {
    static const KwargTable<Params> table = [] {
      KwargTable<Params> t;
      detail::add_number_kwarg(t, "g", &Params::g,
                               "Acceleration of gravity (m/s^2) in the pendulum's dynamics");
      return t;
    }();
    return table;
  }

  static EnvMetadata metadata() { return {{"human", "rgb_array"}, 30}; }

  explicit Pendulum(const Params& params) : g_(params.g.value) {}

  Space observation_space() const {
    return Space::box({-1.0, -1.0, -kMaxSpeed}, {1.0, 1.0, kMaxSpeed}, Shape{3}, DType::kFloat32);
  }
  Space action_space() const {
    return Space::box(-kMaxTorque, kMaxTorque, Shape{1}, DType::kFloat32);
  }

  void reset(Generator& rng, const Value* options, Observation& obs, Info& /*info*/) {
    double x = kDefaultX;
    double y = kDefaultY;
    if (detail::reset_options_dict(options) != nullptr) {
      const Value* x_value = options->find("x_init");
      const Value* y_value = options->find("y_init");
      if (x_value != nullptr) x = detail::verify_number_and_cast(*x_value);
      if (y_value != nullptr) y = detail::verify_number_and_cast(*y_value);
    }
    // high = [x, y]; low = -high; np_random.uniform(low, high) (array form:
    // all ranges checked for finiteness, then for sign).
    const std::array<double, 2> high = {x, y};
    const std::array<double, 2> low = {-x, -y};
    const std::array<double, 2> range = {high[0] - low[0], high[1] - low[1]};
    if (!std::isfinite(range[0]) || !std::isfinite(range[1])) {
      detail::throw_invalid_options("Range exceeds valid bounds");
    }
    if (range[0] < 0.0 || range[1] < 0.0) detail::throw_invalid_options("high - low < 0");
    th_ = low[0] + range[0] * rng.random();
    thdot_ = low[1] + range[1] * rng.random();
    last_u_.reset();
    write_observation(obs);
  }

  Transition step(const Action& action, Generator& /*rng*/, Observation& obs,
                  Info& /*info*/) noexcept {
    const double th = th_;
    const double thdot = thdot_;
    const float u =
        detail::np_clip(action[0], static_cast<float>(-kMaxTorque), static_cast<float>(kMaxTorque));
    const float torque_cost = 0.001f * detail::py_powf(u, 2.0f);
    const double costs = detail::py_pow(angle_normalize(th), 2.0) +
                         0.1 * detail::py_pow(thdot, 2.0) + static_cast<double>(torque_cost);

    const float torque_term = static_cast<float>(3.0 / (kM * detail::py_pow(kL, 2.0))) * u;
    double newthdot =
        thdot + (3 * g_ / (2 * kL) * std::sin(th) + static_cast<double>(torque_term)) * kDt;
    newthdot = detail::np_clip(newthdot, -kMaxSpeed, kMaxSpeed);
    const double newth = th + newthdot * kDt;
    th_ = newth;
    thdot_ = newthdot;
    last_u_ = u;
    write_observation(obs);
    return Transition{-costs, false};
  }

  double theta() const noexcept { return th_; }
  double theta_dot() const noexcept { return thdot_; }
  // The clipped torque of the last step, none after reset (gymnasium's
  // `last_u`, which only its renderer reads: the torque arrow).
  const std::optional<float>& last_u() const noexcept { return last_u_; }

 private:
  static constexpr double kMaxSpeed = 8;
  static constexpr double kMaxTorque = 2.0;
  static constexpr double kDt = 0.05;
  static constexpr double kM = 1.0;
  static constexpr double kL = 1.0;
  static constexpr double kDefaultX = std::numbers::pi;
  static constexpr double kDefaultY = 1.0;

  // ((x + pi) % (2 * pi)) - pi with numpy's float64 remainder.
  static double angle_normalize(double x) noexcept {
    return detail::np_remainder(x + std::numbers::pi, 2 * std::numbers::pi) - std::numbers::pi;
  }

  void write_observation(Observation& obs) const noexcept {
    obs = {static_cast<float>(std::cos(th_)), static_cast<float>(std::sin(th_)),
           static_cast<float>(thdot_)};
  }

  double g_;
  double th_ = 0.0;
  double thdot_ = 0.0;
  std::optional<float> last_u_;
};

}  // namespace gymcc::envs
