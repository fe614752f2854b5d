// Classic-control envs: registration, spaces, kwargs, reset options and their
// errors, invalid actions, behaviour after termination, determinism, the
// numpy-exact helpers, and short trajectories recorded from gymnasium 1.4.0
// with numpy 2.4 (hex floats printed by float.hex()). Long episodes are
// replayed from the golden files (tests/golden/data/*.jsonl.gz).

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gymcc/envs/classic_control.hpp"
#include "gymcc/envs/classic_control/acrobot.hpp"
#include "gymcc/envs/classic_control/cartpole.hpp"
#include "gymcc/envs/classic_control/continuous_mountain_car.hpp"
#include "gymcc/envs/classic_control/mountain_car.hpp"
#include "gymcc/envs/classic_control/pendulum.hpp"
#include "gymcc/envs/detail/classic_control_utils.hpp"
#include "gymcc/envs/detail/npy_float32_math.hpp"
#include "gymcc/json.hpp"
#include "gymcc/registration.hpp"

using gymcc::Array;
using gymcc::DType;
using gymcc::Env;
using gymcc::Error;
using gymcc::ErrorCode;
using gymcc::MakeOptions;
using gymcc::Registry;
using gymcc::Seed;
using gymcc::Shape;
using gymcc::Space;
using gymcc::Value;

namespace {

const Registry& cc_registry() {
  static const Registry registry = [] {
    Registry r;
    gymcc::envs::register_classic_control(r);
    return r;
  }();
  return registry;
}

std::unique_ptr<Env> make(std::string_view id, const std::string& kwargs_json = "{}") {
  MakeOptions options;
  options.kwargs = gymcc::json::parse(kwargs_json);
  return cc_registry().make(id, options);
}

Value box_action(std::vector<double> values) {
  Array a;
  a.dtype = DType::kFloat32;
  a.shape = Shape{static_cast<std::int64_t>(values.size())};
  a.data = std::move(values);
  return Value(std::move(a));
}

std::vector<double> obs_of(const Value& observation) { return observation.as_array().data; }

std::vector<double> floats(std::initializer_list<float> values) {
  std::vector<double> out;
  for (float f : values) out.push_back(static_cast<double>(f));
  return out;
}

// The kInvalidOptions message of reset(seed, options).
std::string reset_error(Env& env, const std::string& options_json) {
  const Value options = gymcc::json::parse(options_json);
  try {
    env.reset(Seed(0), &options);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidOptions);
    return e.what();
  }
  FAIL("no error for options " << options_json);
  return {};
}

std::string step_error(Env& env, const Value& action) {
  try {
    env.step(action);
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidAction);
    return e.what();
  }
  FAIL("no error for action " << gymcc::json::to_string(action));
  return {};
}

std::vector<double> reset_obs(Env& env, std::uint64_t seed, const std::string& options_json = "") {
  if (options_json.empty()) return obs_of(env.reset(Seed(seed), nullptr).observation);
  const Value options = gymcc::json::parse(options_json);
  return obs_of(env.reset(Seed(seed), &options).observation);
}

}  // namespace

TEST_CASE("classic control: registrations match gymnasium's", "[classic_control]") {
  struct Expected {
    const char* id;
    std::int64_t max_steps;
    std::optional<double> threshold;
    int fps;
  };
  const std::vector<Expected> expected = {
      {"CartPole-v0", 200, 195.0, 50},        {"CartPole-v1", 500, 475.0, 50},
      {"MountainCar-v0", 200, -110.0, 30},    {"MountainCarContinuous-v0", 999, 90.0, 30},
      {"Pendulum-v1", 200, std::nullopt, 30}, {"Acrobot-v1", 500, -100.0, 15},
  };
  for (const auto& e : expected) {
    const gymcc::EnvSpec& spec = cc_registry().spec(e.id);
    CHECK(spec.max_episode_steps == e.max_steps);
    CHECK(spec.reward_threshold == e.threshold);
    CHECK_FALSE(spec.nondeterministic);
    CHECK(spec.metadata.render_modes == std::vector<std::string>{"human", "rgb_array"});
    CHECK(spec.metadata.render_fps == e.fps);
  }
  // Unversioned ids resolve to the latest version.
  CHECK(cc_registry().spec("CartPole").id == "CartPole-v1");
}

