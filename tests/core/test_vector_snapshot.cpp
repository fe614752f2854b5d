// Vector env snapshots (VectorEnv::get_state): for every env with a vector
// implementation and every autoreset mode, a state taken at any step — right
// after a sub-env ended included, when the next step autoresets it — restored
// by set_state or by make_vec_from_state after a JSON or MessagePack round
// trip continues bit-exactly; one sub-env's state moves between vector and
// single envs; tampered states are refused.
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
#include "gymcc/vector_env.hpp"
#include "serve/msgpack.hpp"

using gymcc::AutoresetMode;
using gymcc::Dict;
using gymcc::Error;
using gymcc::ErrorCode;
using gymcc::List;
using gymcc::Seed;
using gymcc::Value;
using gymcc::VectorEnv;

namespace {

const gymcc::Registry& registry() { return gymcc::envs::default_registry(); }

std::string json(const Value& v) { return gymcc::json::to_string(v); }

Value through_msgpack(const Value& v) {
  std::string bytes;
  gymcc::serve::msgpack::Writer(bytes).value(v);
  return gymcc::serve::msgpack::decode(bytes);
}

// One call's results, exactly (JSON spells doubles with round-trip digits).
std::string step_record(const VectorEnv::Step& s) {
  return json(s.observations) + json(s.rewards) + json(s.terminated) + json(s.truncated) +
         json(s.infos);
}

// The reset mask of the sub-envs whose episode ended in the last step.
std::vector<bool> ended(const VectorEnv& env, const VectorEnv::Buffers& b) {
  std::vector<bool> out(static_cast<std::size_t>(env.num_envs()));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = b.terminated[i] || b.truncated[i];
  return out;
}

// `count` calls: steps with actions from the env's batched sampler, except
// that with autoreset disabled ended sub-envs are reset by a reset_mask.
std::vector<std::string> run(VectorEnv& env, int count, std::vector<Value>* states = nullptr) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    if (states != nullptr) states->push_back(env.get_state());
    const std::vector<bool> mask = ended(env, env.buffers());
    if (env.autoreset_mode() == AutoresetMode::kDisabled &&
        std::find(mask.begin(), mask.end(), true) != mask.end()) {
      // A numpy bool array, as gymnasium's callers pass the mask.
      std::vector<double> bits(mask.begin(), mask.end());
      const auto n = static_cast<std::int64_t>(bits.size());
      const Value options(
          Dict{{"reset_mask", Value(gymcc::Array{gymcc::DType::kBool, {n}, std::move(bits)})}});
      const auto r = env.reset(std::nullopt, &options);
      out.push_back("reset" + json(r.observations) + json(r.infos));
      continue;
    }
    const Value actions = env.action_space().sample();
    out.push_back(json(actions) + step_record(env.step(actions)));
  }
  return out;
}

void require_same(const std::vector<std::string>& expected, std::size_t from,
                  const std::vector<std::string>& got, const std::string& what) {
  INFO(what);
  REQUIRE(got.size() == expected.size() - from);
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("call " << from + i);
    REQUIRE(got[i] == expected[from + i]);
  }
}

Value& at(Value& v, const std::string& key) {
  for (auto& [k, x] : v.as_dict()) {
    if (k == key) return x;
  }
  FAIL("no field " << key);
  throw;
}

}  // namespace

TEST_CASE("every vector env continues bit-exactly from a snapshot, in every autoreset mode",
          "[snapshot][vector]") {
  constexpr int kCalls = 160;
  constexpr std::int64_t kNumEnvs = 3;
  for (const gymcc::EnvSpec* spec : registry().specs()) {
    for (const AutoresetMode mode :
         {AutoresetMode::kNextStep, AutoresetMode::kSameStep, AutoresetMode::kDisabled}) {
      std::unique_ptr<VectorEnv> env;
      try {
        env = registry().make_vec(spec->id, kNumEnvs, mode);
      } catch (const Error& e) {
        REQUIRE(e.code() == ErrorCode::kDeprecatedEnv);
        break;
      }
      for (const std::uint64_t seed : {0, 42}) {
        INFO(spec->id << " " << gymcc::autoreset_mode_name(mode) << " seed " << seed);
        env = registry().make_vec(spec->id, kNumEnvs, mode);
        env->reset(Seed(seed), nullptr);
        env->action_space().seed(Seed(seed + 1));
        std::vector<Value> states;
        const std::vector<std::string> expected = run(*env, kCalls, &states);
        std::vector<std::size_t> points{0, 1, 17, kCalls - 1};
        for (std::size_t i = 1; i < states.size(); ++i) {
          // Right after a sub-env ended: the next call autoresets (or, disabled, resets) it.
          const Value& flags = at(states[i], "terminated");
          const Value& cuts = at(states[i], "truncated");
          for (std::size_t k = 0; k < flags.as_list().size(); ++k) {
            if (flags.as_list()[k].as_bool() || cuts.as_list()[k].as_bool()) {
              points.push_back(i);
              break;
            }
          }
          if (points.size() > 12) break;
        }
        for (const std::size_t k : points) {
          const int rest = static_cast<int>(kCalls - k);
          const Value from_json = gymcc::json::parse(json(states[k]));
          require_same(expected, k, run(*registry().make_vec_from_state(from_json), rest),
                       "make_vec_from_state(JSON) at " + std::to_string(k));
          env->set_state(through_msgpack(states[k]));
          REQUIRE(json(env->get_state()) == json(states[k]));
          require_same(expected, k, run(*env, rest),
                       "set_state(MessagePack) at " + std::to_string(k));
        }
      }
    }
  }
}

