#pragma once
// Snapshots of a StaticVectorEnv<E> (vector_env.hpp's get_state/set_state):
// every sub-env as runner_state.hpp saves one, plus the last step's rewards
// and flags. The header fields (format, env id, kwargs, ...) are the
// VectorEnvModel's to add and check.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gymcc/detail/runner_state.hpp"
#include "gymcc/static_vector_env.hpp"

namespace gymcc::detail {

// The kwargs of the whole vector env's state: every sub-env's must agree (a
// vector env is rebuilt from one set of kwargs).
template <StaticEnv E>
Value vector_state_kwargs(const Value& kwargs, const StaticVectorEnv<E>& vec,
                          const std::string& env_id) {
  Value first = runner_kwargs(kwargs, vec.runner(0));
  for (std::size_t i = 1; i < vec.num_envs(); ++i) {
    if (!(runner_kwargs(kwargs, vec.runner(i)) == first)) {
      throw Error(ErrorCode::kInvalidState,
                  env_id + "'s sub-envs differ in their model (sub-env 0 and " + std::to_string(i) +
                      ", e.g. randomly generated maps): this vector env cannot be snapshotted "
                      "as one; snapshot its sub-envs one by one");
    }
  }
  return first;
}

template <StaticEnv E>
requires Snapshottable<E>
void save_vector_state(const StaticVectorEnv<E>& vec, Dict& out) {
  List envs, rewards, terminated, truncated;
  for (std::size_t i = 0; i < vec.num_envs(); ++i) {
    envs.push_back(save_runner_state(vec.runner(i)));
    rewards.push_back(Value(vec.rewards()[i]));
    terminated.push_back(Value(vec.terminations()[i] != 0));
    truncated.push_back(Value(vec.truncations()[i] != 0));
  }
  out.emplace_back("envs", Value(std::move(envs)));
  out.emplace_back("rewards", Value(std::move(rewards)));
  out.emplace_back("terminated", Value(std::move(terminated)));
  out.emplace_back("truncated", Value(std::move(truncated)));
}

// A list field of exactly `n` entries.
inline const List& state_list(const StateReader& in, std::string_view key, std::size_t n) {
  const Value& v = in.field(key);
  if (!v.is_list() || v.as_list().size() != n) {
    throw_invalid_state(in.field_path(key), "must be a list of " + std::to_string(n) + " entries");
  }
  return v.as_list();
}

inline std::vector<std::uint8_t> state_flags(const StateReader& in, std::string_view key,
                                             std::size_t n) {
  const List& list = state_list(in, key, n);
  std::vector<std::uint8_t> flags(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!list[i].is_bool()) {
      throw_invalid_state(in.field_path(key) + "[" + std::to_string(i) + "]", "must be a boolean");
    }
    flags[i] = list[i].as_bool() ? 1 : 0;
  }
  return flags;
}

// All or nothing: every field is read and checked before `vec` changes.
template <StaticEnv E>
requires Snapshottable<E>
void load_vector_state(StaticVectorEnv<E>& vec, const StateReader& in) {
  const std::size_t n = vec.num_envs();
  const List& envs = state_list(in, "envs", n);
  const List& reward_list = state_list(in, "rewards", n);
  std::vector<double> rewards(n);
  for (std::size_t i = 0; i < n; ++i) {
    rewards[i] =
        state_number(reward_list[i], in.field_path("rewards") + "[" + std::to_string(i) + "]",
                     /*finite=*/false);
  }
  const std::vector<std::uint8_t> terminated = state_flags(in, "terminated", n);
  const std::vector<std::uint8_t> truncated = state_flags(in, "truncated", n);
  std::vector<Runner<E>> runners;
  runners.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    runners.push_back(vec.runner(i));
    const std::string path = in.field_path("envs") + "[" + std::to_string(i) + "]";
    load_runner_state(runners.back(), StateReader(envs[i], path));
    // A sub-env awaiting its autoreset has been reset once at least.
    if ((terminated[i] | truncated[i]) && !runners.back().order().has_reset()) {
      throw_invalid_state(path + ".order_enforcing.has_reset",
                          "must be true for a sub-env that terminated or truncated");
    }
  }
  vec.restore(std::move(runners), rewards, terminated, truncated);
}

}  // namespace gymcc::detail
