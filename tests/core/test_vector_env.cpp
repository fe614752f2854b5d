// Vector envs: batch_space, gymnasium's info batching and reset-mask rules,
// the autoreset modes, threads, and the golden vector trajectories recorded
// from gymnasium.make_vec(..., vectorization_mode="sync") by
// tests/golden/generate_vector.py, replayed exactly (float bits, int vs float,
// dtypes, info dicts with their masks, and the batched action space's draws).

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gymcc/envs/all.hpp"
#include "gymcc/envs/classic_control/cartpole.hpp"
#include "gymcc/envs/classic_control/pendulum.hpp"
#include "gymcc/json.hpp"
#include "gymcc/registration.hpp"
#include "gymcc/static_vector_env.hpp"
#include "gymcc/vector_env.hpp"
#include "gymcc/vector_utils.hpp"

using gymcc::Array;
using gymcc::AutoresetMode;
using gymcc::Dict;
using gymcc::DType;
using gymcc::Error;
using gymcc::ErrorCode;
using gymcc::List;
using gymcc::MakeOptions;
using gymcc::Seed;
using gymcc::Space;
using gymcc::StaticVectorEnv;
using gymcc::Value;
using gymcc::VectorEnv;

namespace {

const gymcc::Registry& registry() { return gymcc::envs::default_registry(); }

Value bool_array(std::vector<double> bits) {
  const auto n = static_cast<std::int64_t>(bits.size());
  return Value(Array{DType::kBool, {n}, std::move(bits)});
}

Value mask_options(std::vector<double> bits) {
  return Value(Dict{{"reset_mask", bool_array(std::move(bits))}});
}

std::string text(const Value& v) {
  std::string s = gymcc::json::to_string(v);
  return s.size() > 400 ? s.substr(0, 400) + "..." : s;
}

bool same_double(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// The first difference between two Values, exactly: kinds (int vs float),
// dtypes, shapes, float bits, dict keys in order. Empty when identical.
std::string difference(const Value& expected, const Value& actual, const std::string& path) {
  auto differs = [&](const std::string& what) {
    return path + ": " + what + "\n  expected " + text(expected) + "\n  actual   " + text(actual);
  };
  if (expected.kind() != actual.kind()) return differs("kinds differ");
  switch (expected.kind()) {
    case Value::Kind::kFloat:
      return same_double(expected.as_float(), actual.as_float()) ? "" : differs("floats differ");
    case Value::Kind::kArray: {
      const Array& e = expected.as_array();
      const Array& a = actual.as_array();
      if (e.dtype != a.dtype) {
        return differs("dtype " + std::string(gymcc::dtype_name(e.dtype)) + " vs " +
                       std::string(gymcc::dtype_name(a.dtype)));
      }
      if (e.shape != a.shape) return differs("shapes differ");
      for (std::size_t i = 0; i < e.data.size(); ++i) {
        if (!same_double(e.data[i], a.data[i])) {
          return differs("element " + std::to_string(i) + " differs");
        }
      }
      return "";
    }
    case Value::Kind::kList: {
      const List& e = expected.as_list();
      const List& a = actual.as_list();
      if (e.size() != a.size()) return differs("lengths differ");
      for (std::size_t i = 0; i < e.size(); ++i) {
        std::string d = difference(e[i], a[i], path + "[" + std::to_string(i) + "]");
        if (!d.empty()) return d;
      }
      return "";
    }
    case Value::Kind::kDict: {
      const Dict& e = expected.as_dict();
      const Dict& a = actual.as_dict();
      for (std::size_t i = 0; i < std::max(e.size(), a.size()); ++i) {
        if (i >= e.size() || i >= a.size() || e[i].first != a[i].first) {
          return differs("keys differ at position " + std::to_string(i));
        }
        std::string d = difference(e[i].second, a[i].second, path + "." + e[i].first);
        if (!d.empty()) return d;
      }
      return "";
    }
    default:
      return expected == actual ? "" : differs("values differ");
  }
}

// ---- The golden files' typed JSON (see generate_vector.py) ----------------

DType dtype_named(const std::string& name) {
  for (DType d : {DType::kFloat32, DType::kFloat64, DType::kInt64, DType::kInt32, DType::kInt8,
                  DType::kUInt8, DType::kBool}) {
    if (gymcc::dtype_name(d) == name) return d;
  }
  throw std::runtime_error("golden file: unknown dtype " + name);
}

Value decode(const Value& v) {
  if (v.is_list()) {
    List out;
    for (const Value& e : v.as_list()) out.push_back(decode(e));
    return Value(std::move(out));
  }
  if (!v.is_dict()) return v;
  if (const Value* tag = v.find("__ndarray__")) {
    const List& data = v.find("data")->as_list();
    if (tag->as_string() == "object") {
      List out;
      for (const Value& e : data) out.push_back(decode(e));
      return Value(std::move(out));
    }
    Array array{dtype_named(tag->as_string()), {}, {}};
    for (const Value& extent : v.find("shape")->as_list()) array.shape.push_back(extent.as_int());
    for (const Value& e : data) {
      array.data.push_back(e.is_bool() ? (e.as_bool() ? 1.0 : 0.0) : e.as_number());
    }
    return Value(std::move(array));
  }
  Dict out;
  for (const auto& [key, value] : v.as_dict()) out.emplace_back(key, decode(value));
  return Value(std::move(out));
}

std::optional<Seed> seed_of(const Value& v) {
  if (v.is_null()) return std::nullopt;
  if (v.is_int()) return Seed(static_cast<std::uint64_t>(v.as_int()));
  return Seed::from_decimal(v.as_bigint().decimal).value();
}

std::vector<std::string> read_gzip_lines(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  REQUIRE(file != nullptr);
  std::string content;
  char buffer[1 << 16];
  int n = 0;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0) {
    content.append(buffer, static_cast<std::size_t>(n));
  }
  gzclose(file);
  REQUIRE(n == 0);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < content.size()) {
    const std::size_t end = content.find('\n', start);
    lines.push_back(content.substr(start, end - start));
    start = end == std::string::npos ? content.size() : end + 1;
  }
  return lines;
}

