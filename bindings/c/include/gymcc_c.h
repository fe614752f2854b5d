/*
 * gymcc_c.h: the C ABI of gymcc. Gymnasium's environments, native and
 * in-process, for C and for any language with a C FFI (C#, Julia, Swift,
 * Zig, Python ctypes, Rust, Go cgo, ...). Link with -lgymcc_c.
 *
 * For the same seed and actions, observations, rewards, flags and infos are
 * bit-identical to Python gymnasium 1.4's.
 *
 * Conventions (bindings/c/README.md has the details and an example):
 *  - Prefixes: gymcc_ (the library: version, status names, registry),
 *    gymcc_env_ (one environment), gymcc_vec_ (vector environments),
 *    gymcc_dtype_ (the element types of space descriptors); constants
 *    GYMCC_.
 *  - A function that can fail returns a status: GYMCC_OK (0) or one of
 *    gymcc_status. Functions on a handle keep the failure's message on the
 *    handle (gymcc_env_last_error, gymcc_vec_last_error: the most recent
 *    call's message, "" after a success); constructors, which have no handle
 *    yet, write it into a buffer the caller owns. A NULL handle is
 *    GYMCC_ERR_INVALID_ARGUMENT (accessors give NULL, 0 or ""). No C++
 *    exception ever crosses this interface.
 *  - Buffers are the caller's. A value of a space is laid out as its
 *    gymcc_space descriptor says: Discrete as one int64; Box, MultiDiscrete
 *    and MultiBinary as `size` elements of `dtype` in C order; Tuple and Dict
 *    as their sub-spaces' values one after another, each at its `offset`
 *    (aligned to its element size). Buffers may have any alignment.
 *  - Seeds: functions taking an int64_t seed treat GYMCC_NO_SEED as "no
 *    seed" and any other negative value as an error (GYMCC_ERR_INVALID_SEED);
 *    each has a `_json` twin that takes the seed as JSON text: null, an
 *    integer of any size (numpy accepts seeds beyond 64 bits) or, for vector
 *    envs, a list of those, one per sub-env.
 *  - JSON texts (kwargs, options, infos) are UTF-8 and NUL-terminated; a
 *    NULL text means "none". Functions that write JSON behave like snprintf:
 *    they write at most `size` bytes including the NUL, always set *length to
 *    the full text length (without the NUL), and return
 *    GYMCC_ERR_BUFFER_TOO_SMALL when it did not fit (call with size 0 to ask).
 *    Non-finite floats are written as Python's json.dumps writes them
 *    (Infinity, -Infinity, NaN).
 *  - Stepping (gymcc_env_step, gymcc_vec_step) allocates no memory for envs
 *    whose actions and observations are flat (Discrete or Box, which is
 *    every env with non-Tuple observations); all checks of the arguments
 *    happen before the step.
 *  - Threads: a handle must not be used by two threads at once; different
 *    handles may be used concurrently. The only global state is the registry
 *    of environments, built on first use (thread-safe) and read-only after.
 *
 * The header is C89 (given <stdint.h>), C99, C11 and C++ clean.
 */
#ifndef GYMCC_C_H
#define GYMCC_C_H

#include <stddef.h>
#include <stdint.h>

/* The version of this header; gymcc_version() gives the library's. A program
 * should check that both agree on major and minor (0.x: minor changes may
 * break the ABI). */
#define GYMCC_VERSION_MAJOR 0
#define GYMCC_VERSION_MINOR 1
#define GYMCC_VERSION_PATCH 0
#define GYMCC_VERSION \
  (GYMCC_VERSION_MAJOR * 10000 + GYMCC_VERSION_MINOR * 100 + GYMCC_VERSION_PATCH)

#if defined(_WIN32)
#if defined(GYMCC_C_BUILDING)
#define GYMCC_C_API __declspec(dllexport)
#else
#define GYMCC_C_API __declspec(dllimport)
#endif
#else
#define GYMCC_C_API __attribute__((visibility("default")))
#endif

