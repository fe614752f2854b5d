"""gymcc.remote.RemoteEnv against a live `gymcc serve` on a free loopback port.

The gymnasium.Env contract for every env the server registers, trajectories equal to
gymcc.make's, errors as Python exceptions, keep-alive and instance deletion.
"""

from __future__ import annotations

import json
import random
import socket
import time
import warnings
from typing import Any

import gymcc
import gymnasium
import numpy as np
import pytest
from bindings_util import first_difference
from gymcc import errors
from gymcc.remote import RemoteEnv
from gymnasium.utils.env_checker import check_env
from server_util import Server


@pytest.fixture(scope="module")
def server_ids(server: Server) -> list[str]:
    client = server.client()
    try:
        return sorted(spec["id"] for spec in client.get("/v1/specs/").json())
    finally:
        client.close()


def _as_json(x: Any) -> Any:
    """What a value looks like after a JSON round trip (arrays as lists, tuples as lists)."""
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, (list, tuple)):
        return [_as_json(v) for v in x]
    if isinstance(x, dict):
        return {k: _as_json(v) for k, v in x.items()}
    if isinstance(x, np.generic):
        return x.item()
    return x


def test_server_serves_every_gymcc_env(server_ids: list[str]) -> None:
    assert server_ids == gymcc.env_ids()


def test_check_env_for_every_registered_env(server: Server, server_ids: list[str]) -> None:
    for env_id in server_ids:
        env = RemoteEnv(server.base, env_id)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # check_env's advice about infinite Box bounds
            check_env(env)
        env.close()


@pytest.mark.parametrize(
    ("env_id", "kwargs"),
    [
        ("CartPole-v1", {}),
        ("Pendulum-v1", {"g": 2.0}),
        ("MountainCarContinuous-v0", {}),
        ("FrozenLake-v1", {"is_slippery": True}),
        ("Taxi-v4", {}),
        ("Blackjack-v1", {}),
    ],
)
def test_trajectories_equal_local(
    server: Server, env_id: str, kwargs: dict[str, Any], test_rng: random.Random
) -> None:
    seed, action_seed = test_rng.randrange(2**64), test_rng.randrange(2**32)
    remote = RemoteEnv(server.base, env_id, **kwargs)
    local = gymcc.make(env_id, **kwargs)
    assert remote.observation_space == local.observation_space
    assert remote.action_space == local.action_space
    local.action_space.seed(action_seed)
    where = f"{env_id} {kwargs} seed={seed} action_seed={action_seed}"
    obs, info = remote.reset(seed=seed)
    expected_obs, expected_info = local.reset(seed=seed)
    assert first_difference(obs, expected_obs) is None, where
    assert info == _as_json(expected_info), where
    for step in range(200):
        action = local.action_space.sample()
        obs, reward, terminated, truncated, info = remote.step(action)
        e_obs, e_reward, e_terminated, e_truncated, e_info = local.step(action)
        assert first_difference(obs, e_obs) is None, f"{where} step {step}: {first_difference(obs, e_obs)}"
        assert type(reward) is float and reward == float(e_reward), f"{where} step {step}"
        assert (terminated, truncated) == (e_terminated, e_truncated), f"{where} step {step}"
        assert info == _as_json(e_info), f"{where} step {step}"
        if terminated or truncated:
            assert first_difference(remote.reset()[0], local.reset()[0]) is None, where
    remote.close()


def test_errors_are_python_exceptions(server: Server) -> None:
    with pytest.raises(errors.UnknownEnv, match="doesn't exist") as unknown:
        RemoteEnv(server.base, "Nope-v0")
    assert isinstance(unknown.value, gymnasium.error.NameNotFound) and unknown.value.status == 400
    with pytest.raises(errors.InvalidKwarg, match="nope"):
        RemoteEnv(server.base, "CartPole-v1", nope=1)
    env = RemoteEnv(server.base, "CartPole-v1")
    with pytest.raises(gymnasium.error.ResetNeeded):
        env.step(0)
    env.reset(seed=1)
    with pytest.raises(errors.InvalidAction, match="not in Discrete"):
        env.step(7)
    with pytest.raises(errors.InvalidSeed, match="greater or equal to zero") as seed:
        env.reset(seed=-5)  # the server decides, with gymnasium's message
    assert (seed.value.status, seed.value.code) == (400, "invalid_seed")
    with pytest.raises(errors.InvalidOptions):
        env.reset(options={"low": 1.0, "high": -1.0})
    # The instance deleted behind the env's back.
    client = server.client()
    assert client.delete(f"/v1/envs/{env.instance_id}/").status == 200
    client.close()
    with pytest.raises(errors.InstanceNotFound):
        env.step(0)
    env.close()  # already gone: fine