TEST_CASE("classic control: spaces", "[classic_control]") {
  const float pi = static_cast<float>(M_PI);
  SECTION("CartPole") {
    auto env = make("CartPole-v1");
    CHECK(env->action_space() == Space::discrete(2));
    const Space& obs = env->observation_space();
    CHECK(obs.kind() == Space::Kind::kBox);
    CHECK(obs.dtype() == DType::kFloat32);
    CHECK(obs.shape() == Shape{4});
    const double theta = static_cast<float>(12 * 2 * M_PI / 360 * 2);
    CHECK(obs.high() == std::vector<double>{static_cast<float>(4.8), HUGE_VAL, theta, HUGE_VAL});
    CHECK(obs.low() == std::vector<double>{-static_cast<double>(static_cast<float>(4.8)), -HUGE_VAL,
                                           -theta, -HUGE_VAL});
  }
  SECTION("MountainCar and MountainCarContinuous") {
    for (const char* id : {"MountainCar-v0", "MountainCarContinuous-v0"}) {
      auto env = make(id);
      CHECK(env->observation_space() ==
            Space::box({-1.2, -0.07}, {0.6, 0.07}, Shape{2}, DType::kFloat32));
      CHECK(env->observation_space().low() == floats({-1.2f, -0.07f}));
    }
    CHECK(make("MountainCar-v0")->action_space() == Space::discrete(3));
    CHECK(make("MountainCarContinuous-v0")->action_space() ==
          Space::box(-1.0, 1.0, Shape{1}, DType::kFloat32));
  }
  SECTION("Pendulum") {
    auto env = make("Pendulum-v1");
    CHECK(env->observation_space() ==
          Space::box({-1.0, -1.0, -8.0}, {1.0, 1.0, 8.0}, Shape{3}, DType::kFloat32));
    CHECK(env->action_space() == Space::box(-2.0, 2.0, Shape{1}, DType::kFloat32));
  }
  SECTION("Acrobot") {
    auto env = make("Acrobot-v1");
    CHECK(env->action_space() == Space::discrete(3));
    const Space& obs = env->observation_space();
    CHECK(obs.shape() == Shape{6});
    CHECK(obs.high() == floats({1.0f, 1.0f, 1.0f, 1.0f, 4 * pi, 9 * pi}));
    CHECK(obs.high()[4] == static_cast<double>(static_cast<float>(4 * M_PI)));
    CHECK(obs.high()[5] == static_cast<double>(static_cast<float>(9 * M_PI)));
  }
}

TEST_CASE("classic control: kwargs", "[classic_control]") {
  SECTION("defaults are reported as gymnasium declares them") {
    CHECK(make("CartPole-v1")->kwargs() == gymcc::json::parse(R"({"sutton_barto_reward": false})"));
    // goal_velocity=0 is an int in gymnasium, g=10.0 a float.
    const Value mc = make("MountainCar-v0")->kwargs();
    REQUIRE(mc.find("goal_velocity") != nullptr);
    CHECK(mc.find("goal_velocity")->is_int());
    const Value pendulum = make("Pendulum-v1")->kwargs();
    REQUIRE(pendulum.find("g") != nullptr);
    CHECK(pendulum.find("g")->is_float());
    CHECK(make("Acrobot-v1")->kwargs() == Value(gymcc::Dict{}));
  }
  SECTION("numbers may be ints or floats and are kept as given") {
    CHECK(make("Pendulum-v1", R"({"g": 9})")->kwargs().find("g")->as_int() == 9);
    CHECK(make("Pendulum-v1", R"({"g": 9.81})")->kwargs().find("g")->as_float() == 9.81);
    CHECK(make("MountainCarContinuous-v0", R"({"goal_velocity": 0.1})")
              ->kwargs()
              .find("goal_velocity")
              ->as_float() == 0.1);
  }
  SECTION("wrong types and unknown names are rejected") {
    auto code_of = [](const std::string& id, const std::string& kwargs) {
      try {
        make(id, kwargs);
      } catch (const Error& e) {
        return e.code();
      }
      return ErrorCode::kInvalidArgument;  // no error: fails the checks below
    };
    CHECK(code_of("CartPole-v1", R"({"sutton_barto_reward": 1})") == ErrorCode::kInvalidKwarg);
    CHECK(code_of("CartPole-v1", R"({"gravity": 9.8})") == ErrorCode::kInvalidKwarg);
    CHECK(code_of("Pendulum-v1", R"({"g": "10"})") == ErrorCode::kInvalidKwarg);
    CHECK(code_of("Pendulum-v1", R"({"g": true})") == ErrorCode::kInvalidKwarg);
    CHECK(code_of("MountainCar-v0", R"({"goal_velocity": null})") == ErrorCode::kInvalidKwarg);
    CHECK(code_of("Acrobot-v1", R"({"book_or_nips": "nips"})") == ErrorCode::kInvalidKwarg);
  }
}

