#pragma once
// What the opaque handles of gymcc_c.h hold, and the helpers every entry
// point shares: the exception barrier, argument parsing and JSON output.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gymcc/registry.hpp"
#include "gymcc/vector_env.hpp"
#include "gymcc_c.h"
#include "space_descriptor.hpp"

namespace gymcc::c_api {

// A failure this layer reports itself (a buffer too small, JSON that does
// not parse); library failures arrive as gymcc::Error.
struct Failure {
  int status;
  std::string message;
};

[[noreturn]] void fail(int status, std::string message);

// A handle's last message, in a fixed buffer: reporting a failure never
// allocates (or throws).
class ErrorSlot {
 public:
  void clear() noexcept { text_[0] = '\0'; }
  void set(const char* message) noexcept;
  const char* c_str() const noexcept { return text_; }

 private:
  char text_[1024] = "";
};

// Classifies the exception being handled into a status and records its
// message. Call only inside a catch block.
int report_current_exception(ErrorSlot& slot) noexcept;

// The exception barrier of every entry point: runs `body` (which returns a
// status), clears or fills `slot`.
template <class Body>
int guarded(ErrorSlot& slot, Body&& body) noexcept {
  try {
    const int status = body();
    slot.clear();
    return status;
  } catch (...) {
    return report_current_exception(slot);
  }
}

// A constructor's barrier: the message goes to the caller's buffer.
template <class Body>
int guarded_make(char* error, std::size_t error_size, Body&& body) noexcept {
  ErrorSlot slot;
  const int status = guarded(slot, std::forward<Body>(body));
  if (error != nullptr && error_size > 0) {
    std::size_t i = 0;
    for (const char* p = slot.c_str(); *p != '\0' && i + 1 < error_size; ++p) error[i++] = *p;
    error[i] = '\0';
  }
  return status;
}

// ---- Arguments ----------------------------------------------------------

// A JSON argument; NULL is null. GYMCC_ERR_INVALID_JSON names `what`.
Value parse_json_arg(const char* text, const char* what);
// An options argument: nullptr for null, else it must be an object.
const Value* reset_options(const Value& options);
// A seed as gymnasium checks it (GYMCC_NO_SEED: none).
std::optional<Seed> seed_from_int(std::int64_t seed);
// null, a non-negative integer of any size.
std::optional<Seed> seed_from_value(const Value& seed);
// seed_from_value of a JSON argument.
std::optional<Seed> seed_from_json(const char* seed_json);
// space.seed(seed); a seed is required.
void seed_space(Space& space, const std::optional<Seed>& seed);
// make()'s arguments; max_episode_steps as gymcc_c.h defines it.
MakeOptions make_options(const char* kwargs_json, const char* render_mode,
                         std::int64_t max_episode_steps);
std::string env_id_arg(const char* env_id);

// Checks an input buffer: exactly the space's bytes.
void check_input(const gymcc_space& space, const void* buffer, std::size_t size, const char* what);
// Checks an optional output buffer: null, or at least the space's bytes.
void check_output(const gymcc_space& space, const void* buffer, std::size_t size, const char* what);

// Copies `text` out as gymcc_c.h's JSON functions do.
int write_text(const std::string& text, char* buffer, std::size_t size, std::size_t* length,
               const char* what);

}  // namespace gymcc::c_api

struct gymcc_env {
  gymcc_env(std::unique_ptr<gymcc::Env> made)
      : env(std::move(made)),
        action_space(env->action_space()),
        observation_space(env->observation_space()) {}

  std::unique_ptr<gymcc::Env> env;
  gymcc::c_api::SpaceDescriptor action_space;
  gymcc::c_api::SpaceDescriptor observation_space;
  bool flat_action = false;       // step_flat reads the action buffer as is
  bool flat_observation = false;  // and writes the observation buffer
  bool reward_is_int = false;
  gymcc::Value action;  // the Value path's action, its buffers reused
  std::string text;     // JSON output, its buffer reused
  gymcc::Env::Rendering frame;
  gymcc::c_api::ErrorSlot error;
};

struct gymcc_vec {
  gymcc_vec(std::unique_ptr<gymcc::VectorEnv> made)
      : vec(std::move(made)),
        action_space(vec->action_space()),
        observation_space(vec->observation_space()),
        single_action_space(vec->single_action_space()),
        single_observation_space(vec->single_observation_space()) {}

  std::unique_ptr<gymcc::VectorEnv> vec;
  gymcc::c_api::SpaceDescriptor action_space;  // batched
  gymcc::c_api::SpaceDescriptor observation_space;
  gymcc::c_api::SpaceDescriptor single_action_space;
  gymcc::c_api::SpaceDescriptor single_observation_space;
  bool flat_action = false;
  bool flat_observation = false;
  gymcc::Value actions;
  std::string text;
  std::vector<std::optional<gymcc::Seed>> seeds;
  gymcc::c_api::ErrorSlot error;
};

namespace gymcc::c_api {

// A new handle around a made env, its flat layouts worked out.
std::unique_ptr<gymcc_env> env_handle(std::unique_ptr<Env> env);
std::unique_ptr<gymcc_vec> vec_handle(std::unique_ptr<VectorEnv> vec);

}  // namespace gymcc::c_api
