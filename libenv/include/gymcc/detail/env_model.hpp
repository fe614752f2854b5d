#pragma once
// A static env behind the type-erased Env interface: Runner<E> (TimeLimit,
// OrderEnforcing, np_random) plus the Value conversions — what
// register_env<E> gives Registry::make (registration.hpp).

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "gymcc/detail/flat_layout.hpp"
#include "gymcc/detail/runner_state.hpp"
#include "gymcc/registry.hpp"
#include "gymcc/wrappers.hpp"

namespace gymcc::detail {

template <StaticEnv E>
class EnvModel final : public Env {
  using Action = typename E::Action;
  using ActionLayout = FlatLayout<Action>;
  using ObservationLayout = FlatLayout<typename E::Observation>;

 public:
  EnvModel(std::shared_ptr<const EnvSpec> spec, Value kwargs, const typename E::Params& params,
           std::optional<std::int64_t> max_episode_steps, std::optional<std::string> render_mode)
      : EnvModel(std::move(spec), std::move(kwargs), E(params), params, max_episode_steps,
                 std::move(render_mode)) {}

  Reset reset(const std::optional<Seed>& seed, const Value* options) override {
    runner_.reset(seed, options);
    publish();
    return Reset{observation_, info_};
  }

  Step step(const Value& action) override {
    runner_.order().check_step();
    if (auto problem = action_space().action_problem(action)) {
      throw Error(ErrorCode::kInvalidAction, *problem);
    }
    const StepOutcome outcome = runner_.step(ActionFromValue<Action>::convert(action));
    publish();
    return Step{observation_,       outcome.reward,    outcome.reward_is_int,
                outcome.terminated, outcome.truncated, info_};
  }

  std::optional<DType> flat_action_dtype() const noexcept override {
    if constexpr (ActionLayout::kFlat) {
      return buffer_dtype<typename ActionLayout::Element>();
    } else {
      return std::nullopt;
    }
  }

  std::optional<DType> flat_observation_dtype() const noexcept override {
    if constexpr (ObservationLayout::kFlat) {
      return buffer_dtype<typename ObservationLayout::Element>();
    } else {
      return std::nullopt;
    }
  }

  StepOutcome step_flat(const void* action, void* observation) override {
    runner_.order().check_step();
    if constexpr (ActionLayout::kFlat) {
      Action a{};
      std::memcpy(ActionLayout::begin(a), action,
                  sizeof(typename ActionLayout::Element) * ActionLayout::kSize);
      check_flat_action(a);
      const StepOutcome outcome = runner_.step(a);
      if constexpr (ObservationLayout::kFlat) {
        if (observation != nullptr) {
          std::memcpy(observation, ObservationLayout::begin(runner_.observation()),
                      sizeof(typename ObservationLayout::Element) * ObservationLayout::kSize);
        }
      }
      observation_stale_ = info_stale_ = true;
      return outcome;
    } else {
      (void)action;
      (void)observation;
      throw Error(ErrorCode::kInvalidAction,
                  spec().id + " has no flat action layout: step with Values");
    }
  }

  const Value& observation() override {
    if (observation_stale_) {
      to_value(runner_.observation(), observation_);
      observation_stale_ = false;
    }
    return observation_;
  }

  const Value& info() override {
    if (info_stale_) {
      to_value(runner_.info(), info_);
      info_stale_ = false;
    }
    return info_;
  }

  Rendering render() override {
    if (!render_mode()) {
      throw Error(ErrorCode::kNotRenderable,
                  "You are calling render method without specifying any render mode. You can "
                  "specify the render_mode at initialization, e.g. gymcc.make(\"" +
                      spec().id + "\", render_mode=\"rgb_array\")");
    }
    runner_.order().check_render();
    if constexpr (AnsiRenderable<E>) {
      if (*render_mode() == "ansi") return runner_.env().render_ansi();
    }
    if constexpr (RgbRenderable<E>) {
      if (*render_mode() == "rgb_array") {
        Frame frame;
        render_rgb(runner_.env(), frame);
        return frame;
      }
    }
    throw Error(ErrorCode::kNotRenderable,
                "render_mode '" + *render_mode() + "' is not implemented by gymcc yet");
  }

