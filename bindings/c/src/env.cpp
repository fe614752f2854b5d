// gymcc_env_*: one environment, as gymnasium.make returns it.

#include <variant>

#include "gymcc/envs/all.hpp"
#include "gymcc/json.hpp"
#include "handles.hpp"

using gymcc::Env;
using gymcc::StepOutcome;
using gymcc::Value;
using gymcc::c_api::guarded;

namespace {

constexpr int kNullHandle = GYMCC_ERR_INVALID_ARGUMENT;

void deliver(gymcc_env* env, const StepOutcome& outcome, double* reward, int* terminated,
             int* truncated) noexcept {
  env->reward_is_int = outcome.reward_is_int;
  if (reward != nullptr) *reward = outcome.reward;
  if (terminated != nullptr) *terminated = outcome.terminated ? 1 : 0;
  if (truncated != nullptr) *truncated = outcome.truncated ? 1 : 0;
}

int reset(gymcc_env* env, const std::optional<gymcc::Seed>& seed, const Value& options,
          void* observation, std::size_t observation_size) {
  gymcc::c_api::check_output(env->observation_space.root(), observation, observation_size,
                             "the observation buffer");
  const Env::Reset result = env->env->reset(seed, gymcc::c_api::reset_options(options));
  if (observation != nullptr) env->observation_space.write(result.observation, observation);
  return GYMCC_OK;
}

// The Value path, for actions a buffer does not hold as is.
StepOutcome step_value(gymcc_env* env, const Value& action, void* observation) {
  const Env::Step result = env->env->step(action);
  if (observation != nullptr) env->observation_space.write(result.observation, observation);
  return StepOutcome{result.reward, result.terminated, result.truncated, result.reward_is_int};
}

}  // namespace

extern "C" {

int gymcc_env_make(const char* env_id, const char* kwargs_json, const char* render_mode,
                   int64_t max_episode_steps, gymcc_env** env, char* error,
                   size_t error_size) noexcept {
  if (env != nullptr) *env = nullptr;
  return gymcc::c_api::guarded_make(error, error_size, [&] {
    if (env == nullptr) throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument, "env is NULL");
    const gymcc::MakeOptions options =
        gymcc::c_api::make_options(kwargs_json, render_mode, max_episode_steps);
    *env = gymcc::c_api::env_handle(
               gymcc::envs::default_registry().make(gymcc::c_api::env_id_arg(env_id), options))
               .release();
    return GYMCC_OK;
  });
}

void gymcc_env_free(gymcc_env* env) noexcept { delete env; }

const char* gymcc_env_last_error(const gymcc_env* env) noexcept {
  return env == nullptr ? "env is NULL" : env->error.c_str();
}

const char* gymcc_env_id(const gymcc_env* env) noexcept {
  return env == nullptr ? "" : env->env->spec().id.c_str();
}

int gymcc_env_spec_json(gymcc_env* env, char* buffer, size_t size, size_t* length) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    Value spec = env->env->spec().describe();
    for (auto& [key, value] : spec.as_dict()) {
      if (key == "kwargs") value = env->env->kwargs();  // the registered ones and the user's
    }
    const auto& mode = env->env->render_mode();
    spec.as_dict().emplace_back("render_mode", mode ? Value(*mode) : Value());
    env->text.clear();
    gymcc::json::write(spec, env->text);
    return gymcc::c_api::write_text(env->text, buffer, size, length, "the spec");
  });
}

const gymcc_space* gymcc_env_action_space(const gymcc_env* env) noexcept {
  return env == nullptr ? nullptr : &env->action_space.root();
}

const gymcc_space* gymcc_env_observation_space(const gymcc_env* env) noexcept {
  return env == nullptr ? nullptr : &env->observation_space.root();
}

int gymcc_env_reset(gymcc_env* env, int64_t seed, const char* options_json, void* observation,
                    size_t observation_size) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    return reset(env, gymcc::c_api::seed_from_int(seed),
                 gymcc::c_api::parse_json_arg(options_json, "options_json"), observation,
                 observation_size);
  });
}