TEST_CASE("classic control: reset options", "[classic_control]") {
  SECTION("low/high bounds, as numbers or numeric strings") {
    auto env = make("CartPole-v1");
    // gymnasium: reset(seed=0, options={"low": "0.01"})
    const std::vector<double> expected =
        floats({0x1.22a3bep-5f, 0x1.54a5bep-6f, 0x1.7d6284p-7f, 0x1.5d57d6p-7f});
    CHECK(reset_obs(*env, 0, R"({"low": "0.01"})") == expected);
    CHECK(reset_obs(*env, 0, R"({"low": 0.01})") == expected);
    CHECK(reset_obs(*env, 0, R"({"low": " 1_0e-3 ", "high": 0.05})") ==
          reset_obs(*env, 0, R"({"low": 0.01})"));
    // low == high is allowed; an empty dict means the defaults.
    CHECK(reset_obs(*env, 3, R"({"low": 0.1, "high": 0.1})") == floats({0.1f, 0.1f, 0.1f, 0.1f}));
    CHECK(reset_obs(*env, 5, "{}") == reset_obs(*env, 5));
    // gymnasium's docstring example: reset(seed=123, options={"low": -0.1, "high": 0.1})
    CHECK(reset_obs(*env, 123, R"({"low": -0.1, "high": 0.1})") ==
          floats({0x1.2ac3eap-5f, -0x1.6d8284p-4f, -0x1.ca2992p-5f, -0x1.029008p-4f}));
  }
  SECTION("errors carry gymnasium's messages") {
    auto env = make("CartPole-v1");
    CHECK(reset_error(*env, R"({"low": 1, "high": 0})") ==
          "Lower bound (1.0) must be lower than higher bound (0.0).");
    CHECK(reset_error(*env, R"({"high": 1e-05, "low": 0.5})") ==
          "Lower bound (0.5) must be lower than higher bound (1e-05).");
    CHECK(reset_error(*env, R"({"low": true})") ==
          "Lower bound (1.0) must be lower than higher bound (0.05).");
    CHECK(reset_error(*env, R"({"low": "abc"})") ==
          "An option (abc) could not be converted to a float.");
    CHECK(reset_error(*env, R"({"low": null})") ==
          "An option (None) could not be converted to a float.");
    CHECK(reset_error(*env, R"({"low": [1, 2]})") ==
          "An option ([1, 2]) could not be converted to a float.");
    CHECK(reset_error(*env, R"({"low": {"a": 1}})") ==
          "An option ({'a': 1}) could not be converted to a float.");
    CHECK(reset_error(*env, R"({"low": "1_"})") ==
          "An option (1_) could not be converted to a float.");
    CHECK(reset_error(*env, R"({"low": -1e308, "high": 1e308})") ==
          "high - low range exceeds valid bounds");
    CHECK(reset_error(*env, R"({"low": "nan"})") == "high - low range exceeds valid bounds");
    auto acrobot = make("Acrobot-v1");
    CHECK(reset_error(*acrobot, R"({"high": "-inf"})") ==
          "Lower bound (-0.1) must be lower than higher bound (-inf).");
    CHECK(reset_error(*acrobot, "[1]").find("dict") != std::string::npos);
  }
  SECTION("a rejected reset leaves the episode as it was") {
    auto env = make("MountainCar-v0");
    const std::vector<double> before = reset_obs(*env, 1);
    const Value bad = gymcc::json::parse(R"({"low": 0, "high": -1})");
    CHECK_THROWS_AS(env->reset(std::nullopt, &bad), Error);
    const auto step = env->step(Value(1));
    CHECK(step.reward == -1.0);
    CHECK(step.observation.as_array().data[0] != before[0]);
  }
  SECTION("Pendulum's x_init and y_init") {
    auto env = make("Pendulum-v1");
    // gymnasium's docstring: reset(seed=123, options={"x_init": np.pi/2, "y_init": 0.5})
    CHECK(reset_obs(*env, 123, R"({"x_init": 1.5707963267948966, "y_init": 0.5})") ==
          floats({0x1.ae41d2p-1f, 0x1.1587a6p-1f, -0x1.c8e324p-2f}));
    // Other keys are ignored; x_init = y_init = 0 fixes the state.
    CHECK(reset_obs(*env, 0, R"({"low": 3})") == reset_obs(*env, 0));
    CHECK(reset_obs(*env, 8, R"({"x_init": 0.0, "y_init": 0})") == floats({1.0f, 0.0f, 0.0f}));
    CHECK(reset_error(*env, R"({"x_init": -1})") == "high - low < 0");
    CHECK(reset_error(*env, R"({"x_init": "inf"})") == "Range exceeds valid bounds");
    CHECK(reset_error(*env, R"({"y_init": "nan"})") == "Range exceeds valid bounds");
    CHECK(reset_error(*env, R"({"x_init": "zz"})") ==
          "An option (zz) could not be converted to a float.");
  }
  SECTION("huge ints convert as Python's float(int) does") {
    auto env = make("MountainCar-v0");
    const Value huge = gymcc::json::parse(R"({"low": 1)" + std::string(400, '0') + R"(})");
    try {
      env->reset(Seed(0), &huge);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == "int too large to convert to float");
    }
    const Value big = gymcc::json::parse(R"({"low": -18446744073709551616, "high": 0})");
    CHECK_NOTHROW(env->reset(Seed(0), &big));
  }
}

