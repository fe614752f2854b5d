#pragma once
// gymnasium's TimeLimit and OrderEnforcing wrappers, and `Runner<E>`, a
// static env with its np_random and both wrappers around it — what
// `gymnasium.make(id)` returns, minus the type erasure.

#include <cstdint>
#include <optional>
#include <string>

#include "gymcc/env.hpp"
#include "gymcc/errors.hpp"

namespace gymcc {

// Truncates once `max_episode_steps` steps have elapsed since reset, and
// keeps counting (and truncating) if the caller steps on.
class TimeLimit {
 public:
  explicit TimeLimit(std::optional<std::int64_t> max_episode_steps = std::nullopt)
      : max_episode_steps_(max_episode_steps) {}
  void on_reset() noexcept { elapsed_steps_ = 0; }
  // Counts a step; returns whether the episode is truncated.
  bool on_step() noexcept {
    ++elapsed_steps_;
    return max_episode_steps_ && elapsed_steps_ >= *max_episode_steps_;
  }
  std::int64_t elapsed_steps() const noexcept { return elapsed_steps_; }
  std::optional<std::int64_t> max_episode_steps() const noexcept { return max_episode_steps_; }
  void set_elapsed_steps(std::int64_t steps) noexcept { elapsed_steps_ = steps; }  // snapshots

 private:
  std::optional<std::int64_t> max_episode_steps_;
  std::int64_t elapsed_steps_ = 0;
};

// Refuses step (and render) before the first reset, with gymnasium's words.
class OrderEnforcing {
 public:
  static constexpr const char* kStepMessage = "Cannot call env.step() before calling env.reset()";
  static constexpr const char* kRenderMessage =
      "Cannot call `env.render()` before calling `env.reset()`, if this is an intended "
      "action, set `disable_render_order_enforcing=True` on the OrderEnforcer wrapper.";

  void on_reset() noexcept { has_reset_ = true; }
  bool has_reset() const noexcept { return has_reset_; }
  void set_has_reset(bool has_reset) noexcept { has_reset_ = has_reset; }  // snapshots
  void check_step() const {
    if (!has_reset_) throw Error(ErrorCode::kResetNeeded, kStepMessage);
  }
  void check_render() const {
    if (!has_reset_) throw Error(ErrorCode::kResetNeeded, kRenderMessage);
  }

 private:
  bool has_reset_ = false;
};

// gymnasium's `seeding.np_random(seed)`: a fresh Generator, from the seed or
// from OS entropy.
inline Generator make_np_random(const std::optional<Seed>& seed) {
  return seed ? Generator(*seed) : Generator::from_entropy();
}

struct StepOutcome {
  double reward = 0.0;
  bool terminated = false;
  bool truncated = false;
  bool reward_is_int = false;
};

template <StaticEnv E>
class Runner {
 public:
  using Params = typename E::Params;
  using Action = typename E::Action;
  using Observation = typename E::Observation;
  using Info = typename E::Info;

  explicit Runner(const Params& params = {},
                  std::optional<std::int64_t> max_episode_steps = std::nullopt)
      : env_(params), time_limit_(max_episode_steps) {}

  // gymnasium's Env.reset: reseeds np_random when a seed is given (or on the
  // very first reset), keeps its stream otherwise.
  void reset(const std::optional<Seed>& seed, const Value* options) {
    if (seed || !rng_) rng_.emplace(make_np_random(seed));
    env_.reset(*rng_, options, obs_, info_);
    time_limit_.on_reset();
    order_.on_reset();
  }

  // The action must be valid (see Space::action_problem); the hot path.
  StepOutcome step(const Action& action) noexcept {
    const Transition t = env_.step(action, *rng_, obs_, info_);
    const bool truncated = time_limit_.on_step();
    return StepOutcome{t.reward, t.terminated, truncated, t.reward_is_int};
  }

  bool has_reset() const noexcept { return order_.has_reset(); }
  const Observation& observation() const noexcept { return obs_; }
  const Info& info() const noexcept { return info_; }
  E& env() noexcept { return env_; }
  const E& env() const noexcept { return env_; }
  const TimeLimit& time_limit() const noexcept { return time_limit_; }
  const OrderEnforcing& order() const noexcept { return order_; }

  // Every part of the state, for snapshots (detail/runner_state.hpp).
  struct Parts {
    E& env;
    std::optional<Generator>& np_random;
    Observation& observation;
    Info& info;
    TimeLimit& time_limit;
    OrderEnforcing& order;
  };
  Parts parts() noexcept { return Parts{env_, rng_, obs_, info_, time_limit_, order_}; }
  const std::optional<Generator>& np_random() const noexcept { return rng_; }

 private:
  E env_;
  std::optional<Generator> rng_;
  Observation obs_{};
  Info info_{};
  TimeLimit time_limit_;
  OrderEnforcing order_;
};

}  // namespace gymcc
