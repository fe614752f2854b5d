/* The vector half of the C ABI's contract (test_c_abi.c runs it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gymcc_c.h"

enum { N = 4 };

static gymcc_vec* make_vec(const char* id, int64_t n, int mode) {
  char error[512];
  gymcc_vec* vec = NULL;
  if (gymcc_vec_make(id, n, mode, NULL, NULL, 0, &vec, error, sizeof error) != GYMCC_OK) {
    fprintf(stderr, "cannot make %s x %d: %s\n", id, (int)n, error);
    exit(1);
  }
  return vec;
}

static void test_make_errors(void) {
  char error[256];
  gymcc_vec* vec = NULL;
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT,
               gymcc_vec_make("CartPole-v1", 0, 0, NULL, NULL, 0, &vec, error, sizeof error));
  CHECK(vec == NULL);
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT,
               gymcc_vec_make("CartPole-v1", 2, 7, NULL, NULL, 0, &vec, error, sizeof error));
  CHECK(strstr(error, "AutoresetMode") != NULL);
  CHECK_STATUS(GYMCC_ERR_NOT_RENDERABLE, gymcc_vec_make("CartPole-v1", 2, 0, NULL, "rgb_array", 0,
                                                        &vec, error, sizeof error));
  CHECK_STATUS(GYMCC_ERR_UNKNOWN_ENV,
               gymcc_vec_make("Nope-v1", 2, 0, NULL, NULL, 0, &vec, error, sizeof error));
}

/* Sub-env i of reset(seed) is a single env reset with seed + i. */
static void test_spaces_and_seeding(void) {
  gymcc_vec* vec = make_vec("CartPole-v1", N, GYMCC_AUTORESET_NEXT_STEP);
  const gymcc_space* actions = gymcc_vec_action_space(vec);
  const gymcc_space* observations = gymcc_vec_observation_space(vec);
  float batch[N][4], single[4];
  char error[256];
  int i;
  CHECK(gymcc_vec_num_envs(vec) == N);
  CHECK(actions->kind == GYMCC_SPACE_MULTI_DISCRETE && actions->size == N);
  CHECK(actions->nvec[0] == 2 && actions->starts[N - 1] == 0 && actions->nbytes == N * 8);
  CHECK(observations->kind == GYMCC_SPACE_BOX && observations->ndim == 2);
  CHECK(observations->shape[0] == N && observations->shape[1] == 4);
  CHECK(observations->nbytes == sizeof batch);
  CHECK(gymcc_vec_single_action_space(vec)->kind == GYMCC_SPACE_DISCRETE);
  CHECK(gymcc_vec_single_observation_space(vec)->nbytes == sizeof single);
  CHECK_STATUS(GYMCC_OK, gymcc_vec_reset(vec, 42, NULL, batch, sizeof batch));
  for (i = 0; i < N; ++i) {
    gymcc_env* env = NULL;
    CHECK_STATUS(GYMCC_OK, gymcc_env_make("CartPole-v1", NULL, NULL, 0, &env, error, sizeof error));
    CHECK_STATUS(GYMCC_OK, gymcc_env_reset(env, 42 + i, NULL, single, sizeof single));
    CHECK(memcmp(batch[i], single, sizeof single) == 0);
    gymcc_env_free(env);
  }
  CHECK_STATUS(GYMCC_OK,
               gymcc_vec_reset_json(vec, "[42, null, 44, 45]", NULL, batch, sizeof batch));
  CHECK_STATUS(GYMCC_ERR_INVALID_SEED,
               gymcc_vec_reset_json(vec, "[1, 2]", NULL, batch, sizeof batch));
  CHECK_STATUS(GYMCC_ERR_INVALID_SEED, gymcc_vec_reset(vec, -3, NULL, batch, sizeof batch));
  CHECK_STATUS(GYMCC_ERR_BUFFER_TOO_SMALL, gymcc_vec_reset(vec, 1, NULL, batch, 8));
  gymcc_vec_free(vec);
}

/* Same-step autoreset: the ending step reports the end with the reset
 * observation, and the infos carry the final observation. */
