// Snapshots (snapshot.hpp): for every registered env, a state taken at any
// step — right before termination/truncation included — restored by
// set_state, by make_from_state after a JSON or MessagePack round trip, or
// by clone, continues bit-exactly.
#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gymcc/envs/all.hpp"
#include "gymcc/json.hpp"
#include "gymcc/registry.hpp"
#include "gymcc/snapshot.hpp"
#include "serve/msgpack.hpp"

using gymcc::Dict;
using gymcc::Env;
using gymcc::Error;
using gymcc::ErrorCode;
using gymcc::List;
using gymcc::Seed;
using gymcc::Value;

namespace {

const gymcc::Registry& registry() { return gymcc::envs::default_registry(); }

// One step's results, exactly: JSON spells doubles with round-trip digits.
struct Record {
  std::string action;
  std::string outcome;
  bool done = false;
};

std::string outcome_of(const Env::Step& s) {
  return gymcc::json::to_string(s.observation) + "|" + gymcc::json::to_string(Value(s.reward)) +
         (s.reward_is_int ? "i" : "f") + (s.terminated ? "T" : "-") + (s.truncated ? "T" : "-") +
         gymcc::json::to_string(s.info);
}

// Steps `count` times with actions from the env's own sampler, resetting
// (without a seed: np_random goes on) after an episode ends.
// `done_before`: the episode ended on the step before this run.
std::vector<Record> run(Env& env, int count, bool done_before = false,
                        std::vector<Value>* states = nullptr) {
  std::vector<Record> out;
  for (int i = 0; i < count; ++i) {
    if (states != nullptr) states->push_back(env.get_state());
    if (out.empty() ? done_before : out.back().done) {
      const auto r = env.reset(std::nullopt, nullptr);
      out.push_back(Record{
          "reset", gymcc::json::to_string(r.observation) + gymcc::json::to_string(r.info), false});
      continue;
    }
    const Value action = env.action_space().sample();
    const auto s = env.step(action);
    out.push_back(
        Record{gymcc::json::to_string(action), outcome_of(s), s.terminated || s.truncated});
  }
  return out;
}

void require_same(const std::vector<Record>& expected, std::size_t from,
                  const std::vector<Record>& got, const std::string& what) {
  INFO(what);
  REQUIRE(got.size() == expected.size() - from);
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("record " << from + i);
    REQUIRE(got[i].action == expected[from + i].action);
    REQUIRE(got[i].outcome == expected[from + i].outcome);
  }
}

Value through_msgpack(const Value& v) {
  std::string bytes;
  gymcc::serve::msgpack::Writer(bytes).value(v);
  return gymcc::serve::msgpack::decode(bytes);
}

}  // namespace

TEST_CASE("every env continues bit-exactly from a snapshot at any step", "[snapshot]") {
  constexpr int kSteps = 260;
  for (const gymcc::EnvSpec* spec : registry().specs()) {
    std::unique_ptr<Env> env;
    try {
      env = registry().make(spec->id);
    } catch (const Error& e) {
      REQUIRE(e.code() == ErrorCode::kDeprecatedEnv);  // Taxi-v3 and the like
      continue;
    }
    for (std::uint64_t seed : {0, 7, 123456}) {
      INFO(spec->id << " seed " << seed);
      env = registry().make(spec->id);
      const Value fresh = env->get_state();
      env->reset(Seed(seed), nullptr);
      env->action_space().seed(Seed(seed + 1));
      std::vector<Value> states;
      const std::vector<Record> expected = run(*env, kSteps, false, &states);
      // Snapshot points: the start, a few fixed ones, and every step right
      // before an episode ended.
      std::vector<std::size_t> points{0, 1, 17, 100, kSteps - 1};
      for (std::size_t i = 0; i < expected.size(); ++i) {
        if (expected[i].done) points.push_back(i);  // the state before the last step
      }
      for (const std::size_t k : points) {
        const int rest = static_cast<int>(kSteps - k);
        const bool after_end = k > 0 && expected[k - 1].done;
        const Value json_state = gymcc::json::parse(gymcc::json::to_string(states[k]));
        require_same(expected, k, run(*registry().make_from_state(json_state), rest, after_end),
                     "make_from_state(JSON) at " + std::to_string(k));
        env->set_state(through_msgpack(states[k]));
        REQUIRE(gymcc::json::to_string(env->get_state()) == gymcc::json::to_string(states[k]));
        std::unique_ptr<Env> copy = env->clone();
        require_same(expected, k, run(*env, rest, after_end),
                     "set_state(MessagePack) at " + std::to_string(k));
        require_same(expected, k, run(*copy, rest, after_end), "clone at " + std::to_string(k));
      }
      // A never-reset env's state restores to one that still refuses step.
      env->set_state(fresh);
      REQUIRE_THROWS_MATCHES(env->step(env->action_space().sample()), Error,
                             Catch::Predicate<Error>([](const Error& e) {
                               return e.code() == ErrorCode::kResetNeeded;
                             }));
    }
  }
}