/* C++ callers see that nothing throws (an exception never crosses). */
#if defined(__cplusplus)
#define GYMCC_C_NOEXCEPT noexcept
#else
#define GYMCC_C_NOEXCEPT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Statuses ------------------------------------------------------------- */

/* What a function returns. The names (gymcc_status_name) are the `code`s of
 * the HTTP API's error bodies for the same mistakes (docs/api.md). */
typedef enum gymcc_status {
  GYMCC_OK = 0,
  GYMCC_ERR_MALFORMED_ID = 1,      /* the id does not match [namespace/]name[-vN] */
  GYMCC_ERR_UNKNOWN_ENV = 2,       /* no such namespace or name */
  GYMCC_ERR_UNKNOWN_VERSION = 3,   /* a version newer than any registered */
  GYMCC_ERR_DEPRECATED_ENV = 4,    /* a version older than the latest */
  GYMCC_ERR_INVALID_KWARG = 5,     /* an unknown kwarg, or one of the wrong type */
  GYMCC_ERR_INVALID_SEED = 6,      /* a negative or non-integer seed */
  GYMCC_ERR_INVALID_OPTIONS = 7,   /* reset options the env rejects */
  GYMCC_ERR_INVALID_ACTION = 8,    /* an action outside the action space */
  GYMCC_ERR_RESET_NEEDED = 9,      /* step before reset (or a finished sub-env) */
  GYMCC_ERR_NOT_RENDERABLE = 10,   /* no such render mode, or none chosen */
  GYMCC_ERR_INVALID_ARGUMENT = 11, /* anything else the caller got wrong */
  GYMCC_ERR_INVALID_JSON = 12,     /* a JSON text that does not parse */
  GYMCC_ERR_BUFFER_TOO_SMALL = 13, /* an output buffer too small for the result */
  GYMCC_ERR_OUT_OF_MEMORY = 14,
  GYMCC_ERR_INTERNAL = 15,     /* a bug in gymcc: please report it */
  GYMCC_ERR_INVALID_STATE = 16 /* a snapshot that is malformed, tampered or foreign */
} gymcc_status;

/* "ok", "malformed_id", ..., "internal"; "unknown" for other values. */
GYMCC_C_API const char* gymcc_status_name(int status) GYMCC_C_NOEXCEPT;

/* ---- Version and registry ------------------------------------------------ */

/* The library's GYMCC_VERSION (major * 10000 + minor * 100 + patch). */
GYMCC_C_API int gymcc_version(void) GYMCC_C_NOEXCEPT;
/* "0.1.0". */
GYMCC_C_API const char* gymcc_version_string(void) GYMCC_C_NOEXCEPT;

/* Every registered environment as a JSON array of spec descriptions
 * ({"id", "entry_point", "reward_threshold", "nondeterministic",
 * "max_episode_steps", "kwargs", "render_modes", "render_fps",
 * "kwarg_docs"}), sorted by id. */
GYMCC_C_API int gymcc_registry_json(char* buffer, size_t size, size_t* length) GYMCC_C_NOEXCEPT;

/* ---- Spaces -------------------------------------------------------------- */

typedef enum gymcc_space_kind {
  GYMCC_SPACE_DISCRETE = 0,
  GYMCC_SPACE_BOX = 1,
  GYMCC_SPACE_MULTI_DISCRETE = 2,
  GYMCC_SPACE_MULTI_BINARY = 3,
  GYMCC_SPACE_TUPLE = 4,
  GYMCC_SPACE_DICT = 5
} gymcc_space_kind;

