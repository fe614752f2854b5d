#pragma once
// Snapshots of the classic-control envs (EnvState, snapshot.hpp): the
// physics variables in float64 (or float32 where numpy holds them so), and
// the last observation. Kwarg-derived constants are not state: a state only
// loads into an env with the same kwargs.

#include <algorithm>
#include <numbers>
#include <optional>
#include "gymcc/detail/runner_state.hpp"

#include "gymcc/envs/classic_control/acrobot.hpp"
#include "gymcc/envs/classic_control/cartpole.hpp"
#include "gymcc/envs/classic_control/continuous_mountain_car.hpp"
#include "gymcc/envs/classic_control/mountain_car.hpp"
#include "gymcc/envs/classic_control/pendulum.hpp"

namespace gymcc {
namespace detail {

// The envs clip these; a state outside them is one no episode reaches.
inline double number_in(const StateReader& in, std::string_view key, double low, double high) {
  // float32 states are clipped to the float32 bounds, a hair wider.
  low = std::min(low, static_cast<double>(static_cast<float>(low)));
  high = std::max(high, static_cast<double>(static_cast<float>(high)));
  const double d = in.number(key);
  if (d < low || d > high) {
    throw_invalid_state(in.field_path(key),
                        "must be in [" + std::to_string(low) + ", " + std::to_string(high) + "]");
  }
  return d;
}

}  // namespace detail

template <>
struct EnvState<envs::CartPole> {
  using E = envs::CartPole;
  static void save(const E& env, const E::Observation& obs, const E::Info&, Dict& out) {
    out.emplace_back("state", double_list(env.state_));
    out.emplace_back("steps_beyond_terminated", Value(env.steps_beyond_terminated_));
    out.emplace_back("observation", float_list(obs));
  }
  static void load(E& env, E::Observation& obs, E::Info&, const StateReader& in) {
    const auto state = read_number_list<double, 4>(in, "state", false);
    const bool beyond = in.boolean("steps_beyond_terminated");
    obs = read_number_list<float, 4>(in, "observation", false);
    env.state_ = state;
    env.steps_beyond_terminated_ = beyond;
  }
};

template <>
struct EnvState<envs::MountainCar> {
  using E = envs::MountainCar;
  static void save(const E& env, const E::Observation& obs, const E::Info&, Dict& out) {
    out.emplace_back("position", Value(env.position_));
    out.emplace_back("velocity", Value(env.velocity_));
    out.emplace_back("observation", float_list(obs));
  }
  static void load(E& env, E::Observation& obs, E::Info&, const StateReader& in) {
    const double position = detail::number_in(in, "position", E::kMinPosition, E::kMaxPosition);
    const double velocity = detail::number_in(in, "velocity", -E::kMaxSpeed, E::kMaxSpeed);
    obs = read_number_list<float, 2>(in, "observation", true);
    env.position_ = position;
    env.velocity_ = velocity;
  }
};

template <>
struct EnvState<envs::MountainCarContinuous> {
  using E = envs::MountainCarContinuous;
  static void save(const E& env, const E::Observation& obs, const E::Info&, Dict& out) {
    out.emplace_back("position", Value(env.position_));
    out.emplace_back("velocity", Value(env.velocity_));
    out.emplace_back("state_is_float32", Value(env.state_is_float32_));
    out.emplace_back("observation", float_list(obs));
  }
  static void load(E& env, E::Observation& obs, E::Info&, const StateReader& in) {
    const double position = detail::number_in(in, "position", E::kMinPosition, E::kMaxPosition);
    const double velocity = detail::number_in(in, "velocity", -E::kMaxSpeed, E::kMaxSpeed);
    const bool f32 = in.boolean("state_is_float32");
    if (f32) {
      // numpy holds the state as float32 after the first step.
      for (const char* key : {"position", "velocity"}) {
        const double d = in.number(key);
        if (static_cast<double>(static_cast<float>(d)) != d) {
          throw_invalid_state(in.field_path(key), "must be a float32 value");
        }
      }
    }
    obs = read_number_list<float, 2>(in, "observation", true);
    env.position_ = position;
    env.velocity_ = velocity;
    env.state_is_float32_ = f32;
  }
};

template <>
struct EnvState<envs::Pendulum> {
  using E = envs::Pendulum;
  static void save(const E& env, const E::Observation& obs, const E::Info&, Dict& out) {
    out.emplace_back("th", Value(env.th_));
    out.emplace_back("thdot", Value(env.thdot_));
    out.emplace_back("last_u", env.last_u_ ? Value(static_cast<double>(*env.last_u_)) : Value());
    out.emplace_back("observation", float_list(obs));
  }
  static void load(E& env, E::Observation& obs, E::Info&, const StateReader& in) {
    const double th = in.number("th");
    const double thdot = in.number("thdot");
    std::optional<float> last_u;
    if (!in.field("last_u").is_null()) {
      const double u = in.number("last_u", false);
      if (u == u && static_cast<double>(static_cast<float>(u)) != u) {
        throw_invalid_state(in.field_path("last_u"), "must be a float32 value");
      }
      last_u = static_cast<float>(u);
    }
    obs = read_number_list<float, 3>(in, "observation", true);
    env.th_ = th;
    env.thdot_ = thdot;
    env.last_u_ = last_u;
  }
};

template <>
struct EnvState<envs::Acrobot> {
  using E = envs::Acrobot;
  static void save(const E& env, const E::Observation& obs, const E::Info&, Dict& out) {
    out.emplace_back("state", double_list(env.state_));
    out.emplace_back("observation", float_list(obs));
  }
  static void load(E& env, E::Observation& obs, E::Info&, const StateReader& in) {
    const auto state = read_number_list<double, 4>(in, "state", true);
    // Angles are wrapped into [-pi, pi] by repeated subtraction: far-out
    // values would take forever. Velocities are bounded.
    const std::array<double, 4> bounds{std::numbers::pi, std::numbers::pi, E::kMaxVel1,
                                       E::kMaxVel2};
    for (std::size_t i = 0; i < 4; ++i) {
      if (!(state[i] >= -bounds[i] && state[i] <= bounds[i])) {
        throw_invalid_state(
            in.field_path("state") + "[" + std::to_string(i) + "]",
            "must be in [" + std::to_string(-bounds[i]) + ", " + std::to_string(bounds[i]) + "]");
      }
    }
    obs = read_number_list<float, 6>(in, "observation", true);
    env.state_ = state;
  }
};

}  // namespace gymcc
