#!/usr/bin/env python3
"""Generate the golden vector-env trajectories in ``tests/golden/vector/`` from pip gymnasium.

Each env id gets one gzip file (``<name>.jsonl.gz``, written with mtime=0 and no
file name, so re-running this script reproduces the files byte for byte). Every
line is one *run*: a vector env driven through a fixed schedule of calls::

    {"id": gym id, "kwargs": {...}, "max_episode_steps": int | null,
     "num_envs": N, "autoreset_mode": "NextStep" | "SameStep" | "Disabled",
     "action_seed": int,
     "calls": [CALL, ...]}

    CALL = ["reset", SEED, OPTIONS, OBS, INFOS]
         | ["step", ACTIONS, OBS, REWARDS, TERMINATED, TRUNCATED, INFOS]
    SEED = null | int | [int | null, ...]      (what reset(seed=...) was given)

Protocol (see ``run_vector``)::

    envs = gymnasium.make_vec(id, num_envs=N, vectorization_mode="sync",
                              vector_kwargs={"autoreset_mode": mode},
                              [max_episode_steps=...,] **kwargs)
    envs.action_space.seed(action_seed)
    then each call in order; every step's ACTIONS are envs.action_space.sample().

The schedule (``schedule_calls``): reset(seed=action_seed); ``steps`` steps; with
autoreset NextStep/SameStep, a third of the way in, a reset of the even sub-envs
only (``options={"reset_mask": ..., **reset_options}``, seed action_seed + 1000);
with autoreset Disabled, after every step that ends an episode, a reset of exactly
the finished sub-envs (the first such reset seeded with action_seed + 7 and given
reset_options, later ones unseeded); then reset() without seed and 5 steps, then
reset(seed=[action_seed + 3, None, action_seed + 5, ...]) and 5 steps (Disabled
keeps resetting finished sub-envs throughout).

Values are written in a typed form so that dtypes survive JSON:
  * a numpy array: ``{"__ndarray__": dtype, "shape": [...], "data": [flat C order]}``
    (float32 elements as their exact double, ints as ints, bools as bools; an
    object array's elements are themselves encoded, None as null);
  * a numpy scalar: the same with ``"shape": []``;
  * dict: an object of encoded values (key order kept); tuple and list: a list;
  * None, bool, int, float, str: as JSON has them (floats via ``repr``).

Usage: ``python tests/golden/generate_vector.py [--out DIR] [--name NAME ...]``.
``tests/python/test_vector_golden_files.py`` imports this module to check that
regenerating reproduces the committed files.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from typing import Any

import numpy as np

import gymnasium

# The gzip writer/reader are the scalar golden files' (same directory).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import read_jsonl_gz, write_jsonl_gz  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
VECTOR_DIR = os.path.join(HERE, "vector")

MODES = ["NextStep", "SameStep", "Disabled"]
CODA_STEPS = 5
ARRAY_TAG = "__ndarray__"

# name -> runs: (id, kwargs, max_episode_steps, num_envs, action_seed, steps,
# reset_options, modes). Seeds cover small values, 32-bit word carries
# (2**32 - 2 + i) and multi-word entropy (2**64 + 1 + i). Time limits are
# lowered where random actions would otherwise only truncate late.
RUNS: dict[str, list[tuple]] = {
    "cartpole": [
        ("CartPole-v1", {}, None, 4, 42, 120, {"low": -0.02, "high": 0.02}, MODES),
        ("CartPole-v1", {"sutton_barto_reward": True}, 30, 3, 2**32 - 2, 60, None, MODES),
    ],
    "pendulum": [
        ("Pendulum-v1", {"g": 9.81}, 30, 3, 2**64 + 1, 75, {"x_init": 1.0, "y_init": 0.5}, MODES),
        ("Pendulum-v1", {}, None, 2, 5, 205, None, ["NextStep"]),
    ],
    "mountain_car_continuous": [
        ("MountainCarContinuous-v0", {}, 40, 2, 7, 90, {"low": -0.5, "high": -0.4}, MODES),
    ],
    "acrobot": [
        ("Acrobot-v1", {}, 35, 2, 2**32 - 1, 80, {"low": -0.2, "high": 0.2}, MODES),
    ],
    "frozen_lake": [
        ("FrozenLake-v1", {}, None, 4, 0, 100, None, MODES),
        ("FrozenLake-v1", {"is_slippery": False}, 12, 3, 11, 50, None, MODES),
    ],
    "taxi": [
        ("Taxi-v4", {}, 25, 3, 1, 70, None, MODES),
    ],
    "blackjack": [
        ("Blackjack-v1", {}, None, 4, 3, 40, None, MODES),
    ],
}


def encode(x: Any) -> Any:
    """numpy-aware value -> typed JSON data (see the module docstring)."""
    if isinstance(x, np.ndarray):
        if x.dtype == object:
            data = [encode(e) for e in x.ravel().tolist()]
        else:
            data = x.ravel().tolist()
        return {ARRAY_TAG: str(x.dtype), "shape": list(x.shape), "data": data}
    if isinstance(x, np.generic):
        return {ARRAY_TAG: str(x.dtype), "shape": [], "data": [x.item()]}
    if isinstance(x, dict):
        if ARRAY_TAG in x:
            raise ValueError(f"a dict key collides with the array tag: {x!r}")
        return {str(k): encode(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    if x is None or isinstance(x, (bool, int, float, str)):
        return x
    raise TypeError(f"cannot encode {type(x)}: {x!r}")


def run_vector(
    env_id: str,
    kwargs: dict,
    max_episode_steps: int | None,
    num_envs: int,
    action_seed: int,
    steps: int,
    reset_options: dict | None,
    mode: str,
) -> dict:
    """Drive one vector env through the schedule; return the run as a dict."""
    make_kwargs = dict(kwargs)
    if max_episode_steps is not None:
        make_kwargs["max_episode_steps"] = max_episode_steps
    envs = gymnasium.make_vec(
        env_id,
        num_envs=num_envs,
        vectorization_mode="sync",
        vector_kwargs={"autoreset_mode": mode},
        **make_kwargs,
    )
    calls: list[list] = []

    def reset(seed: Any, options: dict | None) -> None:
        # SyncVectorEnv pops "reset_mask" from the dict it is given: pass a copy.
        obs, infos = envs.reset(seed=seed, options=None if options is None else dict(options))
        calls.append(["reset", seed, encode(options), encode(obs), encode(infos)])

    disabled_resets = 0

    def step() -> None:
        nonlocal disabled_resets
        actions = envs.action_space.sample()
        obs, rewards, terminated, truncated, infos = envs.step(actions)
        calls.append(
            ["step", encode(actions), encode(obs), encode(rewards), encode(terminated),
             encode(truncated), encode(infos)]
        )
        finished = np.logical_or(terminated, truncated)
        if mode == "Disabled" and finished.any():
            if disabled_resets == 0:
                reset(action_seed + 7, {"reset_mask": finished, **(reset_options or {})})
            else:
                reset(None, {"reset_mask": finished})
            disabled_resets += 1

    try:
        envs.action_space.seed(action_seed)
        reset(action_seed, None)
        for t in range(steps):
            if t == steps // 3 and mode != "Disabled":
                mask = np.array([i % 2 == 0 for i in range(num_envs)], dtype=np.bool_)
                reset(action_seed + 1000, {"reset_mask": mask, **(reset_options or {})})
            step()
        reset(None, None)
        for _ in range(CODA_STEPS):
            step()
        seeds = [action_seed + 3 + i if i % 2 == 0 else None for i in range(num_envs)]
        reset(seeds, None)
        for _ in range(CODA_STEPS):
            step()
    finally:
        envs.close()
    return {
        "id": env_id,
        "kwargs": encode(kwargs),
        "max_episode_steps": max_episode_steps,
        "num_envs": num_envs,
        "autoreset_mode": mode,
        "action_seed": action_seed,
        "calls": calls,
    }


def dumps(run: dict) -> str:
    """One run as one compact JSON line (no trailing newline)."""
    return json.dumps(run, separators=(",", ":"), allow_nan=True)


def generate(name: str) -> list[str]:
    """The lines of ``<name>.jsonl.gz``."""
    lines = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for env_id, kwargs, max_steps, n, seed, steps, options, modes in RUNS[name]:
            for mode in modes:
                run = run_vector(env_id, kwargs, max_steps, n, seed, steps, options, mode)
                lines.append(dumps(run))
    return lines


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=VECTOR_DIR, help="output directory (default: %(default)s)")
    p.add_argument("--name", action="append", choices=sorted(RUNS), help="only these files")
    args = p.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    print(f"gymnasium {gymnasium.__version__}, numpy {np.__version__}")
    total = 0
    for name in args.name or RUNS:
        path = os.path.join(args.out, f"{name}.jsonl.gz")
        write_jsonl_gz(path, generate(name))
        size = os.path.getsize(path)
        total += size
        print(f"{path}: {size} bytes")
    print(f"total {total} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
