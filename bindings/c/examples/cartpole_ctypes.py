#!/usr/bin/env python3
"""Balances CartPole-v1 through gymcc's C ABI from Python's ctypes (no numpy,
no gymcc Python package) and prints the mean return over 10 seeded episodes.

The library: $GYMCC_C_LIB, else an installed libgymcc_c, else this
checkout's build/dev/lib/libgymcc_c.so.

    python3 bindings/c/examples/cartpole_ctypes.py
"""

import ctypes
import ctypes.util
import os
import sys
from ctypes import POINTER, byref, c_char, c_char_p, c_double, c_int, c_int32, c_int64, c_size_t

GYMCC_OK = 0
GYMCC_REGISTERED_LIMIT = 0


class Space(ctypes.Structure):
    """gymcc_space, field for field (gymcc_c.h)."""


Space._fields_ = [
    ("kind", c_int32),
    ("dtype", c_int32),
    ("n", c_int64),
    ("start", c_int64),
    ("ndim", c_int32),
    ("num_spaces", c_int32),
    ("shape", POINTER(c_int64)),
    ("size", c_int64),
    ("low", POINTER(c_double)),
    ("high", POINTER(c_double)),
    ("nvec", POINTER(c_int64)),
    ("starts", POINTER(c_int64)),
    ("spaces", POINTER(Space)),
    ("keys", POINTER(c_char_p)),
    ("offset", c_size_t),
    ("nbytes", c_size_t),
    ("name", c_char_p),
]


def load_library() -> ctypes.CDLL:
    path = os.environ.get("GYMCC_C_LIB") or ctypes.util.find_library("gymcc_c")
    if not path:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
        path = os.path.join(os.path.abspath(root), "build", "dev", "lib", "libgymcc_c.so")
    lib = ctypes.CDLL(path)
    lib.gymcc_status_name.restype = c_char_p
    lib.gymcc_env_last_error.restype = c_char_p
    lib.gymcc_env_make.argtypes = [c_char_p, c_char_p, c_char_p, c_int64,
                                   POINTER(ctypes.c_void_p), POINTER(c_char), c_size_t]
    lib.gymcc_env_free.argtypes = [ctypes.c_void_p]
    lib.gymcc_env_last_error.argtypes = [ctypes.c_void_p]
    lib.gymcc_env_observation_space.restype = POINTER(Space)
    lib.gymcc_env_observation_space.argtypes = [ctypes.c_void_p]
    lib.gymcc_env_reset.argtypes = [ctypes.c_void_p, c_int64, c_char_p, ctypes.c_void_p, c_size_t]
    lib.gymcc_env_step.argtypes = [ctypes.c_void_p, ctypes.c_void_p, c_size_t, ctypes.c_void_p,
                                   c_size_t, POINTER(c_double), POINTER(c_int), POINTER(c_int)]
    return lib


def policy(obs) -> int:
    """Push the cart towards where the pole is falling (cartpole.c's policy)."""
    x, x_dot, theta, theta_dot = obs
    return 1 if 0.05 * x + 0.1 * x_dot + theta + 0.5 * theta_dot > 0.0 else 0


def main() -> int:
    lib = load_library()
    error = ctypes.create_string_buffer(256)
    env = ctypes.c_void_p()
    if lib.gymcc_env_make(b"CartPole-v1", None, None, GYMCC_REGISTERED_LIMIT, byref(env), error,
                          len(error)) != GYMCC_OK:
        print(f"gymcc: {error.value.decode()}", file=sys.stderr)
        return 1

    def check(status: int) -> None:
        if status != GYMCC_OK:
            raise RuntimeError(f"{lib.gymcc_status_name(status).decode()}: "
                               f"{lib.gymcc_env_last_error(env).decode()}")

    obs = (ctypes.c_float * 4)()
    assert lib.gymcc_env_observation_space(env).contents.nbytes == ctypes.sizeof(obs)
    action = c_int64()
    reward, terminated, truncated = c_double(), c_int(), c_int()
    episodes, total = 10, 0.0
    try:
        for seed in range(episodes):
            check(lib.gymcc_env_reset(env, seed, None, obs, ctypes.sizeof(obs)))
            episode_return = 0.0
            terminated.value = truncated.value = 0
            while not (terminated.value or truncated.value):
                action.value = policy(obs)
                check(lib.gymcc_env_step(env, byref(action), ctypes.sizeof(action), obs,
                                         ctypes.sizeof(obs), byref(reward), byref(terminated),
                                         byref(truncated)))
                episode_return += reward.value
            print(f"seed {seed}: return {episode_return:.1f}")
            total += episode_return
    finally:
        lib.gymcc_env_free(env)
    print(f"mean return over {episodes} episodes: {total / episodes:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
