// Toy-text envs: registration, spaces, kwargs validation, generate_random_map,
// ansi renders, Taxi's encode/decode/action_mask and invalid actions. The
// expected values come from gymnasium 1.4.0 (numpy 2); episodes themselves
// are checked by the golden files (tests/golden/data/{frozen_lake,taxi,
// cliff_walking,blackjack}.jsonl.gz).

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "gymcc/envs/toy_text.hpp"
#include "gymcc/json.hpp"
#include "gymcc/registration.hpp"

using gymcc::Env;
using gymcc::Error;
using gymcc::ErrorCode;
using gymcc::MakeOptions;
using gymcc::Registry;
using gymcc::Seed;
using gymcc::Value;
using gymcc::envs::Blackjack;
using gymcc::envs::CliffWalking;
using gymcc::envs::FrozenLake;
using gymcc::envs::Taxi;
using gymcc::envs::TaxiState;

namespace {

const Registry& toy_registry() {
  static const Registry registry = [] {
    Registry r;
    gymcc::envs::register_toy_text(r);
    return r;
  }();
  return registry;
}

std::unique_ptr<Env> make(std::string_view id, const std::string& kwargs_json = "{}",
                          std::optional<std::string> render_mode = std::nullopt) {
  MakeOptions options;
  options.kwargs = gymcc::json::parse(kwargs_json);
  options.render_mode = std::move(render_mode);
  return toy_registry().make(id, options);
}

// The error make() raises, checked for its code.
std::string make_error(std::string_view id, const std::string& kwargs_json,
                       ErrorCode expected = ErrorCode::kInvalidKwarg) {
  try {
    make(id, kwargs_json);
  } catch (const Error& e) {
    CHECK(e.code() == expected);
    return e.what();
  }
  FAIL("no error for " << id << " " << kwargs_json);
  return {};
}

Value action(std::int64_t a) { return Value(a); }

std::string json(const Value& v) { return gymcc::json::to_string(v); }

// What a step returned, copied out of the env's buffers.
struct StepResult {
  std::string observation;  // as JSON
  double reward = 0.0;
  bool reward_is_int = false;
  bool terminated = false;
  bool truncated = false;
  std::string info;  // as JSON
};

StepResult step(Env& env, std::int64_t a) {
  const Env::Step s = env.step(Value(a));
  return {json(s.observation), s.reward, s.reward_is_int, s.terminated, s.truncated, json(s.info)};
}

// Reset observation and info as JSON.
std::pair<std::string, std::string> reset(Env& env, std::uint64_t seed) {
  const Env::Reset r = env.reset(Seed(seed), nullptr);
  return {json(r.observation), json(r.info)};
}

// The ansi text of env.render().
std::string text(Env& env) { return std::get<std::string>(env.render()); }

}  // namespace

TEST_CASE("toy text ids carry gymnasium 1.4's spec values") {
  const Registry& r = toy_registry();
  const auto& fl = r.spec("FrozenLake-v1");
  CHECK(fl.max_episode_steps == 100);
  CHECK(fl.reward_threshold == Approx(0.70));
  CHECK(json(fl.kwargs) == R"({"map_name":"4x4"})");
  CHECK(fl.metadata.render_modes == std::vector<std::string>{"human", "ansi", "rgb_array"});
  CHECK(fl.metadata.render_fps == 4);
  const auto& fl8 = r.spec("FrozenLake8x8-v1");
  CHECK(fl8.max_episode_steps == 200);
  CHECK(fl8.reward_threshold == Approx(0.85));
  CHECK(json(fl8.kwargs) == R"({"map_name":"8x8"})");
  CHECK_FALSE(r.spec("CliffWalking-v1").max_episode_steps);
  CHECK_FALSE(r.spec("CliffWalkingSlippery-v1").max_episode_steps);
  CHECK(json(r.spec("CliffWalkingSlippery-v1").kwargs) == R"({"is_slippery":true})");
  CHECK(r.spec("CliffWalking-v1").metadata.render_modes ==
        std::vector<std::string>{"human", "rgb_array", "ansi"});
  CHECK(r.spec("Taxi-v4").max_episode_steps == 200);
  CHECK(r.spec("Taxi-v4").reward_threshold == 8.0);
  const auto& bj = r.spec("Blackjack-v1");
  CHECK_FALSE(bj.max_episode_steps);
  CHECK(json(bj.kwargs) == R"({"sab":true,"natural":false})");
  CHECK(bj.metadata.render_modes == std::vector<std::string>{"human", "rgb_array"});
}

