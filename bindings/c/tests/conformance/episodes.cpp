// Single-env episodes (the tests/golden/data format) through gymcc_env_*.

#include <memory>
#include <vector>

#include "gymcc/json.hpp"
#include "runner.hpp"

namespace gymcc::c_conformance {
namespace {

std::string failure(const gymcc_env* env, int status, const char* call) {
  return std::string(call) + " failed: " + gymcc_status_name(status) + ": " +
         gymcc_env_last_error(env);
}

Value info_of(gymcc_env* env) {
  std::size_t length = 0;
  gymcc_env_info_json(env, nullptr, 0, &length);
  std::string text(length + 1, '\0');
  const int status = gymcc_env_info_json(env, text.data(), text.size(), &length);
  if (status != GYMCC_OK) throw std::runtime_error(failure(env, status, "gymcc_env_info_json"));
  text.resize(length);
  return json::parse(text);
}

// Buffers sized for the env's spaces (at least one byte, for data()).
struct Buffers {
  explicit Buffers(const gymcc_env* env)
      : action_space(*gymcc_env_action_space(env)),
        observation_space(*gymcc_env_observation_space(env)),
        action(action_space.nbytes + 1),
        observation(observation_space.nbytes + 1) {}
  const gymcc_space& action_space;
  const gymcc_space& observation_space;
  std::vector<unsigned char> action;
  std::vector<unsigned char> observation;
};

std::optional<std::string> check_reset(gymcc_env* env, Buffers& buffers, const Value& episode) {
  const std::string seed = to_json(*episode.find("seed"));
  const auto options = json_field(episode, "options");
  const int status = gymcc_env_reset_json(env, seed.c_str(), options ? options->c_str() : nullptr,
                                          buffers.observation.data(), buffers.observation.size());
  if (status != GYMCC_OK) return failure(env, status, "gymcc_env_reset_json");
  const Value& reset = *episode.find("reset");
  if (auto d = difference(*reset.find("obs"),
                          from_buffer(buffers.observation_space, buffers.observation.data()),
                          "reset obs")) {
    return d;
  }
  return difference(*reset.find("info"), info_of(env), "reset info");
}

std::optional<std::string> check_step(gymcc_env* env, Buffers& buffers, const List& recorded,
                                      bool sampled, const std::string& where) {
  if (recorded.size() < 6) return where + ": a step needs 6 fields";
  if (sampled) {
    const int status =
        gymcc_env_sample_action(env, buffers.action.data(), buffers.action_space.nbytes);
    if (status != GYMCC_OK) return where + failure(env, status, "gymcc_env_sample_action");
    if (auto d = difference(recorded[0], from_buffer(buffers.action_space, buffers.action.data()),
                            where + "action_space.sample()")) {
      return d;
    }
  }
  if (!to_buffer(buffers.action_space, recorded[0], buffers.action.data())) {
    return where + "action " + to_json(recorded[0]) + " does not fit " + buffers.action_space.name;
  }
  double reward = 0.0;
  int terminated = 0, truncated = 0;
  const int status = gymcc_env_step(env, buffers.action.data(), buffers.action_space.nbytes,
                                    buffers.observation.data(), buffers.observation.size(), &reward,
                                    &terminated, &truncated);
  if (status != GYMCC_OK) return where + failure(env, status, "gymcc_env_step");
  const Value reward_value =
      gymcc_env_reward_is_int(env) ? Value(static_cast<std::int64_t>(reward)) : Value(reward);
  const std::pair<const char*, Value> checks[] = {
      {"obs", from_buffer(buffers.observation_space, buffers.observation.data())},
      {"reward", reward_value},
      {"terminated", Value(terminated != 0)},
      {"truncated", Value(truncated != 0)},
      {"info", info_of(env)}};
  for (std::size_t i = 0; i < std::size(checks); ++i) {
    if (auto d = difference(recorded[i + 1], checks[i].second, where + checks[i].first)) return d;
  }
  return std::nullopt;
}

}  // namespace

Outcome replay_episode(const Value& episode) {
  EnvHandle env(nullptr, &gymcc_env_free);
  if (auto why = make_env(episode.find("id")->as_string(), episode.find("kwargs"), env)) {
    return Outcome::fail(*why);
  }
  const Value* policy = episode.find("policy");
  const bool sampled =
      policy != nullptr && policy->is_string() && policy->as_string() == "action_space.sample";
  if (sampled) {
    const std::string seed = to_json(*episode.find("seed"));
    const int seeded = gymcc_env_seed_action_space_json(env.get(), seed.c_str());
    if (seeded != GYMCC_OK) {
      return Outcome::fail(failure(env.get(), seeded, "gymcc_env_seed_action_space_json"));
    }
  }
  Buffers buffers(env.get());
  if (auto d = check_reset(env.get(), buffers, episode)) return Outcome::fail(*d);
  std::size_t k = 0;
  for (const Value& step : episode.find("steps")->as_list()) {
    const std::string where = "step " + std::to_string(++k) + " ";
    if (auto d = check_step(env.get(), buffers, step.as_list(), sampled, where)) {
      return Outcome::fail(*d);
    }
  }
  return Outcome::pass();
}

}  // namespace gymcc::c_conformance
