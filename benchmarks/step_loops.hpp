#pragma once
// The timed step loops shared by the native benchmarks (native_step.cpp,
// bindings/c/benchmarks/step.cpp), so that every binary measures the same
// loop around its own step.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <optional>

#include "gymcc/envs/all.hpp"
#include "gymcc/wrappers.hpp"

namespace gymcc::bench {

// Alternating actions keep CartPole balanced for long stretches; episodes
// that end are reset inside the timed loop, as a training loop would.
template <class E>
inline void BM_static(benchmark::State& state, typename E::Action a0, typename E::Action a1) {
  gymcc::Runner<E> runner({}, std::nullopt);
  runner.reset(gymcc::Seed(0), nullptr);
  std::int64_t t = 0;
  for (auto _ : state) {
    const gymcc::StepOutcome out = runner.step((t++ & 1) ? a1 : a0);
    if (out.terminated) runner.reset(std::nullopt, nullptr);
    benchmark::DoNotOptimize(runner.observation());
  }
}

inline void BM_type_erased(benchmark::State& state, const char* id, gymcc::Value a0,
                           gymcc::Value a1) {
  gymcc::MakeOptions options;
  options.max_episode_steps = -1;
  auto env = gymcc::envs::default_registry().make(id, options);
  env->reset(gymcc::Seed(0), nullptr);
  std::int64_t t = 0;
  for (auto _ : state) {
    const gymcc::Env::Step out = env->step((t++ & 1) ? a1 : a0);
    if (out.terminated) env->reset(std::nullopt, nullptr);
    benchmark::DoNotOptimize(out.observation);
  }
}

}  // namespace gymcc::bench
