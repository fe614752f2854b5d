/* Snapshots through the C ABI: a state taken mid-episode, restored, cloned or
 * made into a new handle continues with bit-identical steps; bad states are
 * GYMCC_ERR_INVALID_STATE and change nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gymcc_c.h"

enum { kSteps = 40, kStateBytes = 8192 };

struct trace {
  float obs[kSteps][3];
  double reward[kSteps];
};

/* Pendulum-v1 steps with actions from its own sampler. */
static void play(gymcc_env* env, struct trace* out) {
  int i;
  float action[1];
  for (i = 0; i < kSteps; ++i) {
    CHECK_STATUS(GYMCC_OK, gymcc_env_sample_action(env, action, sizeof action));
    CHECK_STATUS(GYMCC_OK, gymcc_env_step(env, action, sizeof action, out->obs[i],
                                          sizeof out->obs[i], &out->reward[i], NULL, NULL));
  }
}

static void test_env_snapshots(void) {
  static char state[kStateBytes], again[kStateBytes], other_state[kStateBytes];
  static struct trace expected, got;
  char error[256];
  size_t length = 0;
  gymcc_env *env = NULL, *copy = NULL, *made = NULL, *other = NULL;
  CHECK_STATUS(GYMCC_OK, gymcc_env_make("Pendulum-v1", NULL, NULL, 0, &env, error, sizeof error));
  CHECK_STATUS(GYMCC_OK, gymcc_env_reset(env, 11, NULL, NULL, 0));
  CHECK_STATUS(GYMCC_OK, gymcc_env_seed_action_space(env, 12));
  play(env, &got);
  CHECK_STATUS(GYMCC_OK, gymcc_env_state_json(env, state, sizeof state, &length));
  CHECK(length == strlen(state) && strstr(state, "\"gymcc.env_state\"") != NULL);
  CHECK_STATUS(GYMCC_ERR_BUFFER_TOO_SMALL, gymcc_env_state_json(env, again, 16, &length));
  CHECK_STATUS(GYMCC_OK, gymcc_env_clone(env, &copy));
  CHECK_STATUS(GYMCC_OK, gymcc_env_make_from_state(state, &made, error, sizeof error));
  play(env, &expected);
  play(copy, &got);
  CHECK(memcmp(&got, &expected, sizeof got) == 0);
  play(made, &got);
  CHECK(memcmp(&got, &expected, sizeof got) == 0);
  CHECK_STATUS(GYMCC_OK, gymcc_env_set_state_json(env, state));
  CHECK_STATUS(GYMCC_OK, gymcc_env_state_json(env, again, sizeof again, &length));
  CHECK(strcmp(state, again) == 0);
  play(env, &got);
  CHECK(memcmp(&got, &expected, sizeof got) == 0);
  gymcc_env_free(copy);
  gymcc_env_free(made);

  /* Foreign, malformed and missing states. */
  CHECK_STATUS(GYMCC_OK, gymcc_env_make("CartPole-v1", NULL, NULL, 0, &other, error, sizeof error));
  CHECK_STATUS(GYMCC_OK, gymcc_env_state_json(other, other_state, sizeof other_state, &length));
  CHECK_STATUS(GYMCC_ERR_INVALID_STATE, gymcc_env_set_state_json(env, other_state));
  CHECK(strstr(gymcc_env_last_error(env), "env_id") != NULL);
  CHECK(strcmp(gymcc_status_name(GYMCC_ERR_INVALID_STATE), "invalid_state") == 0);
  CHECK_STATUS(GYMCC_ERR_INVALID_STATE, gymcc_env_set_state_json(env, "{}"));
  CHECK_STATUS(GYMCC_ERR_INVALID_JSON, gymcc_env_set_state_json(env, "{"));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT, gymcc_env_set_state_json(env, NULL));
  CHECK_STATUS(GYMCC_ERR_INVALID_STATE,
               gymcc_env_make_from_state("[]", &made, error, sizeof error));
  CHECK(made == NULL);
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT, gymcc_env_clone(NULL, &copy));
  CHECK(copy == NULL);
  gymcc_env_free(env);
  gymcc_env_free(other);
}

static void test_vec_snapshots(void) {
  static char state[kStateBytes], sub[kStateBytes], again[kStateBytes];
  char error[256];
  size_t length = 0;
  int64_t actions[3] = {0, 1, 1};
  float obs[3][4], expected[3][4];
  double rewards[3];
  gymcc_vec *vec = NULL, *made = NULL;
  gymcc_env* single = NULL;
  int i;
  CHECK_STATUS(GYMCC_OK, gymcc_vec_make("CartPole-v1", 3, GYMCC_AUTORESET_NEXT_STEP, NULL, NULL, 0,
                                        &vec, error, sizeof error));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_reset(vec, 3, NULL, NULL, 0));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_state_json(vec, -1, state, sizeof state, &length));
  CHECK(strstr(state, "\"gymcc.vector_env_state\"") != NULL);
  CHECK_STATUS(GYMCC_OK, gymcc_vec_make_from_state(state, &made, error, sizeof error));
  for (i = 0; i < 30; ++i) {
    CHECK_STATUS(GYMCC_OK, gymcc_vec_step(vec, actions, sizeof actions, expected, sizeof expected,
                                          rewards, NULL, NULL));
    CHECK_STATUS(GYMCC_OK, gymcc_vec_step(made, actions, sizeof actions, obs, sizeof obs, rewards,
                                          NULL, NULL));
    CHECK(memcmp(obs, expected, sizeof obs) == 0);
  }
  CHECK_STATUS(GYMCC_OK, gymcc_vec_set_state_json(vec, -1, state));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_state_json(vec, -1, again, sizeof again, &length));
  CHECK(strcmp(state, again) == 0);
  /* Sub-env 2 as a standalone env, and back into sub-env 0. */
  CHECK_STATUS(GYMCC_OK, gymcc_vec_state_json(vec, 2, sub, sizeof sub, &length));
  CHECK(strstr(sub, "\"gymcc.env_state\"") != NULL);
  CHECK_STATUS(GYMCC_OK, gymcc_env_make_from_state(sub, &single, error, sizeof error));
  CHECK_STATUS(GYMCC_OK, gymcc_vec_set_state_json(vec, 0, sub));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT, gymcc_vec_state_json(vec, 3, sub, sizeof sub, &length));
  CHECK_STATUS(GYMCC_ERR_INVALID_STATE, gymcc_vec_set_state_json(vec, -1, sub));
  CHECK_STATUS(GYMCC_ERR_INVALID_STATE, gymcc_vec_set_state_json(vec, 1, state));
  gymcc_env_free(single);
  gymcc_vec_free(vec);
  gymcc_vec_free(made);
}

int test_snapshots(void) {
  test_env_snapshots();
  test_vec_snapshots();
  return failures;
}
