"""gymcc.remote.RemoteVectorEnv against a live `gymcc serve` (one WebSocket, MessagePack).

Exact, with no tolerance: the committed golden vector trajectories (tests/golden/vector, made by
gymnasium's SyncVectorEnv) replayed through the server; trajectories equal to
``gymnasium.make_vec(..., vectorization_mode="sync")`` with fresh seeds in every autoreset mode;
errors as gymcc.errors exceptions on a socket that stays usable; the instance gone on close.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
import warnings
from typing import Any

import gymnasium
import msgpack
import numpy as np
import pytest
from bindings_util import VECTOR_VARIANTS, first_difference, reference_vector_env, vector_variant_id
from gymcc import errors
from gymcc.remote import RemoteVectorEnv
from gymcc.remote_vector import decode_ndarray, encode_ndarray
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv
from server_util import Server, wait_until
from websockets.sync.client import connect

MODES = [AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP, AutoresetMode.DISABLED]

GOLDEN_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "golden"
)


def _load_generator() -> Any:
    """tests/golden/generate_vector.py, which documents and reads the golden files."""
    name = "gymcc_golden_generate_vector"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, os.path.join(GOLDEN_DIR, "generate_vector.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


G = _load_generator()


# -- golden values ----------------------------------------------------------------------------


def _decode(x: Any) -> Any:
    """A typed JSON value of the golden files (generate_vector.encode) back to numpy/Python."""
    if isinstance(x, dict):
        if G.ARRAY_TAG in x:
            dtype, shape, data = np.dtype(x[G.ARRAY_TAG]), tuple(x["shape"]), x["data"]
            if dtype.kind == "O":
                array = np.full(len(data), None, dtype=object)
                for i, value in enumerate(data):
                    array[i] = _decode(value)
                return array.reshape(shape)
            if shape == ():
                return dtype.type(data[0])
            return np.array(data, dtype=dtype).reshape(shape)
        return {key: _decode(value) for key, value in x.items()}
    if isinstance(x, list):
        return [_decode(v) for v in x]
    return x


def _in_space(value: Any, space: spaces.Space[Any]) -> Any:
    """JSON lists back to the tuples a Tuple space's observations are."""
    if isinstance(space, spaces.Tuple):
        return tuple(_in_space(v, s) for v, s in zip(value, space.spaces, strict=True))
    if isinstance(space, spaces.Dict):
        return {key: _in_space(value[key], s) for key, s in space.spaces.items()}
    return value


def _expected_infos(infos: dict[str, Any], single_space: spaces.Space[Any]) -> dict[str, Any]:
    infos = _decode(infos)
    if "final_obs" in infos:
        final = infos["final_obs"]
        for i, value in enumerate(final):
            if value is not None:
                final[i] = _in_space(value, single_space)
    return infos


def _golden_runs() -> list[Any]:
    runs = []
    for name in sorted(G.RUNS):
        for number, line in enumerate(G.read_jsonl_gz(os.path.join(G.VECTOR_DIR, f"{name}.jsonl.gz"))):
            run = json.loads(line)
            runs.append(pytest.param(run, id=f"{name}-{number}-{run['autoreset_mode']}"))
    return runs


@pytest.mark.parametrize("run", _golden_runs())
def test_golden_vector_trajectories(server: Server, run: dict[str, Any]) -> None:
    kwargs = _decode(run["kwargs"])
    envs = RemoteVectorEnv(
        server.base,
        run["id"],
        run["num_envs"],
        autoreset_mode=run["autoreset_mode"],
        kwargs=kwargs,
        max_episode_steps=run["max_episode_steps"],
    )
    assert envs.metadata["autoreset_mode"] == AutoresetMode(run["autoreset_mode"])
    where = (
        f"{run['id']} kwargs={kwargs} max_episode_steps={run['max_episode_steps']} {run['autoreset_mode']}"
    )
    try:
        for number, call in enumerate(run["calls"]):
            if call[0] == "reset":
                _, seed, options, observations, infos = call
                got = envs.reset(seed=seed, options=_decode(options))
                expected: tuple[Any, ...] = (
                    _in_space(_decode(observations), envs.observation_space),
                    _expected_infos(infos, envs.single_observation_space),
                )
            else:
                _, actions, observations, rewards, terminated, truncated, infos = call
                got = envs.step(_decode(actions))
                expected = (
                    _in_space(_decode(observations), envs.observation_space),
                    _decode(rewards),
                    _decode(terminated),
                    _decode(truncated),
                    _expected_infos(infos, envs.single_observation_space),
                )
            diff = first_difference(got, expected)
            assert diff is None, f"{where}: call {number} ({call[0]}): {diff}"
    finally:
        envs.close()


