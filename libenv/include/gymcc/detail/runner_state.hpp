#pragma once
// Snapshots of a Runner<E> (wrappers.hpp): its TimeLimit and OrderEnforcing
// counters, np_random, and the env's own state through EnvState<E>
// (snapshot.hpp). Shared by EnvModel and the vector envs.

#include <array>
#include <concepts>
#include <cstdint>
#include <string>

#include "gymcc/snapshot.hpp"
#include "gymcc/wrappers.hpp"

namespace gymcc {

// A static env whose state can be saved and restored, observation and info
// included.
template <class E>
concept Snapshottable = requires(const E& cenv, E& env, const typename E::Observation& cobs,
                                 const typename E::Info& cinfo, typename E::Observation& obs,
                                 typename E::Info& info, Dict& out, const StateReader& in) {
  { EnvState<E>::save(cenv, cobs, cinfo, out) } -> std::same_as<void>;
  { EnvState<E>::load(env, obs, info, in) } -> std::same_as<void>;
};

template <class E>
concept HasKwargsOverride = requires(const E& cenv, Dict& out) {
  { EnvState<E>::kwargs_override(cenv, out) } -> std::same_as<void>;
};

// ---- Helpers for EnvState specialisations.

template <std::size_t N>
Value float_list(const std::array<float, N>& values) {
  List out;
  out.reserve(N);
  for (const float f : values) out.push_back(Value(static_cast<double>(f)));
  return Value(std::move(out));
}

template <std::size_t N>
Value double_list(const std::array<double, N>& values) {
  List out;
  out.reserve(N);
  for (const double d : values) out.push_back(Value(d));
  return Value(std::move(out));
}

// A list of exactly N numbers; float32 ones must be exactly float32.
template <class T, std::size_t N>
std::array<T, N> read_number_list(const StateReader& in, std::string_view key, bool finite) {
  const Value& v = in.field(key);
  const std::string path = in.field_path(key);
  if (!v.is_list() || v.as_list().size() != N) {
    throw_invalid_state(path, "must be a list of " + std::to_string(N) + " numbers");
  }
  std::array<T, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    const std::string where = path + "[" + std::to_string(i) + "]";
    const double d = state_number(v.as_list()[i], where, finite);
    if constexpr (std::is_same_v<T, float>) {
      if (d == d && static_cast<double>(static_cast<float>(d)) != d) {
        throw_invalid_state(where, "must be a float32 value");
      }
    }
    out[i] = static_cast<T>(d);
  }
  return out;
}

namespace detail {

// The kwargs that rebuild `runner`'s env exactly: the kwargs it was made with
// with what EnvState<E>::kwargs_override adds (a FrozenLake's generated map).
template <StaticEnv E>
Value runner_kwargs(const Value& kwargs, const Runner<E>& runner) {
  Value out = kwargs;
  if constexpr (HasKwargsOverride<E>) {
    Dict extra;
    EnvState<E>::kwargs_override(runner.env(), extra);
    Dict& dict = out.as_dict();
    for (auto& [key, value] : extra) {
      bool replaced = false;
      for (auto& [k, v] : dict) {
        if (k == key) {
          v = value;
          replaced = true;
        }
      }
      if (!replaced) dict.emplace_back(key, std::move(value));
    }
  }
  return out;
}

template <StaticEnv E>
requires Snapshottable<E> Value save_runner_state(const Runner<E>& runner) {
  Dict env;
  EnvState<E>::save(runner.env(), runner.observation(), runner.info(), env);
  return Value(Dict{
      {"time_limit", Value(Dict{{"elapsed_steps", Value(runner.time_limit().elapsed_steps())}})},
      {"order_enforcing", Value(Dict{{"has_reset", Value(runner.order().has_reset())}})},
      {"np_random", runner.np_random() ? generator_state(*runner.np_random()) : Value()},
      {"env", Value(std::move(env))}});
}

// Loads into `runner` all or nothing: a state that fails validation leaves
// it unchanged.
template <StaticEnv E>
requires Snapshottable<E>
void load_runner_state(Runner<E>& runner, const StateReader& in) {
  Runner<E> next = runner;
  auto parts = next.parts();
  const std::int64_t elapsed = in.child("time_limit").integer("elapsed_steps", 0);
  const bool has_reset = in.child("order_enforcing").boolean("has_reset");
  const Value& rng = in.field("np_random");
  if (rng.is_null()) {
    // step dereferences np_random: a reset env always has one.
    if (has_reset) throw_invalid_state(in.field_path("np_random"), "must be set once reset");
    parts.np_random.reset();
  } else {
    Generator g{Seed{}};
    g.bit_generator().set_state(read_generator_state(rng, in.field_path("np_random")));
    parts.np_random.emplace(g);
  }
  EnvState<E>::load(parts.env, parts.observation, parts.info, in.child("env"));
  parts.time_limit.set_elapsed_steps(elapsed);
  parts.order.set_has_reset(has_reset);
  runner = std::move(next);
}

}  // namespace detail
}  // namespace gymcc
