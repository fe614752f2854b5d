// Vector runs (the tests/golden/vector format) through gymcc_vec_*.

#include <cstdint>
#include <memory>
#include <vector>

#include "gymcc/json.hpp"
#include "runner.hpp"

namespace gymcc::c_conformance {
namespace {

std::string failure(const gymcc_vec* vec, int status, const char* call) {
  return std::string(call) + " failed: " + gymcc_status_name(status) + ": " +
         gymcc_vec_last_error(vec);
}

int autoreset_mode(const std::string& name) {
  if (name == "NextStep") return GYMCC_AUTORESET_NEXT_STEP;
  if (name == "SameStep") return GYMCC_AUTORESET_SAME_STEP;
  if (name == "Disabled") return GYMCC_AUTORESET_DISABLED;
  throw std::runtime_error("unknown autoreset_mode " + name);
}

// The recorded arrays' dtypes must be the buffers' (the JSON form alone
// would not tell int8 from int64).
std::optional<std::string> dtype_difference(const Value& typed, const gymcc_space& space,
                                            const std::string& path) {
  if (const Value* tag = typed.find("__ndarray__")) {
    if (tag->as_string() == gymcc_dtype_name(space.dtype)) return std::nullopt;
    return path + ": dtype " + tag->as_string() + " recorded, " + gymcc_dtype_name(space.dtype) +
           " in the buffer";
  }
  if (typed.is_list() && space.kind == GYMCC_SPACE_TUPLE) {
    for (int i = 0; i < space.num_spaces; ++i) {
      const Value& part = typed.as_list().at(static_cast<std::size_t>(i));
      if (auto d = dtype_difference(part, space.spaces[i], path + "[" + std::to_string(i) + "]")) {
        return d;
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string> compare_batch(const Value& typed, const gymcc_space& space,
                                         const void* buffer, const std::string& path) {
  if (auto d = dtype_difference(typed, space, path)) return d;
  return difference(untyped(typed), from_buffer(space, buffer), path);
}

class Replay {
 public:
  explicit Replay(gymcc_vec* vec)
      : vec_(vec),
        action_space_(*gymcc_vec_action_space(vec)),
        observation_space_(*gymcc_vec_observation_space(vec)),
        n_(static_cast<std::size_t>(gymcc_vec_num_envs(vec))),
        actions_(action_space_.nbytes + 1),
        observations_(observation_space_.nbytes + 1),
        rewards_(n_),
        terminated_(n_),
        truncated_(n_) {}

  std::optional<std::string> reset(const List& call, const std::string& where) {
    const std::string seed = to_json(call.at(1));
    const Value options = untyped(call.at(2));
    const std::string options_json = to_json(options);
    const int status =
        gymcc_vec_reset_json(vec_, seed.c_str(), options.is_null() ? nullptr : options_json.c_str(),
                             observations_.data(), observations_.size());
    if (status != GYMCC_OK) return where + failure(vec_, status, "gymcc_vec_reset_json");
    if (auto d = compare_batch(call.at(3), observation_space_, observations_.data(),
                               where + "observations")) {
      return d;
    }
    return difference(untyped(call.at(4)), infos(), where + "infos");
  }

  std::optional<std::string> step(const List& call, const std::string& where) {
    int status = gymcc_vec_sample_actions(vec_, actions_.data(), action_space_.nbytes);
    if (status != GYMCC_OK) return where + failure(vec_, status, "gymcc_vec_sample_actions");
    if (auto d = compare_batch(call.at(1), action_space_, actions_.data(),
                               where + "action_space.sample()")) {
      return d;
    }
    if (!to_buffer(action_space_, untyped(call.at(1)), actions_.data())) {
      return where + "actions do not fit " + action_space_.name;
    }
    status = gymcc_vec_step(vec_, actions_.data(), action_space_.nbytes, observations_.data(),
                            observations_.size(), rewards_.data(), terminated_.data(),
                            truncated_.data());
    if (status != GYMCC_OK) return where + failure(vec_, status, "gymcc_vec_step");
    List rewards, terminated, truncated;
    for (std::size_t i = 0; i < n_; ++i) {
      rewards.emplace_back(rewards_[i]);
      terminated.emplace_back(terminated_[i] != 0);
      truncated.emplace_back(truncated_[i] != 0);
    }
    if (auto d = compare_batch(call.at(2), observation_space_, observations_.data(),
                               where + "observations")) {
      return d;
    }
    const std::pair<const char*, Value> checks[] = {{"rewards", Value(std::move(rewards))},
                                                    {"terminated", Value(std::move(terminated))},
                                                    {"truncated", Value(std::move(truncated))},
                                                    {"infos", infos()}};
    for (std::size_t i = 0; i < std::size(checks); ++i) {
      if (auto d = difference(untyped(call.at(i + 3)), checks[i].second, where + checks[i].first)) {
        return d;
      }
    }
    return std::nullopt;
  }

 private:
  Value infos() {
    std::size_t length = 0;
    gymcc_vec_infos_json(vec_, nullptr, 0, &length);
    std::string text(length + 1, '\0');
    const int status = gymcc_vec_infos_json(vec_, text.data(), text.size(), &length);
    if (status != GYMCC_OK) throw std::runtime_error(failure(vec_, status, "gymcc_vec_infos_json"));
    text.resize(length);
    return json::parse(text);
  }

  gymcc_vec* vec_;
  const gymcc_space& action_space_;
  const gymcc_space& observation_space_;
  std::size_t n_;
  std::vector<unsigned char> actions_;
  std::vector<unsigned char> observations_;
  std::vector<double> rewards_;
  std::vector<std::uint8_t> terminated_;
  std::vector<std::uint8_t> truncated_;
};

}  // namespace

Outcome replay_vector_run(const Value& run) {
  const std::string id = run.find("id")->as_string();
  const std::string kwargs = to_json(untyped(*run.find("kwargs")));
  const Value* max_steps = run.find("max_episode_steps");
  char error[1024];
  gymcc_vec* made = nullptr;
  int status = gymcc_vec_make(
      id.c_str(), run.find("num_envs")->as_int(),
      autoreset_mode(run.find("autoreset_mode")->as_string()), kwargs.c_str(), nullptr,
      max_steps == nullptr || max_steps->is_null() ? GYMCC_REGISTERED_LIMIT : max_steps->as_int(),
      &made, error, sizeof error);
  if (status != GYMCC_OK) {
    return Outcome::fail(std::string("gymcc_vec_make: ") + gymcc_status_name(status) + ": " +
                         error);
  }
  VecHandle vec(made, &gymcc_vec_free);
  const std::string action_seed = to_json(*run.find("action_seed"));
  status = gymcc_vec_seed_action_space_json(vec.get(), action_seed.c_str());
  if (status != GYMCC_OK) {
    return Outcome::fail(failure(vec.get(), status, "gymcc_vec_seed_action_space_json"));
  }
  Replay replay(vec.get());
  const List& calls = run.find("calls")->as_list();
  for (std::size_t k = 0; k < calls.size(); ++k) {
    const List& call = calls[k].as_list();
    const std::string& kind = call.at(0).as_string();
    const std::string where = "call " + std::to_string(k) + " (" + kind + ") ";
    const auto d = kind == "reset" ? replay.reset(call, where) : replay.step(call, where);
    if (d) return Outcome::fail(*d);
  }
  return Outcome::pass();
}

}  // namespace gymcc::c_conformance
