#include <fmt/core.h>

#include "cli.hpp"
#include "gymcc/json.hpp"

namespace gymcc::cli {
namespace {

std::string optional_text(const std::optional<double>& v) {
  return v ? fmt::format("{}", *v) : "-";
}

std::string optional_text(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : "-";
}

std::string kwargs_text(const EnvSpec& spec) {
  std::string s;
  for (const KwargDoc& k : spec.kwarg_docs) {
    if (!s.empty()) s += ", ";
    s += k.name + "=" + json::to_string(k.default_value);
  }
  return s.empty() ? "-" : s;
}

}  // namespace

int run_list(const Registry& registry, const ListArgs& args) {
  if (!args.json) {
    fmt::print("{:<26} {:<14} {:<22} {:>9} {:>10}  {}\n", "ID", "ACTIONS", "OBSERVATIONS",
               "MAX STEPS", "THRESHOLD", "KWARGS (defaults)");
  }
  for (const EnvSpec* spec : registry.specs()) {
    const auto env = registry.make(spec->id);
    if (args.json) {
      Value line = spec->describe();
      line.as_dict().emplace_back("action_space", env->action_space().describe());
      line.as_dict().emplace_back("observation_space", env->observation_space().describe());
      fmt::print("{}\n", json::to_string(line, {json::NonFinite::kString}));
      continue;
    }
    fmt::print("{:<26} {:<14} {:<22} {:>9} {:>10}  {}\n", spec->id, env->action_space().to_string(),
               env->observation_space().to_string(), optional_text(spec->max_episode_steps),
               optional_text(spec->reward_threshold), kwargs_text(*spec));
  }
  return kExitOk;
}

}  // namespace gymcc::cli
