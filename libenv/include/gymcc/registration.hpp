#pragma once
// Turns a static env into a registry entry: `register_env<E>(registry, spec)`
// adapts E to the type-erased Env (Runner<E> + value conversions) and to the
// type-erased VectorEnv (StaticVectorEnv<E>, for Registry::make_vec), and
// fills the spec's metadata and kwarg docs from E itself.

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "gymcc/detail/env_model.hpp"
#include "gymcc/detail/vector_env_model.hpp"
#include "gymcc/registry.hpp"

namespace gymcc {
namespace detail {

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
  auto footprint = [](const EnvSpec& s, const MakeOptions& options) {
    Footprint f;
    if constexpr (HasFootprint<E>)
      f = E::footprint(detail::resolve_make_options<E>(s, options).first);
    // The instance itself: the env in its wrappers and its Value buffers.
    f.each += sizeof(detail::EnvModel<E>) + 512;
    return f;
  };
  registry.add(std::move(spec), make_env, make_vector_env, footprint);
}

}  // namespace gymcc