TEST_CASE("old toy text versions answer gymnasium's deprecation error") {
  CHECK(make_error("Taxi-v3", "{}", ErrorCode::kDeprecatedEnv) ==
        "Environment version v3 for `Taxi` is deprecated. Please use `Taxi-v4` instead.");
  CHECK(make_error("CliffWalking-v0", "{}", ErrorCode::kDeprecatedEnv) ==
        "Environment version v0 for `CliffWalking` is deprecated. Please use `CliffWalking-v1` "
        "instead.");
  CHECK(make_error("FrozenLake-v0", "{}", ErrorCode::kDeprecatedEnv) ==
        "Environment version v0 for `FrozenLake` is deprecated. Please use `FrozenLake-v1` "
        "instead.");
}

TEST_CASE("toy text spaces") {
  CHECK(make("FrozenLake-v1")->observation_space() == gymcc::Space::discrete(16));
  CHECK(make("FrozenLake8x8-v1")->observation_space() == gymcc::Space::discrete(64));
  CHECK(make("FrozenLake-v1", R"({"desc": ["SFFFH", "FFHFG"]})")->observation_space() ==
        gymcc::Space::discrete(10));
  CHECK(make("FrozenLake-v1", R"({"desc": null, "map_name": null})")->observation_space() ==
        gymcc::Space::discrete(64));
  CHECK(make("FrozenLake-v1")->action_space() == gymcc::Space::discrete(4));
  CHECK(make("Taxi-v4")->observation_space() == gymcc::Space::discrete(500));
  CHECK(make("Taxi-v4")->action_space() == gymcc::Space::discrete(6));
  CHECK(make("CliffWalking-v1")->observation_space() == gymcc::Space::discrete(48));
  CHECK(make("CliffWalkingSlippery-v1")->action_space() == gymcc::Space::discrete(4));
  const auto bj = make("Blackjack-v1");
  CHECK(bj->observation_space() ==
        gymcc::Space::tuple(
            {gymcc::Space::discrete(32), gymcc::Space::discrete(11), gymcc::Space::discrete(2)}));
  CHECK(bj->action_space() == gymcc::Space::discrete(2));
}