/* numpy's dtypes of the elements. */
typedef enum gymcc_dtype {
  GYMCC_DTYPE_NONE = -1, /* Tuple and Dict: see their sub-spaces */
  GYMCC_DTYPE_FLOAT32 = 0,
  GYMCC_DTYPE_FLOAT64 = 1,
  GYMCC_DTYPE_INT64 = 2,
  GYMCC_DTYPE_INT32 = 3,
  GYMCC_DTYPE_INT8 = 4,
  GYMCC_DTYPE_UINT8 = 5,
  GYMCC_DTYPE_BOOL = 6 /* one byte, 0 or 1 */
} gymcc_dtype;

/* Bytes per element (0 for GYMCC_DTYPE_NONE and unknown values). */
GYMCC_C_API size_t gymcc_dtype_size(int dtype) GYMCC_C_NOEXCEPT;
/* "float32", ..., "bool"; "" for GYMCC_DTYPE_NONE and unknown values. */
GYMCC_C_API const char* gymcc_dtype_name(int dtype) GYMCC_C_NOEXCEPT;

/* A space, as gymnasium's spaces describe themselves. Descriptors belong to
 * the handle they came from and live as long as it. Fields that do not apply
 * to a kind are 0 or NULL. New fields, if any, will be added at the end. */
typedef struct gymcc_space gymcc_space;
struct gymcc_space {
  int32_t kind;              /* gymcc_space_kind */
  int32_t dtype;             /* gymcc_dtype of the elements */
  int64_t n;                 /* Discrete: how many values; MultiBinary: elements */
  int64_t start;             /* Discrete: the smallest value */
  int32_t ndim;              /* entries of `shape` (Discrete: 0, a scalar) */
  int32_t num_spaces;        /* Tuple, Dict: entries of `spaces` */
  const int64_t* shape;      /* ndim extents */
  int64_t size;              /* elements: the product of shape (Discrete: 1) */
  const double* low;         /* Box: `size` lower bounds in C order (-inf: unbounded) */
  const double* high;        /* Box: `size` upper bounds (+inf: unbounded) */
  const int64_t* nvec;       /* MultiDiscrete: `size` counts */
  const int64_t* starts;     /* MultiDiscrete: `size` smallest values */
  const gymcc_space* spaces; /* Tuple: the parts in order; Dict: by sorted key */
  const char* const* keys;   /* Dict: num_spaces keys, sorted */
  size_t offset;             /* where this space's value starts in the outermost space's buffer */
  size_t nbytes;             /* bytes the value takes; for the outermost space: the buffer size */
  const char* name; /* "Discrete", "Box", "MultiDiscrete", "MultiBinary", "Tuple", "Dict" */
};

/* ---- One environment (gymnasium.make) ------------------------------------ */

typedef struct gymcc_env gymcc_env;

/* As a seed argument: reset without a seed (gymnasium's seed=None). */
#define GYMCC_NO_SEED INT64_MIN
/* As max_episode_steps: the registered TimeLimit (gymnasium's None). -1
 * removes the limit; a positive value replaces it. */
#define GYMCC_REGISTERED_LIMIT 0

/* gymnasium.make(env_id, render_mode=..., max_episode_steps=..., **kwargs).
 * kwargs_json: NULL or a JSON object; render_mode: NULL, "rgb_array" or
 * "ansi" (what the env supports). On success *env is a new handle (free it
 * with gymcc_env_free); on failure *env is NULL and, when `error` is not
 * NULL, the message is written there (truncated to error_size). */
GYMCC_C_API int gymcc_env_make(const char* env_id, const char* kwargs_json, const char* render_mode,
                               int64_t max_episode_steps, gymcc_env** env, char* error,
                               size_t error_size) GYMCC_C_NOEXCEPT;
/* Frees the handle and its descriptors; NULL is ignored. */
GYMCC_C_API void gymcc_env_free(gymcc_env* env) GYMCC_C_NOEXCEPT;
/* The most recent call's failure message, "" if it succeeded. */
GYMCC_C_API const char* gymcc_env_last_error(const gymcc_env* env) GYMCC_C_NOEXCEPT;

