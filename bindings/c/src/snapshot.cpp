// The snapshot functions of gymcc_c.h (docs/snapshots.md), and the handle
// constructors that make, clone and make_from_state share.

#include "gymcc/envs/all.hpp"
#include "gymcc/json.hpp"
#include "handles.hpp"

using gymcc::c_api::guarded;

namespace gymcc::c_api {

std::unique_ptr<gymcc_env> env_handle(std::unique_ptr<Env> env) {
  auto made = std::make_unique<gymcc_env>(std::move(env));
  const auto action_dtype = made->env->flat_action_dtype();
  const auto observation_dtype = made->env->flat_observation_dtype();
  made->flat_action = action_dtype && made->action_space.is_array_of(*action_dtype);
  made->flat_observation =
      observation_dtype && made->observation_space.is_array_of(*observation_dtype);
  return made;
}

std::unique_ptr<gymcc_vec> vec_handle(std::unique_ptr<VectorEnv> vec) {
  auto made = std::make_unique<gymcc_vec>(std::move(vec));
  const auto action_dtype = made->vec->flat_action_dtype();
  const VectorEnv::Buffers b = made->vec->buffers();
  made->flat_action = action_dtype && made->action_space.is_array_of(*action_dtype);
  made->flat_observation =
      b.observations != nullptr && made->observation_space.is_array_of(b.observation_dtype);
  return made;
}

}  // namespace gymcc::c_api

namespace {

constexpr int kNullHandle = GYMCC_ERR_INVALID_ARGUMENT;

gymcc::Value state_arg(const char* state_json) {
  if (state_json == nullptr) {
    throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument, "state_json is NULL");
  }
  return gymcc::c_api::parse_json_arg(state_json, "the state");
}

}  // namespace

int gymcc_env_state_json(gymcc_env* env, char* buffer, size_t size, size_t* length) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    env->text.clear();
    gymcc::json::write(env->env->get_state(), env->text);
    return gymcc::c_api::write_text(env->text, buffer, size, length, "the state");
  });
}

int gymcc_env_set_state_json(gymcc_env* env, const char* state_json) noexcept {
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    env->env->set_state(state_arg(state_json));
    return GYMCC_OK;
  });
}

int gymcc_env_clone(gymcc_env* env, gymcc_env** copy) noexcept {
  if (copy != nullptr) *copy = nullptr;
  if (env == nullptr) return kNullHandle;
  return guarded(env->error, [&] {
    if (copy == nullptr) throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument, "copy is NULL");
    *copy = gymcc::c_api::env_handle(env->env->clone()).release();
    return GYMCC_OK;
  });
}

int gymcc_env_make_from_state(const char* state_json, gymcc_env** env, char* error,
                              size_t error_size) noexcept {
  if (env != nullptr) *env = nullptr;
  return gymcc::c_api::guarded_make(error, error_size, [&] {
    if (env == nullptr) throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument, "env is NULL");
    *env = gymcc::c_api::env_handle(
               gymcc::envs::default_registry().make_from_state(state_arg(state_json)))
               .release();
    return GYMCC_OK;
  });
}

int gymcc_vec_state_json(gymcc_vec* vec, int64_t index, char* buffer, size_t size,
                         size_t* length) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    vec->text.clear();
    gymcc::json::write(index < 0 ? vec->vec->get_state() : vec->vec->get_env_state(index),
                       vec->text);
    return gymcc::c_api::write_text(vec->text, buffer, size, length, "the state");
  });
}

int gymcc_vec_set_state_json(gymcc_vec* vec, int64_t index, const char* state_json) noexcept {
  if (vec == nullptr) return kNullHandle;
  return guarded(vec->error, [&] {
    const gymcc::Value state = state_arg(state_json);
    if (index < 0) {
      vec->vec->set_state(state);
    } else {
      vec->vec->set_env_state(index, state);
    }
    return GYMCC_OK;
  });
}

int gymcc_vec_make_from_state(const char* state_json, gymcc_vec** vec, char* error,
                              size_t error_size) noexcept {
  if (vec != nullptr) *vec = nullptr;
  return gymcc::c_api::guarded_make(error, error_size, [&] {
    if (vec == nullptr) throw gymcc::Error(gymcc::ErrorCode::kInvalidArgument, "vec is NULL");
    *vec = gymcc::c_api::vec_handle(
               gymcc::envs::default_registry().make_vec_from_state(state_arg(state_json)))
               .release();
    return GYMCC_OK;
  });
}
