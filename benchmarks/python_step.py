#!/usr/bin/env python3
"""CartPole-v1 step throughput from Python: gymcc's package against gymnasium.

Two comparisons, each the best of several timed rounds (prints numbers, asserts nothing):

1. ``env.step`` on ``gymcc.make("CartPole-v1")`` against ``gymnasium.make("CartPole-v1")``
   (gymnasium's wrappers included, as users get it), resetting when an episode ends.
2. Env-steps per second of ``gymcc.make_vec("CartPole-v1", 1024)`` (one thread) against
   ``gymnasium.make_vec("CartPole-v1", 1024)`` with gymnasium's default vectorization
   (its numpy ``CartPoleVectorEnv``); both autoreset.

Actions are drawn beforehand, so neither side pays for sampling. Run it from the repository
venv after ``pip install ./bindings/python``::

    .venv/bin/python benchmarks/python_step.py [--seconds 1.0] [--num-envs 1024]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import warnings
from collections.abc import Callable
from typing import Any

import gymcc
import gymnasium
import numpy as np


def best_rate(run: Callable[[int], None], batch: int, seconds: float, rounds: int) -> tuple[float, float]:
    """Calls ``run(batch)`` for about ``seconds`` per round; the best calls/s of the rounds.

    Returns ``(wall, cpu)``: calls per second of wall-clock time, and per second of this
    thread's CPU time — the speed of one core even when other processes share it.
    """
    run(max(1, batch // 10))  # warm up
    best_wall = best_cpu = 0.0
    for _ in range(rounds):
        calls = 0
        start, cpu_start = time.perf_counter(), time.thread_time()
        deadline = start + seconds
        while True:
            run(batch)
            calls += batch
            now = time.perf_counter()
            if now >= deadline:
                break
        cpu = time.thread_time() - cpu_start
        best_wall = max(best_wall, calls / (now - start))
        best_cpu = max(best_cpu, calls / cpu if cpu > 0 else 0.0)
    return best_wall, best_cpu


def single_env_rate(env: Any, actions: list[int], seconds: float, rounds: int) -> tuple[float, float]:
    """Python-level ``env.step`` calls per second (reset on episode end included)."""
    env.reset(seed=0)
    step, reset = env.step, env.reset
    n = len(actions)
    position = [0]

    def run(count: int) -> None:
        i = position[0]
        for _ in range(count):
            _, _, terminated, truncated, _ = step(actions[i])
            if terminated or truncated:
                reset()
            i = i + 1 if i + 1 < n else 0
        position[0] = i

    return best_rate(run, 2000, seconds, rounds)


def vector_env_rate(env: Any, actions: np.ndarray, seconds: float, rounds: int) -> tuple[float, float]:
    """Env-steps per second: ``step`` calls per second times ``num_envs``."""
    env.reset(seed=0)
    step = env.step
    batches = len(actions)
    position = [0]

    def run(count: int) -> None:
        i = position[0]
        for _ in range(count):
            step(actions[i])
            i = i + 1 if i + 1 < batches else 0
        position[0] = i

    wall, cpu = best_rate(run, 20, seconds, rounds)
    return wall * actions.shape[1], cpu * actions.shape[1]


def main() -> None:
    """Measures and prints both comparisons."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one timed round (default 1.0)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds, best kept (default 3)")
    parser.add_argument("--num-envs", type=int, default=1024, help="vector env size (default 1024)")
    parser.add_argument("--json", help="also write the numbers to this JSON file")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    single_actions = [int(a) for a in rng.integers(0, 2, size=10_000)]
    vector_actions = rng.integers(0, 2, size=(64, args.num_envs), dtype=np.int64)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gym_single = single_env_rate(gymnasium.make("CartPole-v1"), single_actions, args.seconds, args.rounds)
        cc_single = single_env_rate(gymcc.make("CartPole-v1"), single_actions, args.seconds, args.rounds)
        gym_vec_env = gymnasium.make_vec("CartPole-v1", args.num_envs)
        gym_vector = vector_env_rate(gym_vec_env, vector_actions, args.seconds, args.rounds)
        cc_vector = vector_env_rate(
            gymcc.make_vec("CartPole-v1", args.num_envs), vector_actions, args.seconds, args.rounds
        )

    machine = platform.processor() or platform.machine()
    print(
        f"python_step: CartPole-v1 on {machine} ({os.cpu_count()} cores), Python {platform.python_version()},"
    )
    print(f"  gymnasium {gymnasium.__version__}, numpy {np.__version__}, gymcc {gymcc.__version__}")
    print("  wall: per second of elapsed time; cpu: per second of the stepping thread's CPU time (one core,")
    print("  whatever else the machine runs). The targets are for one core.")
    print()
    print("Single env, Python-level env.step (resets included):    wall              cpu")
    for name, (wall, cpu) in (("gymnasium.make", gym_single), ("gymcc.make", cc_single)):
        print(f"  {name:<16} {1e6 / wall:8.2f} us/step  {1e6 / cpu:8.2f} us/step")
    wall_ratio, cpu_ratio = cc_single[0] / gym_single[0], cc_single[1] / gym_single[1]
    print(f"  speed-up         {wall_ratio:8.1f} x        {cpu_ratio:8.1f} x        (target >= 10x)")
    print()
    print(f"Vector env, {args.num_envs} sub-envs, env-steps per second from Python (autoreset):")
    gym_name = f"gymnasium.make_vec ({type(gym_vec_env.unwrapped).__name__})"
    for name, (wall, cpu) in ((gym_name, gym_vector), ("gymcc.make_vec (1 thread)", cc_vector)):
        print(f"  {name:<38} {wall / 1e6:7.2f} M/s  {cpu / 1e6:7.2f} M/s")
    print(f"  {'gymcc target':<38} {20:7.2f} M/s  (one core)")
    print(
        f"  {'speed-up':<38} {cc_vector[0] / gym_vector[0]:7.1f} x    {cc_vector[1] / gym_vector[1]:7.1f} x"
    )

    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    "single_steps_per_s": {
                        "gymnasium": {"wall": gym_single[0], "cpu": gym_single[1]},
                        "gymcc": {"wall": cc_single[0], "cpu": cc_single[1]},
                    },
                    "vector_env_steps_per_s": {
                        "gymnasium": {"wall": gym_vector[0], "cpu": gym_vector[1]},
                        "gymcc": {"wall": cc_vector[0], "cpu": cc_vector[1]},
                    },
                    "num_envs": args.num_envs,
                },
                f,
                indent=2,
            )


if __name__ == "__main__":
    main()
