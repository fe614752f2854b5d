/* The C ABI from C: every entry point's contract, success and failure. The
 * bit-exactness of episodes is the conformance runner's business
 * (tests/conformance/lang/c.sh); this checks the interface around it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gymcc_c.h"

static gymcc_env* make(const char* id, const char* kwargs, const char* render_mode,
                       int64_t max_steps) {
  char error[512];
  gymcc_env* env = NULL;
  if (gymcc_env_make(id, kwargs, render_mode, max_steps, &env, error, sizeof error) != GYMCC_OK) {
    fprintf(stderr, "cannot make %s: %s\n", id, error);
    exit(1);
  }
  return env;
}

static int contains(const char* text, const char* part) { return strstr(text, part) != NULL; }

static void test_version_and_names(void) {
  char version[32];
  CHECK(gymcc_version() == GYMCC_VERSION);
  sprintf(version, "%d.%d.%d", GYMCC_VERSION_MAJOR, GYMCC_VERSION_MINOR, GYMCC_VERSION_PATCH);
  CHECK(strcmp(gymcc_version_string(), version) == 0);
  CHECK(strcmp(gymcc_status_name(GYMCC_OK), "ok") == 0);
  CHECK(strcmp(gymcc_status_name(GYMCC_ERR_INVALID_ACTION), "invalid_action") == 0);
  CHECK(strcmp(gymcc_status_name(GYMCC_ERR_BUFFER_TOO_SMALL), "buffer_too_small") == 0);
  CHECK(strcmp(gymcc_status_name(999), "unknown") == 0);
  CHECK(gymcc_dtype_size(GYMCC_DTYPE_FLOAT32) == 4 && gymcc_dtype_size(GYMCC_DTYPE_INT64) == 8);
  CHECK(gymcc_dtype_size(GYMCC_DTYPE_BOOL) == 1 && gymcc_dtype_size(GYMCC_DTYPE_NONE) == 0);
  CHECK(strcmp(gymcc_dtype_name(GYMCC_DTYPE_UINT8), "uint8") == 0);
  CHECK(strcmp(gymcc_dtype_name(42), "") == 0);
}

static void test_make_errors(void) {
  char error[512];
  char tiny[8];
  gymcc_env* env = (gymcc_env*)&error; /* must be reset to NULL on failure */
  CHECK_STATUS(GYMCC_ERR_UNKNOWN_ENV,
               gymcc_env_make("CartPol-v1", NULL, NULL, 0, &env, error, sizeof error));
  CHECK(env == NULL);
  CHECK(contains(error, "CartPole"));
  CHECK_STATUS(GYMCC_ERR_MALFORMED_ID,
               gymcc_env_make("Cart Pole", NULL, NULL, 0, &env, error, sizeof error));
  CHECK_STATUS(GYMCC_ERR_UNKNOWN_VERSION,
               gymcc_env_make("CartPole-v9", NULL, NULL, 0, &env, error, sizeof error));
  CHECK_STATUS(GYMCC_ERR_INVALID_KWARG, gymcc_env_make("CartPole-v1", "{\"gravity\": 1}", NULL, 0,
                                                       &env, error, sizeof error));
  CHECK(contains(error, "gravity"));
  CHECK_STATUS(GYMCC_ERR_INVALID_KWARG,
               gymcc_env_make("CartPole-v1", "[1]", NULL, 0, &env, error, sizeof error));
  CHECK_STATUS(GYMCC_ERR_INVALID_JSON,
               gymcc_env_make("CartPole-v1", "{oops", NULL, 0, &env, error, sizeof error));
  CHECK(contains(error, "kwargs_json"));
  CHECK_STATUS(GYMCC_ERR_NOT_RENDERABLE,
               gymcc_env_make("CartPole-v1", NULL, "human", 0, &env, error, sizeof error));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT,
               gymcc_env_make("CartPole-v1", NULL, NULL, -5, &env, error, sizeof error));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT,
               gymcc_env_make(NULL, NULL, NULL, 0, &env, error, sizeof error));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT,
               gymcc_env_make("CartPole-v1", NULL, NULL, 0, NULL, error, sizeof error));
  /* The message is truncated to the caller's buffer, NUL included. */
  CHECK_STATUS(GYMCC_ERR_UNKNOWN_ENV, gymcc_env_make("Nope-v0", NULL, NULL, 0, &env, tiny, 8));
  CHECK(strlen(tiny) == 7);
  CHECK_STATUS(GYMCC_ERR_UNKNOWN_ENV, gymcc_env_make("Nope-v0", NULL, NULL, 0, &env, NULL, 0));
}