def test_max_episode_steps_replaces_the_time_limit(server: Server) -> None:
    env = RemoteEnv(server.base, "MountainCar-v0", max_episode_steps=3)
    env.reset(seed=0)
    assert [env.step(1)[3] for _ in range(3)] == [False, False, True]
    env.close()
    with pytest.raises(errors.InvalidRequest) as zero:
        RemoteEnv(server.base, "MountainCar-v0", max_episode_steps=0)
    # The server's own code, not only the class's.
    assert (zero.value.status, zero.value.code) == (422, "invalid_field")


def test_close_deletes_the_instance(server: Server) -> None:
    env = RemoteEnv(server.base, "Acrobot-v1")
    instance = env.instance_id
    client = server.client()
    try:
        assert instance in client.get("/v1/envs/").json()
        env.close()
        assert instance not in client.get("/v1/envs/").json()
    finally:
        client.close()
    env.close()
    with pytest.raises(gymnasium.error.ClosedEnvironmentError):
        env.reset()


def test_spec_recreates_the_remote_env(server: Server) -> None:
    env = RemoteEnv(server.base, "FrozenLake-v1", is_slippery=False)
    assert env.spec is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = gymnasium.make(env.spec)
    assert first_difference(again.reset(seed=3), env.reset(seed=3)) is None
    assert first_difference(again.step(2), env.step(2)) is None
    again.close()
    env.close()


def test_keep_alive_and_reconnect(server: Server) -> None:
    env = RemoteEnv(server.base, "CartPole-v1")
    env.reset(seed=0)
    sock = env._connection._sock
    assert sock is not None
    for _ in range(20):
        env.step(1)
        env.reset()
    assert env._connection._sock is sock  # one connection throughout
    sock.shutdown(socket.SHUT_RDWR)  # as if the server had dropped the idle connection
    env.reset(seed=0)
    assert env._connection._sock is not None and env._connection._sock is not sock
    env.step(0)
    env.close()


def test_unreachable_server() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ConnectionError):
        RemoteEnv(f"http://127.0.0.1:{port}", "CartPole-v1")
    with pytest.raises(errors.InvalidArgument):
        RemoteEnv("ftp://example", "CartPole-v1")


def test_client_is_not_the_bottleneck(server: Server) -> None:
    """Reports the step latency (asserts only a generous bound: this machine is shared)."""
    env = RemoteEnv(server.base, "CartPole-v1")
    env.reset(seed=0)
    n = 500
    start = time.perf_counter()
    for i in range(n):
        _, _, terminated, truncated, _ = env.step(i % 2)
        if terminated or truncated:
            env.reset()
    per_step = (time.perf_counter() - start) / n
    print(f"RemoteEnv.step round trip: {per_step * 1e3:.3f} ms")
    assert per_step < 0.05
    env.close()


def test_get_state_set_state_and_clone_continue_exactly(server: Server) -> None:
    """Snapshots over REST (issue 14): a clone, a restore and an instance made from the state
    continue bit-exactly; a foreign state is refused."""
    env = RemoteEnv(server.base, "MountainCar-v0")
    clone = made = other = None
    try:
        env.reset(seed=3)
        for _ in range(5):
            env.step(2)
        state = env.get_state()
        clone = env.clone()
        made = RemoteEnv(server.base, "MountainCar-v0", state=json.loads(json.dumps(state)))
        actions = [i % 3 for i in range(40)]

        def play(e: RemoteEnv) -> list[Any]:
            return [(o.tolist(), r, te, tr, i) for o, r, te, tr, i in (e.step(a) for a in actions)]

        expected = play(env)
        assert play(clone) == expected
        assert play(made) == expected
        env.set_state(state)
        assert play(env) == expected
        other = RemoteEnv(server.base, "CartPole-v1")
        with pytest.raises(errors.Error, match="env_id"):
            other.set_state(state)
    finally:
        for e in (env, clone, made, other):
            if e is not None:
                e.close()