/* The registered id ("CartPole-v1"). */
GYMCC_C_API const char* gymcc_env_id(const gymcc_env* env) GYMCC_C_NOEXCEPT;
/* The spec (as gymcc_registry_json describes it) with the env's own
 * "kwargs" (registered and given, all of them) and "render_mode". */
GYMCC_C_API int gymcc_env_spec_json(gymcc_env* env, char* buffer, size_t size,
                                    size_t* length) GYMCC_C_NOEXCEPT;
GYMCC_C_API const gymcc_space* gymcc_env_action_space(const gymcc_env* env) GYMCC_C_NOEXCEPT;
GYMCC_C_API const gymcc_space* gymcc_env_observation_space(const gymcc_env* env) GYMCC_C_NOEXCEPT;

/* env.reset(seed=seed, options=options): writes the first observation into
 * `observation` (at least observation_space->nbytes bytes; NULL to skip).
 * options_json: NULL or a JSON object. The info: gymcc_env_info_json. */
GYMCC_C_API int gymcc_env_reset(gymcc_env* env, int64_t seed, const char* options_json,
                                void* observation, size_t observation_size) GYMCC_C_NOEXCEPT;
GYMCC_C_API int gymcc_env_reset_json(gymcc_env* env, const char* seed_json,
                                     const char* options_json, void* observation,
                                     size_t observation_size) GYMCC_C_NOEXCEPT;

/* env.step(action): `action` holds exactly action_space->nbytes bytes (one
 * int64 for Discrete). Writes the observation (NULL to skip), the reward
 * and the flags (0 or 1; each pointer may be NULL). The info:
 * gymcc_env_info_json. */
GYMCC_C_API int gymcc_env_step(gymcc_env* env, const void* action, size_t action_size,
                               void* observation, size_t observation_size, double* reward,
                               int* terminated, int* truncated) GYMCC_C_NOEXCEPT;
/* The same with the action as JSON (e.g. 1 or [0.5]), checked as the HTTP
 * API checks it. Allocates; for actions no buffer layout suits. */
GYMCC_C_API int gymcc_env_step_json(gymcc_env* env, const char* action_json, void* observation,
                                    size_t observation_size, double* reward, int* terminated,
                                    int* truncated) GYMCC_C_NOEXCEPT;
/* 1 if gymnasium gave the last step's reward as a Python int (the toy-text
 * envs' 0 and 1), 0 if as a float. */
GYMCC_C_API int gymcc_env_reward_is_int(const gymcc_env* env) GYMCC_C_NOEXCEPT;
/* The last reset's or step's info dict as JSON. */
GYMCC_C_API int gymcc_env_info_json(gymcc_env* env, char* buffer, size_t size,
                                    size_t* length) GYMCC_C_NOEXCEPT;
/* Steps since the last reset (the TimeLimit's count). */
GYMCC_C_API int64_t gymcc_env_elapsed_steps(const gymcc_env* env) GYMCC_C_NOEXCEPT;

/* Snapshots (docs/snapshots.md): the env's complete state as JSON, written
 * as gymcc_env_info_json writes (GYMCC_ERR_BUFFER_TOO_SMALL with *length set
 * when it does not fit). gymcc_env_set_state_json restores one into an env of
 * the same id, kwargs, time limit and render mode, all or nothing
 * (GYMCC_ERR_INVALID_STATE names the field otherwise); the same actions then
 * give bit-identical results. The action space's sampler is part of it. */
GYMCC_C_API int gymcc_env_state_json(gymcc_env* env, char* buffer, size_t size,
                                     size_t* length) GYMCC_C_NOEXCEPT;
GYMCC_C_API int gymcc_env_set_state_json(gymcc_env* env, const char* state_json) GYMCC_C_NOEXCEPT;
/* A new, independent handle in the same state (free it with gymcc_env_free). */
GYMCC_C_API int gymcc_env_clone(gymcc_env* env, gymcc_env** copy) GYMCC_C_NOEXCEPT;
/* A new handle made from a state (possibly taken in another process), as
 * gymcc_env_make reports failures. */