namespace {

// `mutate` applied to a fresh CartPole state must be refused with
// kInvalidState (mentioning `needle`) and leave the env as it was.
void require_refused(const std::string& id, const std::function<void(Value&)>& mutate,
                     const std::string& needle) {
  INFO(id << ": " << needle);
  auto env = registry().make(id);
  env->reset(Seed(3), nullptr);
  env->step(env->action_space().sample());
  const Value good = env->get_state();
  Value bad = good;
  mutate(bad);
  try {
    env->set_state(bad);
    FAIL("accepted a bad state");
  } catch (const Error& e) {
    REQUIRE(e.code() == ErrorCode::kInvalidState);
    REQUIRE_THAT(e.what(), Catch::Contains(needle));
  }
  REQUIRE(gymcc::json::to_string(env->get_state()) == gymcc::json::to_string(good));
}

Value& at(Value& v, const std::string& key) {
  for (auto& [k, x] : v.as_dict()) {
    if (k == key) return x;
  }
  throw std::runtime_error("no key " + key);
}

}  // namespace

TEST_CASE("malformed, foreign and tampered states are refused", "[snapshot]") {
  require_refused(
      "CartPole-v1", [](Value& s) { at(s, "env_id") = "CartPole-v0"; }, "env_id");
  require_refused(
      "CartPole-v1", [](Value& s) { at(s, "version") = 2; }, "version");
  require_refused(
      "CartPole-v1", [](Value& s) { at(s, "format") = "other"; }, "format");
  require_refused(
      "CartPole-v1", [](Value& s) { s.as_dict().erase(s.as_dict().begin()); }, "format is missing");
  require_refused(
      "CartPole-v1", [](Value& s) { at(s, "max_episode_steps") = 5; }, "time limit");
  require_refused(
      "CartPole-v1", [](Value& s) { at(at(s, "kwargs"), "sutton_barto_reward") = true; }, "kwargs");
  require_refused(
      "CartPole-v1", [](Value& s) { at(at(s, "env"), "state").as_list().pop_back(); }, "list of 4");
  require_refused(
      "CartPole-v1", [](Value& s) { at(at(s, "env"), "state") = "x"; }, "list of 4");
  require_refused(
      "CartPole-v1", [](Value& s) { at(at(s, "env"), "observation").as_list()[0] = 0.1; },
      "float32");
  require_refused(
      "CartPole-v1", [](Value& s) { at(s, "np_random") = Value(); }, "np_random");
  require_refused(
      "CartPole-v1", [](Value& s) { at(at(at(s, "np_random"), "state"), "inc") = "2"; }, "odd");
  require_refused(
      "CartPole-v1",
      [](Value& s) {
        at(at(at(s, "np_random"), "state"), "state") =
            "340282366920938463463374607431768211456";  // 2**128
      },
      "2**128");
  require_refused(
      "CartPole-v1", [](Value& s) { at(at(s, "np_random"), "has_uint32") = 2; }, "has_uint32");
  require_refused(
      "CartPole-v1", [](Value& s) { at(at(s, "time_limit"), "elapsed_steps") = -1; },
      "elapsed_steps");
  require_refused(
      "CartPole-v1", [](Value& s) { at(s, "action_space") = 3; }, "action_space");
  require_refused(
      "MountainCar-v0", [](Value& s) { at(at(s, "env"), "position") = 5.0; }, "position");
  require_refused(
      "Acrobot-v1", [](Value& s) { at(at(s, "env"), "state").as_list()[0] = 1e300; }, "state[0]");
  require_refused(
      "Pendulum-v1", [](Value& s) { at(at(s, "env"), "th") = "NaN"; }, "finite");
  require_refused(
      "FrozenLake-v1", [](Value& s) { at(at(s, "env"), "s") = 16; }, "s must be in");
  require_refused(
      "FrozenLake-v1", [](Value& s) { at(at(s, "kwargs"), "desc").as_list()[0] = "SHHH"; },
      "kwargs");
  require_refused(
      "Taxi-v4", [](Value& s) { at(at(s, "env"), "last_action") = 6; }, "last_action");
  require_refused(
      "Taxi-v4", [](Value& s) { at(at(at(s, "env"), "info"), "action_mask").as_list()[0] = 5; },
      "action_mask");
  require_refused(
      "CliffWalking-v1", [](Value& s) { at(at(s, "env"), "s") = -1; }, "s must be in");
  require_refused(
      "Blackjack-v1", [](Value& s) { at(at(at(s, "env"), "player"), "total") = 1000; }, "total");
  require_refused(
      "Blackjack-v1", [](Value& s) { at(at(s, "env"), "dealer_top_card") = "ZZ"; },
      "dealer_top_card");
  // Not an object at all.
  auto env = registry().make("CartPole-v1");
  REQUIRE_THROWS_AS(env->set_state(Value(3)), Error);
  REQUIRE_THROWS_AS(registry().make_from_state(Value(List{})), Error);
}

