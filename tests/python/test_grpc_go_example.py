"""examples/grpc/go: the Go dm_env_rpc example against live gymnasium.

build.sh generates the Go stubs from dm-env-rpc's descriptors and builds the
example; its CartPole-v1 episodes (fixed policy: the k-th action of an episode
is k % 2) must equal gymnasium's bit for bit, and the world must be gone
afterwards. A missing Go toolchain fails the test: the example is part of the
project, not an optional extra.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import gymnasium as gym
import numpy as np
import pytest

from grpc_util import GrpcServer

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE_DIR = os.path.join(REPO, "examples", "grpc", "go")


def go_binary() -> str:
    path = shutil.which("go") or "/usr/local/go/bin/go"
    if not os.access(path, os.X_OK):
        pytest.fail("Go is not installed (no `go` on PATH, no /usr/local/go/bin/go): run scripts/setup.sh")
    return path


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("grpc_go") / "dmenvrpc-cartpole")
    # Offline, like the other Go tests: scripts/setup.sh fetches the modules.
    env = dict(os.environ, GO=go_binary(), GOPROXY="off", GOFLAGS="-mod=readonly")
    # The venv that runs the tests has dm-env-rpc, whose descriptors build.sh exports.
    env.setdefault("GYMCC_PYTHON", sys.executable)
    proc = subprocess.run([os.path.join(EXAMPLE_DIR, "build.sh"), out], env=env,
                          capture_output=True, text=True, timeout=500)
    assert proc.returncode == 0, f"build.sh failed:\n{proc.stdout}\n{proc.stderr}"
    return out


@pytest.fixture(scope="module")
def server(gymcc_bin):
    srv = GrpcServer(gymcc_bin)
    yield srv
    assert srv.stop() == 0


def run_example(example, server, *args: str) -> list[dict]:
    proc = subprocess.run([example, "-addr", server.grpc_address, *args],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"{args}: exit {proc.returncode}\n{proc.stderr}"
    return [json.loads(line) for line in proc.stdout.splitlines()]


def expected_lines(seed: int, episodes: int, max_episode_steps: int | None) -> list[dict]:
    """What the example must print, from gymnasium with the same seed and actions."""
    kwargs = {} if max_episode_steps is None else {"max_episode_steps": max_episode_steps}
    env = gym.make("CartPole-v1", **kwargs)
    lines = []
    for episode in range(episodes):
        # Only the first reset is seeded; later ones continue its RNG.
        observation, _ = env.reset(seed=seed if episode == 0 else None)
        lines.append({"episode": episode, "t": 0, "state": "RUNNING", "observation": observation, "reward": 0.0})
        t = 0
        while True:
            observation, reward, terminated, truncated, _ = env.step(t % 2)
            t += 1
            state = "TERMINATED" if terminated else "INTERRUPTED" if truncated else "RUNNING"
            lines.append({"episode": episode, "t": t, "state": state, "observation": observation,
                          "reward": float(reward)})
            if terminated or truncated:
                break
    env.close()
    return lines


def check_lines(got: list[dict], want: list[dict]):
    assert len(got) == len(want), (len(got), len(want))
    for g, w in zip(got, want):
        where = f"episode {w['episode']} t {w['t']}"
        assert set(g) == {"episode", "t", "state", "observation", "reward"}, (where, g)
        assert (g["episode"], g["t"], g["state"]) == (w["episode"], w["t"], w["state"]), (where, g)
        observation = np.array(g["observation"], dtype=np.float32)
        assert w["observation"].dtype == np.float32
        # Bit for bit: the printed float32 values parse back exactly.
        assert observation.tobytes() == w["observation"].tobytes(), (where, observation, w["observation"])
        assert isinstance(g["reward"], (int, float)) and float(g["reward"]) == w["reward"], (where, g["reward"])


def assert_no_worlds(server):
    client = server.client()
    try:
        reply = client.get("/v1/envs/")
        assert reply.status == 200, reply.body
        assert not reply.json(), f"worlds left behind: {reply.json()}"
    finally:
        client.close()


def test_episodes_match_gymnasium(example, server, test_rng):
    seed = test_rng.getrandbits(31)
    got = run_example(example, server, "-seed", str(seed), "-episodes", "3")
    want = expected_lines(seed, 3, None)
    assert any(line["state"] == "TERMINATED" for line in want)
    check_lines(got, want)
    assert_no_worlds(server)


def test_time_limit_interrupts(example, server, test_rng):
    # A short time limit so that INTERRUPTED (truncated) shows up too.
    seed = test_rng.getrandbits(31)
    limit = test_rng.randrange(3, 9)
    got = run_example(example, server, "-seed", str(seed), "-episodes", "2", "-max-episode-steps", str(limit))
    want = expected_lines(seed, 2, limit)
    assert [line["state"] for line in want].count("INTERRUPTED") >= 1
    check_lines(got, want)
    assert_no_worlds(server)


def test_error_reply_fails_and_cleans_up(example, server):
    # An error reply (gymnasium's seeds are non-negative) makes the example exit
    # non-zero with the server's code and message, and leaves no world behind.
    proc = subprocess.run([example, "-addr", server.grpc_address, "-seed", "-1"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stdout == ""
    assert "CreateWorld" in proc.stderr and "InvalidArgument" in proc.stderr, proc.stderr
    assert "Seed must be greater or equal to zero" in proc.stderr, proc.stderr
    assert_no_worlds(server)