struct ReplayStats {
  int runs = 0;
  int steps = 0;
  int resets = 0;
};

// Replays one run; returns the first difference ("" when exact).
std::string replay_run(const Value& run, std::size_t threads, ReplayStats& stats) {
  MakeOptions options;
  options.kwargs = decode(*run.find("kwargs"));
  if (const Value* max_steps = run.find("max_episode_steps"); !max_steps->is_null()) {
    options.max_episode_steps = max_steps->as_int();
  }
  const std::unique_ptr<VectorEnv> envs = registry().make_vec(
      run.find("id")->as_string(), run.find("num_envs")->as_int(),
      gymcc::parse_autoreset_mode(run.find("autoreset_mode")->as_string()), options);
  envs->set_num_threads(threads);
  envs->action_space().seed(*seed_of(*run.find("action_seed")));
  ++stats.runs;
  const List& calls = run.find("calls")->as_list();
  for (std::size_t k = 0; k < calls.size(); ++k) {
    const List& call = calls[k].as_list();
    const std::string where = "call " + std::to_string(k) + " (" + call[0].as_string() + ")";
    std::string d;
    if (call[0].as_string() == "reset") {
      ++stats.resets;
      const Value reset_options = decode(call[2]);
      const Value* options_arg = reset_options.is_null() ? nullptr : &reset_options;
      std::optional<VectorEnv::Reset> result;
      if (call[1].is_list()) {
        std::vector<std::optional<Seed>> seeds;
        for (const Value& s : call[1].as_list()) seeds.push_back(seed_of(s));
        result.emplace(envs->reset(seeds, options_arg));
      } else {
        result.emplace(envs->reset(seed_of(call[1]), options_arg));
      }
      d = difference(decode(call[3]), result->observations, where + " observations");
      if (d.empty()) d = difference(decode(call[4]), result->infos, where + " infos");
    } else {
      ++stats.steps;
      const Value actions = decode(call[1]);
      d = difference(actions, envs->action_space().sample(), where + " action_space.sample()");
      if (!d.empty()) return d;
      const VectorEnv::Step result = envs->step(actions);
      d = difference(decode(call[2]), result.observations, where + " observations");
      if (d.empty()) d = difference(decode(call[3]), result.rewards, where + " rewards");
      if (d.empty()) d = difference(decode(call[4]), result.terminated, where + " terminated");
      if (d.empty()) d = difference(decode(call[5]), result.truncated, where + " truncated");
      if (d.empty()) d = difference(decode(call[6]), result.infos, where + " infos");
    }
    if (!d.empty()) return d;
  }
  return "";
}