TEST_CASE("classic control: invalid actions are rejected before the env sees them",
          "[classic_control]") {
  auto acrobot = make("Acrobot-v1");
  acrobot->reset(Seed(0), nullptr);
  CHECK_FALSE(step_error(*acrobot, Value(3)).empty());
  CHECK_FALSE(step_error(*acrobot, Value(-1)).empty());

  auto cartpole = make("CartPole-v1");
  cartpole->reset(Seed(0), nullptr);
  CHECK_FALSE(step_error(*cartpole, Value(2)).empty());
  CHECK_FALSE(step_error(*cartpole, Value(1.5)).empty());
  CHECK_FALSE(step_error(*cartpole, Value("1")).empty());
  CHECK_FALSE(step_error(*cartpole, Value(true)).empty());

  auto pendulum = make("Pendulum-v1");
  pendulum->reset(Seed(0), nullptr);
  CHECK_FALSE(step_error(*pendulum, box_action({0.1, 0.2})).empty());
  CHECK_FALSE(step_error(*pendulum, gymcc::json::parse("[[0.1]]")).empty());
  CHECK_FALSE(step_error(*pendulum, gymcc::json::parse("0.1")).empty());
  CHECK_FALSE(step_error(*pendulum, box_action({std::nan("")})).empty());
  CHECK_FALSE(step_error(*pendulum, gymcc::json::parse(R"(["a"])")).empty());
  // The rejected steps did not count.
  CHECK(pendulum->elapsed_steps() == 0);

  auto mcc = make("MountainCarContinuous-v0");
  mcc->reset(Seed(0), nullptr);
  CHECK_FALSE(step_error(*mcc, box_action({})).empty());
  // Out-of-bounds Box actions are valid: the env clips (or not) itself.
  CHECK_NOTHROW(mcc->step(box_action({5.0})));
  CHECK_NOTHROW(pendulum->step(box_action({-HUGE_VAL})));

  // Steps before the first reset.
  auto fresh = make("Acrobot-v1");
  try {
    fresh->step(Value(0));
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kResetNeeded);
  }
}

TEST_CASE("classic control: behaviour after termination", "[classic_control]") {
  SECTION("CartPole: 1.0 on the terminating step, then 0.0") {
    auto env = make("CartPole-v1");
    // gymnasium: this start terminates at the first step.
    reset_obs(*env, 6, R"({"low": 0.3, "high": 0.5})");
    auto first = env->step(Value(1));
    CHECK(first.terminated);
    CHECK(first.reward == 1.0);
    for (int i = 0; i < 3; ++i) {
      auto after = env->step(Value(0));
      CHECK(after.terminated);
      CHECK_FALSE(after.truncated);
      CHECK(after.reward == 0.0);
    }
    // Reset starts a new episode with normal rewards.
    reset_obs(*env, 6);
    CHECK(env->step(Value(1)).reward == 1.0);
  }
  SECTION("CartPole with sutton_barto_reward: 0 per step, -1 from termination on") {
    auto env = make("CartPole-v1", R"({"sutton_barto_reward": true})");
    reset_obs(*env, 1);
    CHECK(env->step(Value(0)).reward == 0.0);
    reset_obs(*env, 6, R"({"low": 0.3, "high": 0.5})");
    CHECK(env->step(Value(1)).reward == -1.0);
    CHECK(env->step(Value(1)).reward == -1.0);
  }
  SECTION("TimeLimit truncates and keeps counting") {
    MakeOptions options;
    options.max_episode_steps = 3;
    auto env = cc_registry().make("Pendulum-v1", options);
    env->reset(Seed(0), nullptr);
    CHECK_FALSE(env->step(box_action({0.0})).truncated);
    CHECK_FALSE(env->step(box_action({0.0})).truncated);
    CHECK(env->step(box_action({0.0})).truncated);
    CHECK(env->step(box_action({0.0})).truncated);
    CHECK(env->elapsed_steps() == 4);
  }
  SECTION("MountainCar terminates at the flag") {
    auto env = make("MountainCar-v0");
    reset_obs(*env, 0, R"({"low": 0.55, "high": 0.55})");
    auto step = env->step(Value(2));
    CHECK(step.terminated);
    CHECK(step.reward == -1.0);
  }
}

