// ns per step for every environment: the static env (Runner<E>, what a C++
// user calls), the type-erased Env (what the server calls), and a bare
// hand-written CartPole loop as the floor the static env is measured against.
// Prints numbers; asserts nothing.

#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <utility>

#include "gymcc/envs/all.hpp"
#include "gymcc/envs/classic_control/acrobot.hpp"
#include "gymcc/envs/classic_control/cartpole.hpp"
#include "gymcc/envs/classic_control/continuous_mountain_car.hpp"
#include "gymcc/envs/classic_control/mountain_car.hpp"
#include "gymcc/envs/classic_control/pendulum.hpp"
#include "gymcc/wrappers.hpp"
#include "step_loops.hpp"

namespace {

// The same physics as CartPole with nothing around it: no spaces, no
// wrappers, no reward bookkeeping beyond the termination test.
struct BareCartPole {
  double x = 0, x_dot = 0, theta = 0, theta_dot = 0;

  void reset(gymcc::Generator& rng) {
    x = rng.uniform(-0.05, 0.05);
    x_dot = rng.uniform(-0.05, 0.05);
    theta = rng.uniform(-0.05, 0.05);
    theta_dot = rng.uniform(-0.05, 0.05);
  }

  bool step(std::int64_t action, float* obs) {
    const double force = action == 1 ? 10.0 : -10.0;
    const double costheta = std::cos(theta);
    const double sintheta = std::sin(theta);
    const double temp = (force + 0.05 * (theta_dot * theta_dot) * sintheta) / 1.1;
    const double thetaacc = (9.8 * sintheta - costheta * temp) /
                            (0.5 * (4.0 / 3.0 - 0.1 * (costheta * costheta) / 1.1));
    const double xacc = temp - 0.05 * thetaacc * costheta / 1.1;
    x = x + 0.02 * x_dot;
    x_dot = x_dot + 0.02 * xacc;
    theta = theta + 0.02 * theta_dot;
    theta_dot = theta_dot + 0.02 * thetaacc;
    obs[0] = static_cast<float>(x);
    obs[1] = static_cast<float>(x_dot);
    obs[2] = static_cast<float>(theta);
    obs[3] = static_cast<float>(theta_dot);
    return x < -2.4 || x > 2.4 || theta < -0.20943951023931953 || theta > 0.20943951023931953;
  }
};

void BM_CartPole_bare_loop(benchmark::State& state) {
  gymcc::Generator rng(gymcc::Seed(0));
  BareCartPole env;
  env.reset(rng);
  float obs[4];
  std::int64_t t = 0;
  for (auto _ : state) {
    if (env.step(t++ & 1, obs)) env.reset(rng);
    benchmark::DoNotOptimize(obs);
  }
}
BENCHMARK(BM_CartPole_bare_loop)->Name("bare_loop/CartPole");

// A snapshot round trip of the type-erased Env (docs/snapshots.md):
// get_state() then set_state() of that state, a few steps into an episode.
void BM_snapshot(benchmark::State& state, const char* env_id) {
  auto env = gymcc::envs::default_registry().make(env_id);
  env->reset(gymcc::Seed(0), nullptr);
  for (int i = 0; i < 3; ++i) env->step(env->action_space().sample());
  for (auto _ : state) {
    gymcc::Value snapshot = env->get_state();
    env->set_state(snapshot);
    benchmark::DoNotOptimize(snapshot);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gymcc::envs;
  using gymcc::Value;
  using gymcc::bench::BM_static;
  using gymcc::bench::BM_type_erased;
  using BoxAction = std::array<float, 1>;
  benchmark::RegisterBenchmark("static/CartPole", BM_static<CartPole>, 0, 1);
  benchmark::RegisterBenchmark("static/MountainCar", BM_static<MountainCar>, 0, 2);
  benchmark::RegisterBenchmark("static/MountainCarContinuous", BM_static<MountainCarContinuous>,
                               BoxAction{-1.0f}, BoxAction{1.0f});
  benchmark::RegisterBenchmark("static/Pendulum", BM_static<Pendulum>, BoxAction{-2.0f},
                               BoxAction{2.0f});
  benchmark::RegisterBenchmark("static/Acrobot", BM_static<Acrobot>, 0, 2);
  benchmark::RegisterBenchmark("type_erased/CartPole", BM_type_erased, "CartPole-v1", Value(0),
                               Value(1));
  benchmark::RegisterBenchmark("type_erased/MountainCar", BM_type_erased, "MountainCar-v0",
                               Value(0), Value(2));
  benchmark::RegisterBenchmark("type_erased/MountainCarContinuous", BM_type_erased,
                               "MountainCarContinuous-v0", Value(gymcc::List{-1.0}),
                               Value(gymcc::List{1.0}));
  benchmark::RegisterBenchmark("type_erased/Pendulum", BM_type_erased, "Pendulum-v1",
                               Value(gymcc::List{-2.0}), Value(gymcc::List{2.0}));
  benchmark::RegisterBenchmark("type_erased/Acrobot", BM_type_erased, "Acrobot-v1", Value(0),
                               Value(2));
  for (const auto& [family, id] :
       {std::pair{"CartPole", "CartPole-v1"}, std::pair{"Pendulum", "Pendulum-v1"},
        std::pair{"FrozenLake", "FrozenLake-v1"}, std::pair{"Acrobot", "Acrobot-v1"},
        std::pair{"MountainCar", "MountainCar-v0"}, std::pair{"Blackjack", "Blackjack-v1"}}) {
    benchmark::RegisterBenchmark((std::string("snapshot/") + family).c_str(), BM_snapshot, id);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
