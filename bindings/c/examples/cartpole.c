/* Balances CartPole-v1 with a fixed hand-written policy through gymcc's C
 * ABI and prints the mean return over 10 seeded episodes.
 *
 *   cc cartpole.c -lgymcc_c -o cartpole && ./cartpole
 */
#include <stdio.h>
#include <stdlib.h>

#include "gymcc_c.h"

/* Push the cart towards where the pole is falling (angle and angular
 * velocity), with a little correction for the cart's own drift. */
static int64_t policy(const float obs[4]) {
  const double x = obs[0], x_dot = obs[1], theta = obs[2], theta_dot = obs[3];
  return 0.05 * x + 0.1 * x_dot + theta + 0.5 * theta_dot > 0.0 ? 1 : 0;
}

static int check(int status, const gymcc_env* env) {
  if (status != GYMCC_OK) {
    fprintf(stderr, "gymcc: %s: %s\n", gymcc_status_name(status), gymcc_env_last_error(env));
    exit(1);
  }
  return status;
}

int main(void) {
  char error[256];
  gymcc_env* env = NULL;
  float obs[4];
  double total = 0.0;
  int64_t seed;
  const int episodes = 10;

  if (gymcc_version() / 100 != GYMCC_VERSION / 100) {
    fprintf(stderr, "gymcc_c.h is %d, the library %d\n", GYMCC_VERSION, gymcc_version());
    return 1;
  }
  if (gymcc_env_make("CartPole-v1", NULL, NULL, GYMCC_REGISTERED_LIMIT, &env, error,
                     sizeof error) != GYMCC_OK) {
    fprintf(stderr, "gymcc: %s\n", error);
    return 1;
  }
  if (gymcc_env_observation_space(env)->nbytes != sizeof obs) {
    fprintf(stderr, "unexpected observation space\n");
    return 1;
  }
  for (seed = 0; seed < episodes; ++seed) {
    double episode_return = 0.0, reward = 0.0;
    int terminated = 0, truncated = 0;
    check(gymcc_env_reset(env, seed, NULL, obs, sizeof obs), env);
    while (!terminated && !truncated) {
      const int64_t action = policy(obs);
      check(gymcc_env_step(env, &action, sizeof action, obs, sizeof obs, &reward, &terminated,
                           &truncated),
            env);
      episode_return += reward;
    }
    printf("seed %d: return %.1f\n", (int)seed, episode_return);
    total += episode_return;
  }
  printf("mean return over %d episodes: %.1f\n", episodes, total / episodes);
  gymcc_env_free(env);
  return 0;
}