  std::int64_t elapsed_steps() const noexcept override {
    return runner_.time_limit().elapsed_steps();
  }

  Runner<E>& runner() noexcept { return runner_; }

  Value get_state() override {
    if constexpr (Snapshottable<E>) {
      Value out = detail::save_runner_state(runner_);
      Dict& d = out.as_dict();
      const auto limit = runner_.time_limit().max_episode_steps();
      Dict head{{"format", Value(kSnapshotFormat)},
                {"version", Value(kSnapshotVersion)},
                {"env_id", Value(spec().id)},
                {"kwargs", effective_kwargs()},
                {"max_episode_steps", limit ? Value(*limit) : Value()},
                {"render_mode", render_mode() ? Value(*render_mode()) : Value()},
                {"action_space", action_space().sampler_state()}};
      d.insert(d.begin(), std::make_move_iterator(head.begin()),
               std::make_move_iterator(head.end()));
      return out;
    } else {
      throw Error(ErrorCode::kInvalidState, spec().id + " does not support snapshots");
    }
  }

  void set_state(const Value& state) override {
    if constexpr (Snapshottable<E>) {
      const StateReader in(state, "state");
      check_state_header(in, spec().id, effective_kwargs());
      check_state_time_limit(in, runner_.time_limit().max_episode_steps());
      const Value& state_mode = in.field("render_mode");
      if (!(render_mode() ? state_mode == Value(*render_mode()) : state_mode.is_null())) {
        throw_invalid_state("state.render_mode", "differs from this env's render mode");
      }
      Space space = action_space();
      space.set_sampler_state(in.field("action_space"));
      detail::load_runner_state(runner_, in);  // all or nothing
      action_space() = std::move(space);
      publish();
    } else {
      (void)state;
      throw Error(ErrorCode::kInvalidState, spec().id + " does not support snapshots");
    }
  }

  std::unique_ptr<Env> clone() const override { return std::make_unique<EnvModel>(*this); }

 private:
  EnvModel(std::shared_ptr<const EnvSpec> spec, Value kwargs, const E& prototype,
           const typename E::Params& params, std::optional<std::int64_t> max_episode_steps,
           std::optional<std::string> render_mode)
      : Env(std::move(spec), std::move(kwargs), prototype.observation_space(),
            prototype.action_space(), std::move(render_mode)),
        runner_(params, max_episode_steps) {}

  // The kwargs a clone needs: the user's, plus what the env drew itself.
  Value effective_kwargs() const { return detail::runner_kwargs(kwargs(), runner_); }

  void publish() {
    to_value(runner_.observation(), observation_);
    to_value(runner_.info(), info_);
    observation_stale_ = info_stale_ = false;
  }

  // What action_problem rejects in a flat action: a Discrete index out of
  // range, a NaN.
  void check_flat_action(const Action& action) const {
    if constexpr (std::is_same_v<Action, std::int64_t>) {
      const Space& space = action_space();
      const bool ok = space.kind() == Space::Kind::kDiscrete
                          ? action >= space.start() && action - space.start() < space.n()
                          : space.contains(Value(action));
      if (!ok) {
        throw Error(ErrorCode::kInvalidAction,
                    "action " + std::to_string(action) + " is not in " + space.to_string());
      }
    } else {
      for (const auto& x : action) {
        if constexpr (std::is_floating_point_v<std::decay_t<decltype(x)>>) {
          if (x != x) throw Error(ErrorCode::kInvalidAction, "action contains NaN");
        }
      }
    }
  }

  Runner<E> runner_;
  Value observation_;
  Value info_;
  bool observation_stale_ = false;
  bool info_stale_ = false;
};

}  // namespace gymcc::detail
