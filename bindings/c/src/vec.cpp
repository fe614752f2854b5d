// gymcc_vec_*: vector environments, as gymnasium.make_vec(..., "sync")
// returns them.

#include <cstring>

#include "gymcc/envs/all.hpp"
#include "gymcc/json.hpp"
#include "handles.hpp"

using gymcc::Value;
using gymcc::VectorEnv;
using gymcc::c_api::guarded;

namespace {

constexpr int kNullHandle = GYMCC_ERR_INVALID_ARGUMENT;

gymcc::AutoresetMode autoreset_mode_arg(int mode) {
  switch (mode) {
    case GYMCC_AUTORESET_NEXT_STEP:
      return gymcc::AutoresetMode::kNextStep;
    case GYMCC_AUTORESET_SAME_STEP:
      return gymcc::AutoresetMode::kSameStep;
    case GYMCC_AUTORESET_DISABLED:
      return gymcc::AutoresetMode::kDisabled;
    default:
      throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument,
                         std::to_string(mode) + " is not a valid AutoresetMode");
  }
}

void check_outputs(gymcc_vec* vec, const void* observations, std::size_t observations_size) {
  gymcc::c_api::check_output(vec->observation_space.root(), observations, observations_size,
                             "the observations buffer");
}

// Copies the last reset's or step's results out.
void deliver(gymcc_vec* vec, void* observations, double* rewards, uint8_t* terminated,
             uint8_t* truncated) {
  const VectorEnv::Buffers b = vec->vec->buffers();
  const auto n = static_cast<std::size_t>(vec->vec->num_envs());
  if (observations != nullptr) {
    if (vec->flat_observation) {
      std::memcpy(observations, b.observations, vec->observation_space.root().nbytes);
    } else {
      vec->observation_space.write(vec->vec->observations(), observations);
    }
  }
  if (rewards != nullptr) std::memcpy(rewards, b.rewards, n * sizeof(double));
  if (terminated != nullptr) std::memcpy(terminated, b.terminated, n);
  if (truncated != nullptr) std::memcpy(truncated, b.truncated, n);
}

// Resets through `reset_with(options)` and copies the observations out.
template <class ResetWith>
int reset(gymcc_vec* vec, const char* options_json, void* observations,
          std::size_t observations_size, ResetWith&& reset_with) {
  check_outputs(vec, observations, observations_size);
  const Value options = gymcc::c_api::parse_json_arg(options_json, "options_json");
  reset_with(gymcc::c_api::reset_options(options));
  deliver(vec, observations, nullptr, nullptr, nullptr);
  return GYMCC_OK;
}

}  // namespace

extern "C" {

int gymcc_vec_make(const char* env_id, int64_t num_envs, int autoreset_mode,
                   const char* kwargs_json, const char* render_mode, int64_t max_episode_steps,
                   gymcc_vec** vec, char* error, size_t error_size) noexcept {
  if (vec != nullptr) *vec = nullptr;
  return gymcc::c_api::guarded_make(error, error_size, [&] {
    if (vec == nullptr) throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument, "vec is NULL");
    const gymcc::MakeOptions options =
        gymcc::c_api::make_options(kwargs_json, render_mode, max_episode_steps);
    *vec = gymcc::c_api::vec_handle(gymcc::envs::default_registry().make_vec(
                                        gymcc::c_api::env_id_arg(env_id), num_envs,
                                        autoreset_mode_arg(autoreset_mode), options))
               .release();
    return GYMCC_OK;
  });
}

void gymcc_vec_free(gymcc_vec* vec) noexcept { delete vec; }

const char* gymcc_vec_last_error(const gymcc_vec* vec) noexcept {
  return vec == nullptr ? "vec is NULL" : vec->error.c_str();
}

int64_t gymcc_vec_num_envs(const gymcc_vec* vec) noexcept {
  return vec == nullptr ? 0 : vec->vec->num_envs();
}

const gymcc_space* gymcc_vec_action_space(const gymcc_vec* vec) noexcept {
  return vec == nullptr ? nullptr : &vec->action_space.root();
}

const gymcc_space* gymcc_vec_observation_space(const gymcc_vec* vec) noexcept {
  return vec == nullptr ? nullptr : &vec->observation_space.root();
}

