#include "serve/ops/vector_snapshot_ops.hpp"

#include <charconv>
#include <memory>
#include <utility>

#include "gymcc/snapshot.hpp"
#include "gymcc/vector_env.hpp"
#include "serve/body.hpp"
#include "serve/ops/env_ops.hpp"
#include "serve/ops/vector_ops.hpp"

namespace gymcc::serve::ops {
namespace {

void write_observations_and_infos(VectorEnv& vec, BodyWriter& out) {
  out.key("observations");
  write_observations(vec, out);
  out.key("infos");
  out.value(vec.infos());
}

}  // namespace

void vector_get_state(Instance& instance, BodyWriter& out) {
  instance.touch();
  Instance::Lock lock(instance);
  out.key("state");
  out.value(lock.vector_env().get_state());
}

void vector_set_state(Instance& instance, const Value& fields, BodyWriter& out) {
  const Value& state = required_field(fields, "state");
  instance.touch();
  Instance::Lock lock(instance);
  lock.vector_env().set_state(state);  // all or nothing
  write_observations_and_infos(lock.vector_env(), out);
}

std::string vector_clone(Services& services, const Caller& caller, Instance& instance,
                         BodyWriter& out) {
  const VectorEnv& original = instance.vector_env_unlocked();
  MakeOptions options;
  options.kwargs = original.kwargs();
  return add_admitted_vector(
      services, caller, original.spec().id, original.num_envs(), options,
      [&] {
        Value state;
        {
          Instance::Lock lock(instance);
          state = lock.vector_env().get_state();
        }
        return services.registry.make_vec_from_state(state);
      },
      out);
}

std::string vector_create_from_state(Services& services, const Caller& caller, const Value& state,
                                     BodyWriter& out) {
  const StateReader in(state, "state");
  in.child("kwargs");  // an object, or invalid_state
  MakeOptions options;
  options.kwargs = in.field("kwargs");
  const std::int64_t num_envs = in.integer("num_envs", 1, kMaxNumEnvs);
  return add_admitted_vector(
      services, caller, in.string("env_id"), num_envs, options,
      [&] { return services.registry.make_vec_from_state(state, kMaxNumEnvs); }, out);
}

namespace {

[[noreturn]] void no_sub_env(const Instance& instance, std::string_view index) {
  const std::int64_t count = instance.vector_env_unlocked().num_envs();
  throw ClientError{404, "sub_env_not_found",
                    "No sub-env '" + std::string(index) + "': this vector env's are 0 to " +
                        std::to_string(count - 1)};
}

}  // namespace

std::int64_t sub_env_index(const Instance& instance, std::string_view text) {
  std::int64_t index = -1;
  const char* end = text.data() + text.size();
  const auto [last, error] = std::from_chars(text.data(), end, index);
  if (error != std::errc() || last != end || index < 0 ||
      index >= instance.vector_env_unlocked().num_envs()) {
    no_sub_env(instance, text);
  }
  return index;
}

std::int64_t sub_env_index(const Instance& instance, const Value& index) {
  if (!index.is_int()) throw ClientError{422, "invalid_field", "Field 'index' must be an integer"};
  if (index.as_int() < 0 || index.as_int() >= instance.vector_env_unlocked().num_envs()) {
    no_sub_env(instance, std::to_string(index.as_int()));
  }
  return index.as_int();
}

void vector_get_env_state(Instance& instance, std::int64_t index, BodyWriter& out) {
  instance.touch();
  Instance::Lock lock(instance);
  out.key("state");
  out.value(lock.vector_env().get_env_state(index));
}

void vector_set_env_state(Instance& instance, std::int64_t index, const Value& fields,
                          BodyWriter& out) {
  const Value& state = required_field(fields, "state");
  instance.touch();
  Instance::Lock lock(instance);
  lock.vector_env().set_env_state(index, state);  // all or nothing
  write_observations_and_infos(lock.vector_env(), out);
}

}  // namespace gymcc::serve::ops
