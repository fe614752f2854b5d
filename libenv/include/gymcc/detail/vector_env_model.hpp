#pragma once
// StaticVectorEnv<E> behind the VectorEnv interface: what register_env<E>
// gives Registry::make_vec (registration.hpp), beside env_model.hpp.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gymcc/detail/vector_env_state.hpp"
#include "gymcc/static_vector_env.hpp"
#include "gymcc/vector_env.hpp"
#include "gymcc/vector_utils.hpp"

namespace gymcc::detail {

// StaticVectorEnv<E> behind the VectorEnv interface.
template <StaticEnv E>
class VectorEnvModel final : public VectorEnv {
 public:
  using Params = typename E::Params;
  using Action = typename E::Action;
  using ActionLayout = FlatLayout<Action>;

  VectorEnvModel(std::shared_ptr<const EnvSpec> spec, Value kwargs, const Params& params,
                 std::optional<std::int64_t> max_episode_steps, std::int64_t num_envs,
                 AutoresetMode autoreset_mode)
      : VectorEnvModel(std::move(spec), std::move(kwargs), E(params), params, max_episode_steps,
                       num_envs, autoreset_mode) {}

  Reset reset(const std::optional<Seed>& seed, const Value* options) override {
    vec_.reset(seed, options);
    publish();
    return Reset{observations(), infos()};
  }

  Reset reset(std::span<const std::optional<Seed>> seeds, const Value* options) override {
    vec_.reset(seeds, options);
    publish();
    return Reset{observations(), infos()};
  }

  Step step(const Value& actions) override {
    advance(actions);
    publish();
    return Step{observations(), rewards_, terminated_, truncated_, infos()};
  }

  void advance(const Value& actions) override {
    vec_.check_can_step();
    if (auto problem = action_space().action_problem(actions)) {
      throw Error(ErrorCode::kInvalidAction, *problem);
    }
    read_actions(actions);
    vec_.step(actions_);
    observations_stale_ = infos_stale_ = true;
  }

  std::optional<DType> flat_action_dtype() const noexcept override {
    if constexpr (ActionLayout::kFlat) {
      return buffer_dtype<typename ActionLayout::Element>();
    } else {
      return std::nullopt;
    }
  }

  void step_flat(const void* actions) override {
    vec_.check_can_step();
    if constexpr (ActionLayout::kFlat) {
      using Element = typename ActionLayout::Element;
      const auto* flat = static_cast<const Element*>(actions);
      for (std::size_t i = 0; i < actions_.size(); ++i) {
        std::copy(flat + i * ActionLayout::kSize, flat + (i + 1) * ActionLayout::kSize,
                  ActionLayout::begin(actions_[i]));
        check_flat_action(actions_[i]);
      }
      vec_.step(actions_);
      observations_stale_ = infos_stale_ = true;
    } else {
      (void)actions;
      throw Error(ErrorCode::kInvalidAction,
                  spec().id + " has no flat action layout: step with Values");
    }
  }

  Buffers buffers() const noexcept override {
    Buffers b;
    if constexpr (StaticVectorEnv<E>::kFlatObservations) {
      b.observations = vec_.observations().data();
      b.observation_dtype = buffer_dtype<typename StaticVectorEnv<E>::ObservationElement>();
    }
    b.observation_shape = &vec_.observation_shape();
    b.rewards = vec_.rewards().data();
    b.terminated = vec_.terminations().data();
    b.truncated = vec_.truncations().data();
    return b;
  }

  const Value& observations() override {
    if (observations_stale_) {
      vec_.observations_value(observations_);
      observations_stale_ = false;
    }
    return observations_;
  }

  const Value& infos() override {
    if (infos_stale_) {
      vec_.infos_value(infos_);
      infos_stale_ = false;
    }
    return infos_;
  }