static void test_same_step_autoreset(void) {
  gymcc_vec* vec = make_vec("CartPole-v1", N, GYMCC_AUTORESET_SAME_STEP);
  int64_t actions[N] = {1, 1, 1, 1};
  float obs[N][4];
  double rewards[N];
  uint8_t terminated[N], truncated[N];
  char infos[4096];
  int step, ended = 0;
  CHECK_STATUS(GYMCC_OK, gymcc_vec_reset(vec, 0, NULL, obs, sizeof obs));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_infos_json(vec, infos, sizeof infos, NULL));
  CHECK(strcmp(infos, "{}") == 0);
  for (step = 0; step < 100 && !ended; ++step) {
    CHECK_STATUS(GYMCC_OK, gymcc_vec_step(vec, actions, sizeof actions, obs, sizeof obs, rewards,
                                          terminated, truncated));
    ended = terminated[0] | terminated[1] | terminated[2] | terminated[3];
    CHECK(rewards[0] == 1.0 && truncated[0] == 0);
  }
  CHECK(ended);
  CHECK_STATUS(GYMCC_OK, gymcc_vec_infos_json(vec, infos, sizeof infos, NULL));
  CHECK(strstr(infos, "\"final_obs\"") != NULL && strstr(infos, "\"_final_obs\"") != NULL);
  actions[2] = 5;
  CHECK_STATUS(GYMCC_ERR_INVALID_ACTION,
               gymcc_vec_step(vec, actions, sizeof actions, obs, sizeof obs, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT,
               gymcc_vec_step(vec, actions, 8, obs, sizeof obs, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_ERR_INVALID_ACTION,
               gymcc_vec_step_json(vec, "[1, 1]", obs, sizeof obs, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_step_json(vec, "[0, 1, 0, 1]", obs, sizeof obs, rewards,
                                             terminated, truncated));
  gymcc_vec_free(vec);
}

/* Disabled autoreset: a finished sub-env must be reset through reset_mask. */
static void test_disabled_autoreset(void) {
  gymcc_vec* vec = make_vec("CartPole-v1", 2, GYMCC_AUTORESET_DISABLED);
  int64_t actions[2] = {1, 0};
  uint8_t terminated[2] = {0, 0};
  int step;
  char mask[64];
  CHECK_STATUS(GYMCC_ERR_RESET_NEEDED,
               gymcc_vec_step(vec, actions, sizeof actions, NULL, 0, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_reset(vec, 1, NULL, NULL, 0));
  for (step = 0; step < 100 && !(terminated[0] | terminated[1]); ++step) {
    CHECK_STATUS(GYMCC_OK,
                 gymcc_vec_step(vec, actions, sizeof actions, NULL, 0, NULL, terminated, NULL));
  }
  CHECK(terminated[0] | terminated[1]);
  CHECK_STATUS(GYMCC_ERR_RESET_NEEDED,
               gymcc_vec_step(vec, actions, sizeof actions, NULL, 0, NULL, NULL, NULL));
  sprintf(mask, "{\"reset_mask\": [%s, %s]}", terminated[0] ? "true" : "false",
          terminated[1] ? "true" : "false");
  CHECK_STATUS(GYMCC_OK, gymcc_vec_reset(vec, GYMCC_NO_SEED, mask, NULL, 0));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_step(vec, actions, sizeof actions, NULL, 0, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_ERR_INVALID_OPTIONS,
               gymcc_vec_reset(vec, 1, "{\"reset_mask\": [false, false]}", NULL, 0));
  gymcc_vec_free(vec);
}

/* Tuple observations (Blackjack) batch part by part: three int64[n] arrays. */
static void test_tuple_observations(void) {
  gymcc_vec* vec = make_vec("Blackjack-v1", 3, GYMCC_AUTORESET_NEXT_STEP);
  const gymcc_space* observations = gymcc_vec_observation_space(vec);
  int64_t batch[3][3], single[3];
  char error[256];
  int i;
  CHECK(observations->kind == GYMCC_SPACE_TUPLE && observations->num_spaces == 3);
  CHECK(observations->spaces[1].kind == GYMCC_SPACE_MULTI_DISCRETE);
  CHECK(observations->spaces[1].offset == 24 && observations->nbytes == sizeof batch);
  CHECK_STATUS(GYMCC_OK, gymcc_vec_reset(vec, 9, NULL, batch, sizeof batch));
  for (i = 0; i < 3; ++i) {
    gymcc_env* env = NULL;
    CHECK_STATUS(GYMCC_OK,
                 gymcc_env_make("Blackjack-v1", NULL, NULL, 0, &env, error, sizeof error));
    CHECK_STATUS(GYMCC_OK, gymcc_env_reset(env, 9 + i, NULL, single, sizeof single));
    CHECK(batch[0][i] == single[0] && batch[1][i] == single[1] && batch[2][i] == single[2]);
    gymcc_env_free(env);
  }
  gymcc_vec_free(vec);
}

/* Threads change nothing in the results. */
static void test_threads(void) {
  gymcc_vec* serial = make_vec("Pendulum-v1", 8, GYMCC_AUTORESET_NEXT_STEP);
  gymcc_vec* threaded = make_vec("Pendulum-v1", 8, GYMCC_AUTORESET_NEXT_STEP);
  float actions[8], obs_serial[8][3], obs_threaded[8][3];
  double rewards_serial[8], rewards_threaded[8];
  int step;
  CHECK_STATUS(GYMCC_OK, gymcc_vec_set_num_threads(threaded, 2));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT, gymcc_vec_set_num_threads(threaded, 0));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_reset(serial, 3, NULL, NULL, 0));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_reset(threaded, 3, NULL, NULL, 0));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_seed_action_space(serial, 11));
  for (step = 0; step < 50; ++step) {
    CHECK_STATUS(GYMCC_OK, gymcc_vec_sample_actions(serial, actions, sizeof actions));
    CHECK_STATUS(GYMCC_OK, gymcc_vec_step(serial, actions, sizeof actions, obs_serial,
                                          sizeof obs_serial, rewards_serial, NULL, NULL));
    CHECK_STATUS(GYMCC_OK, gymcc_vec_step(threaded, actions, sizeof actions, obs_threaded,
                                          sizeof obs_threaded, rewards_threaded, NULL, NULL));
  }
  CHECK(memcmp(obs_serial, obs_threaded, sizeof obs_serial) == 0);
  CHECK(memcmp(rewards_serial, rewards_threaded, sizeof rewards_serial) == 0);
  gymcc_vec_free(serial);
  gymcc_vec_free(threaded);
}

int test_vector_envs(void) {
  test_make_errors();
  test_spaces_and_seeding();
  test_same_step_autoreset();
  test_disabled_autoreset();
  test_tuple_observations();
  test_threads();
  return failures;
}
