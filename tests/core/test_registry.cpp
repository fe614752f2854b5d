#include <catch2/catch.hpp>

#include "gymcc/json.hpp"
#include "gymcc/registration.hpp"

using gymcc::Env;
using gymcc::EnvSpec;
using gymcc::Error;
using gymcc::ErrorCode;
using gymcc::Registry;
using gymcc::Value;

namespace {

// A minimal static env: counts steps, terminates at `length`.
class Counter {
 public:
  struct Params {
    std::int64_t length = 3;
    double scale = 1.0;
  };
  using Action = std::int64_t;
  using Observation = std::int64_t;
  using Info = gymcc::NoInfo;

  static const gymcc::KwargTable<Params>& kwargs() {
    static const auto table = gymcc::KwargTable<Params>()
                                  .add("length", &Params::length, "steps until terminated")
                                  .add("scale", &Params::scale, "reward per step");
    return table;
  }
  static gymcc::EnvMetadata metadata() { return {{"ansi"}, 4}; }

  explicit Counter(const Params& params) : params_(params) {}
  gymcc::Space observation_space() const { return gymcc::Space::discrete(100); }
  gymcc::Space action_space() const { return gymcc::Space::discrete(2); }
  void reset(gymcc::Generator& rng, const Value*, Observation& obs, Info&) {
    obs = rng.integers(10);
    count_ = 0;
  }
  gymcc::Transition step(const Action& action, gymcc::Generator&, Observation& obs,
                         Info&) noexcept {
    obs += action;
    ++count_;
    return {params_.scale, count_ >= params_.length};
  }

 private:
  Params params_;
  std::int64_t count_ = 0;
};

Registry make_registry() {
  Registry r;
  gymcc::register_env<Counter>(r, EnvSpec{.id = "Counter-v0", .max_episode_steps = 5});
  gymcc::register_env<Counter>(r, EnvSpec{.id = "Counter-v2", .max_episode_steps = 2});
  gymcc::register_env<Counter>(
      r, EnvSpec{.id = "Long-v1", .kwargs = Value(gymcc::Dict{{"length", 100}})});
  gymcc::register_env<Counter>(r, EnvSpec{.id = "team/Counter-v1"});
  return r;
}

std::string make_error(const Registry& r, std::string_view id, ErrorCode expected) {
  try {
    r.make(id);
  } catch (const Error& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  FAIL("no error for " << id);
  return {};
}

}  // namespace

TEST_CASE("registry errors carry gymnasium's messages") {
  const Registry r = make_registry();
  CHECK(make_error(r, "Foo-v0", ErrorCode::kUnknownEnv) == "Environment `Foo` doesn't exist.");
  CHECK(make_error(r, "Countr-v0", ErrorCode::kUnknownEnv) ==
        "Environment `Countr` doesn't exist. Did you mean: `Counter`?");
  CHECK(make_error(r, "Counter-v7", ErrorCode::kUnknownVersion) ==
        "Environment version `v7` for environment `Counter` doesn't exist. It provides "
        "versioned environments: [ `v0`, `v2` ].");
  CHECK(make_error(r, "Counter-v1", ErrorCode::kDeprecatedEnv) ==
        "Environment version v1 for `Counter` is deprecated. Please use `Counter-v2` instead.");
  CHECK(make_error(r, "bad string", ErrorCode::kMalformedId) ==
        "Malformed environment ID: bad string. (Currently all IDs must be of the form "
        "[namespace/](env-name)-v(version). (namespace is optional))");
  CHECK(make_error(r, "teem/Counter-v1", ErrorCode::kUnknownEnv) ==
        "Namespace teem not found. Did you mean: `team`?");
  CHECK(make_error(r, "zzz/Counter-v1", ErrorCode::kUnknownEnv) ==
        "Namespace zzz not found. Have you installed the proper package for zzz?");
  CHECK(make_error(r, "mod:Counter-v0", ErrorCode::kUnknownEnv).find("module") !=
        std::string::npos);
}

TEST_CASE("an unversioned id picks the latest version") {
  const Registry r = make_registry();
  CHECK(r.make("Counter")->spec().id == "Counter-v2");
  CHECK(r.make("team/Counter")->spec().id == "team/Counter-v1");
}

TEST_CASE("kwargs are validated and merged over registered ones") {
  const Registry r = make_registry();
  CHECK(r.make("Long-v1")->kwargs() == Value(gymcc::Dict{{"length", 100}, {"scale", 1.0}}));
  gymcc::MakeOptions options;
  options.kwargs = gymcc::json::parse(R"({"scale": 2})");
  CHECK(r.make("Long-v1", options)->kwargs().find("scale")->as_float() == 2.0);
  options.kwargs = gymcc::json::parse(R"({"lenght": 2})");
  CHECK_THROWS_WITH(
      r.make("Long-v1", options),
      "Long-v1 got an unexpected keyword argument 'lenght' (accepted: length, scale)");
  options.kwargs = gymcc::json::parse(R"({"length": "2"})");
  CHECK_THROWS_WITH(r.make("Long-v1", options),
                    "kwarg 'length' of Long-v1 must be an int, got str");
}

TEST_CASE("TimeLimit truncates and keeps counting; OrderEnforcing refuses early steps") {
  const Registry r = make_registry();
  auto env = r.make("Counter-v2");
  CHECK_THROWS_WITH(env->step(Value(1)), "Cannot call env.step() before calling env.reset()");
  env->reset(gymcc::Seed(1), nullptr);
  CHECK_FALSE(env->step(Value(1)).truncated);
  const Env::Step second = env->step(Value(1));
  CHECK(second.truncated);
  CHECK(second.terminated == false);
  const Env::Step third = env->step(Value(0));
  CHECK(third.truncated);
  CHECK(third.terminated);
  CHECK(env->elapsed_steps() == 3);
  env->reset(std::nullopt, nullptr);
  CHECK(env->elapsed_steps() == 0);

  gymcc::MakeOptions no_limit;
  no_limit.max_episode_steps = -1;
  auto unlimited = r.make("Counter-v2", no_limit);
  unlimited->reset(gymcc::Seed(1), nullptr);
  for (int i = 0; i < 10; ++i) CHECK_FALSE(unlimited->step(Value(0)).truncated);
}

TEST_CASE("invalid actions are typed errors") {
  const Registry r = make_registry();
  auto env = r.make("Counter-v0");
  env->reset(gymcc::Seed(0), nullptr);
  try {
    env->step(Value(2));
    FAIL("accepted action 2");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidAction);
  }
  CHECK_THROWS_AS(env->step(Value("left")), Error);
}

