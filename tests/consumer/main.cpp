// Uses an installed gymcc exactly as an outside project would.
#include <cstdio>

#include "gymcc/envs/all.hpp"
#include "gymcc/envs/classic_control/cartpole.hpp"
#include "gymcc/wrappers.hpp"

int main() {
  auto env = gymcc::envs::default_registry().make("CartPole-v1");
  env->reset(gymcc::Seed(42), nullptr);
  int steps = 1;
  while (!env->step(gymcc::Value(steps % 2)).terminated) ++steps;

  gymcc::Runner<gymcc::envs::CartPole> runner({}, 500);
  runner.reset(gymcc::Seed(42), nullptr);
  int static_steps = 1;
  while (!runner.step(static_steps % 2).terminated) ++static_steps;

  std::printf("type-erased %d steps, static %d steps\n", steps, static_steps);
  return steps == static_steps ? 0 : 1;
}
