// `gymcc replay`: re-runs golden episodes recorded from Python gymnasium and
// checks every observation, reward, flag and info value for exact equality.

#include <fmt/core.h>
#include <zlib.h>

#include <bit>
#include <cmath>
#include <memory>

#include "cli.hpp"
#include "gymcc/json.hpp"

namespace gymcc::cli {
namespace {

// Reads lines from a plain or gzipped file (zlib reads both transparently).
class LineReader {
 public:
  explicit LineReader(const std::string& path) : file_(gzopen(path.c_str(), "rb"), &gzclose) {
    if (!file_) {
      throw Error(ErrorCode::kInvalidArgument, "cannot open '" + path + "'");
    }
  }

  bool next(std::string& line) {
    line.clear();
    char buffer[1 << 16];
    while (gzgets(file_.get(), buffer, sizeof buffer) != nullptr) {
      line += buffer;
      if (!line.empty() && line.back() == '\n') {
        line.pop_back();
        return true;
      }
    }
    int error = Z_OK;
    const char* message = gzerror(file_.get(), &error);
    if (error != Z_OK && error != Z_STREAM_END) {
      throw Error(ErrorCode::kInvalidArgument, std::string("read error: ") + message);
    }
    return !line.empty();
  }

 private:
  std::unique_ptr<gzFile_s, int (*)(gzFile)> file_;
};

bool same_double(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

// Exact structural equality; on a difference returns where ("[2]", ".prob").
std::optional<std::string> difference(const Value& expected, const Value& actual,
                                      const std::string& path = "") {
  auto describe = [&] {
    return path + ": expected " + json::to_string(expected) + ", got " + json::to_string(actual);
  };
  if (expected.kind() != actual.kind()) return describe();
  switch (expected.kind()) {
    case Value::Kind::kFloat:
      return same_double(expected.as_float(), actual.as_float()) ? std::nullopt
                                                                 : std::optional(describe());
    case Value::Kind::kList: {
      const List& e = expected.as_list();
      const List& a = actual.as_list();
      if (e.size() != a.size()) return describe();
      for (std::size_t i = 0; i < e.size(); ++i) {
        if (auto d = difference(e[i], a[i], path + "[" + std::to_string(i) + "]")) return d;
      }
      return std::nullopt;
    }
    case Value::Kind::kDict: {
      const Dict& e = expected.as_dict();
      if (e.size() != actual.as_dict().size()) return describe();
      for (const auto& [key, value] : e) {
        const Value* other = actual.find(key);
        if (other == nullptr) return describe();
        if (auto d = difference(value, *other, path + "." + key)) return d;
      }
      return std::nullopt;
    }
    default:
      return expected == actual ? std::nullopt : std::optional(describe());
  }
}

// Our values in the form the golden file has them: through our JSON writer
// and back, so that float32 arrays compare as the doubles Python wrote.
Value as_json_value(const Value& ours) { return json::parse(json::to_string(ours)); }

Value reward_value(double reward, bool is_int) {
  return is_int ? Value(static_cast<std::int64_t>(reward)) : Value(reward);
}

const Value& require(const Value& episode, const char* key) {
  const Value* v = episode.find(key);
  if (v == nullptr)
    throw Error(ErrorCode::kInvalidArgument, std::string("missing key '") + key + "'");
  return *v;
}

struct EpisodeResult {
  std::size_t steps = 0;
  std::optional<std::string> mismatch;  // "step 17 obs[2]: expected ..., got ..."
};

EpisodeResult replay_episode(const Registry& registry, const Value& episode) {
  const std::string& id = require(episode, "id").as_string();
  const Seed seed = seed_from_value(require(episode, "seed"));
  const Value* policy = episode.find("policy");
  const bool sampled =
      policy != nullptr && policy->is_string() && policy->as_string() == "action_space.sample";
  const Value* options = episode.find("options");
  if (options != nullptr && options->is_null()) options = nullptr;

  MakeOptions make_options;
  if (const Value* kwargs = episode.find("kwargs")) make_options.kwargs = *kwargs;
  const auto env = registry.make(id, make_options);
  if (sampled) env->action_space().seed(seed);

  EpisodeResult result;
  const Value& reset = require(episode, "reset");
  const Env::Reset ours = env->reset(seed, options);
  if (auto d = difference(require(reset, "obs"), as_json_value(ours.observation), "obs")) {
    result.mismatch = "reset " + *d;
    return result;
  }
  if (auto d = difference(require(reset, "info"), as_json_value(ours.info), "info")) {
    result.mismatch = "reset " + *d;
    return result;
  }

  for (const Value& recorded : require(episode, "steps").as_list()) {
    const List& fields = recorded.as_list();
    if (fields.size() < 6) throw Error(ErrorCode::kInvalidArgument, "a step needs 6 fields");
    ++result.steps;
    const std::string where = "step " + std::to_string(result.steps) + " ";
    if (sampled) {
      if (auto d = difference(fields[0], as_json_value(env->action_space().sample()),
                              "action_space.sample()")) {
        result.mismatch = where + *d;
        return result;
      }
    }
    const Env::Step step = env->step(fields[0]);
    const std::pair<const char*, Value> checks[] = {
        {"obs", as_json_value(step.observation)},
        {"reward", reward_value(step.reward, step.reward_is_int)},
        {"terminated", Value(step.terminated)},
        {"truncated", Value(step.truncated)},
        {"info", as_json_value(step.info)}};
    for (std::size_t i = 0; i < std::size(checks); ++i) {
      if (auto d = difference(fields[i + 1], checks[i].second, checks[i].first)) {
        result.mismatch = where + *d;
        return result;
      }
    }
  }
  return result;
}

}  // namespace

int run_replay(const Registry& registry, const ReplayArgs& args) {
  std::size_t episodes = 0, steps = 0, mismatches = 0;
  for (const std::string& path : args.files) {
    LineReader reader(path);
    std::string line;
    std::size_t line_number = 0;
    while (reader.next(line)) {
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const std::string where = path + ":" + std::to_string(line_number);
      Value episode;
      EpisodeResult result;
      try {
        episode = json::parse(line);
        result = replay_episode(registry, episode);
      } catch (const Error& e) {
        throw Error(e.code(), where + ": " + e.what());
      } catch (const std::bad_variant_access&) {
        throw Error(ErrorCode::kInvalidArgument, where + ": a field has the wrong JSON type");
      }
      ++episodes;
      steps += result.steps;
      const Value* label = episode.find("env");
      const std::string name =
          label && label->is_string() ? label->as_string() : episode.find("id")->as_string();
      const std::string seed = json::to_string(*episode.find("seed"));
      if (result.mismatch) {
        ++mismatches;
        fmt::print("MISMATCH {} env={} id={} seed={} {}\n", where, name,
                   episode.find("id")->as_string(), seed, *result.mismatch);
        if (args.fail_fast) break;
      } else if (!args.quiet) {
        fmt::print("ok       {} env={} seed={} steps={}\n", where, name, seed, result.steps);
      }
    }
    if (args.fail_fast && mismatches > 0) break;
  }
  fmt::print("{} episodes, {} steps, {} mismatches\n", episodes, steps, mismatches);
  return mismatches == 0 ? kExitOk : kExitMismatch;
}

}  // namespace gymcc::cli