std::vector<std::filesystem::path> golden_vector_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(GYMCC_GOLDEN_DIR) + "/vector")) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 9 && name.substr(name.size() - 9) == ".jsonl.gz") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("golden vector trajectories replay exactly", "[vector][golden]") {
  const auto files = golden_vector_files();
  REQUIRE(files.size() >= 4);
  // Serially, then on two threads: results must not depend on the threads.
  for (std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
    ReplayStats stats;
    std::vector<std::string> modes_seen;
    for (const auto& file : files) {
      const auto lines = read_gzip_lines(file.string());
      for (std::size_t i = 0; i < lines.size(); ++i) {
        const Value run = gymcc::json::parse(lines[i]);
        modes_seen.push_back(run.find("autoreset_mode")->as_string());
        const std::string d = replay_run(run, threads, stats);
        if (!d.empty()) {
          FAIL_CHECK(file.filename().string()
                     << " line " << i + 1 << " (" << run.find("id")->as_string() << ", "
                     << modes_seen.back() << ", " << threads << " threads): " << d);
        }
      }
    }
    for (const char* mode : {"NextStep", "SameStep", "Disabled"}) {
      CHECK(std::count(modes_seen.begin(), modes_seen.end(), mode) >= 4);
    }
    CHECK(stats.steps > 1000);
    INFO(stats.runs << " runs, " << stats.steps << " steps, " << stats.resets << " resets");
    CHECK(stats.runs >= 12);
  }
}

TEST_CASE("batch_space batches as gymnasium does", "[vector]") {
  const Space discrete = gymcc::batch_space(Space::discrete(3, 1), 4);
  CHECK(discrete == Space::multi_discrete({3, 3, 3, 3}, {1, 1, 1, 1}));
  Space sampled = discrete;
  sampled.seed(Seed(0));
  // gymnasium: batch_space(Discrete(3, start=1), 4).seed(0); sample()
  CHECK(sampled.sample() == Value(Array{DType::kInt64, {4}, {2, 1, 1, 1}}));

  Space box = gymcc::batch_space(Space::box(-1.0, 1.0, {2}, DType::kFloat32), 3);
  CHECK(box.shape() == gymcc::Shape{3, 2});
  box.seed(Seed(5));
  const Value box_sample = box.sample();
  const std::vector<double> expected_box{0.6100058555603027,   0.6158815622329712,
                                         0.030651122331619263, -0.4283972382545471,
                                         -0.8921386003494263,  -0.23326224088668823};
  CHECK(box_sample.as_array().data == expected_box);

  const Space multi = gymcc::batch_space(Space::multi_discrete({2, 5}, {0, -1}), 2);
  CHECK(multi == Space::box({0, -1, 0, -1}, {1, 3, 1, 3}, {2, 2}, DType::kInt64));
  CHECK(gymcc::batch_space(Space::multi_binary(3), 2) ==
        Space::box(0.0, 1.0, {2, 3}, DType::kInt8));

  Space tuple = gymcc::batch_space(
      Space::tuple({Space::discrete(32), Space::discrete(11), Space::discrete(2)}), 2);
  CHECK(tuple.to_string() ==
        "Tuple(MultiDiscrete([32 32]), MultiDiscrete([11 11]), MultiDiscrete([2 2]))");
  tuple.seed(Seed(9));
  const Value tuple_sample = tuple.sample();
  CHECK(tuple_sample.as_list()[0].as_array().data == std::vector<double>{18, 30});
  CHECK(tuple_sample.as_list()[1].as_array().data == std::vector<double>{6, 0});
  CHECK(tuple_sample.as_list()[2].as_array().data == std::vector<double>{1, 0});

  const Space dict = gymcc::batch_space(
      Space::dict({{"b", Space::discrete(2)}, {"a", Space::box(0.0, 1.0, {1}, DType::kFloat64)}}),
      3);
  CHECK(dict.keys() == std::vector<std::string>{"a", "b"});
  CHECK(dict.spaces()[0].shape() == gymcc::Shape{3, 1});
}

