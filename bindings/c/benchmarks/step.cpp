// ns per step through the C ABI (libgymcc_c.so, called as any FFI calls
// it) against the static Runner<E> a C++ user steps, and against the
// type-erased Env for scale; vector envs per sub-env step. Prints numbers;
// asserts nothing.
//
//   build/release/bin/gymcc_bench_c_abi

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "gymcc/envs/all.hpp"
#include "gymcc/envs/classic_control/cartpole.hpp"
#include "gymcc/envs/classic_control/pendulum.hpp"
#include "gymcc/static_vector_env.hpp"
#include "gymcc/wrappers.hpp"
#include "gymcc_c.h"
#include "step_loops.hpp"

namespace {

constexpr std::int64_t kVectorEnvs = 256;

void require(int status, const char* what) {
  if (status != GYMCC_OK) {
    std::fprintf(stderr, "%s: %s\n", what, gymcc_status_name(status));
    std::exit(1);
  }
}

// The loop of benchmarks/step_loops.hpp around the C ABI's step.
template <class Action, std::size_t kObservation>
void BM_c_abi(benchmark::State& state, const char* id, Action a0, Action a1) {
  gymcc_env* env = nullptr;
  require(gymcc_env_make(id, nullptr, nullptr, -1, &env, nullptr, 0), id);
  std::array<float, kObservation> obs{};
  require(gymcc_env_reset(env, 0, nullptr, obs.data(), sizeof obs), "reset");
  double reward = 0;
  int terminated = 0, truncated = 0;
  std::int64_t t = 0;
  for (auto _ : state) {
    const Action& action = (t++ & 1) ? a1 : a0;
    gymcc_env_step(env, &action, sizeof action, obs.data(), sizeof obs, &reward, &terminated,
                   &truncated);
    if (terminated) gymcc_env_reset(env, GYMCC_NO_SEED, nullptr, obs.data(), sizeof obs);
    benchmark::DoNotOptimize(obs);
  }
  gymcc_env_free(env);
}

// Vector envs: items are sub-env steps, so the time per item compares with
// the single-env numbers.
void BM_static_vector(benchmark::State& state) {
  gymcc::StaticVectorEnv<gymcc::envs::CartPole> vec(kVectorEnvs, {}, 500);
  vec.reset(gymcc::Seed(0));
  std::vector<std::int64_t> actions(kVectorEnvs);
  std::int64_t t = 0;
  for (auto _ : state) {
    for (auto& a : actions) a = (t++ & 1);
    vec.step(actions);
    benchmark::DoNotOptimize(vec.observations().data());
  }
  state.SetItemsProcessed(state.iterations() * kVectorEnvs);
}

void BM_c_abi_vector(benchmark::State& state) {
  gymcc_vec* vec = nullptr;
  require(gymcc_vec_make("CartPole-v1", kVectorEnvs, GYMCC_AUTORESET_NEXT_STEP, nullptr, nullptr,
                         500, &vec, nullptr, 0),
          "make_vec");
  std::vector<std::int64_t> actions(kVectorEnvs);
  std::vector<float> obs(kVectorEnvs * 4);
  std::vector<double> rewards(kVectorEnvs);
  std::vector<std::uint8_t> terminated(kVectorEnvs), truncated(kVectorEnvs);
  require(gymcc_vec_reset(vec, 0, nullptr, obs.data(), obs.size() * sizeof(float)), "reset");
  std::int64_t t = 0;
  for (auto _ : state) {
    for (auto& a : actions) a = (t++ & 1);
    gymcc_vec_step(vec, actions.data(), actions.size() * sizeof(std::int64_t), obs.data(),
                   obs.size() * sizeof(float), rewards.data(), terminated.data(), truncated.data());
    benchmark::DoNotOptimize(obs.data());
  }
  state.SetItemsProcessed(state.iterations() * kVectorEnvs);
  gymcc_vec_free(vec);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gymcc::envs;
  using gymcc::Value;
  using gymcc::bench::BM_static;
  using gymcc::bench::BM_type_erased;
  using BoxAction = std::array<float, 1>;
  benchmark::RegisterBenchmark("static/CartPole", BM_static<CartPole>, 0, 1);
  benchmark::RegisterBenchmark("c_abi/CartPole", BM_c_abi<std::int64_t, 4>, "CartPole-v1", 0, 1);
  benchmark::RegisterBenchmark("type_erased/CartPole", BM_type_erased, "CartPole-v1", Value(0),
                               Value(1));
  benchmark::RegisterBenchmark("static/Pendulum", BM_static<Pendulum>, BoxAction{-2.0f},
                               BoxAction{2.0f});
  benchmark::RegisterBenchmark("c_abi/Pendulum", BM_c_abi<float, 3>, "Pendulum-v1", -2.0f, 2.0f);
  benchmark::RegisterBenchmark("type_erased/Pendulum", BM_type_erased, "Pendulum-v1",
                               Value(gymcc::List{-2.0}), Value(gymcc::List{2.0}));
  benchmark::RegisterBenchmark("static_vector_256/CartPole", BM_static_vector);
  benchmark::RegisterBenchmark("c_abi_vector_256/CartPole", BM_c_abi_vector);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