TEST_CASE("FrozenLake kwargs are validated and named in errors") {
  auto has = [](const std::string& message, const std::string& part) {
    INFO(message);
    CHECK(message.find(part) != std::string::npos);
  };
  has(make_error("FrozenLake-v1", R"({"desc": ["SFF", "FG"]})"), "'desc'");
  has(make_error("FrozenLake-v1", R"({"desc": ["SFF", "FG"]})"), "row 1 has 2 tiles");
  has(make_error("FrozenLake-v1", R"({"desc": []})"), "'desc'");
  has(make_error("FrozenLake-v1", R"({"desc": "SFFF"})"), "'desc'");
  has(make_error("FrozenLake-v1", R"({"desc": 3})"), "got int");
  has(make_error("FrozenLake-v1", R"({"desc": [""]})"), "'desc'");
  has(make_error("FrozenLake-v1", R"({"desc": ["S", "G"]})"), "'desc'");  // numpy: 1-D
  has(make_error("FrozenLake-v1", R"({"desc": ["S\u00c4", "FG"]})"), "ASCII");
  has(make_error("FrozenLake-v1", R"({"desc": [["SF"], ["FG"]]})"), "'desc'");
  has(make_error("FrozenLake-v1", R"({"desc": [1, 2]})"), "'desc'");
  has(make_error("FrozenLake-v1", R"({"map_name": "5x5"})"), "'map_name'");
  has(make_error("FrozenLake-v1", R"({"map_name": 5})"), "'map_name'");
  has(make_error("FrozenLake-v1", R"({"is_slippery": "yes"})"), "'is_slippery'");
  has(make_error("FrozenLake-v1", R"({"success_rate": "a"})"), "'success_rate'");
  has(make_error("FrozenLake-v1", R"({"reward_schedule": [1, 0]})"), "'reward_schedule'");
  has(make_error("FrozenLake-v1", R"({"reward_schedule": [true, 0, 0]})"), "'reward_schedule'");
  has(make_error("FrozenLake-v1", R"({"reward_schedule": 1})"), "'reward_schedule'");
  has(make_error("FrozenLake-v1", R"({"slippery": true})"), "'slippery'");

  // What gymnasium accepts: rows as lists of letters, one-column maps written
  // that way, a map_name ignored because desc is given.
  CHECK(make("FrozenLake-v1", R"({"desc": [["S", "F"], ["F", "G"]]})")->observation_space() ==
        gymcc::Space::discrete(4));
  CHECK(make("FrozenLake-v1", R"({"desc": [["S"], ["G"]]})")->observation_space() ==
        gymcc::Space::discrete(2));
  CHECK(make("FrozenLake-v1", R"({"desc": ["SFFG"], "map_name": "5x5"})")->observation_space() ==
        gymcc::Space::discrete(4));
  CHECK(json(make("FrozenLake-v1", R"({"desc": [["S", "F"], ["F", "G"]], "success_rate": 1})")
                 ->kwargs()) ==
        R"({"desc":["SF","FG"],"map_name":"4x4","is_slippery":true,"success_rate":1,)"
        R"("reward_schedule":[1,0,0]})");

  // The C++ constructor checks too.
  FrozenLake::Params bad;
  bad.desc = std::vector<std::string>{"SF", "G"};
  CHECK_THROWS_AS(FrozenLake(bad), Error);
  bad.desc.reset();
  bad.map_name = "16x16";
  try {
    FrozenLake env(bad);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidKwarg);
    CHECK(std::string(e.what()).find("map_name") != std::string::npos);
  }
}

TEST_CASE("other toy text kwargs are validated") {
  CHECK(make_error("Taxi-v4", R"({"is_rainy": 1})").find("'is_rainy'") != std::string::npos);
  CHECK(make_error("Taxi-v4", R"({"rainy_probability": "x"})").find("'rainy_probability'") !=
        std::string::npos);
  CHECK(make_error("Taxi-v4", R"({"fickle_probability": null})").find("'fickle_probability'") !=
        std::string::npos);
  CHECK(make_error("CliffWalking-v1", R"({"is_slippery": 0})").find("'is_slippery'") !=
        std::string::npos);
  CHECK(make_error("Blackjack-v1", R"({"natural": 1})").find("'natural'") != std::string::npos);
  CHECK(make_error("Blackjack-v1", R"({"sab": "no"})").find("'sab'") != std::string::npos);
  CHECK(json(make("Taxi-v4", R"({"rainy_probability": 1})")->kwargs()) ==
        R"({"is_rainy":false,"fickle_passenger":false,"rainy_probability":1,)"
        R"("fickle_probability":0.3})");
}

