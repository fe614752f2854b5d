"""Snapshots from Python (issue 14): get_state / set_state / clone on gymcc.make, gymcc.make_vec,
RemoteEnv and RemoteVectorEnv continue bit-exactly (sampled actions included, for the native
envs, whose sampler is the Python space's); an instance moves between two server processes;
bad states raise gymcc.errors.InvalidState.

Exact, with no tolerance: every comparison is of whole results (arrays by value and dtype).
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

import gymcc
import numpy as np
import pytest
from gymcc import errors
from gymcc.remote import RemoteEnv, RemoteVectorEnv
from gymnasium.vector import AutoresetMode
from server_util import Server

MODES = [AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP, AutoresetMode.DISABLED]


def _plain(x: Any) -> Any:
    """Results as comparable plain values that keep dtypes."""
    if isinstance(x, np.ndarray):
        if x.dtype == object:  # final_obs / final_info: arrays of observations and dicts
            return ("ndarray", "object", x.shape, [_plain(v) for v in x.tolist()])
        return ("ndarray", str(x.dtype), x.shape, x.tolist())
    if isinstance(x, np.generic):
        return (type(x).__name__, x.item())
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    return x


def _play(env: Any, count: int) -> list[Any]:
    """`count` steps with the env's own sampler, resetting (unseeded) after an episode ends."""
    out: list[Any] = []
    done = False
    for _ in range(count):
        if done:
            out.append(("reset", _plain(env.reset())))
            done = False
            continue
        action = env.action_space.sample()
        obs, reward, terminated, truncated, info = env.step(action)
        out.append(_plain((action, obs, reward, terminated, truncated, info)))
        done = terminated or truncated
    return out


def _ids() -> list[str]:
    return sorted(spec["id"] for spec in gymcc._gymcc.specs())


def _makeable(env_id: str) -> bool:
    try:
        gymcc.make(env_id).close()
        return True
    except errors.DeprecatedEnv:
        return False


@pytest.mark.parametrize("env_id", [i for i in _ids() if _makeable(i)])
def test_native_env_continues_exactly(env_id: str, test_rng: random.Random) -> None:
    env = gymcc.make(env_id)
    env.reset(seed=test_rng.randrange(2**31))
    env.action_space.seed(test_rng.randrange(2**31))
    _play(env, test_rng.randrange(0, 60))
    state = env.get_state()
    assert json.loads(json.dumps(state)) == state  # JSON-ready
    clone = env.clone()
    expected = _play(env, 120)
    assert _play(clone, 120) == expected
    env.set_state(json.loads(json.dumps(state)))
    assert _play(env, 120) == expected
    # The restored generator is np_random's too.
    env.set_state(state)
    assert env.np_random.bit_generator.state["state"]["state"] == int(state["np_random"]["state"]["state"])


def test_native_env_refuses_bad_states() -> None:
    env = gymcc.make("CartPole-v1")
    env.reset(seed=1)
    state = env.get_state()
    with pytest.raises(errors.InvalidState, match="env_id"):
        gymcc.make("MountainCar-v0").set_state(state)
    bad = json.loads(json.dumps(state))
    bad["env"]["state"] = [0.0]
    with pytest.raises(errors.InvalidState, match="list of 4"):
        env.set_state(bad)
    with pytest.raises(ValueError):  # InvalidState is a ValueError
        env.set_state({"format": "nope"})
    # Unchanged by the refusals.
    assert env.get_state() == state


