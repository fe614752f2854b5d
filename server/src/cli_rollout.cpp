#include <cstdio>
#include <limits>

#include "cli.hpp"
#include "gymcc/json.hpp"
#include "policies.hpp"

namespace gymcc::cli {
namespace {

void print_line(const Value& line) {
  std::string text = json::to_string(line);
  text += '\n';
  std::fwrite(text.data(), 1, text.size(), stdout);
}

Value reward_value(double reward, bool is_int) {
  return is_int ? Value(static_cast<std::int64_t>(reward)) : Value(reward);
}

}  // namespace

int run_rollout(const Registry& registry, const RolloutArgs& args) {
  MakeOptions make_options;
  make_options.kwargs = parse_json_object_arg(args.kwargs_json, "--kwargs");
  const Value options = parse_json_object_arg(args.options_json, "--options");
  std::optional<Seed> seed;
  if (args.seed) seed = parse_seed_text(*args.seed);
  if (args.policy == "pump" && !has_pump_policy(args.env_id)) {
    throw Error(ErrorCode::kInvalidArgument, "no pump policy for " + args.env_id);
  }

  const auto env = registry.make(args.env_id, make_options);
  if (seed) env->action_space().seed(*seed);
  const Env::Reset reset = env->reset(seed, options.is_null() ? nullptr : &options);
  print_line(Value(Dict{{"step", 0}, {"obs", reset.observation}, {"info", reset.info}}));

  Value observation = reset.observation;
  const long long cap = args.steps.value_or(std::numeric_limits<long long>::max());
  for (long long step = 1; step <= cap; ++step) {
    Value action = args.policy == "pump" ? *pump_action(args.env_id, observation)
                                         : env->action_space().sample();
    const Env::Step result = env->step(action);
    observation = result.observation;
    print_line(Value(Dict{{"step", static_cast<std::int64_t>(step)},
                          {"action", std::move(action)},
                          {"obs", result.observation},
                          {"reward", reward_value(result.reward, result.reward_is_int)},
                          {"terminated", result.terminated},
                          {"truncated", result.truncated},
                          {"info", result.info}}));
    if (result.terminated || result.truncated) break;
  }
  return kExitOk;
}

}  // namespace gymcc::cli
