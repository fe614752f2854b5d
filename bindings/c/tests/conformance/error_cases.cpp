// Error cases (errors.jsonl): the call must fail with the status named by
// the case's code. Library errors are HTTP 400 with the same code names as
// gymcc_status_name's; errors of HTTP itself (bodies, routes, instance ids)
// have no counterpart in-process and are not applicable.

#include <memory>
#include <variant>
#include <vector>

#include "runner.hpp"

namespace gymcc::c_conformance {
namespace {

bool is_library_code(const std::string& code) {
  for (int status = GYMCC_ERR_MALFORMED_ID; status <= GYMCC_ERR_INVALID_ARGUMENT; ++status) {
    if (code == gymcc_status_name(status)) return true;
  }
  return false;
}

struct Attempt {
  int status = GYMCC_OK;
  std::string message;
};

// make's or make_vec's arguments as the C functions take them; nullopt when
// the JSON has values they cannot express (the HTTP API rejects those as 422).
struct MakeArgs {
  std::string env_id;
  std::optional<std::string> kwargs;
  std::optional<std::string> render_mode;
  std::int64_t max_episode_steps = GYMCC_REGISTERED_LIMIT;
  std::int64_t num_envs = 1;
  int autoreset_mode = GYMCC_AUTORESET_NEXT_STEP;
};

const char* c_str(const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; }

bool absent(const Value* v) { return v == nullptr || v->is_null(); }

std::optional<MakeArgs> make_args(const Value& args, bool vector) {
  MakeArgs out;
  const Value* id = args.find("env_id");
  if (id == nullptr || !id->is_string()) return std::nullopt;
  out.env_id = id->as_string();
  if (!absent(args.find("kwargs"))) out.kwargs = json_field(args, "kwargs");
  if (const Value* mode = args.find("render_mode"); !absent(mode)) {
    if (!mode->is_string()) return std::nullopt;
    out.render_mode = mode->as_string();
  }
  if (const Value* steps = args.find("max_episode_steps"); !absent(steps)) {
    if (!steps->is_int() || (steps->as_int() < 1 && steps->as_int() != -1)) return std::nullopt;
    out.max_episode_steps = steps->as_int();
  }
  if (!vector) return out;
  const Value* n = args.find("num_envs");
  if (n == nullptr || !n->is_int()) return std::nullopt;
  out.num_envs = n->as_int();
  if (const Value* mode = args.find("autoreset_mode"); !absent(mode)) {
    if (!mode->is_string()) return std::nullopt;
    const std::string& name = mode->as_string();
    // An unknown name is an unknown mode: the C enum's counterpart is an
    // out-of-range value.
    out.autoreset_mode = name == "NextStep"   ? GYMCC_AUTORESET_NEXT_STEP
                         : name == "SameStep" ? GYMCC_AUTORESET_SAME_STEP
                         : name == "Disabled" ? GYMCC_AUTORESET_DISABLED
                                              : 99;
  }
  return out;
}

Attempt try_make_env(const MakeArgs& a, EnvHandle* keep) {
  char error[1024] = "";
  gymcc_env* env = nullptr;
  Attempt r{gymcc_env_make(a.env_id.c_str(), c_str(a.kwargs), c_str(a.render_mode),
                           a.max_episode_steps, &env, error, sizeof error),
            error};
  if (keep != nullptr)
    keep->reset(env);
  else
    gymcc_env_free(env);
  return r;
}

Attempt try_make_vec(const MakeArgs& a, VecHandle* keep) {
  char error[1024] = "";
  gymcc_vec* vec = nullptr;
  Attempt r{gymcc_vec_make(a.env_id.c_str(), a.num_envs, a.autoreset_mode, c_str(a.kwargs),
                           c_str(a.render_mode), a.max_episode_steps, &vec, error, sizeof error),
            error};
  if (keep != nullptr)
    keep->reset(vec);
  else
    gymcc_vec_free(vec);
  return r;
}

std::optional<std::string> seed_of(const Value* reset) {
  if (reset == nullptr) return std::nullopt;
  return json_field(*reset, "seed");
}

// The env a reset or step case acts on, reset first when the case says so.
std::variant<EnvHandle, std::string> prepared_env(const Value& error_case) {
  const auto args = make_args(*error_case.find("env"), false);
  if (!args) return std::string("the case's env cannot be made through the C ABI");
  EnvHandle env(nullptr, &gymcc_env_free);
  if (Attempt a = try_make_env(*args, &env); a.status != GYMCC_OK)
    return "making the env: " + a.message;
  if (const Value* reset = error_case.find("reset")) {
    const auto seed = seed_of(reset);
    if (gymcc_env_reset_json(env.get(), c_str(seed), nullptr, nullptr, 0) != GYMCC_OK) {
      return std::string("resetting the env: ") + gymcc_env_last_error(env.get());
    }
  }
  return env;
}

std::variant<VecHandle, std::string> prepared_vec(const Value& error_case) {
  const auto args = make_args(*error_case.find("env"), true);
  if (!args) return std::string("the case's vector env cannot be made through the C ABI");
  VecHandle vec(nullptr, &gymcc_vec_free);
  if (Attempt a = try_make_vec(*args, &vec); a.status != GYMCC_OK)
    return "making the envs: " + a.message;
  if (const Value* reset = error_case.find("reset")) {
    const auto seed = seed_of(reset);
    if (gymcc_vec_reset_json(vec.get(), c_str(seed), nullptr, nullptr, 0) != GYMCC_OK) {
      return std::string("resetting the envs: ") + gymcc_vec_last_error(vec.get());
    }
  }
  return vec;
}

// Every way the call can be made: through JSON and, when the action fits
// the typed buffer, through it too.
std::vector<Attempt> attempts(const Value& error_case) {
  const std::string& call = error_case.find("call")->as_string();
  const Value& args = *error_case.find("args");
  const bool vector = call == "make_vec" || call.rfind("vector_", 0) == 0;
  if (call == "make" || call == "make_vec") {
    const auto a = make_args(args, vector);
    if (!a) return {};
    return {vector ? try_make_vec(*a, nullptr) : try_make_env(*a, nullptr)};
  }
  const auto seed = json_field(args, "seed");
  const auto options = absent(args.find("options")) ? std::nullopt : json_field(args, "options");
  const char* action_key = vector ? "actions" : "action";
  const Value* action = args.find(action_key);
  std::vector<Attempt> out;
  if (!vector) {
    auto prepared = prepared_env(error_case);
    if (auto* why = std::get_if<std::string>(&prepared)) throw std::runtime_error(*why);
    gymcc_env* env = std::get<EnvHandle>(prepared).get();
    auto record = [&](int status) { out.push_back({status, gymcc_env_last_error(env)}); };
    if (call == "reset") {
      record(gymcc_env_reset_json(env, c_str(seed), c_str(options), nullptr, 0));
    } else if (call == "step" && action != nullptr) {
      record(gymcc_env_step_json(env, to_json(*action).c_str(), nullptr, 0, nullptr, nullptr,
                                 nullptr));
      const gymcc_space& space = *gymcc_env_action_space(env);
      std::vector<unsigned char> buffer(space.nbytes + 1);
      if (to_buffer(space, *action, buffer.data())) {
        record(gymcc_env_step(env, buffer.data(), space.nbytes, nullptr, 0, nullptr, nullptr,
                              nullptr));
      }
    }
    return out;
  }
  auto prepared = prepared_vec(error_case);
  if (auto* why = std::get_if<std::string>(&prepared)) throw std::runtime_error(*why);
  gymcc_vec* vec = std::get<VecHandle>(prepared).get();
  auto record = [&](int status) { out.push_back({status, gymcc_vec_last_error(vec)}); };
  if (call == "vector_reset") {
    record(gymcc_vec_reset_json(vec, c_str(seed), c_str(options), nullptr, 0));
  } else if (call == "vector_step" && action != nullptr) {
    record(
        gymcc_vec_step_json(vec, to_json(*action).c_str(), nullptr, 0, nullptr, nullptr, nullptr));
    const gymcc_space& space = *gymcc_vec_action_space(vec);
    std::vector<unsigned char> buffer(space.nbytes + 1);
    if (to_buffer(space, *action, buffer.data())) {
      record(
          gymcc_vec_step(vec, buffer.data(), space.nbytes, nullptr, 0, nullptr, nullptr, nullptr));
    }
  }
  return out;
}

std::string call_name(const Value& error_case) { return error_case.find("call")->as_string(); }

}  // namespace

Outcome replay_error_case(const Value& error_case) {
  const std::string& code = error_case.find("code")->as_string();
  const std::int64_t status = error_case.find("status")->as_int();
  if (!is_library_code(code) || status != 400) {
    return Outcome::skip("HTTP-only errors (the C ABI is in-process)",
                         std::to_string(status) + " " + code);
  }
  const std::vector<Attempt> tried = attempts(error_case);
  if (tried.empty()) {
    return Outcome::skip("arguments the C functions cannot express", call_name(error_case));
  }
  for (const Attempt& a : tried) {
    if (a.status == GYMCC_OK) return Outcome::fail("succeeded, expected " + code);
    if (code != gymcc_status_name(a.status)) {
      return Outcome::fail("expected " + code + ", got " + gymcc_status_name(a.status) + ": " +
                           a.message);
    }
  }
  return Outcome::pass();
}

}  // namespace gymcc::c_conformance