TEST_CASE("seed + i for seeds of any size", "[vector]") {
  using gymcc::detail::offset_seed;
  CHECK(offset_seed(Seed(41), 1) == Seed(42));
  CHECK(offset_seed(Seed(0), 0) == Seed(0));
  CHECK(offset_seed(Seed(4294967295ULL), 1).to_decimal() == "4294967296");
  CHECK(offset_seed(Seed(999), 12345).to_decimal() == "13344");
  CHECK(offset_seed(Seed(~std::uint64_t{0}), 2).to_decimal() == "18446744073709551617");
  const Seed big = *Seed::from_decimal("340282366920938463463374607431768211455");  // 2^128 - 1
  CHECK(offset_seed(big, 1).to_decimal() == "340282366920938463463374607431768211456");
}

TEST_CASE("infos batch as gymnasium's _add_info", "[vector]") {
  using gymcc::detail::add_info;
  Dict infos;
  // The first value fixes the dtype: a later float in an int batch truncates.
  add_info(infos, Value(Dict{{"prob", 1}}), 1, 3);
  add_info(infos, Value(Dict{{"prob", 0.75}, {"flag", true}}), 2, 3);
  add_info(infos, Value(Dict{{"name", "x"}, {"nested", Value(Dict{{"v", 2.5}})}}), 0, 3);
  add_info(infos, Value(Dict{{"mask", Value(Array{DType::kInt8, {2}, {1, 0}})}, {"flag", 2.0}}), 0,
           3);
  const Value expected(Dict{
      {"prob", Value(Array{DType::kInt64, {3}, {0, 1, 0}})},
      {"_prob", bool_array({0, 1, 1})},
      {"flag", bool_array({1, 0, 1})},
      {"_flag", bool_array({1, 0, 1})},
      {"name", Value(List{Value("x"), Value(), Value()})},
      {"_name", bool_array({1, 0, 0})},
      {"nested", Value(Dict{{"v", Value(Array{DType::kFloat64, {3}, {2.5, 0, 0}})},
                            {"_v", bool_array({1, 0, 0})}})},
      {"_nested", bool_array({1, 0, 0})},
      {"mask", Value(Array{DType::kInt8, {3, 2}, {1, 0, 0, 0, 0, 0}})},
      {"_mask", bool_array({1, 0, 0})},
  });
  CHECK(difference(expected, Value(infos), "infos") == "");

  // final_obs is always an object batch; an empty final_info still counts.
  Dict final_infos;
  add_info(final_infos, Value(Dict{{"final_obs", 5}, {"final_info", Value(Dict{})}}), 1, 2);
  const Value expected_final(Dict{{"final_obs", Value(List{Value(), Value(5)})},
                                  {"_final_obs", bool_array({0, 1})},
                                  {"final_info", Value(Dict{})},
                                  {"_final_info", bool_array({0, 1})}});
  CHECK(difference(expected_final, Value(final_infos), "infos") == "");
}

