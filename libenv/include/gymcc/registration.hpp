#pragma once
// Turns a static env into a registry entry: `register_env<E>(registry, spec)`
// adapts E to the type-erased Env (Runner<E> + value conversions) and to the
// type-erased VectorEnv (StaticVectorEnv<E>, for Registry::make_vec), and
// fills the spec's metadata and kwarg docs from E itself.

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "gymcc/registry.hpp"
#include "gymcc/vector_env.hpp"
#include "gymcc/wrappers.hpp"

namespace gymcc {
namespace detail {

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

 private:
  EnvModel(std::shared_ptr<const EnvSpec> spec, Value kwargs, const E& prototype,
           const typename E::Params& params, std::optional<std::int64_t> max_episode_steps,
           std::optional<std::string> render_mode)
      : Env(std::move(spec), std::move(kwargs), prototype.observation_space(),
            prototype.action_space(), std::move(render_mode)),
        runner_(params, max_episode_steps) {}

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

// The params and time limit `make(spec.id, options)` builds E with: the
// registered kwargs, then the user's; the registered TimeLimit unless
// overridden (-1 removes it).
template <StaticEnv E>
std::pair<typename E::Params, std::optional<std::int64_t>> resolve_make_options(
    const EnvSpec& spec, const MakeOptions& options) {
  typename E::Params params{};
  E::kwargs().apply(spec.kwargs, params, spec.id);
  E::kwargs().apply(options.kwargs, params, spec.id);
  std::optional<std::int64_t> max_steps = spec.max_episode_steps;
  if (options.max_episode_steps) {
    max_steps = *options.max_episode_steps < 0
                    ? std::nullopt
                    : std::optional<std::int64_t>(*options.max_episode_steps);
  }
  return {std::move(params), max_steps};
}

}  // namespace detail

// Registers E under `spec.id`. `spec.kwargs` holds the registration's own
// kwargs (e.g. FrozenLake8x8's map_name); metadata and docs come from E.
template <StaticEnv E>
void register_env(Registry& registry, EnvSpec spec) {
  using Params = typename E::Params;
  spec.metadata = E::metadata();
  Params registered_defaults{};
  E::kwargs().apply(spec.kwargs, registered_defaults, spec.id);
  for (const auto& entry : E::kwargs().entries()) {
    spec.kwarg_docs.push_back(
        KwargDoc{entry.name, entry.type_name, entry.read(registered_defaults), entry.doc});
  }
  auto make_env = [](std::shared_ptr<const EnvSpec> shared_spec, const MakeOptions& options) {
    const EnvSpec& s = *shared_spec;
    const bool renders = !options.render_mode ||
                         (*options.render_mode == "ansi" && AnsiRenderable<E>) ||
                         (*options.render_mode == "rgb_array" && RgbRenderable<E>);
    if (!renders) {
      throw Error(ErrorCode::kNotRenderable,
                  "render_mode '" + *options.render_mode + "' of " + s.id +
                      " is not implemented by gymcc yet; create the env without a render_mode");
    }
    const auto [params, max_steps] = detail::resolve_make_options<E>(s, options);
    return std::unique_ptr<Env>(
        std::make_unique<detail::EnvModel<E>>(std::move(shared_spec), E::kwargs().values(params),
                                              params, max_steps, options.render_mode));
  };
  auto make_vector_env = [](std::shared_ptr<const EnvSpec> shared_spec, const MakeOptions& options,
                            std::int64_t num_envs, AutoresetMode autoreset_mode) {
    const auto [params, max_steps] = detail::resolve_make_options<E>(*shared_spec, options);
    return std::unique_ptr<VectorEnv>(std::make_unique<detail::VectorEnvModel<E>>(
        std::move(shared_spec), E::kwargs().values(params), params, max_steps, num_envs,
        autoreset_mode));
  };
  registry.add(std::move(spec), make_env, make_vector_env);
}

}  // namespace gymcc
