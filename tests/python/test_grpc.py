"""`gymcc serve --grpc-port`: DeepMind's dm_env_rpc protocol over gRPC.

Exactness against live gymnasium on fresh seeds (observations, rewards and
flags bit for bit, Tuple observations and kwargs included), dm_env_adaptor
episodes, the episode states, every error's gRPC code and message, worlds
shared with REST, API keys, TLS, pipelined requests and many concurrent
streams. dm_env_rpc's own compliance suite is test_grpc_compliance.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import grpc
import gymnasium as gym
import numpy as np
import pytest
from dm_env_rpc.v1 import dm_env_adaptor, error
from dm_env_rpc.v1 import dm_env_rpc_pb2 as pb
from dm_env_rpc.v1 import dm_env_rpc_pb2_grpc as pb_grpc
from dm_env_rpc.v1 import tensor_utils

from grpc_util import GrpcServer, create_world, join_world, settings, uid_of

CODE = grpc.StatusCode


@pytest.fixture(scope="module")
def server(gymcc_bin):
    srv = GrpcServer(gymcc_bin, "--max-envs", "64")
    yield srv
    assert srv.stop() == 0


@pytest.fixture
def conn(server):
    connection = server.connect()
    yield connection
    connection.close()


def raises_code(code: grpc.StatusCode, match: str = ""):
    """Asserts a dm_env_rpc error reply with this gRPC code (and message text)."""

    class _Check:
        def __enter__(self):
            return self

        def __exit__(self, kind, value, tb):
            assert kind is error.DmEnvRpcError, f"expected {code.name}, got {kind}: {value}"
            assert value.code == code.value[0], f"expected {code.name}, got {value.code}: {value}"
            assert match in value.message, (match, value.message)
            self.message = value.message
            return True

    return _Check()


def all_uids(specs):
    return sorted(specs.observations.keys())


def step(connection, uids, actions=None):
    response = connection.send(pb.StepRequest(actions=actions or {}, requested_observations=uids))
    return response.state, {uid: tensor_utils.unpack_tensor(t) for uid, t in response.observations.items()}


def random_action(space, rng):
    if isinstance(space, gym.spaces.Discrete):
        return int(space.start + rng.randrange(int(space.n)))
    low, high = space.low.astype(np.float64), space.high.astype(np.float64)
    return np.array([rng.uniform(lo, hi) for lo, hi in zip(low.ravel(), high.ravel())],
                    dtype=space.dtype).reshape(space.shape)


def observation_of(values, specs, space):
    """The gymnasium-shaped observation from the flattened observation tensors."""
    if isinstance(space, gym.spaces.Tuple):
        return tuple(values[uid_of(specs.observations, f"observation.{i}")]
                     for i in range(len(space.spaces)))
    return values[uid_of(specs.observations, "observation")]


def assert_same_observation(got, want):
    if isinstance(want, tuple):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert_same_observation(g, w)
        return
    want = np.asarray(want)
    got = np.asarray(got)
    assert got.dtype == want.dtype or (want.dtype.kind == got.dtype.kind == "i"), (got.dtype, want.dtype)
    assert got.shape == want.shape and np.array_equal(got, want), (got, want)


def plain(value):
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


EXACT_CASES = [
    ("CartPole-v1", {}),
    ("Acrobot-v1", {}),
    ("Pendulum-v1", {}),
    ("MountainCarContinuous-v0", {}),
    ("Blackjack-v1", {"natural": True}),
    ("FrozenLake-v1", {"map_name": "8x8", "is_slippery": True}),
    ("Taxi-v4", {}),
]


@pytest.mark.parametrize("env_id,kwargs", EXACT_CASES, ids=[c[0] for c in EXACT_CASES])
def test_episodes_equal_gymnasium_bit_for_bit(conn, env_id, kwargs, test_rng):
    seed = test_rng.randrange(2**32)
    world = create_world(conn, env_id, seed=seed, max_episode_steps=60,
                         **{f"kwargs_{k}": v for k, v in kwargs.items()})
    specs = join_world(conn, world)
    uids = all_uids(specs)
    ref = gym.make(env_id, max_episode_steps=60, **kwargs)
    ref.action_space.seed(seed)
    action_uid = uid_of(specs.actions, "action")
    names = {uid: spec.name for uid, spec in specs.observations.items()}
    for episode in range(3):
        state, values = step(conn, uids)
        want_obs, want_info = ref.reset(seed=seed if episode == 0 else None)
        assert state == pb.RUNNING
        assert_same_observation(observation_of(values, specs, ref.observation_space), want_obs)
        assert json.loads(str(values[uid_of(specs.observations, "info")])) == plain(want_info)
        while True:
            action = random_action(ref.action_space, test_rng)
            dtype = specs.actions[action_uid].dtype
            state, values = step(conn, uids, {action_uid: tensor_utils.pack_tensor(action, dtype=dtype)})
            want_obs, reward, terminated, truncated, info = ref.step(action)
            got = {names[uid]: value for uid, value in values.items()}
            assert_same_observation(observation_of(values, specs, ref.observation_space), want_obs)
            assert got["reward"] == float(reward) and got["reward"].dtype == np.float64
            assert bool(got["terminated"]) is bool(terminated)
            assert bool(got["truncated"]) is bool(truncated)
            assert got["discount"] == (0.0 if terminated else 1.0)
            assert json.loads(str(got["info"])) == plain(info)
            expected_state = (pb.TERMINATED if terminated else pb.INTERRUPTED if truncated
                              else pb.RUNNING)
            assert state == expected_state
            if terminated or truncated:
                break
    conn.send(pb.LeaveWorldRequest())
    conn.send(pb.DestroyWorldRequest(world_name=world))


def test_dm_env_adaptor_runs_seeded_episodes(conn, test_rng):
    seed = test_rng.randrange(2**31)
    world = create_world(conn, "CartPole-v1", seed=seed)
    env = dm_env_adaptor.DmEnvAdaptor(conn, join_world(conn, world))
    ref = gym.make("CartPole-v1")
    for episode in range(2):
        timestep = env.reset()
        want, _ = ref.reset(seed=seed if episode == 0 else None)
        assert timestep.first() and np.array_equal(timestep.observation["observation"], want)
        while not timestep.last():
            action = test_rng.randrange(2)
            timestep = env.step({"action": np.int64(action)})
            want, reward, terminated, truncated, _ = ref.step(action)
            assert np.array_equal(timestep.observation["observation"], want)
            assert timestep.reward == reward
        assert timestep.discount == (0.0 if terminated else 1.0)
    conn.send(pb.LeaveWorldRequest())
    conn.send(pb.DestroyWorldRequest(world_name=world))


def test_tuple_observations_nest_in_the_adaptor(conn):
    world = create_world(conn, "Blackjack-v1", seed=3)
    env = dm_env_adaptor.DmEnvAdaptor(conn, join_world(conn, world))
    observation = env.reset().observation["observation"]
    want, _ = gym.make("Blackjack-v1").reset(seed=3)
    assert tuple(int(observation[str(i)]) for i in range(3)) == want
    conn.send(pb.LeaveWorldRequest())
    conn.send(pb.DestroyWorldRequest(world_name=world))


def test_specs_carry_dtypes_shapes_and_bounds(conn):
    world = create_world(conn, "Pendulum-v1")
    specs = join_world(conn, world)
    action = specs.actions[uid_of(specs.actions, "action")]
    assert action.dtype == pb.FLOAT and list(action.shape) == [1]
    assert list(action.min.floats.array) == [-2.0] and list(action.max.floats.array) == [2.0]
    observation = specs.observations[uid_of(specs.observations, "observation")]
    assert observation.dtype == pb.FLOAT and list(observation.shape) == [3]
    assert list(observation.max.floats.array) == [1.0, 1.0, 8.0]
    conn.send(pb.LeaveWorldRequest())
    conn.send(pb.DestroyWorldRequest(world_name=world))
    world = create_world(conn, "CartPole-v1")
    specs = join_world(conn, world)
    action = specs.actions[uid_of(specs.actions, "action")]
    assert action.dtype == pb.INT64 and list(action.shape) == []
    assert list(action.min.int64s.array) == [0] and list(action.max.int64s.array) == [1]
    # CartPole's unbounded velocities keep their infinities in the bound arrays.
    low = list(specs.observations[uid_of(specs.observations, "observation")].min.floats.array)
    assert low[1] == -np.inf and low[0] == np.float32(-4.8)
    conn.send(pb.LeaveWorldRequest())
    conn.send(pb.DestroyWorldRequest(world_name=world))


def test_reset_and_reset_world_start_new_episodes_with_their_seed(server, conn):
    world = create_world(conn, "CartPole-v1")
    specs = join_world(conn, world)
    obs_uid = uid_of(specs.observations, "observation")
    ref = gym.make("CartPole-v1")
    step(conn, [obs_uid])
    step(conn, [obs_uid], {1: tensor_utils.pack_tensor(np.int64(1))})
    conn.send(pb.ResetRequest(settings=settings(seed=77)))
    state, values = step(conn, [obs_uid], {1: tensor_utils.pack_tensor("ignored")})
    assert state == pb.RUNNING and np.array_equal(values[obs_uid], ref.reset(seed=77)[0])
    # ResetWorld from another stream restarts the joined stream's episode, with its seed.
    other = server.connect()
    other.send(pb.ResetWorldRequest(world_name=world, settings=settings(seed=5)))
    other.close()
    state, values = step(conn, [obs_uid], {1: tensor_utils.pack_tensor(np.int64(0))})
    assert state == pb.RUNNING and np.array_equal(values[obs_uid], ref.reset(seed=5)[0])
    conn.send(pb.LeaveWorldRequest())
    conn.send(pb.DestroyWorldRequest(world_name=world))


def test_errors_have_grpc_codes_and_the_rest_messages(server, conn):
    with raises_code(CODE.INVALID_ARGUMENT, "Environment `NoSuchEnv` doesn't exist."):
        create_world(conn, "NoSuchEnv-v0")
    with raises_code(CODE.INVALID_ARGUMENT, "'env_id'"):
        conn.send(pb.CreateWorldRequest(settings={}))
    with raises_code(CODE.INVALID_ARGUMENT, "no setting 'colour'"):
        create_world(conn, "CartPole-v1", colour="red")
    with raises_code(CODE.INVALID_ARGUMENT, "Seed must be a python integer"):
        create_world(conn, "CartPole-v1", seed=1.5)
    with raises_code(CODE.INVALID_ARGUMENT, "unexpected keyword argument 'gravity'"):
        create_world(conn, "CartPole-v1", kwargs_gravity=1.0)
    with raises_code(CODE.FAILED_PRECONDITION, "joined no world"):
        conn.send(pb.StepRequest())
    with raises_code(CODE.NOT_FOUND, "no world named 'nope'"):
        join_world(conn, "nope")
    world = create_world(conn, "CartPole-v1")
    join_world(conn, world)
    with raises_code(CODE.FAILED_PRECONDITION, "leave it"):
        join_world(conn, world)
    other = server.connect()
    with raises_code(CODE.FAILED_PRECONDITION, "joined by another stream"):
        join_world(other, world)
    with raises_code(CODE.FAILED_PRECONDITION, "joined by another stream"):
        other.send(pb.DestroyWorldRequest(world_name=world))
    other.close()
    with raises_code(CODE.FAILED_PRECONDITION, "Leave the world"):
        conn.send(pb.DestroyWorldRequest(world_name=world))
    step(conn, [])  # starts the episode
    with raises_code(CODE.INVALID_ARGUMENT, "no action 'action'"):
        step(conn, [])
    with raises_code(CODE.INVALID_ARGUMENT, "must be a INT64 tensor, not DOUBLE"):
        step(conn, [], {1: tensor_utils.pack_tensor(1.0)})
    with raises_code(CODE.INVALID_ARGUMENT, "outside the spec's bounds [0, 1]"):
        step(conn, [], {1: tensor_utils.pack_tensor(np.int64(2))})
    with raises_code(CODE.INVALID_ARGUMENT, "no observation with uid 99"):
        step(conn, [99], {1: tensor_utils.pack_tensor(np.int64(1))})
    with raises_code(CODE.INVALID_ARGUMENT, "only seed"):
        conn.send(pb.ResetRequest(settings=settings(options="{}")))
    # A failed request changed nothing: the episode goes on from where it was.
    state, _ = step(conn, [], {1: tensor_utils.pack_tensor(np.int64(1))})
    assert state == pb.RUNNING
    extension = pb.EnvironmentRequest()
    extension.extension.type_url = "type.googleapis.com/example.Nothing"
    stub = pb_grpc.EnvironmentStub(grpc.insecure_channel(server.grpc_address))
    (reply,) = list(stub.Process(iter([extension])))
    assert reply.error.code == CODE.UNIMPLEMENTED.value[0]
    conn.send(pb.LeaveWorldRequest())
    conn.send(pb.DestroyWorldRequest(world_name=world))
    with raises_code(CODE.NOT_FOUND, "no world named"):
        conn.send(pb.DestroyWorldRequest(world_name=world))


def test_worlds_are_rest_instances(server, conn):
    http = server.client()
    world = create_world(conn, "MountainCar-v0", seed=1)
    reply = http.get(f"/v1/envs/{world}/")
    assert reply.status == 200 and reply.json()["env_id"] == "MountainCar-v0"
    join_world(conn, world)
    step(conn, [])
    assert http.get(f"/v1/envs/{world}/").json()["episodes"] == 1
    assert http.delete(f"/v1/envs/{world}/").status == 200
    with raises_code(CODE.NOT_FOUND, "no longer exists"):
        step(conn, [], {1: tensor_utils.pack_tensor(np.int64(0))})
    conn.send(pb.LeaveWorldRequest())
    metrics = http.get("/metrics").body.decode()
    assert 'route="grpc_step"' in metrics and 'route="grpc_create_world"' in metrics


def test_capacity_is_resource_exhausted(gymcc_bin):
    srv = GrpcServer(gymcc_bin, "--max-envs", "1")
    try:
        connection = srv.connect()
        create_world(connection, "CartPole-v1")
        with raises_code(CODE.RESOURCE_EXHAUSTED, "--max-envs"):
            create_world(connection, "CartPole-v1")
        connection.close()
    finally:
        assert srv.stop() == 0


def test_pipelined_requests_are_answered_in_order(server, test_rng):
    seed = test_rng.randrange(2**31)
    connection = server.connect()
    world = create_world(connection, "CartPole-v1", seed=seed)
    connection.close()
    actions = [test_rng.randrange(2) for _ in range(200)]
    requests = [pb.EnvironmentRequest(join_world=pb.JoinWorldRequest(world_name=world)),
                pb.EnvironmentRequest(step=pb.StepRequest(requested_observations=[1]))]
    for a in actions:
        requests.append(pb.EnvironmentRequest(step=pb.StepRequest(
            actions={1: tensor_utils.pack_tensor(np.int64(a))}, requested_observations=[1, 2])))
    stub = pb_grpc.EnvironmentStub(grpc.insecure_channel(server.grpc_address))
    replies = list(stub.Process(iter(requests)))  # every request is sent before reading
    assert len(replies) == len(requests)
    ref = gym.make("CartPole-v1")
    want, _ = ref.reset(seed=seed)
    assert np.array_equal(tensor_utils.unpack_tensor(replies[1].step.observations[1]), want)
    episode_over = False
    for action, reply in zip(actions, replies[2:]):
        assert not reply.HasField("error"), reply
        if episode_over:  # this step started the next episode, its action ignored
            want, _ = ref.reset()
            episode_over = False
        else:
            want, reward, terminated, truncated, _ = ref.step(action)
            assert tensor_utils.unpack_tensor(reply.step.observations[2]) == reward
            episode_over = terminated or truncated
        assert np.array_equal(tensor_utils.unpack_tensor(reply.step.observations[1]), want)
        assert (reply.step.state != pb.RUNNING) == episode_over


def test_many_streams_step_concurrently(server, test_rng):
    seeds = [test_rng.randrange(2**31) for _ in range(16)]
    failures = []

    def run(seed):
        try:
            connection = server.connect()
            world = create_world(connection, "Acrobot-v1", seed=seed)
            join_world(connection, world)
            ref = gym.make("Acrobot-v1")
            state, values = step(connection, [1])
            assert np.array_equal(values[1], ref.reset(seed=seed)[0])
            for t in range(100):
                state, values = step(connection, [1], {1: tensor_utils.pack_tensor(np.int64(t % 3))})
                assert np.array_equal(values[1], ref.step(t % 3)[0])
            connection.send(pb.LeaveWorldRequest())
            connection.send(pb.DestroyWorldRequest(world_name=world))
            connection.close()
        except Exception as e:  # noqa: BLE001 (reported below)
            failures.append(repr(e))

    threads = [threading.Thread(target=run, args=(s,)) for s in seeds]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures, failures


def test_api_keys_and_tenancy(gymcc_bin, tmp_path):
    keys = tmp_path / "keys"
    keys.write_text("alice:alice-key-0123456789abcdef\nbob:bob-key-0123456789abcdef:1\n")
    srv = GrpcServer(gymcc_bin, "--api-keys", str(keys))
    try:
        anonymous = srv.connect()
        with pytest.raises(grpc.RpcError) as refused:
            create_world(anonymous, "CartPole-v1")
        assert refused.value.code() == CODE.UNAUTHENTICATED
        assert "API key" in refused.value.details()
        alice = srv.connect(metadata=[("authorization", "Bearer alice-key-0123456789abcdef")])
        bob = srv.connect(metadata=[("x-api-key", "bob-key-0123456789abcdef")])
        world = create_world(alice, "CartPole-v1")
        with raises_code(CODE.NOT_FOUND, "no world named"):
            join_world(bob, world)
        with raises_code(CODE.NOT_FOUND):
            bob.send(pb.DestroyWorldRequest(world_name=world))
        create_world(bob, "CartPole-v1")
        with raises_code(CODE.RESOURCE_EXHAUSTED, "'bob' may hold at most 1"):
            create_world(bob, "CartPole-v1")
        join_world(alice, world)
        for c in (alice, bob):
            c.close()
    finally:
        assert srv.stop() == 0


def test_tls(gymcc_bin, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60)
    srv = GrpcServer(gymcc_bin, "--tls-cert", str(cert), "--tls-key", str(key))
    try:
        credentials = grpc.ssl_channel_credentials(root_certificates=cert.read_bytes())
        connection = srv.connect(channel=grpc.secure_channel(srv.grpc_address, credentials))
        world = create_world(connection, "CartPole-v1", seed=9)
        join_world(connection, world)
        _, values = step(connection, [1])
        assert np.array_equal(values[1], gym.make("CartPole-v1").reset(seed=9)[0])
        connection.close()
        plain_channel = srv.connect()
        with pytest.raises(grpc.RpcError):
            create_world(plain_channel, "CartPole-v1")
    finally:
        assert srv.stop() == 0


def test_sigterm_stops_with_a_stream_open(gymcc_bin):
    srv = GrpcServer(gymcc_bin)
    connection = srv.connect()
    world = create_world(connection, "CartPole-v1")
    join_world(connection, world)
    assert srv.stop(timeout=30) == 0
    with pytest.raises((grpc.RpcError, error.DmEnvRpcError, ValueError)):
        step(connection, [])


def test_grpc_port_in_use_is_a_clear_error(server, gymcc_bin):
    proc = subprocess.run([gymcc_bin, "serve", "--port", "0", "--grpc-port", str(server.grpc_port)],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode != 0
    assert f"cannot serve gRPC on 127.0.0.1:{server.grpc_port}" in proc.stderr


def test_the_dm_env_agent_example_runs(server):
    example = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "grpc", "python",
                           "dm_env_agent.py")
    proc = subprocess.run([sys.executable, example, server.grpc_address, "--seed", "7",
                           "--episodes", "3"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 3 and all("identical to gymnasium" in line for line in lines), lines