GYMCC_C_API int gymcc_env_make_from_state(const char* state_json, gymcc_env** env, char* error,
                                          size_t error_size) GYMCC_C_NOEXCEPT;

/* env.action_space.seed(seed), then env.action_space.sample() into `action`
 * (action_space->nbytes bytes): the same draws as Python's. */
GYMCC_C_API int gymcc_env_seed_action_space(gymcc_env* env, int64_t seed) GYMCC_C_NOEXCEPT;
GYMCC_C_API int gymcc_env_seed_action_space_json(gymcc_env* env,
                                                 const char* seed_json) GYMCC_C_NOEXCEPT;
GYMCC_C_API int gymcc_env_sample_action(gymcc_env* env, void* action,
                                        size_t action_size) GYMCC_C_NOEXCEPT;

/* env.render(): in render mode "rgb_array" *data is height x width x 3 bytes
 * (RGB, row-major); in "ansi" it is NUL-terminated text (width = height =
 * 0). *size is the byte count (text: without the NUL). The bytes belong to
 * the env and stay valid until its next call. */
GYMCC_C_API int gymcc_env_render(gymcc_env* env, const uint8_t** data, size_t* size, int32_t* width,
                                 int32_t* height) GYMCC_C_NOEXCEPT;

/* ---- Vector environments (gymnasium.make_vec, vectorization_mode="sync") -- */

typedef struct gymcc_vec gymcc_vec;

/* gymnasium's AutoresetMode. */
typedef enum gymcc_autoreset_mode {
  GYMCC_AUTORESET_NEXT_STEP = 0, /* the step after an ending resets that sub-env */
  GYMCC_AUTORESET_SAME_STEP = 1, /* the ending step resets it; infos hold final_obs */
  GYMCC_AUTORESET_DISABLED = 2   /* reset finished sub-envs yourself (reset_mask) */
} gymcc_autoreset_mode;

/* gymnasium.make_vec(env_id, num_envs, vectorization_mode="sync",
 * vector_kwargs={"autoreset_mode": ...}, max_episode_steps=..., **kwargs).
 * Arguments and errors as gymcc_env_make's (vector envs do not render yet:
 * a render_mode is GYMCC_ERR_NOT_RENDERABLE). */
GYMCC_C_API int gymcc_vec_make(const char* env_id, int64_t num_envs, int autoreset_mode,
                               const char* kwargs_json, const char* render_mode,
                               int64_t max_episode_steps, gymcc_vec** vec, char* error,
                               size_t error_size) GYMCC_C_NOEXCEPT;
GYMCC_C_API void gymcc_vec_free(gymcc_vec* vec) GYMCC_C_NOEXCEPT;
GYMCC_C_API const char* gymcc_vec_last_error(const gymcc_vec* vec) GYMCC_C_NOEXCEPT;

GYMCC_C_API int64_t gymcc_vec_num_envs(const gymcc_vec* vec) GYMCC_C_NOEXCEPT;
/* The batched spaces (gymnasium.vector.utils.batch_space: Discrete(k) x n
 * is MultiDiscrete([k] * n), Box(s) x n is Box((n, *s)), Tuple and Dict
 * batch each part), which lay out the buffers of gymcc_vec_step, and the
 * spaces of one sub-env. */
GYMCC_C_API const gymcc_space* gymcc_vec_action_space(const gymcc_vec* vec) GYMCC_C_NOEXCEPT;
GYMCC_C_API const gymcc_space* gymcc_vec_observation_space(const gymcc_vec* vec) GYMCC_C_NOEXCEPT;
GYMCC_C_API const gymcc_space* gymcc_vec_single_action_space(const gymcc_vec* vec) GYMCC_C_NOEXCEPT;
GYMCC_C_API const gymcc_space* gymcc_vec_single_observation_space(const gymcc_vec* vec)
    GYMCC_C_NOEXCEPT;

