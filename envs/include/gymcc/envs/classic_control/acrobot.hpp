#pragma once
// Acrobot (gymnasium.envs.classic_control.acrobot.AcrobotEnv)
//
// ## Description
// Two links hang in a chain from a fixed pivot; only the joint between them
// is actuated. Starting from hanging (almost) straight down, the agent swings
// the chain until its free end rises above a target height. The system is
// Sutton's (1996) acrobot, with the dynamics of Sutton and Barto's book.
//
// ## Action Space
// Discrete(3): torque of -1, 0 or +1 N·m on the joint between the links.
//
// ## Observation Space
// Box(6,) float32: cos and sin of theta1 (the first link's angle, 0 pointing
// down), cos and sin of theta2 (the second link's angle relative to the
// first), then the two angular velocities, bounded by ±4π and ±9π rad/s.
//
// ## Rewards
// -1 for every step that does not reach the target height, 0 for the one
// that does.
//
// ## Starting State
// theta1, theta2 and both angular velocities are drawn uniformly from
// [-0.1, 0.1] (the reset options "low" and "high" replace those bounds) and
// kept as float32, as gymnasium does.
//
// ## Episode End
// Terminated when -cos(theta1) - cos(theta1 + theta2) > 1 (the free end is
// one link length above the pivot); truncated after 500 steps by the
// registration's TimeLimit.
//
// ## Arguments
// None. (gymnasium's class attributes `dt = 0.2`, `book_or_nips = "book"`
// and `torque_noise_max = 0.0` are fixed here: no noise, so no draws.)
//
// ## Version History
// v1: 500 steps, and cos/sin of the angles instead of the angles themselves.
// v0: the first version, 200 steps.
//
// Exactness: one step is one fourth-order Runge-Kutta step of dt = 0.2 over
// the float64 state, in gymnasium's evaluation order, `x ** 2` as glibc pow.
// The reset observation applies numpy's own float32 sin/cos to the float32
// state (see detail/npy_float32_math.hpp); after a step the state is float64
// and libm's double sin/cos apply.

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

#include "gymcc/env.hpp"
#include "gymcc/envs/detail/classic_control_utils.hpp"
#include "gymcc/envs/detail/npy_float32_math.hpp"

namespace gymcc::envs {

class Acrobot {
  friend struct ::gymcc::EnvState<Acrobot>;  // snapshots (envs/detail/*_state.hpp)

 public:
  struct Params {};
  using Action = std::int64_t;
  using Observation = std::array<float, 6>;
  using Info = NoInfo;

  static const KwargTable<Params>& kwargs() {
    static const KwargTable<Params> table;
    return table;
  }

  static EnvMetadata metadata() { return {{"human", "rgb_array"}, 15}; }

  explicit Acrobot(const Params& /*params*/) {}

  Space observation_space() const {
    return Space::box({-1.0, -1.0, -1.0, -1.0, -kMaxVel1, -kMaxVel2},
                      {1.0, 1.0, 1.0, 1.0, kMaxVel1, kMaxVel2}, Shape{6}, DType::kFloat32);
  }
  Space action_space() const { return Space::discrete(3); }

  void reset(Generator& rng, const Value* options, Observation& obs, Info& /*info*/) {
    const auto [low, high] = detail::maybe_parse_reset_bounds(options, -0.1, 0.1);
    const double range = detail::checked_uniform_range(low, high);
    std::array<float, 4> s{};
    for (float& v : s) v = static_cast<float>(low + range * rng.random());
    for (std::size_t i = 0; i < 4; ++i) state_[i] = static_cast<double>(s[i]);
    obs = {detail::npy_cosf(s[0]),
           detail::npy_sinf(s[0]),
           detail::npy_cosf(s[1]),
           detail::npy_sinf(s[1]),
           s[2],
           s[3]};
  }

  // `action` is 0, 1 or 2 (the type-erased layer rejects anything else; in
  // gymnasium 3 would be an IndexError).
  Transition step(const Action& action, Generator& /*rng*/, Observation& obs,
                  Info& /*info*/) noexcept {
    const auto index = static_cast<std::size_t>(action);
    const double torque = index < kAvailTorque.size() ? kAvailTorque[index] : 0.0;

    const Vec y0 = {state_[0], state_[1], state_[2], state_[3], torque};
    const Vec ns = rk4(y0);

    state_[0] = wrap(ns[0], -std::numbers::pi, std::numbers::pi);
    state_[1] = wrap(ns[1], -std::numbers::pi, std::numbers::pi);
    state_[2] = bound(ns[2], -kMaxVel1, kMaxVel1);
    state_[3] = bound(ns[3], -kMaxVel2, kMaxVel2);

    const bool terminated = -std::cos(state_[0]) - std::cos(state_[1] + state_[0]) > 1.0;
    obs = {static_cast<float>(std::cos(state_[0])), static_cast<float>(std::sin(state_[0])),
           static_cast<float>(std::cos(state_[1])), static_cast<float>(std::sin(state_[1])),
           static_cast<float>(state_[2]),           static_cast<float>(state_[3])};
    return Transition{terminated ? 0.0 : -1.0, terminated};
  }