# -- against gymnasium's SyncVectorEnv ----------------------------------------------------------


def _step_reference(ref: VectorEnv, actions: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the passive checker's advice
        return ref.step(actions)


@pytest.mark.parametrize("mode", MODES, ids=[m.value for m in MODES])
@pytest.mark.parametrize("variant", VECTOR_VARIANTS, ids=vector_variant_id)
def test_trajectories_equal_gymnasium_sync(
    server: Server,
    variant: tuple[str, dict[str, Any], int, int],
    mode: AutoresetMode,
    test_rng: random.Random,
) -> None:
    env_id, kwargs, num_envs, steps = variant
    seed, action_seed = test_rng.randrange(2**63), test_rng.randrange(2**32)
    where = f"{env_id} kwargs={kwargs} n={num_envs} {mode.value} seed={seed} action_seed={action_seed}"
    ref = reference_vector_env(env_id, num_envs, mode, kwargs)
    # The mode as a string here, as the enum in the other tests.
    ours = RemoteVectorEnv(server.base, env_id, num_envs, autoreset_mode=mode.value, kwargs=kwargs)
    assert ours.metadata["autoreset_mode"] == mode
    assert ours.single_observation_space == ref.single_observation_space
    assert ours.single_action_space == ref.single_action_space
    assert ours.observation_space == ref.observation_space
    assert ours.action_space == ref.action_space
    ref.action_space.seed(action_seed)
    ours.action_space.seed(action_seed)

    diff = first_difference(ours.reset(seed=seed), ref.reset(seed=seed))
    assert diff is None, f"{where}: reset: {diff}"
    for step in range(1, steps + 1):
        actions = ref.action_space.sample()
        assert first_difference(ours.action_space.sample(), actions) is None
        expected = _step_reference(ref, actions)
        diff = first_difference(ours.step(actions), expected)
        assert diff is None, f"{where}: step {step}: {diff}"
        done = expected[2] | expected[3]
        if mode == AutoresetMode.DISABLED and done.any():
            diff = first_difference(
                ours.reset(options={"reset_mask": done}), ref.reset(options={"reset_mask": done.copy()})
            )
            assert diff is None, f"{where}: masked reset after step {step}: {diff}"
        elif step == steps // 2:
            # A masked reset with a seed in the autoreset modes too.
            mask = np.arange(num_envs) % 2 == 1
            diff = first_difference(
                ours.reset(seed=seed + 1, options={"reset_mask": mask}),
                ref.reset(seed=seed + 1, options={"reset_mask": mask.copy()}),
            )
            assert diff is None, f"{where}: masked reset at step {step}: {diff}"
    # A list of seeds, one per sub-env (None keeps a sub-env's stream).
    seeds = [test_rng.randrange(2**32) if i % 2 == 0 else None for i in range(num_envs)]
    diff = first_difference(ours.reset(seed=seeds), ref.reset(seed=seeds))
    assert diff is None, f"{where}: reset(seed={seeds}): {diff}"
    ref.close()
    ours.close()


def test_seeds_beyond_64_bits_equal_gymnasium(server: Server, test_rng: random.Random) -> None:
    """MessagePack ints stop at 64 bits: these resets go over REST, with the same results."""
    seed = 2**64 + test_rng.randrange(2**64)
    ref = reference_vector_env("Pendulum-v1", 3, AutoresetMode.NEXT_STEP, {})
    ours = RemoteVectorEnv(server.base, "Pendulum-v1", 3)
    assert first_difference(ours.reset(seed=seed), ref.reset(seed=seed)) is None
    actions = np.array([[1.5], [-0.25], [2.0]], dtype=np.float32)
    for _ in range(5):
        assert first_difference(ours.step(actions), _step_reference(ref, actions)) is None
    seeds = [None, 2**70 + 3, 7]
    assert first_difference(ours.reset(seed=seeds), ref.reset(seed=seeds)) is None
    assert first_difference(ours.step(actions), _step_reference(ref, actions)) is None
    assert ours.np_random_seed == seed  # gymnasium's np_random bookkeeping, as for int seeds
    ours.close()
    ref.close()


def test_action_forms(server: Server, test_rng: random.Random) -> None:
    """Lists, strided and big-endian arrays and other dtypes step as the same actions."""
    seed = test_rng.randrange(2**32)
    discrete = [RemoteVectorEnv(server.base, "CartPole-v1", 4) for _ in range(5)]
    ref = reference_vector_env("CartPole-v1", 4, AutoresetMode.NEXT_STEP, {})
    for env in [*discrete, ref]:
        env.reset(seed=seed)
    rng = np.random.default_rng(seed)
    for _ in range(40):
        actions = rng.integers(0, 2, size=4)
        expected = _step_reference(ref, actions)
        forms = [
            actions.tolist(),
            tuple(int(a) for a in actions),
            np.repeat(actions, 2)[::2],  # not contiguous
            actions.astype(">i8"),  # big-endian
            actions.astype(np.uint8),
        ]
        for env, form in zip(discrete, forms, strict=True):
            diff = first_difference(env.step(form), expected)
            assert diff is None, f"actions {form!r}: {diff}"

    box = RemoteVectorEnv(server.base, "Pendulum-v1", 2)
    box_ref = reference_vector_env("Pendulum-v1", 2, AutoresetMode.NEXT_STEP, {})
    box.reset(seed=seed)
    box_ref.reset(seed=seed)
    for torque in (0.5, -1.25, 2.0):
        # float16 values are float32 values: sent widened, they are the same actions.
        actions = np.array([[torque], [-torque]], dtype=np.float16)
        diff = first_difference(box.step(actions), _step_reference(box_ref, actions.astype(np.float32)))
        assert diff is None, diff
    for env in [*discrete, ref, box, box_ref]:
        env.close()


def test_results_are_read_only_views_unless_copy(server: Server) -> None:
    views = RemoteVectorEnv(server.base, "CartPole-v1", 8)
    copies = RemoteVectorEnv(server.base, "CartPole-v1", 8, copy=True)
    actions = np.ones(8, dtype=np.int64)
    for env, writeable in ((views, False), (copies, True)):
        first, _ = env.reset(seed=3)
        observations, rewards, terminated, truncated, _ = env.step(actions)
        assert observations.dtype == np.float32 and observations.shape == (8, 4)
        assert rewards.dtype == np.float64 and terminated.dtype == np.bool_ and truncated.dtype == np.bool_
        for array in (observations, rewards, terminated, truncated):
            assert array.flags.writeable is writeable
        assert not np.shares_memory(first, observations)  # every call answers new arrays
    views.close()
    copies.close()


def test_gymnasium_vector_wrappers_work(server: Server) -> None:
    envs = gymnasium.wrappers.vector.RecordEpisodeStatistics(RemoteVectorEnv(server.base, "CartPole-v1", 4))
    envs.reset(seed=0)
    finished = 0
    for _ in range(200):
        infos = envs.step(np.zeros(4, dtype=np.int64))[4]
        if "episode" in infos:
            finished += int(infos["_episode"].sum())
            assert infos["episode"]["r"].dtype == np.float64
    assert finished > 0
    envs.close()
    assert envs.unwrapped.closed


# -- errors, ownership, close -------------------------------------------------------------------


def _listed(server: Server) -> dict[str, Any]:
    client = server.client()
    try:
        reply = client.get("/v1/vector_envs/")
        assert reply.status == 200, reply.body
        return reply.json()
    finally:
        client.close()


def test_errors_leave_the_socket_usable(server: Server) -> None:
    envs = RemoteVectorEnv(server.base, "CartPole-v1", 4)
    with pytest.raises(errors.ResetNeeded) as caught:
        envs.step(np.zeros(4, dtype=np.int64))
    assert isinstance(caught.value, gymnasium.error.ResetNeeded) and caught.value.status == 400
    envs.reset(seed=0)
    with pytest.raises(errors.InvalidAction):
        envs.step(np.zeros(3, dtype=np.int64))  # 3 actions for 4 sub-envs
    with pytest.raises(errors.InvalidAction):
        envs.step(np.full(4, 2, dtype=np.int64))  # outside Discrete(2)
    with pytest.raises(errors.InvalidAction):
        envs.step(np.zeros(4, dtype=np.float64))  # Discrete actions must be integers
    with pytest.raises(errors.InvalidAction):
        envs.step(["left", "right", "left", "right"])
    with pytest.raises(errors.InvalidAction):
        envs.step(np.zeros(4, dtype=np.complex64))  # no dtype code: refused before sending
    with pytest.raises(errors.InvalidSeed):
        envs.reset(seed=-1)
    with pytest.raises(errors.InvalidSeed):
        envs.reset(seed=[1, 2])  # not one per sub-env
    with pytest.raises(errors.InvalidOptions):
        envs.reset(options={"reset_mask": np.array([True, False])})
    # The instance (which lives as long as its socket) goes on as if nothing happened.
    assert envs.instance_id in _listed(server)
    ref = reference_vector_env("CartPole-v1", 4, AutoresetMode.NEXT_STEP, {})
    assert first_difference(envs.reset(seed=11), ref.reset(seed=11)) is None
    actions = np.array([0, 1, 1, 0])
    assert first_difference(envs.step(actions), _step_reference(ref, actions)) is None
    envs.close()
    ref.close()


def test_disabled_autoreset_needs_a_masked_reset(server: Server) -> None:
    envs = RemoteVectorEnv(server.base, "CartPole-v1", 4, autoreset_mode=AutoresetMode.DISABLED)
    envs.reset(seed=0)
    done = np.zeros(4, dtype=bool)
    while not done.any():
        _, _, terminated, truncated, _ = envs.step(np.zeros(4, dtype=np.int64))
        done = terminated | truncated
    with pytest.raises(errors.ResetNeeded, match="reset_mask"):
        envs.step(np.zeros(4, dtype=np.int64))
    envs.reset(options={"reset_mask": done})
    envs.step(np.zeros(4, dtype=np.int64))
    envs.close()


def test_refused_creation_raises(server: Server) -> None:
    with pytest.raises(errors.UnknownEnv):
        RemoteVectorEnv(server.base, "Nope-v0", 2)
    with pytest.raises(gymnasium.error.NameNotFound):
        RemoteVectorEnv(server.base, "Nope-v0", 2)
    with pytest.raises(errors.InvalidKwarg):
        RemoteVectorEnv(server.base, "CartPole-v1", 2, kwargs={"no_such_kwarg": 1})
    with pytest.raises(errors.InvalidRequest):
        RemoteVectorEnv(server.base, "CartPole-v1", 0)
    with pytest.raises(ValueError):
        RemoteVectorEnv(server.base, "CartPole-v1", 2, autoreset_mode="Sometimes")
    with pytest.raises(ConnectionError):
        RemoteVectorEnv("http://127.0.0.1:1", "CartPole-v1", 2, timeout=5)
    with pytest.raises(errors.InvalidArgument):
        RemoteVectorEnv("ftp://127.0.0.1:5000", "CartPole-v1", 2)


def test_a_session_survives_an_unknown_env(server: Server) -> None:
    """The protocol under the client: an error reply, then the same socket makes a vector env."""
    with connect(server.base.replace("http://", "ws://") + "/v1/ws", compression=None) as ws:
        ws.send(msgpack.packb({"op": "make_vec", "id": 1, "env_id": "Nope-v0", "num_envs": 2}))
        reply = msgpack.unpackb(ws.recv(10))
        assert reply["id"] == 1 and reply["error"]["status"] == 400
        assert reply["error"]["code"] == "unknown_env"
        ws.send(msgpack.packb({"op": "make_vec", "id": 2, "env_id": "CartPole-v1", "num_envs": 2}))
        made = msgpack.unpackb(ws.recv(10))
        assert made["id"] == 2 and "error" not in made
        ws.send(msgpack.packb({"op": "reset", "id": 3, "instance_id": made["instance_id"], "seed": 5}))
        ws.send(
            msgpack.packb(
                {
                    "op": "step",
                    "id": 4,
                    "instance_id": made["instance_id"],
                    "actions": msgpack.ExtType(1, encode_ndarray(np.array([1, 0]))),
                }
            )
        )
        ref = reference_vector_env("CartPole-v1", 2, AutoresetMode.NEXT_STEP, {})

        def hook(code: int, data: bytes) -> Any:
            return decode_ndarray(data)

        reset = msgpack.unpackb(ws.recv(10), ext_hook=hook)
        step = msgpack.unpackb(ws.recv(10), ext_hook=hook)
        assert reset["id"] == 3 and step["id"] == 4  # pipelined, answered in order
        assert first_difference((reset["observations"], reset["infos"]), ref.reset(seed=5)) is None
        expected = _step_reference(ref, np.array([1, 0]))
        got = (step["observations"], step["rewards"], step["terminated"], step["truncated"], step["infos"])
        assert first_difference(got, expected) is None
        ref.close()


def test_close_deletes_the_instance(server: Server) -> None:
    envs = RemoteVectorEnv(server.base, "CartPole-v1", 3, autoreset_mode="SameStep")
    instance_id = envs.instance_id
    listed = _listed(server)
    assert listed[instance_id] == {"env_id": "CartPole-v1", "num_envs": 3, "autoreset_mode": "SameStep"}
    envs.reset(seed=1)
    envs.step(np.zeros(3, dtype=np.int64))
    client = server.client()
    try:
        info = client.get(f"/v1/vector_envs/{instance_id}/").json()
        assert info["env_steps"] == 3 and info["steps"] == 1 and info["resets"] == 1
    finally:
        client.close()
    envs.close()
    assert envs.closed
    assert instance_id not in _listed(server)
    envs.close()  # twice is fine
    with pytest.raises(gymnasium.error.ClosedEnvironmentError):
        envs.step(np.zeros(3, dtype=np.int64))
    with pytest.raises(gymnasium.error.ClosedEnvironmentError):
        envs.reset()


@pytest.mark.parametrize("ending", ["os._exit(0)", "None", "del envs"])
def test_the_instance_belongs_to_its_socket(server: Server, ending: str) -> None:
    """A client that ends without close() takes its vector env along.

    Dying (no close request, no close frame), exiting normally (promptly: no wait for a closing
    handshake at interpreter exit) or dropping the env.
    """
    script = (
        "import os; from gymcc.remote import RemoteVectorEnv; "
        f"envs = RemoteVectorEnv({server.base!r}, 'Acrobot-v1', 2); envs.reset(seed=0); "
        f"print(envs.instance_id, flush=True); {ending}; print('end', flush=True)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20)
    assert done.returncode == 0, done.stderr
    instance_id = done.stdout.split()[0]
    assert wait_until(lambda: instance_id not in _listed(server), timeout=10)


def test_a_stopping_server_ends_the_session(gymcc_bin: str) -> None:
    """On a graceful stop the server closes the socket (1001): the env says its connection is gone."""
    server = Server(gymcc_bin)
    envs = RemoteVectorEnv(server.base, "CartPole-v1", 2)
    envs.reset(seed=0)
    assert server.stop() == 0
    with pytest.raises(ConnectionError):
        envs.step(np.zeros(2, dtype=np.int64))
    with pytest.raises(ConnectionError):
        envs.reset()
    envs.close()
    assert envs.closed
    with pytest.raises(gymnasium.error.ClosedEnvironmentError):
        envs.step(np.zeros(2, dtype=np.int64))