TEST_CASE("generate_random_map reproduces gymnasium's maps") {
  using gymcc::envs::generate_random_map;
  CHECK(generate_random_map(8, 0.8, Seed(0)) ==
        std::vector<std::string>{"SFFFHHFF", "FHHFHFFF", "HFFFFFFF", "FFHHFFFF", "FFFFFHHF",
                                 "FFFFFHFF", "FHFFHFFF", "FFFFFFFG"});
  CHECK(generate_random_map(4, 0.5, Seed(42)) ==
        std::vector<std::string>{"SFHH", "FHHH", "FFFH", "HHFG"});
  CHECK(generate_random_map(5, 0.9, *Seed::from_decimal("18446744073709551617")) ==
        std::vector<std::string>{"SFFFF", "FFFFF", "FFFFF", "FFFFF", "FFFFG"});
  CHECK(generate_random_map(10, 0.75, Seed(123456789)) ==
        std::vector<std::string>{"SHHFHHHFHH", "FFFFFFFFHF", "FFFHFFFFHH", "FFFFFHFFFH",
                                 "HHFFFFHFFF", "FFHHHFFHHF", "FFFFFFFHHF", "FFFFHFFFFF",
                                 "FFFHFFHFFF", "FFHFHHFFFG"});
  CHECK(generate_random_map(3, 1.5, Seed(7)) == std::vector<std::string>{"SFF", "FFF", "FFG"});
  CHECK(generate_random_map().size() == 8);
  CHECK_THROWS_AS(generate_random_map(8, -0.1, Seed(0)), std::invalid_argument);
  CHECK_THROWS_AS(generate_random_map(8, 0.0, Seed(0)), std::invalid_argument);
  CHECK_THROWS_AS(generate_random_map(1, 0.8, Seed(0)), std::invalid_argument);
}

TEST_CASE("FrozenLake ansi render is gymnasium's text") {
  auto env = make("FrozenLake-v1", "{}", "ansi");
  env->reset(Seed(0), nullptr);
  CHECK(text(*env) == "\n\x1b[41mS\x1b[0mFFF\nFHFH\nFFFH\nHFFG\n");
  CHECK(env->step(action(1)).observation == Value(std::int64_t{0}));
  CHECK(text(*env) == "  (Down)\n\x1b[41mS\x1b[0mFFF\nFHFH\nFFFH\nHFFG\n");
  CHECK(env->step(action(2)).observation == Value(std::int64_t{4}));
  CHECK(text(*env) == "  (Right)\nSFFF\n\x1b[41mF\x1b[0mHFH\nFFFH\nHFFG\n");

  auto dry = make("FrozenLake-v1", R"({"is_slippery": false, "desc": ["SFH", "FFG"]})", "ansi");
  dry->reset(Seed(0), nullptr);
  CHECK(text(*dry) == "\n\x1b[41mS\x1b[0mFH\nFFG\n");
  dry->step(action(1));
  CHECK(text(*dry) == "  (Down)\nSFH\n\x1b[41mF\x1b[0mFG\n");

  CHECK_THROWS_AS(make("FrozenLake-v1", "{}", "rgb_array"), Error);
  auto silent = make("FrozenLake-v1");
  silent->reset(Seed(0), nullptr);
  try {
    text(*silent);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kNotRenderable);
  }
  try {  // not among Blackjack's render modes
    make("Blackjack-v1", "{}", "ansi");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidKwarg);
  }
}

TEST_CASE("FrozenLake info, rewards and stepping past termination") {
  auto env = make("FrozenLake-v1", R"({"is_slippery": false, "reward_schedule": [2.5, -1, 0]})");
  CHECK(reset(*env, 3) == std::pair<std::string, std::string>{"0", R"({"prob":1})"});
  auto s = step(*env, 1);  // to 4 (frozen): reward the int 0
  CHECK(s.reward == 0.0);
  CHECK(s.reward_is_int);
  CHECK(s.info == R"({"prob":1.0})");
  s = step(*env, 2);  // to 5, a hole: -1, terminated
  CHECK(s.observation == "5");
  CHECK(s.reward == -1.0);
  CHECK(s.reward_is_int);
  CHECK(s.terminated);
  for (int i = 0; i < 3; ++i) {  // stuck in the hole
    s = step(*env, i);
    CHECK(s.observation == "5");
    CHECK(s.reward == 0.0);
    CHECK(s.reward_is_int);
    CHECK(s.terminated);
    CHECK(s.info == R"({"prob":1.0})");
  }
  auto goal = make("FrozenLake-v1", R"({"is_slippery": false, "desc": ["SG"],
                                        "reward_schedule": [2.5, -1, 0]})");
  goal->reset(Seed(0), nullptr);
  s = step(*goal, 2);
  CHECK(s.reward == 2.5);
  CHECK_FALSE(s.reward_is_int);
  CHECK(s.terminated);
}