TEST_CASE("reset_mask is checked with gymnasium's messages", "[vector]") {
  auto envs = registry().make_vec("CartPole-v1", 3, AutoresetMode::kNextStep);
  auto message_of = [&](const Value& options) {
    try {
      envs->reset(Seed(0), &options);
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kInvalidOptions);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message_of(mask_options({0, 0, 0})) ==
        "`options['reset_mask']` must contain a boolean array with at least one True value, "
        "got reset_mask=[False False False]");
  CHECK(message_of(Value(Dict{{"reset_mask", Value(Array{DType::kInt64, {3}, {1, 0, 1}})}})) ==
        "`options['reset_mask']` must have `dtype=np.bool_`, got int64");
  CHECK(message_of(mask_options({1, 0})) ==
        "`options['reset_mask']` must have shape `(3,)`, got (2,)");
  CHECK(message_of(Value(Dict{{"reset_mask", Value(List{1, 0, 1})}})) ==
        "`options['reset_mask']` must have `dtype=np.bool_`, got int64");
  CHECK(message_of(Value(Dict{{"reset_mask", true}})) ==
        "`options['reset_mask']` must be a numpy array, got <class 'bool'>");

  const std::vector<std::optional<Seed>> two_seeds{Seed(1), Seed(2)};
  try {
    envs->reset(two_seeds, nullptr);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidSeed);
    CHECK(std::string(e.what()) ==
          "If seeds are passed as a list the length must match num_envs=3 but got length=2.");
  }

  // JSON clients send the mask as a list of bools: same as the bool array.
  auto twin = registry().make_vec("CartPole-v1", 3, AutoresetMode::kNextStep);
  envs->reset(Seed(7), nullptr);
  twin->reset(Seed(7), nullptr);
  const Value list_mask(Dict{{"reset_mask", Value(List{false, true, false})}});
  const Value array_mask = mask_options({0, 1, 0});
  const Value a = envs->reset(Seed(3), &list_mask).observations;
  const Value b = twin->reset(Seed(3), &array_mask).observations;
  CHECK(difference(a, b, "observations") == "");
}

TEST_CASE("vector env errors", "[vector]") {
  CHECK_THROWS_MATCHES(registry().make_vec("CartPole-v1", 0, AutoresetMode::kNextStep), Error,
                       Catch::Matchers::Message("num_envs must be at least 1, got 0"));
  MakeOptions render;
  render.render_mode = "rgb_array";
  CHECK_THROWS_AS(registry().make_vec("CartPole-v1", 2, AutoresetMode::kNextStep, render), Error);
  CHECK_THROWS_AS(registry().make_vec("NoSuchEnv-v0", 2, AutoresetMode::kNextStep), Error);
  CHECK_THROWS_MATCHES(gymcc::parse_autoreset_mode("next_step"), Error,
                       Catch::Matchers::Message("'next_step' is not a valid AutoresetMode"));
  CHECK(gymcc::parse_autoreset_mode("SameStep") == AutoresetMode::kSameStep);

  auto envs = registry().make_vec("CartPole-v1", 2, AutoresetMode::kDisabled);
  const Value actions(List{0, 1});
  try {
    envs->step(actions);
    FAIL("stepped before reset");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kResetNeeded);
  }
  envs->reset(Seed(0), nullptr);
  CHECK_THROWS_AS(envs->step(Value(List{0, 2})), Error);
  CHECK_THROWS_AS(envs->step(Value(List{0})), Error);
  CHECK_THROWS_AS(envs->step(Value(0)), Error);
  // Disabled autoreset: stepping a finished sub-env is an error until reset.
  bool ended = false;
  while (!ended) {
    const auto step = envs->step(actions);
    ended = step.terminated.as_array().data[0] != 0 || step.terminated.as_array().data[1] != 0;
  }
  try {
    envs->step(actions);
    FAIL("stepped a finished sub-env");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kResetNeeded);
  }
  const Value reset_all = mask_options({1, 1});
  envs->reset(std::nullopt, &reset_all);
  CHECK_NOTHROW(envs->step(actions));
}

TEST_CASE("vector env reports spaces and kwargs", "[vector]") {
  MakeOptions options;
  options.kwargs = Value(Dict{{"g", 2.0}});
  auto envs = registry().make_vec("Pendulum-v1", 3, AutoresetMode::kSameStep, options);
  CHECK(envs->num_envs() == 3);
  CHECK(envs->autoreset_mode() == AutoresetMode::kSameStep);
  CHECK(envs->spec().id == "Pendulum-v1");
  CHECK(envs->kwargs().find("g")->as_float() == 2.0);
  CHECK(envs->single_observation_space().to_string() == "Box(3,) float32");
  CHECK(envs->observation_space().to_string() == "Box(3, 3) float32");
  CHECK(envs->action_space().to_string() == "Box(3, 1) float32");
  CHECK(envs->flat_action_dtype() == DType::kFloat32);
  auto frozen = registry().make_vec("FrozenLake-v1", 2, AutoresetMode::kNextStep);
  CHECK(frozen->observation_space().to_string() == "MultiDiscrete([16 16])");
  CHECK(frozen->flat_action_dtype() == DType::kInt64);
  auto blackjack = registry().make_vec("Blackjack-v1", 2, AutoresetMode::kNextStep);
  const auto reset = blackjack->reset(Seed(0), nullptr);
  REQUIRE(reset.observations.is_list());
  CHECK(reset.observations.as_list().size() == 3);
  CHECK(blackjack->buffers().observations == nullptr);
}

