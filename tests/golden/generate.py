#!/usr/bin/env python3
"""Generate the golden episode files in ``tests/golden/data/`` from pip gymnasium.

Each family gets one gzip file (``<family>.jsonl.gz``, written with mtime=0 so
that re-running this script reproduces the files byte for byte). Every line is
one episode::

    {"env": family, "id": gym id, "kwargs": {...}, "seed": int,
     "policy": "action_space.sample" | "pump", ["options": {...},]
     "reset": {"obs": OBS, "info": INFO},
     "steps": [[ACTION, OBS, REWARD, TERMINATED, TRUNCATED, INFO], ...],
     "end": "terminated" | "truncated" | "cap", ["after_end": N]}

Protocol (see ``run_episode``)::

    env = gymnasium.make(id, **kwargs)
    env.action_space.seed(seed)
    obs, info = env.reset(seed=seed, options=options)
    loop: a = policy(obs); obs, r, term, trunc, info = env.step(a)

until terminated or truncated (``end`` names which; terminated wins when both
are true) or ``cap`` steps were taken (``end == "cap"``). With ``after_end=N``
the episode (which must end by termination) is deliberately stepped N more
times through the normal wrappers with the same policy; those N steps are the
last N entries of ``steps``.

Toy-text observations are Python ints (Blackjack's tuple becomes a list of
three ints) and their rewards keep Python's int/float distinction (FrozenLake,
CliffWalking and Taxi rewards are ints unless a float ``reward_schedule`` says
otherwise). CliffWalking registers no time limit: its episodes use ``cap``.

Policies:
  * ``action_space.sample``: ``env.action_space.sample()`` (seeded with ``seed``).
  * ``pump``: a deterministic function of the observation returned by the
    previous reset/step (the float32 values, compared as such):
      - MountainCar-v0:           ``2 if obs[1] >= 0 else 0``
      - MountainCarContinuous-v0: ``[1.0] if obs[1] >= 0 else [-1.0]`` (float32 array)
      - Acrobot-v1:               ``2 if obs[5] >= 0 else 0``  (torque along the
                                   second joint's angular velocity)

Numbers: numpy arrays are written with ``.tolist()`` and numpy scalars with
``.item()``, so float32 values appear as their exact double, ints stay ints,
bools stay bools; floats are Python ``repr`` (``json.dumps``), inf is ``Infinity``.

Usage: ``python tests/golden/generate.py [--out DIR] [--family NAME ...]``.
The module is also used as a library by the Python tests (``run_episode``,
``family_specs``, ``generate_family``, ``write_jsonl_gz``, ``random_specs``).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import os
import random
import sys
import warnings
from collections import Counter
from typing import Any, Iterable

import numpy as np

import gymnasium

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.join(HERE, "data")

SAMPLE = "action_space.sample"
PUMP = "pump"

# Seeds every family covers: small, 32-bit boundary, multi-word entropy.
SPECIAL_SEEDS = [0, 1, 42, 2**32, 2**64 + 1, 2**128 + 3]

PUMP_IDS = ("MountainCar-v0", "MountainCarContinuous-v0", "Acrobot-v1")


# ---------------------------------------------------------------------------
# Conversion and policies
# ---------------------------------------------------------------------------


def to_py(x: Any) -> Any:
    """Convert numpy data to plain Python data without changing values/types.

    float32 -> exact double, numpy ints -> int, numpy bools -> bool.
    """
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, dict):
        return {str(k): to_py(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [to_py(v) for v in x]
    return x


def pump_action(env_id: str, obs: np.ndarray) -> Any:
    """The deterministic 'pump' policy (see the module docstring)."""
    if env_id == "MountainCar-v0":
        return 2 if obs[1] >= 0 else 0
    if env_id == "MountainCarContinuous-v0":
        return np.array([1.0 if obs[1] >= 0 else -1.0], dtype=np.float32)
    if env_id == "Acrobot-v1":
        return 2 if obs[5] >= 0 else 0
    raise ValueError(f"no pump policy for {env_id}")


# ---------------------------------------------------------------------------
# One episode
# ---------------------------------------------------------------------------


def run_episode(
    env_id: str,
    kwargs: dict | None = None,
    seed: int = 0,
    policy: str = SAMPLE,
    options: dict | None = None,
    cap: int | None = None,
    after_end: int = 0,
    label: str | None = None,
) -> dict:
    """Run one episode with pip gymnasium and return it as a golden-format dict."""
    kwargs = dict(kwargs or {})
    if policy not in (SAMPLE, PUMP):
        raise ValueError(f"unknown policy {policy!r}")
    env = gymnasium.make(env_id, **kwargs)
    try:
        env.action_space.seed(seed)
        obs, info = env.reset(seed=seed, options=options)
        ep: dict[str, Any] = {
            "env": label if label is not None else family_of(env_id),
            "id": env_id,
            "kwargs": to_py(kwargs),
            "seed": seed,
            "policy": policy,
        }
        if options is not None:
            ep["options"] = to_py(options)
        ep["reset"] = {"obs": to_py(obs), "info": to_py(info)}

        def act(o):
            return env.action_space.sample() if policy == SAMPLE else pump_action(env_id, o)

        steps = []
        end = None
        while end is None:
            if cap is not None and len(steps) >= cap:
                end = "cap"
                break
            a = act(obs)
            obs, rew, term, trunc, info = env.step(a)
            steps.append([to_py(a), to_py(obs), to_py(rew), to_py(term), to_py(trunc), to_py(info)])
            if term:
                end = "terminated"
            elif trunc:
                end = "truncated"
        if after_end:
            if end != "terminated":
                raise ValueError(
                    f"after_end requested but {env_id} seed={seed} ended by {end}"
                )
            for _ in range(after_end):
                a = act(obs)
                obs, rew, term, trunc, info = env.step(a)
                steps.append(
                    [to_py(a), to_py(obs), to_py(rew), to_py(term), to_py(trunc), to_py(info)]
                )
        ep["steps"] = steps
        ep["end"] = end
        if after_end:
            ep["after_end"] = after_end
        return ep
    finally:
        env.close()


def dumps(ep: dict) -> str:
    """Serialise one episode as one compact JSON line (no trailing newline)."""
    return json.dumps(ep, separators=(",", ":"), allow_nan=True)


# ---------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------

FAMILY_OF_ID = {
    "CartPole-v0": "cartpole",
    "CartPole-v1": "cartpole",
    "MountainCar-v0": "mountain_car",
    "MountainCarContinuous-v0": "mountain_car_continuous",
    "Pendulum-v1": "pendulum",
    "Acrobot-v1": "acrobot",
    "FrozenLake-v1": "frozen_lake",
    "FrozenLake8x8-v1": "frozen_lake",
    "Taxi-v4": "taxi",
    "CliffWalking-v1": "cliff_walking",
    "CliffWalkingSlippery-v1": "cliff_walking",
    "Blackjack-v1": "blackjack",
}

FAMILIES = [
    "cartpole",
    "mountain_car",
    "mountain_car_continuous",
    "pendulum",
    "acrobot",
    "frozen_lake",
    "taxi",
    "cliff_walking",
    "blackjack",
]

# Custom FrozenLake maps: several start tiles, none (gymnasium's NaN start
# distribution starts in state 0), a non-square map, letters other than SFHG
# (frozen), a single row, rows given as lists of letters, a NUL letter (numpy
# reads it as b"", which counts as a goal), and no goal or hole at all (the
# episode runs into the time limit).
FROZEN_LAKE_DESCS = [
    ["SFS", "FHF", "SFG"],
    ["FFF", "FHF", "FFG"],
    ["SFFFH", "FFHFG"],
    ["SxF", "FHz", "F?G"],
    ["SFFHFG"],
    [["S", "F", "F"], ["F", "H", "F"], ["H", "F", "G"]],
    ["SF\x00", "FHF", "FFF"],
    ["SFF", "FFF", "FFF"],
]

CLIFF_CAP = 1000


def family_of(env_id: str) -> str:
    return FAMILY_OF_ID.get(env_id, env_id)


def _fixed_seeds(tag: str, n: int) -> list[int]:
    """A spread of random-but-fixed seeds (deterministic per tag)."""
    r = random.Random(f"gymcc-golden-{tag}")
    out = []
    for i in range(n):
        bits = (8, 16, 31, 32, 40, 63, 64, 65, 96, 127, 128, 160)[i % 12]
        out.append(r.getrandbits(bits))
    return out


def _spec(env_id, seed, policy=SAMPLE, kwargs=None, options=None, cap=None, after_end=0):
    return {
        "env_id": env_id,
        "kwargs": kwargs or {},
        "seed": seed,
        "policy": policy,
        "options": options,
        "cap": cap,
        "after_end": after_end,
    }


def family_specs(family: str) -> list[dict]:
    """The fixed list of episode specs (kwargs for run_episode) of a family."""
    S = SPECIAL_SEEDS
    specs: list[dict] = []
    add = specs.append
    if family == "cartpole":
        for s in S + _fixed_seeds("cartpole-v1", 12):
            add(_spec("CartPole-v1", s))
        for s in [0, 42, 2**64 + 1] + _fixed_seeds("cartpole-sb", 5):
            add(_spec("CartPole-v1", s, kwargs={"sutton_barto_reward": True}))
        for s in [1, 2**32] + _fixed_seeds("cartpole-opt", 3):
            add(_spec("CartPole-v1", s, options={"low": -0.2, "high": 0.2}))
        add(_spec("CartPole-v1", 7, options={"high": 0.01}))
        add(_spec("CartPole-v1", 2**128 + 3, options={"low": -0.01}))
        add(_spec("CartPole-v1", 3, options={"low": 0.0, "high": 0.0}))
        add(_spec("CartPole-v1", 5, kwargs={"sutton_barto_reward": False}, options={}))
        add(_spec("CartPole-v1", 6, options={"low": 0.3, "high": 0.5}))  # terminates at step 1
        for s in S + _fixed_seeds("cartpole-v0", 4):
            add(_spec("CartPole-v0", s))
        # Deliberately stepped past termination (reward 0.0, or -1.0 with
        # sutton_barto_reward, terminated stays as the physics says).
        add(_spec("CartPole-v1", 0, after_end=5))
        add(_spec("CartPole-v1", 2**64 + 1, after_end=25))
        add(_spec("CartPole-v1", 12345, after_end=60))
        add(_spec("CartPole-v1", 42, kwargs={"sutton_barto_reward": True}, after_end=10))
        add(_spec("CartPole-v0", 1, after_end=8))
    elif family == "mountain_car":
        for s in S + _fixed_seeds("mc-sample", 8):
            add(_spec("MountainCar-v0", s))
        for s in S + _fixed_seeds("mc-pump", 14):
            add(_spec("MountainCar-v0", s, PUMP))
        add(_spec("MountainCar-v0", 3, options={"low": -0.7, "high": -0.5}))
        add(_spec("MountainCar-v0", 4, PUMP, options={"low": -0.7, "high": -0.5}))
        # Starting at the left wall: exercises the `position == min and v < 0` clamp.
        add(_spec("MountainCar-v0", 5, options={"low": -1.2, "high": -1.2}))
        add(_spec("MountainCar-v0", 6, PUMP, options={"low": -1.2, "high": -1.2}))
        add(_spec("MountainCar-v0", 2**64 + 1, PUMP, options={"low": 0.4, "high": 0.6}))
        add(_spec("MountainCar-v0", 8, options={"high": -0.55}))
    elif family == "mountain_car_continuous":
        env_id = "MountainCarContinuous-v0"
        for s in [0, 42, 2**128 + 3] + _fixed_seeds("mcc-full", 3):
            add(_spec(env_id, s))  # runs to 999, truncated
        for s in [1, 2**32, 2**64 + 1] + _fixed_seeds("mcc-cap", 5):
            add(_spec(env_id, s, cap=120))
        for s in S + _fixed_seeds("mcc-pump", 14):
            add(_spec(env_id, s, PUMP))
        add(_spec(env_id, 3, PUMP, options={"low": -0.2, "high": -0.1}))
        add(_spec(env_id, 4, options={"low": -1.2, "high": -1.2}, cap=150))
        add(_spec(env_id, 5, PUMP, options={"low": -1.2, "high": -1.2}))
        add(_spec(env_id, 6, PUMP, options={"low": 0.44, "high": 0.6}))
    elif family == "pendulum":
        env_id = "Pendulum-v1"
        for s in S + _fixed_seeds("pendulum", 10):
            add(_spec(env_id, s))
        for s in [0, 42, 2**64 + 1] + _fixed_seeds("pendulum-g981", 4):
            add(_spec(env_id, s, kwargs={"g": 9.81}))
        for s in [1, 2**32] + _fixed_seeds("pendulum-g2", 3):
            add(_spec(env_id, s, kwargs={"g": 2.0}))
        add(_spec(env_id, 7, options={"x_init": math.pi / 2, "y_init": 0.5}))
        add(_spec(env_id, 2**128 + 3, options={"x_init": math.pi / 2, "y_init": 0.5}))
        add(_spec(env_id, 8, options={"x_init": 0.0, "y_init": 0.0}))
        add(_spec(env_id, 9, options={"y_init": 8.0}))
        add(_spec(env_id, 10, kwargs={"g": 9.81}, options={"x_init": 3.0}))
        add(_spec(env_id, 11, options={}))
    elif family == "acrobot":
        env_id = "Acrobot-v1"
        for s in [0, 42, 2**128 + 3] + _fixed_seeds("acrobot-full", 3):
            add(_spec(env_id, s))  # runs to 500, truncated
        for s in [1, 2**32, 2**64 + 1] + _fixed_seeds("acrobot-cap", 5):
            add(_spec(env_id, s, cap=80))
        for s in S + _fixed_seeds("acrobot-pump", 16):
            add(_spec(env_id, s, PUMP))
        add(_spec(env_id, 3, PUMP, options={"low": -0.5, "high": 0.5}))
        add(_spec(env_id, 4, options={"low": -0.5, "high": 0.5}, cap=80))
        # Wide starts: angles beyond +-pi exercise the wrap while-loops.
        add(_spec(env_id, 5, PUMP, options={"low": -3.2, "high": 3.2}))
        add(_spec(env_id, 6, options={"low": -3.2, "high": 3.2}, cap=80))
        add(_spec(env_id, 2**32, PUMP, options={"low": 3.0, "high": 3.1}))
        # Velocities beyond the +-4pi / +-9pi bounds and angles needing several wraps.
        add(_spec(env_id, 0, options={"low": -30.0, "high": 30.0}))
        add(_spec(env_id, 2, options={"low": -30.0, "high": 30.0}, cap=60))
        add(_spec(env_id, 5, options={"low": 12.0, "high": 15.0}))
    elif family == "frozen_lake":
        from gymnasium.envs.toy_text.frozen_lake import generate_random_map

        env_id = "FrozenLake-v1"
        for s in S + _fixed_seeds("fl-slippery", 8):
            add(_spec(env_id, s))
        for s in [0, 42, 2**64 + 1] + _fixed_seeds("fl-dry", 3):
            add(_spec(env_id, s, kwargs={"is_slippery": False}))
        for s in [1, 2**32, 2**128 + 3] + _fixed_seeds("fl-8x8", 3):
            add(_spec("FrozenLake8x8-v1", s))
        add(_spec("FrozenLake8x8-v1", 7, kwargs={"is_slippery": False}))
        add(_spec(env_id, 3, kwargs={"map_name": "8x8"}))
        add(_spec("FrozenLake8x8-v1", 4, kwargs={"desc": ["SFFF", "FFFF", "FFFF", "FFFF"]}))
        for i, desc in enumerate(FROZEN_LAKE_DESCS):
            add(_spec(env_id, 100 + i, kwargs={"desc": desc}))
        add(_spec(env_id, 2**64 + 1, kwargs={"desc": FROZEN_LAKE_DESCS[0], "is_slippery": False}))
        for size, p, map_seed, s in [(5, 0.7, 3, 0), (8, 0.8, 11, 2**32), (12, 0.85, 2**40, 42)]:
            add(_spec(env_id, s, kwargs={"desc": generate_random_map(size, p, map_seed)}))
        add(_spec(env_id, 5, kwargs={"success_rate": 0.8}))
        add(_spec(env_id, 6, kwargs={"success_rate": 1}))  # an int: info["prob"] is the int 1
        add(_spec(env_id, 7, kwargs={"success_rate": 0.0}))
        add(_spec(env_id, 8, kwargs={"reward_schedule": [10.0, -1.0, -0.1]}))
        add(_spec(env_id, 9, kwargs={"reward_schedule": [5, -3, -1], "is_slippery": False}))
        add(_spec("FrozenLake8x8-v1", 10, kwargs={"reward_schedule": [1, -1.5, 0], "success_rate": 0.9}))
        # Stepped past termination: the agent stays put, reward 0, terminated.
        add(_spec(env_id, 0, after_end=3))
        add(_spec(env_id, 2**128 + 3, kwargs={"reward_schedule": [2.5, -1.0, 0.5]}, after_end=4))
    elif family == "taxi":
        env_id = "Taxi-v4"
        for s in S + _fixed_seeds("taxi", 8):
            add(_spec(env_id, s))
        for s in [0, 42, 2**128 + 3] + _fixed_seeds("taxi-rainy", 3):
            add(_spec(env_id, s, kwargs={"is_rainy": True}))
        for s in [1, 2**32] + _fixed_seeds("taxi-fickle", 2):
            add(_spec(env_id, s, kwargs={"fickle_passenger": True}))
        both = {"is_rainy": True, "fickle_passenger": True}
        for s in S + _fixed_seeds("taxi-both", 4):
            add(_spec(env_id, s, kwargs=both))
        always_fickle = {"fickle_passenger": True, "fickle_probability": 1.0}
        for s in [5, 2**64 + 1] + _fixed_seeds("taxi-always-fickle", 3):
            add(_spec(env_id, s, kwargs=always_fickle))
        for s in [1, 42] + _fixed_seeds("taxi-both-fickle", 3):
            add(_spec(env_id, s, kwargs={**both, "fickle_probability": 1.0}))
        add(_spec(env_id, 6, kwargs={"is_rainy": True, "rainy_probability": 0.5}))
        add(_spec(env_id, 7, kwargs={"is_rainy": True, "rainy_probability": 1}))  # int prob
        add(_spec(env_id, 8, kwargs={**both, "rainy_probability": 0.6, "fickle_probability": 0.9}))
        # Seeds whose random walk delivers the passenger, then steps on.
        add(_spec(env_id, 26, after_end=6))
        add(_spec(env_id, 27, after_end=12))
    elif family == "cliff_walking":
        cap = CLIFF_CAP
        for s in S + _fixed_seeds("cliff", 6):
            add(_spec("CliffWalking-v1", s, cap=cap))
        for s in S + _fixed_seeds("cliff-slippery", 6):
            add(_spec("CliffWalkingSlippery-v1", s, cap=cap))
        for s in [3, 2**64 + 1]:
            add(_spec("CliffWalking-v1", s, kwargs={"is_slippery": True}, cap=cap))
            add(_spec("CliffWalkingSlippery-v1", s, kwargs={"is_slippery": False}, cap=cap))
        # Seeds that reach the goal within the cap, then step on.
        add(_spec("CliffWalking-v1", 10, cap=cap, after_end=10))
        add(_spec("CliffWalkingSlippery-v1", 9, cap=cap, after_end=10))
        add(_spec("CliffWalkingSlippery-v1", 15, cap=cap, after_end=25))
    elif family == "blackjack":
        env_id = "Blackjack-v1"  # registered with sab=True, natural=False
        for s in S + _fixed_seeds("blackjack", 14):
            add(_spec(env_id, s))
        for s in [0, 42, 2**64 + 1] + _fixed_seeds("blackjack-natural", 3):
            add(_spec(env_id, s, kwargs={"natural": True}))  # ignored: sab stays True
        for s in [1, 2**32, 2**128 + 3] + _fixed_seeds("blackjack-nosab", 3):
            add(_spec(env_id, s, kwargs={"sab": False}))
        for s in [79, 92, 95, 158] + _fixed_seeds("blackjack-natural-payout", 6):
            add(_spec(env_id, s, kwargs={"sab": False, "natural": True}))
        add(_spec(env_id, 79))  # the natural above under sab: 1.0
        # Stepped past termination: hits keep drawing, sticks rescore.
        for s, n in [(0, 5), (2**32, 12), (158, 4)]:
            add(_spec(env_id, s, after_end=n))
        add(_spec(env_id, 2**128 + 3, kwargs={"sab": False, "natural": True}, after_end=8))
    else:
        raise ValueError(f"unknown family {family!r}")
    return specs


def random_specs(rng: random.Random, per_family: int = 2) -> list[dict]:
    """Fresh random episode specs for every family (used by the live tests)."""
    specs = []
    variants = [
        ("CartPole-v1", {}, SAMPLE, None, None),
        ("CartPole-v1", {"sutton_barto_reward": True}, SAMPLE, None, None),
        ("CartPole-v1", {}, SAMPLE, {"low": -0.2, "high": 0.2}, None),
        ("CartPole-v0", {}, SAMPLE, None, None),
        ("MountainCar-v0", {}, SAMPLE, None, None),
        ("MountainCar-v0", {}, PUMP, None, None),
        ("MountainCarContinuous-v0", {}, SAMPLE, None, 100),
        ("MountainCarContinuous-v0", {}, PUMP, None, None),
        ("Pendulum-v1", {}, SAMPLE, None, None),
        ("Pendulum-v1", {"g": 9.81}, SAMPLE, None, None),
        ("Acrobot-v1", {}, SAMPLE, None, 60),
        ("Acrobot-v1", {}, PUMP, None, None),
        ("FrozenLake-v1", {}, SAMPLE, None, None),
        ("FrozenLake-v1", {"is_slippery": False}, SAMPLE, None, None),
        ("FrozenLake8x8-v1", {}, SAMPLE, None, None),
        ("Taxi-v4", {}, SAMPLE, None, None),
        ("Taxi-v4", {"is_rainy": True, "fickle_passenger": True}, SAMPLE, None, None),
        ("CliffWalking-v1", {}, SAMPLE, None, 300),
        ("CliffWalkingSlippery-v1", {}, SAMPLE, None, 300),
        ("Blackjack-v1", {}, SAMPLE, None, None),
        ("Blackjack-v1", {"sab": False, "natural": True}, SAMPLE, None, None),
    ]
    for env_id, kw, pol, opt, cap in variants:
        for _ in range(per_family):
            seed = rng.getrandbits(rng.choice([8, 32, 64, 100]))
            specs.append(_spec(env_id, seed, pol, kwargs=kw, options=opt, cap=cap))
    specs.append(_spec("CartPole-v1", rng.getrandbits(32), after_end=rng.randint(1, 20)))
    return specs


def run_spec(spec: dict) -> dict:
    return run_episode(
        spec["env_id"],
        spec["kwargs"],
        spec["seed"],
        spec["policy"],
        options=spec["options"],
        cap=spec["cap"],
        after_end=spec["after_end"],
    )


def generate_family(family: str) -> list[str]:
    """The JSON lines (without newlines) of one family's golden file."""
    return [dumps(run_spec(s)) for s in family_specs(family)]