TEST_CASE("classic control: determinism", "[classic_control]") {
  for (const char* id :
       {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1"}) {
    auto run = [&](std::uint64_t seed) {
      auto env = make(id);
      env->action_space().seed(Seed(seed));
      std::vector<double> trace = obs_of(env->reset(Seed(seed), nullptr).observation);
      for (int i = 0; i < 50; ++i) {
        auto step = env->step(env->action_space().sample());
        const std::vector<double> o = obs_of(step.observation);
        trace.insert(trace.end(), o.begin(), o.end());
        trace.push_back(step.reward);
        if (step.terminated || step.truncated) {
          const std::vector<double> r = obs_of(env->reset(std::nullopt, nullptr).observation);
          trace.insert(trace.end(), r.begin(), r.end());
        }
      }
      return trace;
    };
    INFO(id);
    CHECK(run(17) == run(17));
    CHECK(run(17) != run(18));
  }
  SECTION("reset without a seed continues the generator") {
    auto a = make("CartPole-v1");
    auto b = make("CartPole-v1");
    reset_obs(*a, 9);
    reset_obs(*b, 9);
    CHECK(obs_of(a->reset(std::nullopt, nullptr).observation) ==
          obs_of(b->reset(std::nullopt, nullptr).observation));
    CHECK(obs_of(a->reset(std::nullopt, nullptr).observation) != reset_obs(*b, 9));
  }
}

// Trajectories recorded from gymnasium: make(id); reset(seed=s); step(a)...
TEST_CASE("classic control: trajectories match gymnasium exactly", "[classic_control]") {
  struct StepRecord {
    std::vector<double> obs;
    double reward;
    bool terminated;
  };
  auto replay = [](const char* id, std::uint64_t seed, const std::vector<Value>& actions,
                   const std::vector<double>& reset, const std::vector<StepRecord>& steps) {
    INFO(id);
    auto env = make(id);
    CHECK(obs_of(env->reset(Seed(seed), nullptr).observation) == reset);
    REQUIRE(actions.size() == steps.size());
    for (std::size_t i = 0; i < actions.size(); ++i) {
      INFO("step " << i);
      const auto step = env->step(actions[i]);
      CHECK(obs_of(step.observation) == steps[i].obs);
      CHECK(step.reward == steps[i].reward);
      CHECK(step.terminated == steps[i].terminated);
      CHECK_FALSE(step.truncated);
    }
  };

  replay(
      "CartPole-v1", 42, {Value(0), Value(1), Value(1), Value(0), Value(1)},
      floats({0x1.c0d97ep-6f, -0x1.9090f6p-8f, 0x1.25c370p-5f, 0x1.435e26p-6f}),
      {
          {floats({0x1.bed8c6p-6f, -0x1.9d2460p-3f, 0x1.28ff42p-5f, 0x1.4b4774p-2f}), 1.0, false},
          {floats({0x1.7cbe78p-6f, -0x1.d41030p-8f, 0x1.5e0072p-5f, 0x1.5c02ecp-5f}), 1.0, false},
          {floats({0x1.7a675ap-6f, 0x1.7fad2ap-3f, 0x1.64f644p-5f, -0x1.e43090p-3f}), 1.0, false},
          {floats({0x1.b7cabcp-6f, -0x1.126ab4p-7f, 0x1.3e3a10p-5f, 0x1.1d6b1ap-4f}), 1.0, false},
          {floats({0x1.b50c3ap-6f, 0x1.7d467ap-3f, 0x1.49a4bep-5f, -0x1.af1880p-3f}), 1.0, false},
      });

  replay("MountainCar-v0", 42, {Value(2), Value(2), Value(0), Value(1), Value(2)},
         floats({-0x1.c7e4d0p-2f, 0.0f}),
         {
             {floats({-0x1.c77760p-2f, 0x1.b5c242p-12f}), -1.0, false},
             {floats({-0x1.c69d4ap-2f, 0x1.b429a2p-11f}), -1.0, false},
             {floats({-0x1.c76472p-2f, -0x1.8e4f34p-11f}), -1.0, false},
             {floats({-0x1.c8c53ep-2f, -0x1.60cb8ap-10f}), -1.0, false},
             {floats({-0x1.c9b6f6p-2f, -0x1.e36f9cp-11f}), -1.0, false},
         });

  // Out-of-range actions: the force is clipped, the reward is not.
  replay("MountainCarContinuous-v0", 42,
         {box_action({0.5}), box_action({2.0}), box_action({-1.5}), box_action({0.25})},
         floats({-0x1.c7e4d0p-2f, 0.0f}),
         {
             {floats({-0x1.c7b8e8p-2f, 0x1.5f3ac8p-13f}), -0x1.999999999999ap-6, false},
             {floats({-0x1.c69cd0p-2f, 0x1.1c185ep-10f}), -0x1.999999999999ap-2, false},
             {floats({-0x1.c7a508p-2f, -0x1.083762p-10f}), -0x1.ccccccccccccdp-3, false},
             {floats({-0x1.c8e41cp-2f, -0x1.3f14f0p-10f}), -0x1.999999999999ap-8, false},
         });

  replay(
      "Pendulum-v1", 42, {box_action({1.0}), box_action({-3.0}), box_action({0.5})},
      floats({-0x1.331a54p-3f, 0x1.fa35fep-1f, -0x1.f4b534p-4f}),
      {
          {floats({-0x1.80bd60p-3f, 0x1.f6e256p-1f, 0x1.89dea6p-1f}), -0x1.7b930de7080d0p+1, false},
          {floats({-0x1.f9414cp-3f, 0x1.f02c98p-1f, 0x1.34b766p+0f}), -0x1.947b1311b4232p+1, false},
          {floats({-0x1.5eceb0p-2f, 0x1.e10468p-1f, 0x1.00fdaap+1f}), -0x1.baab58b82af5fp+1, false},
      });

  replay("Acrobot-v1", 42, {Value(0), Value(2), Value(1), Value(2), Value(0)},
         floats({0x1.ff3b4ep-1f, 0x1.c0a002p-5f, 0x1.fff634p-1f, -0x1.908e68p-7f, 0x1.25c370p-4f,
                 0x1.435e26p-5f}),
         {
             {floats({0x1.fe8fb6p-1f, 0x1.32d620p-4f, 0x1.ffbc4cp-1f, -0x1.074532p-5f,
                      0x1.00bd6ep-3f, -0x1.dadc72p-3f}),
              -1.0, false},
             {floats({0x1.fe87d8p-1f, 0x1.36177cp-4f, 0x1.ffbe74p-1f, -0x1.030c8ap-5f,
                      -0x1.e00b60p-4f, 0x1.e43a62p-3f}),
              -1.0, false},
             {floats({0x1.ff8218p-1f, 0x1.66fa28p-5f, 0x1.ffdbe0p-1f, 0x1.80a016p-6f,
                      -0x1.8d472cp-3f, 0x1.33471cp-2f}),
              -1.0, false},
             {floats({0x1.fff7ecp-1f, -0x1.6be086p-7f, 0x1.fc8f3ep-1f, 0x1.da0ac4p-4f,
                      -0x1.5d4390p-2f, 0x1.332c66p-1f}),
              -1.0, false},
             {floats({0x1.ff1b6ap-1f, -0x1.e39978p-5f, 0x1.f77f98p-1f, 0x1.73a9d6p-3f,
                      -0x1.04dcbcp-3f, 0x1.853c9cp-5f}),
              -1.0, false},
         });
}

// numpy 2 (NEP 50): once MountainCarContinuous's state is float32, a float32
// plus a Python float rounds the Python float to float32 first, and
// comparisons with Python floats happen in float32. The golden episodes do
// not pin these down; these cases were constructed against gymnasium.
TEST_CASE("classic control: MountainCarContinuous follows numpy 2's float32 rules",
          "[classic_control]") {
  auto make_mcc = [](double goal_velocity) {
    MakeOptions options;
    options.kwargs = Value(gymcc::Dict{{"goal_velocity", Value(goal_velocity)}});
    return cc_registry().make("MountainCarContinuous-v0", options);
  };
  SECTION("velocity + Python float is rounded operand by operand") {
    auto env = make_mcc(0.005);
    CHECK(reset_obs(*env, 100017, R"({"low": -1.21, "high": -1.15})") ==
          floats({-0x1.2c8c42p+0f, 0.0f}));
    auto s1 = env->step(box_action({0x1.2d8182p+0}));  // out of range: clipped force
    CHECK(obs_of(s1.observation) == floats({-0x1.2b91d6p+0f, 0x1.f4db94p-9f}));
    CHECK(s1.reward == -0x1.1c14a42d04d00p-3);
    auto s2 = env->step(box_action({0x1.6f6f60p-1}));
    CHECK(obs_of(s2.observation) == floats({-0x1.29b80cp+0f, 0x1.d9c9e8p-8f}));
    CHECK(s2.reward == -0x1.a5e6d15d1cccdp-5);
    auto s3 = env->step(box_action({0x1.fce3e6p-1}));
    CHECK(obs_of(s3.observation) == floats({-0x1.26e27ep+0f, 0x1.6ac6dap-7f}));
    CHECK(s3.reward == -0x1.94a3b4ad7aa80p-4);

    // A clipped force in a float32 step: float32(v) + float32(force * power -
    // gravity term), not float32(v + that Python float).
    auto clipped = make_mcc(0.0);
    CHECK(reset_obs(*clipped, 100030, R"({"low": 0.43, "high": 0.46})") ==
          floats({0x1.ba7d2ap-2f, 0.0f}));
    clipped->step(box_action({0x1.3135fap+0}));
    auto c2 = clipped->step(box_action({-0x1.1e22d2p+0}));
    CHECK(obs_of(c2.observation) == floats({0x1.b9f31cp-2f, -0x1.61a93cp-10f}));
    CHECK(c2.reward == -0x1.ffb61cba53a00p-4);
    auto c3 = clipped->step(box_action({0x1.a05fc2p-1}));
    CHECK(obs_of(c3.observation) == floats({0x1.b91e9ep-2f, -0x1.a8fb92p-11f}));
  }
  SECTION("velocity >= goal_velocity compares in float32") {
    // goal_velocity is the double just above the float32 velocity reached at
    // the goal: float32(goal_velocity) equals it, so gymnasium terminates.
    auto env = make_mcc(0x1.1317180000001p-7);
    reset_obs(*env, 3, R"({"low": 0.40, "high": 0.40})");
    for (int i = 1; i <= 12; ++i) {
      INFO("step " << i);
      const auto step = env->step(box_action({1.0}));
      CHECK(step.terminated == (i == 12));
      if (i == 12) {
        CHECK(obs_of(step.observation)[1] == static_cast<double>(0x1.131718p-7f));
        CHECK(step.reward == 99.9);
      }
    }
  }
  SECTION("position >= 0.45 compares in float32") {
    // The second step lands exactly on float32(0.45) < 0.45.
    auto env = make_mcc(0.0);
    CHECK(reset_obs(*env, 0, R"({"low": 0.4485, "high": 0.4485})") ==
          floats({0x1.cb4396p-2f, 0.0f}));
    const auto s1 = env->step(box_action({1.0}));
    CHECK(obs_of(s1.observation) == floats({0x1.cc3a66p-2f, 0x1.ed9f9ap-11f}));
    CHECK_FALSE(s1.terminated);
    const auto s2 = env->step(box_action({0x1.cc3b30p-4}));
    CHECK(obs_of(s2.observation) == floats({0x1.ccccccp-2f, 0x1.24ca00p-11f}));
    CHECK(s2.terminated);
    CHECK(s2.reward == 0x1.8ffeb50ae586cp+6);
  }
}

TEST_CASE("classic control: float32 details of Pendulum and Acrobot", "[classic_control]") {
  SECTION("Pendulum's torque cost is float32: powf(u, 2), times float32(0.001)") {
    auto env = make("Pendulum-v1");
    reset_obs(*env, 42);
    // For this u, u * u differs from powf(u, 2) after the float32 product.
    const auto step = env->step(box_action({-0x1.b98502p+0}));
    CHECK(obs_of(step.observation) == floats({-0x1.578e66p-3f, 0x1.f8be9cp-1f, 0x1.713a48p-2f}));
    CHECK(step.reward == -0x1.7bd3c18e480d0p+1);
  }
  SECTION("Acrobot's reset observation uses numpy's float32 cos") {
    auto env = make("Acrobot-v1");
    // (float)cos((double)theta1) would give 0x1.feb4d6p-1 here.
    CHECK(reset_obs(*env, 835) == floats({0x1.feb4d4p-1f, 0x1.22fbfep-4f, 0x1.ff990cp-1f,
                                          0x1.44a13cp-5f, -0x1.261314p-5f, -0x1.2057cap-4f}));
  }
}

TEST_CASE("classic control: static envs run without the type-erased layer", "[classic_control]") {
  gymcc::Runner<gymcc::envs::Acrobot> runner({}, 500);
  runner.reset(Seed(42), nullptr);
  CHECK(runner.observation()[0] == 0x1.ff3b4ep-1f);
  const gymcc::StepOutcome outcome = runner.step(0);
  CHECK(outcome.reward == -1.0);
  CHECK(runner.observation()[5] == -0x1.dadc72p-3f);

  gymcc::Runner<gymcc::envs::MountainCarContinuous> mcc({}, 999);
  mcc.reset(Seed(42), nullptr);
  mcc.step({0.5f});
  CHECK(mcc.observation()[1] == 0x1.5f3ac8p-13f);
}

TEST_CASE("classic control: numpy float32 sin/cos", "[classic_control]") {
  using gymcc::envs::detail::npy_cosf;
  using gymcc::envs::detail::npy_sinf;
  // np.cos / np.sin of np.float32 values. The first two sit where x * 2/pi
  // is within rounding of a half-integer (numpy's contracted multiply-add
  // picks the quadrant); the last exceed the Cody-Waite range (libm path).
  CHECK(npy_cosf(0x1.f6a7a4p+1f) == -0x1.6a09e2p-1f);
  CHECK(npy_sinf(0x1.f6a7a4p+1f) == -0x1.6a09eap-1f);
  CHECK(npy_cosf(0x1.dd85a8p+3f) == -0x1.6a09f0p-1f);
  CHECK(npy_sinf(0x1.dd85a8p+3f) == 0x1.6a09dep-1f);
  CHECK(npy_cosf(0.05f) == 0x1.ff5c32p-1f);
  CHECK(npy_sinf(0.05f) == 0x1.996deap-5f);
  CHECK(npy_cosf(-0.1f) == 0x1.fd7130p-1f);
  CHECK(npy_sinf(-0.1f) == -0x1.98eaeep-4f);
  CHECK(npy_cosf(1e5f) == -0x1.ffac38p-1f);
  CHECK(npy_sinf(2e5f) == -0x1.24aabep-4f);
  CHECK(npy_cosf(0.0f) == 1.0f);
  CHECK(std::signbit(npy_sinf(-0.0f)));
  CHECK(std::isnan(npy_cosf(std::numeric_limits<float>::quiet_NaN())));
  CHECK(std::isnan(npy_sinf(HUGE_VALF)));
  // numpy differs from rounding the double result for this input.
  CHECK(static_cast<float>(std::cos(static_cast<double>(0x1.dd85a8p+3f))) != -0x1.6a09f0p-1f);
}

TEST_CASE("classic control: Python arithmetic helpers", "[classic_control]") {
  using gymcc::envs::detail::np_remainder;
  using gymcc::envs::detail::py_pow;
  using gymcc::envs::detail::py_powf;
  // np.float64(x) ** 2 is glibc pow, which differs from x * x here.
  const double x = -0x1.697735e7539bcp+1;
  CHECK(py_pow(x, 2.0) == 0x1.fe616d899236ap+2);
  CHECK(x * x == 0x1.fe616d8992369p+2);
  // np.float32(x) ** 2 is powf.
  CHECK(py_powf(0x1.1c40dep+1f, 2.0f) == 0x1.3b9ffep+2f);
  // np.float64(a) % (2 * np.pi)
  const double two_pi = 2 * M_PI;
  CHECK(np_remainder(-1.0, two_pi) == 0x1.521fb54442d18p+2);
  CHECK(np_remainder(7.0, two_pi) == 0x1.6f0255dde9740p-1);
  CHECK(np_remainder(-7.0, two_pi) == 0x1.643f6a8885a30p+2);
  CHECK(np_remainder(-1e-20, two_pi) == 0x1.921fb54442d18p+2);
  CHECK(np_remainder(-two_pi, two_pi) == 0.0);
  CHECK_FALSE(std::signbit(np_remainder(-0.0, two_pi)));
}