static void test_spaces(void) {
  gymcc_env* cartpole = make("CartPole-v1", NULL, NULL, 0);
  gymcc_env* blackjack = make("Blackjack-v1", NULL, NULL, 0);
  gymcc_env* continuous = make("MountainCarContinuous-v0", NULL, NULL, 0);
  const gymcc_space* a = gymcc_env_action_space(cartpole);
  const gymcc_space* o = gymcc_env_observation_space(cartpole);
  const gymcc_space* t = gymcc_env_observation_space(blackjack);
  const gymcc_space* box = gymcc_env_action_space(continuous);

  CHECK(a->kind == GYMCC_SPACE_DISCRETE && a->n == 2 && a->start == 0);
  CHECK(a->dtype == GYMCC_DTYPE_INT64 && a->ndim == 0 && a->size == 1 && a->nbytes == 8);
  CHECK(strcmp(a->name, "Discrete") == 0 && a->low == NULL && a->spaces == NULL);
  CHECK(o->kind == GYMCC_SPACE_BOX && o->dtype == GYMCC_DTYPE_FLOAT32);
  CHECK(o->ndim == 1 && o->shape[0] == 4 && o->size == 4 && o->nbytes == 16 && o->offset == 0);
  CHECK(isinf(o->high[1]) && o->high[1] > 0 && isinf(o->low[3]) && o->low[3] < 0);
  CHECK(o->high[0] == (double)(float)4.8);
  CHECK(t->kind == GYMCC_SPACE_TUPLE && t->num_spaces == 3 && t->dtype == GYMCC_DTYPE_NONE);
  CHECK(t->nbytes == 24 && t->spaces[1].offset == 8 && t->spaces[2].offset == 16);
  CHECK(t->spaces[0].kind == GYMCC_SPACE_DISCRETE && t->spaces[0].n == 32);
  CHECK(t->spaces[1].n == 11 && t->spaces[2].n == 2 && t->keys == NULL);
  CHECK(box->kind == GYMCC_SPACE_BOX && box->nbytes == 4 && box->low[0] == -1.0);
  CHECK(box->high[0] == 1.0);
  gymcc_env_free(cartpole);
  gymcc_env_free(blackjack);
  gymcc_env_free(continuous);
}