TEST_CASE("flat stepping and buffers match the Value path", "[vector]") {
  for (const char* id : {"CartPole-v1", "Pendulum-v1", "FrozenLake-v1", "Taxi-v4"}) {
    INFO(id);
    auto by_value = registry().make_vec(id, 5, AutoresetMode::kSameStep);
    auto by_buffer = registry().make_vec(id, 5, AutoresetMode::kSameStep);
    by_value->reset(Seed(11), nullptr);
    by_buffer->reset(Seed(11), nullptr);
    by_value->action_space().seed(Seed(4));
    for (int t = 0; t < 60; ++t) {
      const Value actions = by_value->action_space().sample();
      const VectorEnv::Step step = by_value->step(actions);
      const Array& a = actions.as_array();
      if (by_buffer->flat_action_dtype() == DType::kInt64) {
        std::vector<std::int64_t> flat(a.data.begin(), a.data.end());
        by_buffer->step_flat(flat.data());
      } else {
        std::vector<float> flat(a.data.begin(), a.data.end());
        by_buffer->step_flat(flat.data());
      }
      const VectorEnv::Buffers buffers = by_buffer->buffers();
      const Array& obs = step.observations.as_array();
      REQUIRE(buffers.observations != nullptr);
      REQUIRE(*buffers.observation_shape == obs.shape);
      for (std::size_t i = 0; i < obs.data.size(); ++i) {
        const double x =
            buffers.observation_dtype == DType::kFloat32
                ? static_cast<const float*>(buffers.observations)[i]
                : static_cast<double>(static_cast<const std::int64_t*>(buffers.observations)[i]);
        REQUIRE(same_double(x, obs.data[i]));
      }
      for (std::size_t i = 0; i < 5; ++i) {
        REQUIRE(same_double(buffers.rewards[i], step.rewards.as_array().data[i]));
        REQUIRE(buffers.terminated[i] == step.terminated.as_array().data[i]);
        REQUIRE(buffers.truncated[i] == step.truncated.as_array().data[i]);
      }
      REQUIRE(difference(step.infos, by_buffer->infos(), "infos") == "");
    }
  }
  auto envs = registry().make_vec("CartPole-v1", 2, AutoresetMode::kNextStep);
  envs->reset(Seed(0), nullptr);
  const std::int64_t bad[2] = {0, 2};
  CHECK_THROWS_AS(envs->step_flat(bad), Error);
}