TEST_CASE("same seed, same episode; reset without seed continues the stream") {
  const Registry r = make_registry();
  auto a = r.make("Long-v1");
  auto b = r.make("Long-v1");
  CHECK(a->reset(gymcc::Seed(123), nullptr).observation ==
        b->reset(gymcc::Seed(123), nullptr).observation);
  CHECK(a->reset(std::nullopt, nullptr).observation == b->reset(std::nullopt, nullptr).observation);
}

TEST_CASE("closest_match agrees with difflib.get_close_matches") {
  // Values checked against CPython's difflib.
  CHECK(gymcc::closest_match("CartPol", {"CartPole", "Acrobot", "Pendulum"}) == "CartPole");
  CHECK(gymcc::closest_match("Foo", {"CartPole", "Acrobot"}) == std::nullopt);
  CHECK(gymcc::closest_match("MountainCar", {"MountainCar", "MountainCarContinuous"}) ==
        "MountainCar");
  CHECK(gymcc::closest_match("abc", {"abd", "abe"}) == "abe");  // ties: the larger string
}

TEST_CASE("parse_env_id follows gymnasium's ENV_ID_RE") {
  // Expected groups printed by gymnasium's ENV_ID_RE.fullmatch for each id.
  struct Case {
    const char* id;
    std::optional<std::string> ns;
    std::string name;
    std::optional<std::int64_t> version;
  };
  const Case cases[] = {
      {"CartPole-v1", std::nullopt, "CartPole", 1},
      {"a-v1-v2", std::nullopt, "a-v1", 2},
      {"a-v12x", std::nullopt, "a-v12x", std::nullopt},
      {"-v1", std::nullopt, "-v1", std::nullopt},
      {"ns/Name", "ns", "Name", std::nullopt},
      {"ns/Name-v0", "ns", "Name", 0},
      {"Foo-v", std::nullopt, "Foo-v", std::nullopt},
      {"x.y:z-v3", std::nullopt, "x.y:z", 3},
      {"CartPole", std::nullopt, "CartPole", std::nullopt},
  };
  for (const Case& c : cases) {
    const gymcc::ParsedEnvId parsed = gymcc::parse_env_id(c.id);
    CHECK(parsed.ns == c.ns);
    CHECK(parsed.name == c.name);
    CHECK(parsed.version == c.version);
  }
  for (const char* bad : {"a/b/c", "bad string", "/x", "ns/", ""}) {
    CHECK_THROWS_AS(gymcc::parse_env_id(bad), Error);
  }
}