static void test_reset_and_step(void) {
  gymcc_env* env = make("CartPole-v1", NULL, NULL, 0);
  float obs[4], again[4];
  char small[2];
  int64_t action = 1, bad_action = 2;
  double reward = -1.0;
  int terminated = -1, truncated = -1;

  CHECK_STATUS(GYMCC_ERR_RESET_NEEDED,
               gymcc_env_step(env, &action, sizeof action, obs, sizeof obs, NULL, NULL, NULL));
  CHECK(strcmp(gymcc_env_last_error(env), "Cannot call env.step() before calling env.reset()") ==
        0);
  CHECK_STATUS(GYMCC_OK, gymcc_env_reset(env, 42, NULL, obs, sizeof obs));
  CHECK(strcmp(gymcc_env_last_error(env), "") == 0);
  CHECK_STATUS(GYMCC_OK, gymcc_env_reset_json(env, "42", NULL, again, sizeof again));
  CHECK(memcmp(obs, again, sizeof obs) == 0);
  CHECK(fabs(obs[0]) <= 0.05f && fabs(obs[3]) <= 0.05f);
  CHECK_STATUS(GYMCC_OK,
               gymcc_env_reset(env, 7, "{\"low\": -0.001, \"high\": 0.001}", obs, sizeof obs));
  CHECK(fabs(obs[0]) <= 0.001f && fabs(obs[2]) <= 0.001f);

  CHECK_STATUS(GYMCC_ERR_INVALID_SEED, gymcc_env_reset(env, -1, NULL, obs, sizeof obs));
  CHECK(contains(gymcc_env_last_error(env), "greater or equal to zero"));
  CHECK_STATUS(GYMCC_ERR_INVALID_SEED, gymcc_env_reset_json(env, "1.5", NULL, obs, sizeof obs));
  CHECK_STATUS(GYMCC_ERR_INVALID_SEED, gymcc_env_reset_json(env, "-2", NULL, obs, sizeof obs));
  CHECK_STATUS(GYMCC_ERR_INVALID_JSON, gymcc_env_reset_json(env, "x", NULL, obs, sizeof obs));
  CHECK_STATUS(GYMCC_ERR_INVALID_OPTIONS, gymcc_env_reset(env, 1, "[1]", obs, sizeof obs));
  CHECK_STATUS(GYMCC_ERR_INVALID_OPTIONS,
               gymcc_env_reset(env, 1, "{\"low\": 1, \"high\": 0}", obs, sizeof obs));
  CHECK_STATUS(GYMCC_ERR_BUFFER_TOO_SMALL, gymcc_env_reset(env, 1, NULL, obs, 15));
  CHECK_STATUS(GYMCC_OK, gymcc_env_reset(env, GYMCC_NO_SEED, NULL, NULL, 0));
  CHECK_STATUS(GYMCC_OK, gymcc_env_reset_json(env, "340282366920938463463374607431768211459", NULL,
                                              obs, sizeof obs));

  CHECK_STATUS(GYMCC_OK, gymcc_env_step(env, &action, sizeof action, obs, sizeof obs, &reward,
                                        &terminated, &truncated));
  CHECK(reward == 1.0 && terminated == 0 && truncated == 0 && gymcc_env_reward_is_int(env) == 0);
  CHECK(gymcc_env_elapsed_steps(env) == 1);
  CHECK_STATUS(GYMCC_OK, gymcc_env_step(env, &action, sizeof action, NULL, 0, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_ERR_INVALID_ACTION, gymcc_env_step(env, &bad_action, sizeof bad_action, obs,
                                                        sizeof obs, NULL, NULL, NULL));
  CHECK(strcmp(gymcc_env_last_error(env), "action 2 is not in Discrete(2)") == 0);
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT,
               gymcc_env_step(env, &action, 4, obs, sizeof obs, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT,
               gymcc_env_step(env, NULL, 8, obs, sizeof obs, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_ERR_BUFFER_TOO_SMALL,
               gymcc_env_step(env, &action, sizeof action, small, sizeof small, NULL, NULL, NULL));
  CHECK(gymcc_env_elapsed_steps(env) == 2); /* failed steps did not step */
  CHECK_STATUS(GYMCC_ERR_INVALID_ACTION,
               gymcc_env_step_json(env, "\"left\"", obs, sizeof obs, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_ERR_INVALID_ACTION,
               gymcc_env_step_json(env, "1.0", obs, sizeof obs, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_ERR_INVALID_JSON,
               gymcc_env_step_json(env, "[", obs, sizeof obs, NULL, NULL, NULL));
  gymcc_env_free(env);
}

/* The typed and the JSON step are one step: same results, bit for bit. */
static void test_typed_and_json_steps_agree(void) {
  gymcc_env* a = make("MountainCarContinuous-v0", NULL, NULL, 0);
  gymcc_env* b = make("MountainCarContinuous-v0", NULL, NULL, 0);
  float obs_a[2], obs_b[2], push = 0.75f;
  double reward_a = 0, reward_b = 0;
  int i;
  CHECK_STATUS(GYMCC_OK, gymcc_env_reset(a, 3, NULL, obs_a, sizeof obs_a));
  CHECK_STATUS(GYMCC_OK, gymcc_env_reset(b, 3, NULL, obs_b, sizeof obs_b));
  for (i = 0; i < 20; ++i) {
    CHECK_STATUS(GYMCC_OK,
                 gymcc_env_step(a, &push, sizeof push, obs_a, sizeof obs_a, &reward_a, NULL, NULL));
    CHECK_STATUS(GYMCC_OK,
                 gymcc_env_step_json(b, "[0.75]", obs_b, sizeof obs_b, &reward_b, NULL, NULL));
  }
  CHECK(memcmp(obs_a, obs_b, sizeof obs_a) == 0 && reward_a == reward_b);
  push = (float)NAN;
  CHECK_STATUS(GYMCC_ERR_INVALID_ACTION,
               gymcc_env_step(a, &push, sizeof push, obs_a, sizeof obs_a, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_ERR_INVALID_ACTION,
               gymcc_env_step_json(b, "0.5", obs_b, sizeof obs_b, NULL, NULL, NULL));
  gymcc_env_free(a);
  gymcc_env_free(b);
}

static void test_time_limits(void) {
  gymcc_env* short_limit = make("CartPole-v1", NULL, NULL, 5);
  gymcc_env* unlimited = make("MountainCar-v0", NULL, NULL, -1);
  int64_t push = 1;
  int truncated = 0, steps = 0, terminated = 0;
  float obs[4];
  CHECK_STATUS(GYMCC_OK, gymcc_env_reset(short_limit, 0, NULL, obs, sizeof obs));
  while (!truncated && steps < 10) {
    gymcc_env_step(short_limit, &push, sizeof push, NULL, 0, NULL, &terminated, &truncated);
    ++steps;
  }
  CHECK(steps == 5 && truncated == 1);
  CHECK_STATUS(GYMCC_OK, gymcc_env_reset(unlimited, 0, NULL, NULL, 0));
  for (steps = 0; steps < 300; ++steps) {
    gymcc_env_step(unlimited, &push, sizeof push, NULL, 0, NULL, &terminated, &truncated);
    CHECK(!truncated);
  }
  gymcc_env_free(short_limit);
  gymcc_env_free(unlimited);
}

static void test_json_outputs(void) {
  gymcc_env* lake = make("FrozenLake-v1", "{\"is_slippery\": false}", "ansi", 0);
  gymcc_env* taxi = make("Taxi-v4", NULL, NULL, 0);
  char info[256], tiny[4];
  char* spec;
  size_t length = 0, spec_length = 0;
  int64_t right = 2, obs = -1;
  double reward = 0;
  const uint8_t* text = NULL;
  size_t size = 0;
  int32_t width = -1, height = -1;

  CHECK_STATUS(GYMCC_OK, gymcc_env_reset(lake, 0, NULL, &obs, sizeof obs));
  CHECK(obs == 0);
  CHECK_STATUS(GYMCC_OK, gymcc_env_info_json(lake, info, sizeof info, &length));
  CHECK(strcmp(info, "{\"prob\":1}") == 0 && length == strlen(info));
  CHECK_STATUS(GYMCC_ERR_BUFFER_TOO_SMALL, gymcc_env_info_json(lake, tiny, sizeof tiny, &length));
  CHECK(length == 10 && strcmp(tiny, "{\"p") == 0);
  CHECK_STATUS(GYMCC_ERR_BUFFER_TOO_SMALL, gymcc_env_info_json(lake, NULL, 0, &length));
  CHECK(length == 10);
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT, gymcc_env_info_json(lake, NULL, 5, &length));
  CHECK_STATUS(GYMCC_OK,
               gymcc_env_step(lake, &right, sizeof right, &obs, sizeof obs, &reward, NULL, NULL));
  CHECK(obs == 1 && reward == 0.0 && gymcc_env_reward_is_int(lake) == 1);
  CHECK_STATUS(GYMCC_OK, gymcc_env_render(lake, &text, &size, &width, &height));
  CHECK(size > 0 && strlen((const char*)text) == size && width == 0 && height == 0);
  CHECK(contains((const char*)text, "(Right)"));

  gymcc_env_spec_json(lake, NULL, 0, &spec_length);
  spec = (char*)malloc(spec_length + 1);
  CHECK_STATUS(GYMCC_OK, gymcc_env_spec_json(lake, spec, spec_length + 1, NULL));
  CHECK(contains(spec, "\"id\":\"FrozenLake-v1\"") && contains(spec, "\"max_episode_steps\":100"));
  CHECK(contains(spec, "\"is_slippery\":false") && contains(spec, "\"render_mode\":\"ansi\""));
  free(spec);

  CHECK_STATUS(GYMCC_OK, gymcc_env_reset(taxi, 0, NULL, &obs, sizeof obs));
  CHECK_STATUS(GYMCC_OK, gymcc_env_info_json(taxi, info, sizeof info, NULL));
  CHECK(strcmp(info, "{\"prob\":1.0,\"action_mask\":[1,1,0,0,0,0]}") == 0);
  CHECK_STATUS(GYMCC_ERR_NOT_RENDERABLE, gymcc_env_render(taxi, &text, &size, NULL, NULL));
  gymcc_env_free(lake);
  gymcc_env_free(taxi);
}

static void test_render_rgb(void) {
  gymcc_env* env = make("CartPole-v1", NULL, "rgb_array", 0);
  const uint8_t* pixels = NULL;
  size_t size = 0;
  int32_t width = 0, height = 0;
  CHECK_STATUS(GYMCC_ERR_RESET_NEEDED, gymcc_env_render(env, &pixels, &size, &width, &height));
  CHECK_STATUS(GYMCC_OK, gymcc_env_reset(env, 0, NULL, NULL, 0));
  CHECK_STATUS(GYMCC_OK, gymcc_env_render(env, &pixels, &size, &width, &height));
  CHECK(width == 600 && height == 400 && size == (size_t)width * height * 3 && pixels != NULL);
  CHECK(pixels[0] == 255); /* a white background */
  gymcc_env_free(env);
}

static void test_sampling(void) {
  gymcc_env* env = make("Pendulum-v1", NULL, NULL, 0);
  float first[1], second[1];
  CHECK_STATUS(GYMCC_OK, gymcc_env_seed_action_space(env, 5));
  CHECK_STATUS(GYMCC_OK, gymcc_env_sample_action(env, first, sizeof first));
  CHECK_STATUS(GYMCC_OK, gymcc_env_seed_action_space_json(env, "5"));
  CHECK_STATUS(GYMCC_OK, gymcc_env_sample_action(env, second, sizeof second));
  CHECK(first[0] == second[0] && first[0] >= -2.0f && first[0] <= 2.0f);
  CHECK_STATUS(GYMCC_ERR_INVALID_SEED, gymcc_env_seed_action_space(env, GYMCC_NO_SEED));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT, gymcc_env_sample_action(env, first, 8));
  gymcc_env_free(env);
}

static void test_registry(void) {
  size_t length = 0;
  char* text;
  CHECK_STATUS(GYMCC_ERR_BUFFER_TOO_SMALL, gymcc_registry_json(NULL, 0, &length));
  text = (char*)malloc(length + 1);
  CHECK_STATUS(GYMCC_OK, gymcc_registry_json(text, length + 1, &length));
  CHECK(text[0] == '[' && contains(text, "\"id\":\"CartPole-v1\"") &&
        contains(text, "\"id\":\"Taxi-v4\""));
  free(text);
}

static void test_null_handles(void) {
  int64_t action = 0;
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT, gymcc_env_reset(NULL, 0, NULL, NULL, 0));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT,
               gymcc_env_step(NULL, &action, sizeof action, NULL, 0, NULL, NULL, NULL));
  CHECK_STATUS(GYMCC_ERR_INVALID_ARGUMENT,
               gymcc_vec_step(NULL, &action, 8, NULL, 0, NULL, NULL, NULL));
  CHECK(gymcc_env_action_space(NULL) == NULL && gymcc_vec_num_envs(NULL) == 0);
  CHECK(strlen(gymcc_env_last_error(NULL)) > 0 && strlen(gymcc_vec_last_error(NULL)) > 0);
  gymcc_env_free(NULL);
  gymcc_vec_free(NULL);
}

int test_vector_envs(void);
int test_snapshots(void);

int main(void) {
  test_version_and_names();
  test_make_errors();
  test_spaces();
  test_reset_and_step();
  test_typed_and_json_steps_agree();
  test_time_limits();
  test_json_outputs();
  test_render_rgb();
  test_sampling();
  test_registry();
  test_null_handles();
  failures += test_vector_envs();
  failures += test_snapshots();
  if (failures > 0) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("all checks passed\n");
  return 0;
}