  Value get_state() override {
    if constexpr (Snapshottable<E>) {
      const auto limit = vec_.runner(0).time_limit().max_episode_steps();
      Dict out{{"format", Value(kVectorSnapshotFormat)},
               {"version", Value(kSnapshotVersion)},
               {"env_id", Value(spec().id)},
               {"kwargs", vector_state_kwargs(kwargs(), vec_, spec().id)},
               {"max_episode_steps", limit ? Value(*limit) : Value()},
               {"num_envs", Value(num_envs())},
               {"autoreset_mode", Value(std::string(autoreset_mode_name(autoreset_mode())))},
               {"action_space", action_space().sampler_state()}};
      save_vector_state(vec_, out);
      return Value(std::move(out));
    } else {
      throw Error(ErrorCode::kInvalidState, spec().id + " does not support snapshots");
    }
  }

  void set_state(const Value& state) override {
    if constexpr (Snapshottable<E>) {
      const StateReader in(state, "state");
      check_state_header(in, spec().id, vector_state_kwargs(kwargs(), vec_, spec().id),
                         kVectorSnapshotFormat);
      check_state_time_limit(in, vec_.runner(0).time_limit().max_episode_steps());
      if (in.integer("num_envs") != num_envs()) {
        throw_invalid_state("state.num_envs", "differs from this vector env's " +
                                                  std::to_string(num_envs()) + " sub-envs");
      }
      if (in.string("autoreset_mode") != autoreset_mode_name(autoreset_mode())) {
        throw_invalid_state(
            "state.autoreset_mode",
            "differs from this vector env's " + std::string(autoreset_mode_name(autoreset_mode())));
      }
      Space space = action_space();
      space.set_sampler_state(in.field("action_space"));
      load_vector_state(vec_, in);  // all or nothing
      action_space() = std::move(space);
      publish();
    } else {
      (void)state;
      throw Error(ErrorCode::kInvalidState, spec().id + " does not support snapshots");
    }
  }

  Value get_env_state(std::int64_t index) override {
    if constexpr (Snapshottable<E>) {
      const Runner<E>& runner = vec_.runner(checked_index(index));
      Value out = save_runner_state(runner);
      const auto limit = runner.time_limit().max_episode_steps();
      Dict head{{"format", Value(kSnapshotFormat)},
                {"version", Value(kSnapshotVersion)},
                {"env_id", Value(spec().id)},
                {"kwargs", runner_kwargs(kwargs(), runner)},
                {"max_episode_steps", limit ? Value(*limit) : Value()},
                {"render_mode", Value()},
                {"action_space", single_action_space().sampler_state()}};
      Dict& d = out.as_dict();
      d.insert(d.begin(), std::make_move_iterator(head.begin()),
               std::make_move_iterator(head.end()));
      return out;
    } else {
      (void)index;
      throw Error(ErrorCode::kInvalidState, spec().id + " does not support snapshots");
    }
  }

  void set_env_state(std::int64_t index, const Value& state) override {
    if constexpr (Snapshottable<E>) {
      const std::size_t i = checked_index(index);
      const StateReader in(state, "state");
      check_state_header(in, spec().id, runner_kwargs(kwargs(), vec_.runner(i)));
      check_state_time_limit(in, vec_.runner(i).time_limit().max_episode_steps());
      if (!in.field("render_mode").is_null()) {
        throw_invalid_state("state.render_mode", "must be null: vector envs do not render");
      }
      // Checked, not kept: the batched action space samples for every sub-env.
      Space space = single_action_space();
      space.set_sampler_state(in.field("action_space"));
      Runner<E> runner = vec_.runner(i);
      load_runner_state(runner, in);
      vec_.restore_one(i, std::move(runner));
      publish();
    } else {
      (void)index;
      (void)state;
      throw Error(ErrorCode::kInvalidState, spec().id + " does not support snapshots");
    }
  }

  void set_num_threads(std::size_t threads) override { vec_.set_num_threads(threads); }
  std::size_t num_threads() const noexcept override { return vec_.num_threads(); }

  StaticVectorEnv<E>& static_env() noexcept { return vec_; }