/* envs.reset(seed=seed, options=options): sub-env i gets seed + i. options
 * may hold "reset_mask" (a list of num_envs bools) to reset only some
 * sub-envs. Writes the observations (observation_space->nbytes; NULL to
 * skip). seed_json may also be a list of num_envs seeds (null: none). */
GYMCC_C_API int gymcc_vec_reset(gymcc_vec* vec, int64_t seed, const char* options_json,
                                void* observations, size_t observations_size) GYMCC_C_NOEXCEPT;
GYMCC_C_API int gymcc_vec_reset_json(gymcc_vec* vec, const char* seed_json,
                                     const char* options_json, void* observations,
                                     size_t observations_size) GYMCC_C_NOEXCEPT;

/* envs.step(actions): `actions` holds exactly action_space->nbytes bytes.
 * Writes the observations, num_envs rewards and num_envs flags (0 or 1);
 * any output may be NULL. */
GYMCC_C_API int gymcc_vec_step(gymcc_vec* vec, const void* actions, size_t actions_size,
                               void* observations, size_t observations_size, double* rewards,
                               uint8_t* terminated, uint8_t* truncated) GYMCC_C_NOEXCEPT;
/* The same with the actions as JSON (a list of num_envs actions). */
GYMCC_C_API int gymcc_vec_step_json(gymcc_vec* vec, const char* actions_json, void* observations,
                                    size_t observations_size, double* rewards, uint8_t* terminated,
                                    uint8_t* truncated) GYMCC_C_NOEXCEPT;
/* The last reset's or step's infos as gymnasium batches them (arrays of
 * num_envs values with "_key" masks; same-step autoreset's final_obs and
 * final_info), arrays written as nested lists. */
GYMCC_C_API int gymcc_vec_infos_json(gymcc_vec* vec, char* buffer, size_t size,
                                     size_t* length) GYMCC_C_NOEXCEPT;

/* envs.action_space.seed(seed) and envs.action_space.sample() (one action per
 * sub-env), as gymnasium draws them. */
GYMCC_C_API int gymcc_vec_seed_action_space(gymcc_vec* vec, int64_t seed) GYMCC_C_NOEXCEPT;
GYMCC_C_API int gymcc_vec_seed_action_space_json(gymcc_vec* vec,
                                                 const char* seed_json) GYMCC_C_NOEXCEPT;
GYMCC_C_API int gymcc_vec_sample_actions(gymcc_vec* vec, void* actions,
                                         size_t actions_size) GYMCC_C_NOEXCEPT;

/* Steps the sub-envs on `threads` threads (the caller's included; 1: serially).
 * Results do not depend on it. */
GYMCC_C_API int gymcc_vec_set_num_threads(gymcc_vec* vec, int32_t threads) GYMCC_C_NOEXCEPT;

/* Snapshots of vector envs (docs/snapshots.md, "Vector envs"): with index -1
 * the whole vector env's state (restored into one of the same id, kwargs,
 * time limit, num_envs and autoreset mode); with an index, that sub-env's as
 * a single env's state (gymcc_env_make_from_state makes a standalone env of
 * it; restoring one into a sub-env clears its flags, as a masked reset does). */
GYMCC_C_API int gymcc_vec_state_json(gymcc_vec* vec, int64_t index, char* buffer, size_t size,
                                     size_t* length) GYMCC_C_NOEXCEPT;
GYMCC_C_API int gymcc_vec_set_state_json(gymcc_vec* vec, int64_t index,
                                         const char* state_json) GYMCC_C_NOEXCEPT;
/* A new vector env handle made from a whole vector env's state. */
GYMCC_C_API int gymcc_vec_make_from_state(const char* state_json, gymcc_vec** vec, char* error,
                                          size_t error_size) GYMCC_C_NOEXCEPT;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* GYMCC_C_H */
