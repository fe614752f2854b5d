#!/usr/bin/env python3
"""CartPole-v1 step throughput from Python: gymcc's package against gymnasium.

Two comparisons, each the best of several timed rounds (prints numbers, asserts nothing):

1. ``env.step`` on ``gymcc.make("CartPole-v1")`` against ``gymnasium.make("CartPole-v1")``
   (gymnasium's wrappers included, as users get it), resetting when an episode ends.
2. Env-steps per second of ``gymcc.make_vec("CartPole-v1", 1024)`` (one thread) against
   ``gymnasium.make_vec("CartPole-v1", 1024)`` with gymnasium's default vectorization
   (its numpy ``CartPoleVectorEnv``); both autoreset.

3. A rollout loop (``step`` after ``step``, autoreset) of ``gymnasium.make_vec("CartPole-v1", n,
   vectorization_mode="sync")`` in this process against ``gymcc.remote.RemoteVectorEnv`` driving
   a ``gymcc serve`` over one WebSocket (MessagePack), for each ``n`` of ``--remote-num-envs``.
   The server is started on a free loopback port from ``--gymcc-bin`` (or ``$GYMCC_BIN``), or
   ``--remote-url`` names a running one; without either, this part is skipped.

Actions are drawn beforehand, so neither side pays for sampling. Run it from the repository
venv after ``pip install ./bindings/python``::

    .venv/bin/python benchmarks/python_step.py [--seconds 1.0] [--num-envs 1024]
        [--gymcc-bin build/release/server/gymcc] [--remote-num-envs 16,256] [--remote-only]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import time
import warnings
from collections.abc import Callable
from typing import Any

import gymcc
import gymnasium
import numpy as np


def best_rate(
    run: Callable[[int], None],
    batch: int,
    seconds: float,
    rounds: int,
    cpu_clock: Callable[[], float] = time.thread_time,
) -> tuple[float, float]:
    """Calls ``run(batch)`` for about ``seconds`` per round; the best calls/s of the rounds.

    Returns ``(wall, cpu)``: calls per second of wall-clock time, and per second of
    ``cpu_clock`` — by default this thread's CPU time, the speed of one core even when other
    processes share it.
    """
    run(max(1, batch // 10))  # warm up
    best_wall = best_cpu = 0.0
    for _ in range(rounds):
        calls = 0
        start, cpu_start = time.perf_counter(), cpu_clock()
        deadline = start + seconds
        while True:
            run(batch)
            calls += batch
            now = time.perf_counter()
            if now >= deadline:
                break
        cpu = cpu_clock() - cpu_start
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


def vector_env_rate(
    env: Any,
    actions: np.ndarray,
    seconds: float,
    rounds: int,
    cpu_clock: Callable[[], float] = time.thread_time,
) -> tuple[float, float]:
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

    wall, cpu = best_rate(run, 20, seconds, rounds, cpu_clock)
    return wall * actions.shape[1], cpu * actions.shape[1]


class ServerProcess:
    """A ``gymcc serve`` on a free loopback port (``--port 0``: it prints its URL first)."""

    def __init__(self, gymcc_bin: str, threads: int) -> None:
        """Starts the server and reads its URL."""
        self.proc = subprocess.Popen(
            [gymcc_bin, "serve", "--host", "127.0.0.1", "--port", "0", "--threads", str(threads)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if "http://" not in line:
            self.proc.kill()
            raise RuntimeError(f"{gymcc_bin} serve did not start: {line!r}")
        self.url = "http://127.0.0.1:" + line.strip().rsplit(":", 1)[1]

    def stop(self) -> None:
        """SIGTERM (a graceful stop), then wait."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def remote_rollouts(
    url: str, sizes: list[int], seconds: float, rounds: int
) -> dict[int, dict[str, tuple[float, float]]]:
    """Rollout env-steps/s of in-process sync ``make_vec`` and of ``RemoteVectorEnv``, per size.

    CPU rates count this process's CPU time (all its threads: websockets reads replies on a
    thread of its own), not the server's.
    """
    from gymcc.remote import RemoteVectorEnv

    rng = np.random.default_rng(1)
    results: dict[int, dict[str, tuple[float, float]]] = {}
    for n in sizes:
        actions = rng.integers(0, 2, size=(64, n), dtype=np.int64)
        sync = gymnasium.make_vec("CartPole-v1", n, vectorization_mode="sync")
        remote = RemoteVectorEnv(url, "CartPole-v1", n)
        try:
            results[n] = {
                "gymnasium_sync": vector_env_rate(sync, actions, seconds, rounds, time.process_time),
                "gymcc_remote": vector_env_rate(remote, actions, seconds, rounds, time.process_time),
            }
        finally:
            sync.close()
            remote.close()
    return results