TEST_CASE("static vector env: autoreset modes and threads", "[vector]") {
  using gymcc::envs::CartPole;
  constexpr std::size_t kEnvs = 37;
  std::vector<CartPole::Action> actions(kEnvs);
  auto policy = [&](int t) {
    for (std::size_t i = 0; i < kEnvs; ++i) {
      actions[i] = static_cast<std::int64_t>((i * 7 + static_cast<std::size_t>(t) / 3) % 2);
    }
  };

  SECTION("threads do not change results") {
    for (AutoresetMode mode : {AutoresetMode::kNextStep, AutoresetMode::kSameStep}) {
      StaticVectorEnv<CartPole> serial(kEnvs, {}, 500, mode);
      StaticVectorEnv<CartPole> threaded(kEnvs, {}, 500, mode);
      threaded.set_num_threads(3);
      CHECK(threaded.num_threads() == 3);
      serial.reset(Seed(5));
      threaded.reset(Seed(5));
      for (int t = 0; t < 200; ++t) {
        policy(t);
        serial.step(actions);
        threaded.step(actions);
        REQUIRE(std::equal(serial.observations().begin(), serial.observations().end(),
                           threaded.observations().begin()));
        REQUIRE(std::equal(serial.rewards().begin(), serial.rewards().end(),
                           threaded.rewards().begin()));
        REQUIRE(std::equal(serial.terminations().begin(), serial.terminations().end(),
                           threaded.terminations().begin()));
      }
    }
  }

  SECTION("next step: the step after the end resets, reward 0") {
    StaticVectorEnv<CartPole> envs(kEnvs, {}, 500, AutoresetMode::kNextStep);
    gymcc::Runner<CartPole> single({}, 500);
    envs.reset(Seed(100));
    single.reset(Seed(100), nullptr);  // sub-env 0 has seed 100 + 0
    bool saw_autoreset = false;
    for (int t = 0; t < 150; ++t) {
      policy(t);
      const bool was_done = envs.terminations()[0] || envs.truncations()[0];
      envs.step(actions);
      if (was_done) {
        saw_autoreset = true;
        single.reset(std::nullopt, nullptr);
        CHECK(envs.rewards()[0] == 0.0);
        CHECK(envs.terminations()[0] == 0);
      } else {
        const auto outcome = single.step(actions[0]);
        CHECK(envs.rewards()[0] == outcome.reward);
        CHECK(envs.terminations()[0] == outcome.terminated);
      }
      REQUIRE(std::equal(single.observation().begin(), single.observation().end(),
                         envs.observations().begin()));
    }
    CHECK(saw_autoreset);
  }

  SECTION("same step: final observation recorded, reset observation returned") {
    StaticVectorEnv<CartPole> envs(kEnvs, {}, 500, AutoresetMode::kSameStep);
    gymcc::Runner<CartPole> single({}, 500);
    envs.reset(Seed(100));
    single.reset(Seed(100), nullptr);
    int endings = 0;
    for (int t = 0; t < 150; ++t) {
      policy(t);
      envs.step(actions);
      const auto outcome = single.step(actions[0]);
      CHECK(envs.terminations()[0] == outcome.terminated);
      CHECK(envs.has_final(0) == (outcome.terminated || outcome.truncated));
      if (envs.has_final(0)) {
        ++endings;
        CHECK(envs.final_observation(0) == single.observation());
        single.reset(std::nullopt, nullptr);
      }
      REQUIRE(std::equal(single.observation().begin(), single.observation().end(),
                         envs.observations().begin()));
    }
    CHECK(endings > 2);
  }

  SECTION("masked reset keeps the other sub-envs") {
    StaticVectorEnv<CartPole> envs(3, {}, 500, AutoresetMode::kNextStep);
    envs.reset(Seed(1));
    const std::vector<float> before(envs.observations().begin(), envs.observations().end());
    const std::vector<std::optional<Seed>> seeds{Seed(9), Seed(10), Seed(11)};
    const std::vector<std::uint8_t> mask{0, 1, 0};
    envs.reset_masked(seeds, nullptr, mask);
    gymcc::Runner<CartPole> single({}, 500);
    single.reset(Seed(10), nullptr);
    CHECK(std::equal(before.begin(), before.begin() + 4, envs.observations().begin()));
    CHECK(std::equal(single.observation().begin(), single.observation().end(),
                     envs.observations().begin() + 4));
    CHECK(std::equal(before.begin() + 8, before.end(), envs.observations().begin() + 8));
    CHECK_FALSE(envs.has_info(0));
    CHECK(envs.has_info(1));
  }
}

TEST_CASE("static vector env of Pendulum exposes float32 SoA buffers", "[vector]") {
  using gymcc::envs::Pendulum;
  StaticVectorEnv<Pendulum> envs(4, {}, 200);
  static_assert(std::is_same_v<StaticVectorEnv<Pendulum>::ObservationElement, float>);
  CHECK(envs.observation_shape() == gymcc::Shape{4, 3});
  envs.reset(Seed(42));
  CHECK(envs.observations().size() == 12);
  Value value;
  envs.observations_value(value);
  CHECK(value.as_array().dtype == DType::kFloat32);
  CHECK(value.as_array().shape == gymcc::Shape{4, 3});
  for (std::size_t i = 0; i < 12; ++i) {
    CHECK(value.as_array().data[i] == static_cast<double>(envs.observations()[i]));
  }
}