 private:
  VectorEnvModel(std::shared_ptr<const EnvSpec> spec, Value kwargs, const E& prototype,
                 const Params& params, std::optional<std::int64_t> max_episode_steps,
                 std::int64_t num_envs, AutoresetMode autoreset_mode)
      : VectorEnv(std::move(spec), std::move(kwargs), num_envs, autoreset_mode,
                  prototype.observation_space(), prototype.action_space()),
        vec_(static_cast<std::size_t>(num_envs), params, max_episode_steps, autoreset_mode),
        actions_(static_cast<std::size_t>(num_envs)),
        flag_shape_{num_envs} {}

  // Splits a batch the action space accepted into one Action per sub-env.
  void read_actions(const Value& actions) {
    const std::size_t n = actions_.size();
    if (actions.is_list()) {
      const List& list = actions.as_list();
      for (std::size_t i = 0; i < n; ++i) actions_[i] = ActionFromValue<Action>::convert(list[i]);
      return;
    }
    if constexpr (ActionLayout::kFlat) {
      if (actions.is_array()) {
        using Element = typename ActionLayout::Element;
        const std::vector<double>& data = actions.as_array().data;
        for (std::size_t i = 0; i < n; ++i) {
          Element* out = ActionLayout::begin(actions_[i]);
          for (std::size_t k = 0; k < ActionLayout::kSize; ++k) {
            out[k] = static_cast<Element>(data[i * ActionLayout::kSize + k]);
          }
        }
        return;
      }
    }
    throw Error(ErrorCode::kInvalidAction, "actions must be a list of " + std::to_string(n) +
                                               " actions for " + action_space().to_string());
  }

  std::size_t checked_index(std::int64_t index) const {
    if (index < 0 || index >= num_envs()) {
      throw Error(ErrorCode::kInvalidArgument, "sub-env index " + std::to_string(index) +
                                                   " is out of range for " +
                                                   std::to_string(num_envs()) + " sub-envs");
    }
    return static_cast<std::size_t>(index);
  }

  // step_flat's checks: what Space::action_problem rejects element-wise.
  void check_flat_action(const Action& action) const {
    if constexpr (std::is_same_v<Action, std::int64_t>) {
      const Space& space = single_action_space();
      const bool ok = space.kind() == Space::Kind::kDiscrete
                          ? action >= space.start() && action - space.start() < space.n()
                          : space.contains(Value(action));
      if (!ok) {
        throw Error(ErrorCode::kInvalidAction,
                    "action " + std::to_string(action) + " is not in " + space.to_string());
      }
    } else if constexpr (ActionLayout::kFlat) {
      for (const auto& x : action) {
        if constexpr (std::is_floating_point_v<std::decay_t<decltype(x)>>) {
          if (x != x) throw Error(ErrorCode::kInvalidAction, "action contains NaN");
        }
      }
    }
  }

  // The Value forms of the rewards and flags; observations and infos are
  // built when asked for.
  void publish() {
    const auto n = static_cast<std::size_t>(num_envs());
    Array& rewards = rewards_.emplace_array(DType::kFloat64, flag_shape_);
    Array& terminated = terminated_.emplace_array(DType::kBool, flag_shape_);
    Array& truncated = truncated_.emplace_array(DType::kBool, flag_shape_);
    for (std::size_t i = 0; i < n; ++i) {
      rewards.data[i] = vec_.rewards()[i];
      terminated.data[i] = vec_.terminations()[i];
      truncated.data[i] = vec_.truncations()[i];
    }
    observations_stale_ = infos_stale_ = true;
  }

  StaticVectorEnv<E> vec_;
  std::vector<Action> actions_;
  Shape flag_shape_;  // [num_envs]
  Value observations_;
  Value rewards_;
  Value terminated_;
  Value truncated_;
  Value infos_;
  bool observations_stale_ = true;
  bool infos_stale_ = true;
};

}  // namespace gymcc::detail
