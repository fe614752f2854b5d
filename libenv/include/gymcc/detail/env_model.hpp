#pragma once
// A static env behind the type-erased Env interface: Runner<E> (TimeLimit,
// OrderEnforcing, np_random) plus the Value conversions — what
// register_env<E> gives Registry::make (registration.hpp).

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "gymcc/registry.hpp"
#include "gymcc/wrappers.hpp"

namespace gymcc::detail {

template <StaticEnv E>
class EnvModel final : public Env {
 public:
  EnvModel(std::shared_ptr<const EnvSpec> spec, Value kwargs, const typename E::Params& params,
           std::optional<std::int64_t> max_episode_steps, std::optional<std::string> render_mode)
      : EnvModel(std::move(spec), std::move(kwargs), E(params), params, max_episode_steps,
                 std::move(render_mode)) {}

  Reset reset(const std::optional<Seed>& seed, const Value* options) override {
    runner_.reset(seed, options);
    to_value(runner_.observation(), observation_);
    to_value(runner_.info(), info_);
    return Reset{observation_, info_};
  }

  Step step(const Value& action) override {
    runner_.order().check_step();
    if (auto problem = action_space().action_problem(action)) {
      throw Error(ErrorCode::kInvalidAction, *problem);
    }
    const StepOutcome outcome = runner_.step(ActionFromValue<typename E::Action>::convert(action));
    to_value(runner_.observation(), observation_);
    to_value(runner_.info(), info_);
    return Step{observation_,       outcome.reward,    outcome.reward_is_int,
                outcome.terminated, outcome.truncated, info_};
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

 private:
  EnvModel(std::shared_ptr<const EnvSpec> spec, Value kwargs, const E& prototype,
           const typename E::Params& params, std::optional<std::int64_t> max_episode_steps,
           std::optional<std::string> render_mode)
      : Env(std::move(spec), std::move(kwargs), prototype.observation_space(),
            prototype.action_space(), std::move(render_mode)),
        runner_(params, max_episode_steps) {}

  Runner<E> runner_;
  Value observation_;
  Value info_;
};

}  // namespace gymcc::detail