int gymcc_env_reset_json(gymcc_env* env, const char* seed_json, const char* options_json,
                         void* observation, size_t observation_size) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    return reset(env, gymcc::c_api::seed_from_json(seed_json),
                 gymcc::c_api::parse_json_arg(options_json, "options_json"), observation,
                 observation_size);
  });
}

int gymcc_env_step(gymcc_env* env, const void* action, size_t action_size, void* observation,
                   size_t observation_size, double* reward, int* terminated,
                   int* truncated) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    gymcc::c_api::check_input(env->action_space.root(), action, action_size, "the action buffer");
    gymcc::c_api::check_output(env->observation_space.root(), observation, observation_size,
                               "the observation buffer");
    StepOutcome outcome;
    if (env->flat_action) {
      outcome = env->env->step_flat(action, env->flat_observation ? observation : nullptr);
      if (!env->flat_observation && observation != nullptr) {
        env->observation_space.write(env->env->observation(), observation);
      }
    } else {
      env->action = env->action_space.read(action);
      outcome = step_value(env, env->action, observation);
    }
    deliver(env, outcome, reward, terminated, truncated);
    return GYMCC_OK;
  });
}

int gymcc_env_step_json(gymcc_env* env, const char* action_json, void* observation,
                        size_t observation_size, double* reward, int* terminated,
                        int* truncated) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    if (action_json == nullptr) {
      throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument, "action_json is NULL");
    }
    gymcc::c_api::check_output(env->observation_space.root(), observation, observation_size,
                               "the observation buffer");
    env->action = gymcc::c_api::parse_json_arg(action_json, "action_json");
    deliver(env, step_value(env, env->action, observation), reward, terminated, truncated);
    return GYMCC_OK;
  });
}

int gymcc_env_reward_is_int(const gymcc_env* env) noexcept {
  return env != nullptr && env->reward_is_int ? 1 : 0;
}

int gymcc_env_info_json(gymcc_env* env, char* buffer, size_t size, size_t* length) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    env->text.clear();
    gymcc::json::write(env->env->info(), env->text);
    return gymcc::c_api::write_text(env->text, buffer, size, length, "the info");
  });
}

int64_t gymcc_env_elapsed_steps(const gymcc_env* env) noexcept {
  return env == nullptr ? 0 : env->env->elapsed_steps();
}

int gymcc_env_seed_action_space(gymcc_env* env, int64_t seed) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    gymcc::c_api::seed_space(env->env->action_space(), gymcc::c_api::seed_from_int(seed));
    return GYMCC_OK;
  });
}

int gymcc_env_seed_action_space_json(gymcc_env* env, const char* seed_json) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    gymcc::c_api::seed_space(env->env->action_space(), gymcc::c_api::seed_from_json(seed_json));
    return GYMCC_OK;
  });
}

int gymcc_env_sample_action(gymcc_env* env, void* action, size_t action_size) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    gymcc::c_api::check_input(env->action_space.root(), action, action_size, "the action buffer");
    env->action_space.write(env->env->action_space().sample(), action);
    return GYMCC_OK;
  });
}

int gymcc_env_render(gymcc_env* env, const uint8_t** data, size_t* size, int32_t* width,
                     int32_t* height) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    if (data == nullptr || size == nullptr) {
      throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument, "data and size must not be NULL");
    }
    env->frame = env->env->render();
    int32_t w = 0, h = 0;
    if (const auto* text = std::get_if<std::string>(&env->frame)) {
      *data = reinterpret_cast<const uint8_t*>(text->c_str());
      *size = text->size();
    } else {
      const gymcc::Frame& frame = std::get<gymcc::Frame>(env->frame);
      *data = frame.rgb.data();
      *size = frame.rgb.size();
      w = frame.width;
      h = frame.height;
    }
    if (width != nullptr) *width = w;
    if (height != nullptr) *height = h;
    return GYMCC_OK;
  });
}

}  // extern "C"