TEST_CASE("a FrozenLake with a generated map clones with its map", "[snapshot]") {
  auto env = registry().make("FrozenLake-v1", {Value(Dict{{"map_name", Value()}}), {}, {}});
  env->reset(Seed(1), nullptr);
  const Value state = env->get_state();
  auto copy = registry().make_from_state(gymcc::json::parse(gymcc::json::to_string(state)));
  REQUIRE(gymcc::json::to_string(copy->get_state()) == gymcc::json::to_string(state));
  // Another generated map is another env: its state does not load here.
  auto other = registry().make("FrozenLake-v1", {Value(Dict{{"map_name", Value()}}), {}, {}});
  REQUIRE_THROWS_AS(other->set_state(state), Error);
}

TEST_CASE("kwargs compare as Python compares them: any key order, 10 == 10.0", "[snapshot]") {
  // What clients' JSON libraries do to a state: sort object keys (serde_json, Go maps) and
  // write whole floats as integers (JavaScript).
  auto env = registry().make("Pendulum-v1");
  env->reset(Seed(3), nullptr);
  Value state = env->get_state();
  Value& kwargs = at(state, "kwargs");
  std::sort(kwargs.as_dict().begin(), kwargs.as_dict().end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  at(kwargs, "g") = std::int64_t{10};
  const std::string before = gymcc::json::to_string(env->get_state());
  env->set_state(state);
  REQUIRE(gymcc::json::to_string(env->get_state()) == before);
  REQUIRE(registry().make_from_state(state) != nullptr);
  // A different value is still another env.
  at(kwargs, "g") = 9.5;
  REQUIRE_THROWS_AS(env->set_state(state), Error);
}