def main() -> None:
    """Measures and prints the comparisons."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one timed round (default 1.0)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds, best kept (default 3)")
    parser.add_argument("--num-envs", type=int, default=1024, help="vector env size (default 1024)")
    parser.add_argument("--json", help="also write the numbers to this JSON file")
    parser.add_argument(
        "--gymcc-bin",
        default=os.environ.get("GYMCC_BIN"),
        help="the gymcc CLI whose server the remote rollouts use (default $GYMCC_BIN)",
    )
    parser.add_argument("--remote-url", help="a running gymcc serve to use instead of starting one")
    parser.add_argument(
        "--remote-num-envs", default="16,256", help="vector sizes of the remote rollouts (default 16,256)"
    )
    parser.add_argument(
        "--server-threads", type=int, default=1, help="threads of the started server (default 1)"
    )
    parser.add_argument("--remote-only", action="store_true", help="only the remote rollouts")
    args = parser.parse_args()
    remote_sizes = [int(n) for n in args.remote_num_envs.split(",") if n]

    rng = np.random.default_rng(0)
    single_actions = [int(a) for a in rng.integers(0, 2, size=10_000)]
    vector_actions = rng.integers(0, 2, size=(64, args.num_envs), dtype=np.int64)

    remote: dict[int, dict[str, tuple[float, float]]] | None = None
    remote_skipped = None
    server: ServerProcess | None = None
    if args.remote_url or args.gymcc_bin:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                if not args.remote_url:
                    server = ServerProcess(args.gymcc_bin, args.server_threads)
                remote = remote_rollouts(
                    args.remote_url or server.url, remote_sizes, args.seconds, args.rounds
                )
            finally:
                if server is not None:
                    server.stop()
    else:
        remote_skipped = "no server: pass --gymcc-bin (or set GYMCC_BIN) or --remote-url"
    if args.remote_only:
        machine = platform.processor() or platform.machine()
        print(f"python_step: {machine} ({os.cpu_count()} cores), Python {platform.python_version()},")
        print(f"  gymnasium {gymnasium.__version__}, numpy {np.__version__}, gymcc {gymcc.__version__}")
        print_remote(remote, remote_skipped, args.server_threads if server else None)
        write_json(args.json, None, None, None, remote, remote_skipped, args)
        return

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
    print()
    print_remote(remote, remote_skipped, args.server_threads if server else None)
    write_json(
        args.json,
        (gym_single, cc_single),
        (gym_vector, cc_vector),
        args.num_envs,
        remote,
        remote_skipped,
        args,
    )


def print_remote(
    remote: dict[int, dict[str, tuple[float, float]]] | None, skipped: str | None, threads: int | None
) -> None:
    """The rollout table: in-process sync make_vec against RemoteVectorEnv."""
    where = f"a gymcc serve with {threads} thread(s)" if threads else "the given gymcc serve"
    print("Rollout loop, CartPole-v1, env-steps per second: gymnasium sync make_vec vs RemoteVectorEnv")
    if remote is None:
        print(f"  skipped: {skipped}")
        return
    print(f"  (RemoteVectorEnv: one WebSocket, MessagePack, to {where} on loopback;")
    print("  cpu: per second of this process's CPU time, all threads, server excluded)")
    print(f"  {'num_envs':>8} {'':<30} {'wall':>11} {'cpu':>11}")
    for n, rates in remote.items():
        for name, key in (("gymnasium.make_vec sync", "gymnasium_sync"), ("RemoteVectorEnv", "gymcc_remote")):
            wall, cpu = rates[key]
            print(f"  {n:>8} {name:<30} {wall / 1e6:7.3f} M/s {cpu / 1e6:7.3f} M/s")
        ratio = rates["gymcc_remote"][0] / rates["gymnasium_sync"][0]
        print(f"  {n:>8} {'speed-up (wall)':<30} {ratio:7.1f} x")


def write_json(
    path: str | None,
    single: tuple[tuple[float, float], tuple[float, float]] | None,
    vector: tuple[tuple[float, float], tuple[float, float]] | None,
    num_envs: int | None,
    remote: dict[int, dict[str, tuple[float, float]]] | None,
    remote_skipped: str | None,
    args: argparse.Namespace,
) -> None:
    """The numbers as JSON (sections not run are left out)."""
    if not path:
        return
    data: dict[str, Any] = {}
    if single is not None and vector is not None:
        data["single_steps_per_s"] = {
            "gymnasium": {"wall": single[0][0], "cpu": single[0][1]},
            "gymcc": {"wall": single[1][0], "cpu": single[1][1]},
        }
        data["vector_env_steps_per_s"] = {
            "gymnasium": {"wall": vector[0][0], "cpu": vector[0][1]},
            "gymcc": {"wall": vector[1][0], "cpu": vector[1][1]},
        }
        data["num_envs"] = num_envs
    # Keyed by num_envs (as a string); cpu is per second of the client process's CPU time.
    data["remote_rollout_env_steps_per_s"] = (
        None
        if remote is None
        else {
            str(n): {key: {"wall": wall, "cpu": cpu} for key, (wall, cpu) in rates.items()}
            for n, rates in remote.items()
        }
    )
    if remote is None:
        data["remote_rollout_skipped"] = remote_skipped
    else:
        data["remote_rollout_server_threads"] = None if args.remote_url else args.server_threads
    with open(path, "w") as f:
        json.dump(data, f, indent=2)


if __name__ == "__main__":
    main()