  const std::array<double, 4>& state() const noexcept { return state_; }

 private:
  using Vec = std::array<double, 5>;  // theta1, theta2, dtheta1, dtheta2, torque

  static constexpr double kDt = 0.2;
  static constexpr double kLinkLength1 = 1.0;
  static constexpr double kLinkMass1 = 1.0;
  static constexpr double kLinkMass2 = 1.0;
  static constexpr double kLinkComPos1 = 0.5;
  static constexpr double kLinkComPos2 = 0.5;
  static constexpr double kLinkMoi = 1.0;
  static constexpr double kMaxVel1 = 4 * std::numbers::pi;
  static constexpr double kMaxVel2 = 9 * std::numbers::pi;
  static constexpr std::array<double, 3> kAvailTorque = {-1.0, 0.0, +1.0};

  // The book's equations of motion (gymnasium's _dsdt).
  static Vec dsdt(const Vec& s) noexcept {
    constexpr double m1 = kLinkMass1;
    constexpr double m2 = kLinkMass2;
    constexpr double l1 = kLinkLength1;
    constexpr double lc1 = kLinkComPos1;
    constexpr double lc2 = kLinkComPos2;
    constexpr double I1 = kLinkMoi;
    constexpr double I2 = kLinkMoi;
    constexpr double g = 9.8;
    constexpr double pi = std::numbers::pi;
    using detail::py_pow;
    const double a = s[4];
    const double theta1 = s[0];
    const double theta2 = s[1];
    const double dtheta1 = s[2];
    const double dtheta2 = s[3];
    // lc1**2 etc.: powers of 0.5 and 1.0, exact whether pow or a product.
    constexpr double lc1_sq = lc1 * lc1;
    constexpr double lc2_sq = lc2 * lc2;
    constexpr double l1_sq = l1 * l1;
    const double d1 =
        m1 * lc1_sq + m2 * (l1_sq + lc2_sq + 2 * l1 * lc2 * std::cos(theta2)) + I1 + I2;
    const double d2 = m2 * (lc2_sq + l1 * lc2 * std::cos(theta2)) + I2;
    const double phi2 = m2 * lc2 * g * std::cos(theta1 + theta2 - pi / 2.0);
    const double phi1 = -m2 * l1 * lc2 * py_pow(dtheta2, 2.0) * std::sin(theta2) -
                        2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * std::sin(theta2) +
                        (m1 * lc1 + m2 * l1) * g * std::cos(theta1 - pi / 2) + phi2;
    const double ddtheta2 =
        (a + d2 / d1 * phi1 - m2 * l1 * lc2 * py_pow(dtheta1, 2.0) * std::sin(theta2) - phi2) /
        (m2 * lc2_sq + I2 - py_pow(d2, 2.0) / d1);
    const double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
    return {dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0};
  }

  // gymnasium's rk4(derivs, y0, [0, dt]): a single step; numpy's elementwise
  // array arithmetic in the same order.
  static Vec rk4(const Vec& y0) noexcept {
    const double dt = kDt - 0;  // t[1] - t[0]
    const double dt2 = dt / 2.0;
    auto axpy = [](const Vec& y, double h, const Vec& k) {
      Vec out{};
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = y[i] + h * k[i];
      return out;
    };
    const Vec k1 = dsdt(y0);
    const Vec k2 = dsdt(axpy(y0, dt2, k1));
    const Vec k3 = dsdt(axpy(y0, dt2, k2));
    const Vec k4 = dsdt(axpy(y0, dt, k3));
    const double h = dt / 6.0;
    Vec out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = y0[i] + h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    }
    return out;
  }

  // gymnasium's wrap(x, m, M): repeated subtraction/addition of M - m, as
  // Python's while loops do (not fmod: the rounding differs). Where Python
  // would loop forever (an infinite x, or one so large that x - diff == x)
  // this stops and returns x unchanged.
  static double wrap(double x, double m, double big_m) noexcept {
    const double diff = big_m - m;
    while (x > big_m) {
      const double next = x - diff;
      if (next == x) break;
      x = next;
    }
    while (x < m) {
      const double next = x + diff;
      if (next == x) break;
      x = next;
    }
    return x;
  }

  // gymnasium's bound(x, m, M) = min(max(x, m), M) with Python's min/max.
  static double bound(double x, double m, double big_m) noexcept {
    const double lower = m > x ? m : x;
    return big_m < lower ? big_m : lower;
  }

  std::array<double, 4> state_{};
};

}  // namespace gymcc::envs
