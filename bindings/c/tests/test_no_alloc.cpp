// gymcc_env_step and gymcc_vec_step allocate nothing: this program replaces
// operator new (which libgymcc_c.so's C++ resolves to, the executable's
// definitions coming first) and counts the allocations made inside steps.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

#include "gymcc_c.h"

namespace {

bool counting = false;
long allocations = 0;

void* allocate(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

int failures = 0;

void expect_ok(int status, const char* what) {
  if (status != GYMCC_OK) {
    std::fprintf(stderr, "%s: %s\n", what, gymcc_status_name(status));
    std::exit(1);
  }
}

// Steps `id` 2000 times (resetting between episodes, uncounted); the steps
// themselves must not allocate.
void check_env(const char* id) {
  gymcc_env* env = nullptr;
  char error[256];
  expect_ok(gymcc_env_make(id, nullptr, nullptr, 0, &env, error, sizeof error), id);
  const gymcc_space& action_space = *gymcc_env_action_space(env);
  std::vector<unsigned char> action(action_space.nbytes);
  std::vector<unsigned char> observation(gymcc_env_observation_space(env)->nbytes);
  expect_ok(gymcc_env_seed_action_space(env, 1), "seed");
  expect_ok(gymcc_env_reset(env, 1, nullptr, observation.data(), observation.size()), "reset");
  allocations = 0;
  for (int i = 0; i < 2000; ++i) {
    expect_ok(gymcc_env_sample_action(env, action.data(), action.size()), "sample");
    double reward = 0;
    int terminated = 0, truncated = 0;
    counting = true;
    const int status = gymcc_env_step(env, action.data(), action.size(), observation.data(),
                                      observation.size(), &reward, &terminated, &truncated);
    counting = false;
    expect_ok(status, "step");
    if (terminated || truncated) {
      expect_ok(
          gymcc_env_reset(env, GYMCC_NO_SEED, nullptr, observation.data(), observation.size()),
          "reset");
    }
  }
  std::printf("%-28s %ld allocations in 2000 steps\n", id, allocations);
  if (allocations != 0) ++failures;
  gymcc_env_free(env);
}

void check_vec(const char* id, int mode) {
  gymcc_vec* vec = nullptr;
  char error[256];
  expect_ok(gymcc_vec_make(id, 8, mode, nullptr, nullptr, 0, &vec, error, sizeof error), id);
  std::vector<unsigned char> actions(gymcc_vec_action_space(vec)->nbytes);
  std::vector<unsigned char> observations(gymcc_vec_observation_space(vec)->nbytes);
  std::vector<double> rewards(8);
  std::vector<std::uint8_t> terminated(8), truncated(8);
  expect_ok(gymcc_vec_seed_action_space(vec, 2), "seed");
  expect_ok(gymcc_vec_reset(vec, 2, nullptr, observations.data(), observations.size()), "reset");
  allocations = 0;
  for (int i = 0; i < 1000; ++i) {
    expect_ok(gymcc_vec_sample_actions(vec, actions.data(), actions.size()), "sample");
    counting = true;
    const int status =
        gymcc_vec_step(vec, actions.data(), actions.size(), observations.data(),
                       observations.size(), rewards.data(), terminated.data(), truncated.data());
    counting = false;
    expect_ok(status, "vector step");
  }
  std::printf("%-28s %ld allocations in 1000 vector steps (autoreset %d)\n", id, allocations, mode);
  if (allocations != 0) ++failures;
  gymcc_vec_free(vec);
}

}  // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

int main() {
  // Every env whose actions and observations are flat (gymcc_c.h's promise).
  for (const char* id :
       {"CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1", "Acrobot-v1",
        "FrozenLake-v1", "Taxi-v4", "CliffWalking-v1", "Blackjack-v1"}) {
    check_env(id);
  }
  for (const char* id : {"CartPole-v1", "Pendulum-v1", "Taxi-v4"}) {
    check_vec(id, GYMCC_AUTORESET_NEXT_STEP);
    check_vec(id, GYMCC_AUTORESET_SAME_STEP);
  }
  // The counter must see allocations at all, or the test proves nothing.
  counting = true;
  allocations = 0;
  gymcc_env* env = nullptr;
  expect_ok(gymcc_env_make("CartPole-v1", nullptr, nullptr, 0, &env, nullptr, 0), "make");
  counting = false;
  gymcc_env_free(env);
  if (allocations == 0) {
    std::fprintf(stderr, "operator new is not counted: the test cannot see allocations\n");
    return 1;
  }
  return failures == 0 ? 0 : 1;
}