TEST_CASE("one sub-env's state moves between vector and single envs", "[snapshot][vector]") {
  // The parts that must agree: all but the action space's sampler (a vector
  // env samples with its batched space).
  const auto without_sampler = [](Value state) {
    Dict& d = state.as_dict();
    std::erase_if(d, [](const auto& field) { return field.first == "action_space"; });
    return json(state);
  };
  const Value actions(List{Value(std::int64_t{0}), Value(std::int64_t{1})});
  auto vec = registry().make_vec("CartPole-v1", 2, AutoresetMode::kNextStep);
  vec->reset(Seed(5), nullptr);
  vec->step(actions);
  const Value sub = vec->get_env_state(1);
  auto single = registry().make_from_state(gymcc::json::parse(json(sub)));
  REQUIRE(without_sampler(single->get_state()) == without_sampler(sub));
  // The standalone env and sub-env 1 step alike.
  for (int i = 0; i < 5; ++i) {
    single->step(Value(std::int64_t{1}));
    vec->step(actions);
    REQUIRE(without_sampler(single->get_state()) == without_sampler(vec->get_env_state(1)));
  }
  // And back: sub-env 0 takes the single env's state; sub-env 1 keeps its own.
  const Value kept = vec->get_env_state(1);
  vec->set_env_state(0, through_msgpack(single->get_state()));
  REQUIRE(without_sampler(vec->get_env_state(0)) == without_sampler(single->get_state()));
  REQUIRE(json(vec->get_env_state(1)) == json(kept));
  REQUIRE_THROWS_AS(vec->get_env_state(2), Error);
  REQUIRE_THROWS_AS(vec->set_env_state(-1, sub), Error);
  // Another env id's state does not load into a sub-env.
  REQUIRE_THROWS_AS(vec->set_env_state(0, registry().make("MountainCar-v0")->get_state()), Error);
}

TEST_CASE("malformed, foreign and tampered vector states are refused", "[snapshot][vector]") {
  auto vec = registry().make_vec("CartPole-v1", 2, AutoresetMode::kNextStep);
  vec->reset(Seed(1), nullptr);
  const Value good = vec->get_state();
  const std::string before = json(good);
  const auto refused = [&](const std::function<void(Value&)>& tamper, const std::string& needle) {
    Value bad = good;
    tamper(bad);
    INFO("expecting '" << needle << "'");
    try {
      vec->set_state(bad);
      FAIL("accepted");
    } catch (const Error& e) {
      REQUIRE(e.code() == ErrorCode::kInvalidState);
      REQUIRE_THAT(e.what(), Catch::Contains(needle));
    }
    REQUIRE(json(vec->get_state()) == before);  // unchanged
  };
  refused([](Value& s) { at(s, "format") = "gymcc.env_state"; }, "format");
  refused([](Value& s) { at(s, "num_envs") = 3; }, "num_envs");
  refused([](Value& s) { at(s, "autoreset_mode") = "SameStep"; }, "autoreset_mode");
  refused([](Value& s) { at(s, "envs").as_list().pop_back(); }, "list of 2");
  refused([](Value& s) { at(s, "terminated").as_list()[0] = 1; }, "boolean");
  refused([](Value& s) { at(s, "rewards") = "x"; }, "rewards");
  refused([](Value& s) { at(at(s, "envs").as_list()[1], "np_random") = Value(); }, "envs[1]");
  refused([](Value& s) { at(at(at(s, "envs").as_list()[0], "env"), "state").as_list()[0] = "a"; },
          "envs[0].env.state[0]");
  // A single env's state is not a vector env's, and the other way round.
  REQUIRE_THROWS_AS(vec->set_state(registry().make("CartPole-v1")->get_state()), Error);
  REQUIRE_THROWS_AS(registry().make_from_state(good), Error);
  // make_vec_from_state bounds num_envs before building anything.
  Value huge = good;
  at(huge, "num_envs") = 1'000'000'000;
  REQUIRE_THROWS_WITH(registry().make_vec_from_state(huge, 1024), Catch::Contains("num_envs"));
}