const gymcc_space* gymcc_vec_single_action_space(const gymcc_vec* vec) noexcept {
  return vec == nullptr ? nullptr : &vec->single_action_space.root();
}

const gymcc_space* gymcc_vec_single_observation_space(const gymcc_vec* vec) noexcept {
  return vec == nullptr ? nullptr : &vec->single_observation_space.root();
}

int gymcc_vec_reset(gymcc_vec* vec, int64_t seed, const char* options_json, void* observations,
                    size_t observations_size) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    const auto s = gymcc::c_api::seed_from_int(seed);
    return reset(vec, options_json, observations, observations_size,
                 [&](const Value* options) { vec->vec->reset(s, options); });
  });
}

int gymcc_vec_reset_json(gymcc_vec* vec, const char* seed_json, const char* options_json,
                         void* observations, size_t observations_size) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    const Value seed = gymcc::c_api::parse_json_arg(seed_json, "seed_json");
    if (!seed.is_list()) {
      const auto s = gymcc::c_api::seed_from_value(seed);
      return reset(vec, options_json, observations, observations_size,
                   [&](const Value* options) { vec->vec->reset(s, options); });
    }
    vec->seeds.clear();
    for (const Value& s : seed.as_list()) vec->seeds.push_back(gymcc::c_api::seed_from_value(s));
    return reset(vec, options_json, observations, observations_size,
                 [&](const Value* options) { vec->vec->reset(vec->seeds, options); });
  });
}

int gymcc_vec_step(gymcc_vec* vec, const void* actions, size_t actions_size, void* observations,
                   size_t observations_size, double* rewards, uint8_t* terminated,
                   uint8_t* truncated) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    gymcc::c_api::check_input(vec->action_space.root(), actions, actions_size,
                              "the actions buffer");
    check_outputs(vec, observations, observations_size);
    if (vec->flat_action) {
      vec->vec->step_flat(actions);
    } else {
      vec->actions = vec->action_space.read(actions);
      vec->vec->advance(vec->actions);
    }
    deliver(vec, observations, rewards, terminated, truncated);
    return GYMCC_OK;
  });
}

int gymcc_vec_step_json(gymcc_vec* vec, const char* actions_json, void* observations,
                        size_t observations_size, double* rewards, uint8_t* terminated,
                        uint8_t* truncated) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    if (actions_json == nullptr) {
      throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument, "actions_json is NULL");
    }
    check_outputs(vec, observations, observations_size);
    vec->actions = gymcc::c_api::parse_json_arg(actions_json, "actions_json");
    vec->vec->advance(vec->actions);
    deliver(vec, observations, rewards, terminated, truncated);
    return GYMCC_OK;
  });
}

int gymcc_vec_infos_json(gymcc_vec* vec, char* buffer, size_t size, size_t* length) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    vec->text.clear();
    gymcc::json::write(vec->vec->infos(), vec->text);
    return gymcc::c_api::write_text(vec->text, buffer, size, length, "the infos");
  });
}

int gymcc_vec_seed_action_space(gymcc_vec* vec, int64_t seed) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    gymcc::c_api::seed_space(vec->vec->action_space(), gymcc::c_api::seed_from_int(seed));
    return GYMCC_OK;
  });
}

int gymcc_vec_seed_action_space_json(gymcc_vec* vec, const char* seed_json) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    gymcc::c_api::seed_space(vec->vec->action_space(), gymcc::c_api::seed_from_json(seed_json));
    return GYMCC_OK;
  });
}

int gymcc_vec_sample_actions(gymcc_vec* vec, void* actions, size_t actions_size) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    gymcc::c_api::check_input(vec->action_space.root(), actions, actions_size,
                              "the actions buffer");
    vec->action_space.write(vec->vec->action_space().sample(), actions);
    return GYMCC_OK;
  });
}

int gymcc_vec_set_num_threads(gymcc_vec* vec, int32_t threads) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    if (threads < 1) {
      throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument, "threads must be at least 1");
    }
    vec->vec->set_num_threads(static_cast<std::size_t>(threads));
    return GYMCC_OK;
  });
}

}  // extern "C"