TEST_CASE("Taxi encode, decode and action_mask") {
  STATIC_REQUIRE(Taxi::encode(3, 1, 2, 0) == 328);
  CHECK(Taxi::decode(328) == TaxiState{3, 1, 2, 0});
  CHECK(Taxi::decode(499) == TaxiState{4, 4, 4, 3});
  CHECK(Taxi::decode(0) == TaxiState{0, 0, 0, 0});
  for (std::int64_t s = 0; s < 500; ++s) {
    const TaxiState t = Taxi::decode(s);
    CHECK(Taxi::encode(t.taxi_row, t.taxi_col, t.passenger, t.destination) == s);
  }
  CHECK_THROWS_AS(Taxi::decode(500), std::out_of_range);
  CHECK_THROWS_AS(Taxi::decode(-1), std::out_of_range);
  CHECK(Taxi::action_mask(328) == std::array<std::int8_t, 6>{1, 1, 1, 0, 0, 0});
  CHECK(Taxi::action_mask(0) == std::array<std::int8_t, 6>{1, 0, 1, 0, 1, 0});
  CHECK(Taxi::action_mask(Taxi::encode(4, 3, 4, 3)) ==
        std::array<std::int8_t, 6>{0, 1, 1, 0, 0, 1});
}

TEST_CASE("Taxi ansi render and info") {
  auto env = make("Taxi-v4", "{}", "ansi");
  CHECK(reset(*env, 0) ==
        std::pair<std::string, std::string>{"314", R"({"prob":1.0,"action_mask":[1,1,0,0,0,0]})"});
  CHECK(text(*env) ==
        "+---------+\n|R: | : :G|\n| : | : : |\n| : : : : |\n|\x1b[43m \x1b[0m| : | : |\n"
        "|\x1b[35mY\x1b[0m| : |\x1b[34;1mB\x1b[0m: |\n+---------+\n\n");
  auto s = step(*env, 1);
  CHECK(s.observation == "214");
  CHECK(s.reward == -1.0);
  CHECK(s.reward_is_int);
  CHECK(text(*env) ==
        "+---------+\n|R: | : :G|\n| : | : : |\n|\x1b[43m \x1b[0m: : : : |\n| | : | : |\n"
        "|\x1b[35mY\x1b[0m| : |\x1b[34;1mB\x1b[0m: |\n+---------+\n  (North)\n");
  s = step(*env, 4);
  CHECK(s.reward == -10.0);
  CHECK(text(*env).ends_with("  (Pickup)\n"));

  // Seed 10 starts on the passenger's stand (the two colours nest).
  CHECK(reset(*env, 10).first == "473");
  CHECK(text(*env) ==
        "+---------+\n|R: | : :\x1b[35mG\x1b[0m|\n| : | : : |\n| : : : : |\n| | : | : |\n"
        "|Y| : |\x1b[34;1m\x1b[43mB\x1b[0m\x1b[0m: |\n+---------+\n\n");
  s = step(*env, 4);
  CHECK(s.observation == "477");
  CHECK(s.info == R"({"prob":1.0,"action_mask":[0,1,1,0,0,1]})");
  CHECK(text(*env) ==
        "+---------+\n|R: | : :\x1b[35mG\x1b[0m|\n| : | : : |\n| : : : : |\n| | : | : |\n"
        "|Y| : |\x1b[42mB\x1b[0m: |\n+---------+\n  (Pickup)\n");
  env->step(action(0));
  env->step(action(1));
  CHECK(text(*env) ==
        "+---------+\n|R: | : :\x1b[35mG\x1b[0m|\n| : | : : |\n| : : : : |\n"
        "| | : |\x1b[42m_\x1b[0m: |\n|Y| : |B: |\n+---------+\n  (North)\n");
  s = step(*env, 5);
  CHECK(s.reward == -10.0);
  CHECK(text(*env).ends_with("  (Dropoff)\n"));

  auto rainy = make("Taxi-v4", R"({"is_rainy": true, "rainy_probability": 1})");
  rainy->reset(Seed(0), nullptr);
  s = step(*rainy, 1);
  CHECK(s.info == R"({"prob":1,"action_mask":[1,1,1,0,0,0]})");  // an int, as given
}

