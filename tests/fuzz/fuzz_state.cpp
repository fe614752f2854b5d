// Snapshots are client data (docs/snapshots.md, "Validation"): any state
// either restores or is refused with gymcc::Error, and an env that took one
// keeps its invariants — it snapshots again, and steps or refuses to step
// with an Error, never a crash, hang or sanitizer report.
//
// Input: "<env id>\n<state JSON>" for a single env, "vec:<env id>\n<state
// JSON>" for a vector env of 2 sub-envs (the seeds in corpus/state are
// states of every env, taken mid-episode).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "gymcc/envs/all.hpp"
#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"
#include "gymcc/vector_env.hpp"

namespace {

using gymcc::Error;
using gymcc::Value;

// What the server checks before it builds an env from a state (POST
// /v1/envs/ {"state"}): the model its kwargs ask for fits a budget. Without
// it a state could ask for a FrozenLake of size 100000, as a create could.
bool fits(const Value& state, std::size_t units) {
  const Value* id = state.find("env_id");
  const Value* kwargs = state.find("kwargs");
  if (id == nullptr || !id->is_string() || kwargs == nullptr || !kwargs->is_dict()) return true;
  gymcc::MakeOptions options;
  options.kwargs = *kwargs;
  try {
    constexpr std::size_t kBudget = std::size_t{256} << 20;
    return gymcc::envs::default_registry().footprint(id->as_string(), options).of(units) <= kBudget;
  } catch (const Error&) {
    return true;  // make_from_state throws the same Error
  }
}

template <class E>
void exercise(E& env) {
  env.get_state();
  for (int i = 0; i < 20; ++i) {
    try {
      env.step(env.action_space().sample());
    } catch (const Error&) {
      return;  // e.g. a restored env that was never reset
    }
  }
}

void single(std::string_view env_id, const Value& state) {
  const gymcc::Registry& registry = gymcc::envs::default_registry();
  std::unique_ptr<gymcc::Env> env;
  try {
    env = registry.make(env_id);
    env->reset(gymcc::Seed(0), nullptr);
    env->set_state(state);
  } catch (const Error&) {
    env.reset();
  }
  if (env) exercise(*env);
  if (!fits(state, 1)) return;
  try {
    env = registry.make_from_state(state);
  } catch (const Error&) {
    return;
  }
  exercise(*env);
}

void vector(std::string_view env_id, const Value& state) {
  const gymcc::Registry& registry = gymcc::envs::default_registry();
  std::unique_ptr<gymcc::VectorEnv> env;
  try {
    env = registry.make_vec(env_id, 2, gymcc::AutoresetMode::kNextStep);
    env->reset(gymcc::Seed(0), nullptr);
    env->set_state(state);
  } catch (const Error&) {
    env.reset();
  }
  if (env) exercise(*env);
  if (!fits(state, 64)) return;
  try {
    env = registry.make_vec_from_state(state, 64);  // bounded: a state may ask for any num_envs
  } catch (const Error&) {
    return;
  }
  exercise(*env);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  std::string_view env_id = input.substr(0, newline);
  const bool is_vector = env_id.substr(0, 4) == "vec:";
  if (is_vector) env_id.remove_prefix(4);
  Value state;
  try {
    state = gymcc::json::parse(input.substr(newline + 1));
  } catch (const Error&) {
    return 0;
  }
  if (is_vector) {
    vector(env_id, state);
  } else {
    single(env_id, state);
  }
  return 0;
}