def write_jsonl_gz(path: str, lines: Iterable[str]) -> None:
    """Write lines to a deterministic gzip file (mtime=0, no file name)."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        for line in lines:
            gz.write(line.encode("utf-8"))
            gz.write(b"\n")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(buf.getvalue())
    os.replace(tmp, path)


def read_jsonl_gz(path: str) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=DATA_DIR, help="output directory (default: %(default)s)")
    p.add_argument("--family", action="append", choices=FAMILIES, help="only these families")
    args = p.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    warnings.simplefilter("ignore")  # CartPole-v0 deprecation, stepping past termination
    total = 0
    print(f"gymnasium {gymnasium.__version__}, numpy {np.__version__}")
    for fam in args.family or FAMILIES:
        lines = generate_family(fam)
        path = os.path.join(args.out, f"{fam}.jsonl.gz")
        write_jsonl_gz(path, lines)
        size = os.path.getsize(path)
        total += size
        eps = [json.loads(line) for line in lines]
        ends = Counter(e["end"] for e in eps)
        by_id = Counter(
            (e["id"], e["policy"]) for e in eps
        )
        nsteps = sum(len(e["steps"]) for e in eps)
        print(
            f"{os.path.relpath(path)}: {len(eps)} episodes, {nsteps} steps, {size} bytes; "
            f"end {dict(sorted(ends.items()))}; "
            + ", ".join(f"{i}/{pol}: {n}" for (i, pol), n in sorted(by_id.items()))
        )
    print(f"total {total} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