TEST_CASE("CliffWalking ansi render") {
  auto env = make("CliffWalking-v1", "{}", "ansi");
  CHECK(reset(*env, 0) == std::pair<std::string, std::string>{"36", R"({"prob":1})"});
  const std::string open = "o  o  o  o  o  o  o  o  o  o  o  o\n";
  CHECK(text(*env) == open + open + open + "x  C  C  C  C  C  C  C  C  C  C  T\n\n");
  auto s = step(*env, 0);
  CHECK(s.info == R"({"prob":1.0})");
  CHECK(text(*env) ==
        open + open + "x  o  o  o  o  o  o  o  o  o  o  o\no  C  C  C  C  C  C  C  C  C  C  T\n\n");
  env->step(action(1));
  s = step(*env, 2);  // off the cliff
  CHECK(s.observation == "36");
  CHECK(s.reward == -100.0);
  CHECK(s.reward_is_int);
  CHECK_FALSE(s.terminated);
  CHECK(text(*env) == open + open + open + "x  C  C  C  C  C  C  C  C  C  C  T\n\n");
}

TEST_CASE("Blackjack draws the dealer's suit and face at reset") {
  gymcc::Runner<Blackjack> runner(Blackjack::Params{.natural = false, .sab = true});
  const std::vector<std::pair<std::string, std::string>> expected{
      {"[11,10,0]", "JD"}, {"[20,7,0]", "7C"},  {"[6,10,0]", "KD"},
      {"[7,10,0]", "KC"},  {"[17,10,0]", "KS"}, {"[21,9,1]", "9D"}};
  for (std::uint64_t seed = 0; seed < expected.size(); ++seed) {
    runner.reset(Seed(seed), nullptr);
    Value obs;
    to_value(runner.observation(), obs);
    CHECK(json(obs) == expected[seed].first);
    CHECK(runner.env().dealer_top_card() == expected[seed].second);
  }
  auto env = make("Blackjack-v1");
  CHECK(json(env->reset(Seed(5), nullptr).info) == "{}");
  const auto s = step(*env, 0);  // a natural against 9 + 10: sab pays 1.0
  CHECK(s.reward == 1.0);
  CHECK_FALSE(s.reward_is_int);
  CHECK(s.terminated);
}

TEST_CASE("invalid toy text actions are rejected before step") {
  for (const char* id : {"FrozenLake-v1", "CliffWalking-v1", "Taxi-v4", "Blackjack-v1"}) {
    INFO(id);
    auto env = make(id);
    try {
      env->step(action(0));
      FAIL("stepped before reset");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kResetNeeded);
    }
    env->reset(Seed(1), nullptr);
    const std::int64_t n = env->action_space().n();
    for (const Value& bad :
         {action(n), action(-1), Value(1.5), Value(true), Value("1"), Value(nullptr)}) {
      try {
        env->step(bad);
        FAIL("accepted " << json(bad));
      } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::kInvalidAction);
      }
    }
    CHECK(env->elapsed_steps() == 0);
    env->step(action(n - 1));
    CHECK(env->elapsed_steps() == 1);
  }
}

TEST_CASE("instances with equal parameters share their transition table") {
  FrozenLake::Params p;
  const FrozenLake a(p), b(p);
  CHECK(&a.transitions() == &b.transitions());
  p.is_slippery = false;
  const FrozenLake c(p);
  CHECK(&a.transitions() != &c.transitions());
  const Taxi t1(Taxi::Params{}), t2(Taxi::Params{.fickle_passenger = true});
  CHECK(&t1.transitions() == &t2.transitions());
  const CliffWalking c1(CliffWalking::Params{}), c2(CliffWalking::Params{});
  CHECK(&c1.transitions() == &c2.transitions());
  CHECK(a.transitions().outcomes(0, 0).size() == 3);
  CHECK(c.transitions().outcomes(0, 0).size() == 1);
}