def _play_vec(env: Any, count: int, ended: np.ndarray | None = None) -> tuple[list[Any], np.ndarray]:
    """`count` calls; with autoreset disabled, ended sub-envs are reset by a reset_mask.

    `ended`: the sub-envs that ended in the call before (from the previous run); returned for
    the next run.
    """
    out: list[Any] = []
    ended = np.zeros(env.num_envs, dtype=bool) if ended is None else ended.copy()
    for _ in range(count):
        if env.autoreset_mode == AutoresetMode.DISABLED and ended.any():
            out.append(("reset", _plain(env.reset(options={"reset_mask": ended.copy()}))))
            ended[:] = False
            continue
        actions = env.action_space.sample()
        obs, rewards, terminated, truncated, infos = env.step(actions)
        out.append(_plain((actions, obs, rewards, terminated, truncated, infos)))
        ended = terminated | truncated
    return out, ended


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("env_id", ["CartPole-v1", "Pendulum-v1", "FrozenLake-v1", "Blackjack-v1"])
def test_native_vector_env_continues_exactly(env_id: str, mode: AutoresetMode, test_rng: random.Random) -> None:
    env = gymcc.make_vec(env_id, 3, autoreset_mode=mode, max_episode_steps=9, copy=True)
    env.reset(seed=test_rng.randrange(2**31))
    env.action_space.seed(test_rng.randrange(2**31))
    _, ended = _play_vec(env, test_rng.randrange(0, 25))
    state = env.get_state()
    clone = env.clone()
    expected, _ = _play_vec(env, 60, ended)
    assert _play_vec(clone, 60, ended)[0] == expected
    env.set_state(json.loads(json.dumps(state)))
    assert _play_vec(env, 60, ended)[0] == expected
    # One sub-env as a standalone env, and back into another sub-env.
    sub = env.get_state(index=2)
    single = gymcc.make(env_id, max_episode_steps=9)
    single.set_state(sub)
    env.set_state(single.get_state(), index=0)
    assert env.get_state(index=0)["env"] == sub["env"]
    with pytest.raises(errors.InvalidArgument):
        env.get_state(index=3)
    with pytest.raises(errors.InvalidState):
        env.set_state(sub)


@pytest.fixture(scope="module")
def second_server() -> Any:
    server = Server(os.environ["GYMCC_BIN"])
    yield server
    server.stop()


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_remote_vector_env_moves_between_servers(
    server: Server, second_server: Server, mode: AutoresetMode, test_rng: random.Random
) -> None:
    """A vector env snapshotted on one server process continues bit-exactly on another; and
    set_state / clone / one sub-env over the WebSocket."""
    envs: list[RemoteVectorEnv] = []
    try:
        env = RemoteVectorEnv(server.base, "CartPole-v1", 3, autoreset_mode=mode, max_episode_steps=12, copy=True)
        envs.append(env)
        env.reset(seed=test_rng.randrange(2**31))
        env.action_space.seed(test_rng.randrange(2**31))
        _, ended = _play_vec(env, test_rng.randrange(0, 20))
        state = env.get_state()
        sampler = env.action_space.np_random.bit_generator.state
        moved = RemoteVectorEnv.from_state(second_server.base, json.loads(json.dumps(state)), copy=True)
        envs.append(moved)
        clone = env.clone()
        envs.append(clone)
        expected, _ = _play_vec(env, 50, ended)
        for other in (moved, clone):
            other.action_space.np_random.bit_generator.state = sampler
            assert _play_vec(other, 50, ended)[0] == expected
        env.set_state(state)
        env.action_space.np_random.bit_generator.state = sampler
        assert _play_vec(env, 50, ended)[0] == expected
        sub = env.get_state(index=1)
        single = RemoteEnv(second_server.base, "CartPole-v1", state=sub)
        assert single.get_state()["env"] == sub["env"]
        single.close()
        with pytest.raises(errors.InstanceNotFound):
            env.get_state(index=3)
        with pytest.raises(errors.InvalidState):
            env.set_state({**state, "num_envs": 4})
        with pytest.raises(errors.InvalidState):
            RemoteVectorEnv.from_state(server.base, {**state, "envs": state["envs"][:1]})
    finally:
        for e in envs:
            e.close()


def test_remote_env_moves_between_servers(server: Server, second_server: Server, test_rng: random.Random) -> None:
    env = RemoteEnv(server.base, "Acrobot-v1")
    moved = None
    try:
        env.reset(seed=test_rng.randrange(2**31))
        for a in range(test_rng.randrange(1, 30)):
            env.step(a % 3)
        state = env.get_state()
        moved = RemoteEnv(second_server.base, "Acrobot-v1", state=json.loads(json.dumps(state)))
        actions = [test_rng.randrange(3) for _ in range(80)]
        expected = [_plain(env.step(a)) for a in actions]
        assert [_plain(moved.step(a)) for a in actions] == expected
        with pytest.raises(errors.InvalidState):
            env.set_state({**state, "env_id": "CartPole-v1"})
    finally:
        env.close()
        if moved is not None:
            moved.close()
