"""`gymcc serve` vector envs over REST (docs/fast-paths.md), in JSON and in MessagePack:
the golden vector trajectories (tests/golden/vector) replayed exactly through both
encodings, live differential runs against gymnasium.make_vec, the batched spaces, the
instance lifecycle, --max-envs, and every client error with its status and code (never a
5xx, and the instance keeps working) — against the real binary on a free loopback port."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import warnings

import numpy as np
import pytest

from server_util import (
    MSGPACK,
    NDARRAY_EXT,
    CheckedClient,
    NDArray,
    Server,
    describe_space,
    json_diff,
    msgpack_fits,
    plain_space,
    replay_vector_run,
    to_plain,
    typed_to_numpy,
    typed_to_plain,
    vector_golden_files,
    vector_golden_runs,
)

UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
MP_HEADERS = {"Content-Type": MSGPACK, "Accept": MSGPACK}
MODES = ["NextStep", "SameStep", "Disabled"]
RESET_NEEDED = "Cannot call env.step() before calling env.reset()"


@pytest.fixture(scope="module")
def server(gymcc_bin):
    srv = Server(gymcc_bin, "--max-envs", "100000", "--max-body-bytes", "65536")
    yield srv
    assert srv.stop() == 0


@pytest.fixture
def client(server):
    c = CheckedClient(server.port)
    yield c
    c.close()


def vcreate(client, env_id="CartPole-v1", num_envs=3, **extra):
    reply = client.post("/v1/vector_envs/", {"env_id": env_id, "num_envs": num_envs, **extra})
    assert reply.status == 200, reply.body
    assert reply.headers["content-type"].startswith("application/json")
    body = reply.json()
    assert list(body) == ["instance_id"] and UUID4.match(body["instance_id"]), body
    return body["instance_id"]


def vreset(client, iid, seed=None, options=None):
    reply = client.post(f"/v1/vector_envs/{iid}/reset/", {"seed": seed, "options": options})
    assert reply.status == 200, reply.body
    return reply.json()


def vstep(client, iid, actions):
    reply = client.post(f"/v1/vector_envs/{iid}/step/", {"actions": actions})
    assert reply.status == 200, reply.body
    return reply.json()


def assert_error(reply, status, code=None, detail=None):
    assert reply.status == status, (reply.status, reply.body[:500])
    assert reply.headers["content-type"].startswith("application/json"), reply.headers
    body = reply.json()
    assert set(body) == {"detail", "code"}, body
    if code is not None:
        assert body["code"] == code, body
    if detail is not None:
        assert body["detail"] == detail, body
    return body


def assert_mp_error(reply, status, code=None, detail=None):
    """A MessagePack error answer (Accept: application/msgpack)."""
    assert reply.status == status, (reply.status, reply.body[:500])
    body = reply.msgpack()
    assert isinstance(body, dict) and set(body) == {"detail", "code"}, body
    if code is not None:
        assert body["code"] == code, body
    if detail is not None:
        assert body["detail"] == detail, body
    return body


def twin_steps_agree(client, a, b, actions):
    """Steps a and b with the same actions: both 200 with identical answers."""
    ra = client.post(f"/v1/vector_envs/{a}/step/", {"actions": actions})
    rb = client.post(f"/v1/vector_envs/{b}/step/", {"actions": actions})
    assert ra.status == 200 and rb.status == 200, (ra.body, rb.body)
    assert ra.body == rb.body


def load_vector_generator():
    name = "gymcc_golden_generate_vector"
    if name not in sys.modules:
        path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden",
                            "generate_vector.py")
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


# ---------------------------------------------------------------- golden trajectories


class RestChannel:
    """A golden run's calls over REST, with JSON or MessagePack bodies and answers."""

    def __init__(self, client, msgpack: bool):
        self.client, self.msgpack = client, msgpack

    def _post(self, path, fields):
        if not self.msgpack:
            reply = self.client.post(path, fields)
            assert reply.status == 200, (path, fields, reply.body[:500])
            assert reply.headers["content-type"].startswith("application/json"), reply.headers
            return "json", reply.json()
        if msgpack_fits(fields):
            reply = self.client.mp("POST", path, fields)
        else:  # seeds >= 2**64: a JSON body, a MessagePack answer
            reply = self.client.post(path, fields, headers={"Accept": MSGPACK})
        assert reply.status == 200, (path, fields, reply.body[:500])
        return "msgpack", reply.msgpack()

    def create(self, fields):
        encoding, body = self._post("/v1/vector_envs/", fields)
        assert set(body) == {"instance_id"} and UUID4.match(body["instance_id"]), body
        return body["instance_id"]

    def reset(self, iid, seed, options):
        if self.msgpack and seed is None and options is None:
            fields = {}
        else:  # reset_mask as a plain bool array in both encodings
            fields = {"seed": seed, "options": typed_to_plain(options)}
        return self._post(f"/v1/vector_envs/{iid}/reset/", fields)

    def step(self, iid, actions):
        value = typed_to_numpy(actions) if self.msgpack else typed_to_plain(actions)
        return self._post(f"/v1/vector_envs/{iid}/step/", {"actions": value})

    def delete(self, iid):
        reply = self.client.delete(f"/v1/vector_envs/{iid}/")
        assert reply.status == 200, reply.body


@pytest.mark.parametrize("encoding", ["json", "msgpack"])
@pytest.mark.parametrize("name", vector_golden_files())
def test_golden_vector_runs_replay_exactly(client, name, encoding):
    channel = RestChannel(client, encoding == "msgpack")
    runs = calls = 0
    for file_name, line, run in vector_golden_runs():
        if file_name != name:
            continue
        where = f"{name}:{line} {run['id']} n={run['num_envs']} {run['autoreset_mode']}"
        calls += replay_vector_run(channel, run, where)
        runs += 1
    assert runs >= 3 and calls > 100, (runs, calls)


def test_golden_files_cover_every_mode_of_every_env():
    seen = {(run["id"], run["autoreset_mode"]) for _, _, run in vector_golden_runs()}
    ids = {env_id for env_id, _ in seen}
    assert len(ids) >= 7 and all((i, m) in seen for i in ids for m in MODES), sorted(seen)


LIVE_RUNS = [
    # (id, kwargs, max_episode_steps, num_envs, steps, reset_options)
    ("CartPole-v0", {}, 25, 3, 40, None),
    ("CartPole-v1", {}, 20, 16, 25, {"low": -0.04, "high": 0.04}),
    ("MountainCar-v0", {"goal_velocity": 0.0}, 20, 2, 30, {"low": -0.5, "high": -0.45}),
    ("Pendulum-v1", {}, 15, 2, 30, None),
    ("Acrobot-v1", {}, 15, 2, 30, None),
    ("FrozenLake8x8-v1", {}, 10, 3, 30, None),
    ("CliffWalking-v1", {}, 10, 2, 30, None),
    ("Blackjack-v1", {"natural": True, "sab": False}, None, 3, 20, None),
    ("Taxi-v4", {"is_rainy": True}, 12, 2, 30, None),
]


@pytest.mark.parametrize("encoding", ["json", "msgpack"])
@pytest.mark.parametrize("mode", MODES)
def test_random_runs_match_live_gymnasium(client, test_rng, mode, encoding):
    """Runs recorded now from gymnasium.make_vec with seeds from the master seed (the golden
    files' schedule, other envs and kwargs) replay exactly."""
    gen = load_vector_generator()
    channel = RestChannel(client, encoding == "msgpack")
    for env_id, kwargs, max_steps, n, steps, options in LIVE_RUNS:
        seed = test_rng.choice([test_rng.randrange(2**31), test_rng.randrange(2**63)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run = gen.run_vector(env_id, kwargs, max_steps, n, seed, steps, options, mode)
        replay_vector_run(channel, run, f"live {env_id} n={n} {mode} seed={seed}")


# ---------------------------------------------------------------- lifecycle


def test_create_list_describe_delete(client):
    iid = vcreate(client, "CartPole-v1", 3)
    default = client.post("/v1/vector_envs/", {"env_id": "CartPole-v1"})
    assert default.status == 200, default.body
    did = default.json()["instance_id"]
    listed = client.get("/v1/vector_envs/")
    assert listed.status == 200 and listed.headers["content-type"].startswith("application/json")
    listed = listed.json()
    assert listed[iid] == {"env_id": "CartPole-v1", "num_envs": 3, "autoreset_mode": "NextStep"}
    assert listed[did] == {"env_id": "CartPole-v1", "num_envs": 1, "autoreset_mode": "NextStep"}

    vreset(client, iid, 3)
    for _ in range(4):
        vstep(client, iid, [1, 0, 1])
    info = client.get(f"/v1/vector_envs/{iid}/")
    assert info.status == 200
    info = info.json()
    assert set(info) == {"instance_id", "env_id", "num_envs", "autoreset_mode", "kwargs", "steps",
                         "env_steps", "resets", "created", "idle_seconds"}, info
    assert info["instance_id"] == iid and info["env_id"] == "CartPole-v1"
    assert info["num_envs"] == 3 and info["autoreset_mode"] == "NextStep"
    assert info["steps"] == 4 and info["env_steps"] == 12 and info["resets"] == 1, info
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", info["created"]), info
    assert isinstance(info["idle_seconds"], float) and 0 <= info["idle_seconds"] < 60

    assert client.mp("GET", "/v1/vector_envs/").msgpack()[iid] == listed[iid]
    described = client.mp("GET", f"/v1/vector_envs/{iid}/").msgpack()
    assert {k: v for k, v in described.items() if k != "idle_seconds"} == {
        k: v for k, v in info.items() if k != "idle_seconds"}
    deleted = client.delete(f"/v1/vector_envs/{iid}/")
    assert deleted.status == 200 and deleted.json() == {"message": "Environment closed and deleted."}
    assert iid not in client.get("/v1/vector_envs/").json()
    assert_error(client.get(f"/v1/vector_envs/{iid}/"), 404, "instance_not_found", "Instance not found")
    assert_error(client.delete(f"/v1/vector_envs/{iid}/"), 404, "instance_not_found")
    assert client.delete(f"/v1/vector_envs/{did}/").status == 200


@pytest.mark.parametrize("mode", MODES)
def test_autoreset_modes_and_kwargs_are_kept(client, mode):
    iid = vcreate(client, "Pendulum-v1", 2, autoreset_mode=mode, kwargs={"g": 2.0})
    assert client.get("/v1/vector_envs/").json()[iid] == {
        "env_id": "Pendulum-v1", "num_envs": 2, "autoreset_mode": mode}
    info = client.get(f"/v1/vector_envs/{iid}/").json()
    assert info["autoreset_mode"] == mode and info["kwargs"] == {"g": 2.0}, info
    client.delete(f"/v1/vector_envs/{iid}/")


def test_paths_work_without_trailing_slash(client):
    reply = client.post("/v1/vector_envs", {"env_id": "CartPole-v1", "num_envs": 2})
    assert reply.status == 200, reply.body
    iid = reply.json()["instance_id"]
    assert client.post(f"/v1/vector_envs/{iid}/reset", {"seed": 1}).status == 200
    assert client.post(f"/v1/vector_envs/{iid}/step", {"actions": [0, 1]}).status == 200
    for space in ["action_space", "observation_space", "single_action_space", "single_observation_space"]:
        assert client.get(f"/v1/vector_envs/{iid}/{space}").status == 200
    assert client.get("/v1/vector_envs").status == 200
    assert client.get(f"/v1/vector_envs/{iid}").status == 200
    assert client.delete(f"/v1/vector_envs/{iid}").status == 200


def test_reset_body_is_optional(client):
    iid = vcreate(client)
    for raw in [b"", b"{}", b"null", b'{"seed": null, "options": null}']:
        reply = client.request("POST", f"/v1/vector_envs/{iid}/reset/", raw=raw)
        assert reply.status == 200, (raw, reply.body)
        assert set(reply.json()) == {"observations", "infos"}
    reply = client.mp("POST", f"/v1/vector_envs/{iid}/reset/")  # empty MessagePack body
    assert reply.status == 200, reply.body


def test_answer_shapes_and_json_spelling(client):
    iid = vcreate(client, "CartPole-v1", 3)
    reset = client.post(f"/v1/vector_envs/{iid}/reset/", {"seed": 42})
    body = reset.json()
    assert list(body) == ["observations", "infos"] and body["infos"] == {}
    assert len(body["observations"]) == 3 and all(len(row) == 4 for row in body["observations"])
    step = client.post(f"/v1/vector_envs/{iid}/step/", {"actions": [0, 1, 1]})
    body = step.json()
    assert list(body) == ["observations", "rewards", "terminated", "truncated", "infos"]
    assert b'"rewards":[1.0,1.0,1.0]' in step.body, step.body  # floats as repr, like numpy's tolist
    assert body["terminated"] == [False] * 3 and body["truncated"] == [False] * 3
    # seed + i: sub-env i starts as a single env reset with seed 42 + i
    single = client.post("/v1/envs/", {"env_id": "CartPole-v1"}).json()["instance_id"]
    obs = client.post(f"/v1/envs/{single}/reset/", {"seed": 44}).json()["observation"]
    assert json_diff(obs, reset.json()["observations"][2]) is None


def test_msgpack_seeds_across_the_int64_uint64_range(client):
    """MessagePack ints up to 2**64 - 1 (uint64) are seeds like the JSON ones."""
    for seed in [0, 2**31, 2**32 - 2, 2**63 - 1, 2**63, 2**64 - 3]:
        a, b = vcreate(client), vcreate(client)
        ra = client.post(f"/v1/vector_envs/{a}/reset/", {"seed": seed})
        rb = client.mp("POST", f"/v1/vector_envs/{b}/reset/", {"seed": seed}, accept=False)
        assert ra.status == 200 and rb.status == 200 and ra.body == rb.body, (seed, rb.body)
        ra = client.post(f"/v1/vector_envs/{a}/reset/", {"seed": [seed, None, 5]})
        rb = client.mp("POST", f"/v1/vector_envs/{b}/reset/", {"seed": [seed, None, 5]}, accept=False)
        assert ra.status == 200 and rb.status == 200 and ra.body == rb.body, (seed, rb.body)
    a = vcreate(client)
    for seed in [-1, -(2**63)]:
        assert_mp_error(client.mp("POST", f"/v1/vector_envs/{a}/reset/", {"seed": seed}), 400, "invalid_seed",
                        f"Seed must be greater or equal to zero, actual value: {seed}")


def test_seed_list_with_nulls_and_int_seed_agree(client):
    a, b = vcreate(client), vcreate(client)
    ra = vreset(client, a, 10)
    rb = vreset(client, b, [10, 11, 12])
    assert json_diff(ra, rb) is None
    rc = vreset(client, b, [None, 11, None])
    assert rc["observations"][1] == ra["observations"][1]


# ---------------------------------------------------------------- spaces

SPACE_ENVS = [
    ("CartPole-v1", 3), ("Pendulum-v1", 2), ("MountainCarContinuous-v0", 2), ("Acrobot-v1", 1),
    ("MountainCar-v0", 2), ("FrozenLake-v1", 4), ("Taxi-v4", 2), ("Blackjack-v1", 2),
    ("CliffWalking-v1", 3),
]


@pytest.mark.parametrize("env_id, n", SPACE_ENVS)
def test_spaces_are_gymnasium_make_vec_spaces(client, env_id, n):
    import gymnasium

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        envs = gymnasium.make_vec(env_id, n, vectorization_mode="sync")
    iid = vcreate(client, env_id, n)
    for route in ["action_space", "observation_space", "single_action_space", "single_observation_space"]:
        expected = describe_space(getattr(envs, route))
        reply = client.get(f"/v1/vector_envs/{iid}/{route}/")
        assert reply.status == 200, reply.body
        assert json_diff(expected, reply.json()) is None, (env_id, route, json_diff(expected, reply.json()))
        mp = client.mp("GET", f"/v1/vector_envs/{iid}/{route}/")
        assert mp.status == 200
        diff = json_diff(plain_space(expected), plain_space(mp.msgpack()))
        assert diff is None, (env_id, route, "msgpack", diff)
    envs.close()


def test_cartpole_batched_spaces_literally(client):
    iid = vcreate(client, "CartPole-v1", 3)
    act = client.get(f"/v1/vector_envs/{iid}/action_space/").json()
    assert act == {"name": "MultiDiscrete", "shape": [3], "nvec": [2, 2, 2], "start": [0, 0, 0], "dtype": "int64"}
    obs = client.get(f"/v1/vector_envs/{iid}/observation_space/").json()
    assert obs["name"] == "Box" and obs["shape"] == [3, 4] and obs["dtype"] == "float32"
    assert obs["high"][2] == [4.800000190734863, "Infinity", 0.41887903213500977, "Infinity"]
    assert client.get(f"/v1/vector_envs/{iid}/single_action_space/").json() == {
        "name": "Discrete", "n": 2, "shape": [], "start": 0, "dtype": "int64"}
    assert client.get(f"/v1/vector_envs/{iid}/single_observation_space/").json()["shape"] == [4]


# ---------------------------------------------------------------- MessagePack specifics


def test_msgpack_answers_carry_typed_ndarrays(client):
    iid = vcreate(client, "Taxi-v4", 3)
    reset = client.mp("POST", f"/v1/vector_envs/{iid}/reset/", {"seed": 5})
    assert reset.status == 200 and reset.headers["content-type"].startswith(MSGPACK)
    body = reset.msgpack()
    obs = body["observations"]
    assert isinstance(obs, NDArray) and obs.dtype == "int64" and obs.shape == (3,)
    mask = body["infos"]["action_mask"]
    assert isinstance(mask, NDArray) and mask.dtype == "int8" and mask.shape == (3, 6)
    assert body["infos"]["_action_mask"] == NDArray("bool", (3,), b"\x01\x01\x01")
    step = client.mp("POST", f"/v1/vector_envs/{iid}/step/", {"actions": np.array([0, 1, 2])}).msgpack()
    assert list(step) == ["observations", "rewards", "terminated", "truncated", "infos"]
    assert step["rewards"].dtype == "float64" and step["rewards"].shape == (3,)
    assert step["terminated"].dtype == "bool" and step["truncated"].dtype == "bool"
    # the same answer as JSON carries it
    twin = vcreate(client, "Taxi-v4", 3)
    vreset(client, twin, 5)
    assert json_diff(vstep(client, twin, [0, 1, 2]), to_plain(step)) is None


def _discrete_dtype_agreement(client, dtypes, steps):
    a, b = vcreate(client, "CartPole-v1", 3), vcreate(client, "CartPole-v1", 3)
    vreset(client, a, 77)
    vreset(client, b, 77)
    for t in range(steps):
        actions = [(t + i) % 2 for i in range(3)]
        dtype = dtypes[t % len(dtypes)]
        sent = actions if dtype is None else np.array(actions, dtype=dtype)
        ra = client.post(f"/v1/vector_envs/{a}/step/", {"actions": actions})
        rb = client.mp("POST", f"/v1/vector_envs/{b}/step/", {"actions": sent}, accept=False)
        assert rb.status == 200, (sent, rb.body)
        assert rb.headers["content-type"].startswith("application/json")
        assert ra.body == rb.body, sent


def test_msgpack_integer_ndarray_and_plain_actions(client):
    """An ndarray of any integer dtype or a plain array; the answers equal those of JSON
    actions (here a MessagePack body with a JSON answer)."""
    ints = ["int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", None]
    _discrete_dtype_agreement(client, ints, 27)


def test_msgpack_float_ndarray_actions_for_discrete_spaces(client):
    """Float actions are not Discrete actions, whatever their values: gymnasium's sync vector
    env asserts `Discrete.contains(np.float32(0.0))`, which is False. The env is untouched."""
    a = vcreate(client, "CartPole-v1", 3)
    vreset(client, a, 77)
    for dtype in ["float32", "float64"]:
        rb = client.mp("POST", f"/v1/vector_envs/{a}/step/", {"actions": np.array([0, 1, 1], dtype=dtype)},
                       accept=False)
        assert rb.status == 400 and rb.json()["code"] == "invalid_action", (dtype, rb.body)
    after = client.post(f"/v1/vector_envs/{a}/step/", {"actions": [0, 1, 1]})
    assert after.status == 200 and client.get(f"/v1/vector_envs/{a}/").json()["steps"] == 1


def test_msgpack_ndarray_actions_for_box_spaces(client):
    p, q = vcreate(client, "Pendulum-v1", 2), vcreate(client, "Pendulum-v1", 2)
    vreset(client, p, 3)
    vreset(client, q, 3)
    for t, dtype in enumerate(["float32", "float64", "int32", "int64", "int8", "uint16", "float64"]):
        values = [[1.7 - t], [-0.3 * t]] if dtype.startswith("float") else [[t % 3], [1]]
        sent = np.array(values, dtype=dtype)
        as_json = sent.astype(np.float32).astype(np.float64).tolist()
        ra = client.post(f"/v1/vector_envs/{p}/step/", {"actions": as_json})
        rb = client.mp("POST", f"/v1/vector_envs/{q}/step/", {"actions": sent}, accept=False)
        assert ra.status == 200 and rb.status == 200, (dtype, ra.body, rb.body)
        assert ra.body == rb.body, dtype


def test_msgpack_ndarray_actions_on_single_envs(client):
    """The same conversion on /v1/envs/: a 0-d integer ndarray is a Discrete action, a float64
    ndarray of shape [1] a Pendulum action."""
    a = client.post("/v1/envs/", {"env_id": "CartPole-v1"}).json()["instance_id"]
    b = client.post("/v1/envs/", {"env_id": "CartPole-v1"}).json()["instance_id"]
    p = client.post("/v1/envs/", {"env_id": "Pendulum-v1"}).json()["instance_id"]
    q = client.post("/v1/envs/", {"env_id": "Pendulum-v1"}).json()["instance_id"]
    for iid in (a, b, p, q):
        assert client.post(f"/v1/envs/{iid}/reset/", {"seed": 2}).status == 200
    ra = client.post(f"/v1/envs/{p}/step/", {"action": [0.25]})
    rb = client.mp("POST", f"/v1/envs/{q}/step/", {"action": np.array([0.25])}, accept=False)
    assert ra.status == 200 and rb.status == 200 and ra.body == rb.body, rb.body
    ra = client.post(f"/v1/envs/{a}/step/", {"action": 1})
    rb = client.mp("POST", f"/v1/envs/{b}/step/", {"action": np.array(1, dtype=np.int8)}, accept=False)
    assert rb.status == 200 and ra.body == rb.body, rb.body


def test_max_episode_steps_field(client):
    """A positive int replaces the registered TimeLimit (REST vector and single envs)."""
    iid = vcreate(client, "Pendulum-v1", 2, max_episode_steps=3)
    vreset(client, iid, 0)
    flags = [vstep(client, iid, [[0.0], [0.0]])["truncated"] for _ in range(4)]
    assert flags == [[False, False], [False, False], [True, True], [False, False]], flags
    same = vcreate(client, "Pendulum-v1", 2, max_episode_steps=None)  # null keeps the registered 200
    vreset(client, same, 0)
    assert not any(any(vstep(client, same, [[0.0], [0.0]])["truncated"]) for _ in range(5))
    single = client.post("/v1/envs/", {"env_id": "CartPole-v1", "max_episode_steps": 2})
    assert single.status == 200, single.body
    sid = single.json()["instance_id"]
    client.post(f"/v1/envs/{sid}/reset/", {"seed": 1})
    assert [client.post(f"/v1/envs/{sid}/step/", {"action": 1}).json()["truncated"] for _ in range(2)] == [False, True]
    # -1 removes the TimeLimit, as gymnasium.make(max_episode_steps=-1) does: Pendulum
    # (registered with 200) does not truncate at step 200.
    unlimited = vcreate(client, "Pendulum-v1", 1, max_episode_steps=-1)
    vreset(client, unlimited, 0)
    assert not any(vstep(client, unlimited, [[0.0]])["truncated"][0] for _ in range(201))
    for bad in [0, -2, "5", 1.5, True, [3]]:
        for path in ["/v1/vector_envs/", "/v1/envs/"]:
            body = {"env_id": "CartPole-v1", "max_episode_steps": bad}
            assert_error(client.post(path, body), 422, "invalid_field")
            assert_mp_error(client.mp("POST", path, body), 422, "invalid_field")


def test_msgpack_reset_mask_as_ndarray(client):
    a, b = vcreate(client, "CartPole-v1", 3), vcreate(client, "CartPole-v1", 3)
    vreset(client, a, 1)
    vreset(client, b, 1)
    ra = client.post(f"/v1/vector_envs/{a}/reset/", {"seed": 9, "options": {"reset_mask": [False, True, False]}})
    rb = client.mp("POST", f"/v1/vector_envs/{b}/reset/",
                   {"seed": 9, "options": {"reset_mask": np.array([False, True, False])}}, accept=False)
    assert ra.status == 200 and rb.status == 200, (ra.body, rb.body)
    assert ra.body == rb.body


def test_msgpack_on_single_env_routes(client):
    """Every /v1/envs/ route takes and gives MessagePack too; scalars stay scalars."""
    made = client.mp("POST", "/v1/envs/", {"env_id": "CartPole-v1"})
    assert made.status == 200, made.body
    iid = made.msgpack()["instance_id"]
    twin = client.post("/v1/envs/", {"env_id": "CartPole-v1"}).json()["instance_id"]
    reset = client.mp("POST", f"/v1/envs/{iid}/reset/", {"seed": 12}).msgpack()
    obs = reset["observation"]
    assert isinstance(obs, NDArray) and obs.dtype == "float32" and obs.shape == (4,)
    assert json_diff(client.post(f"/v1/envs/{twin}/reset/", {"seed": 12}).json(), to_plain(reset)) is None
    for action in [1, 0, 0, 1]:
        step = client.mp("POST", f"/v1/envs/{iid}/step/", {"action": action}).msgpack()
        assert isinstance(step["reward"], float) and isinstance(step["terminated"], bool)
        expected = client.post(f"/v1/envs/{twin}/step/", {"action": action}).json()
        assert json_diff(expected, to_plain(step)) is None
    space = client.mp("GET", f"/v1/envs/{iid}/action_space/").msgpack()
    assert space == {"name": "Discrete", "n": 2, "shape": [], "start": 0, "dtype": "int64"}
    assert client.mp("GET", f"/v1/envs/{iid}/").msgpack()["env_id"] == "CartPole-v1"
    assert iid in client.mp("GET", "/v1/envs/").msgpack()
    assert client.mp("DELETE", f"/v1/envs/{iid}/").msgpack() == {"message": "Environment closed and deleted."}

    lake = client.mp("POST", "/v1/envs/", {"env_id": "FrozenLake-v1"}).msgpack()["instance_id"]
    reset = client.mp("POST", f"/v1/envs/{lake}/reset/", {"seed": 0}).msgpack()
    assert json_diff({"observation": 0, "info": {"prob": 1}}, reset) is None, reset
    step = client.mp("POST", f"/v1/envs/{lake}/step/", {"action": 1}).msgpack()
    assert type(step["observation"]) is int and isinstance(step["info"]["prob"], float)
    assert type(step["reward"]) in (int, float) and step["reward"] == 0  # a float in JSON; not specified here
    taxi = client.mp("POST", "/v1/envs/", {"env_id": "Taxi-v4"}).msgpack()["instance_id"]
    info = client.mp("POST", f"/v1/envs/{taxi}/reset/", {"seed": 0}).msgpack()["info"]
    assert info["action_mask"].dtype == "int8" and info["action_mask"].shape == (6,)
    bj = client.mp("POST", "/v1/envs/", {"env_id": "Blackjack-v1"}).msgpack()["instance_id"]
    obs = client.mp("POST", f"/v1/envs/{bj}/reset/", {"seed": 0}).msgpack()["observation"]
    assert isinstance(obs, list) and len(obs) == 3 and all(type(v) is int for v in obs), obs
    pend = client.mp("POST", "/v1/envs/", {"env_id": "Pendulum-v1"}).msgpack()["instance_id"]
    client.mp("POST", f"/v1/envs/{pend}/reset/", {"seed": 0})
    assert client.mp("POST", f"/v1/envs/{pend}/step/", {"action": np.array([0.5], dtype=np.float32)}).status == 200


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "env_id, code, detail",
    [
        ("Foo-v0", "unknown_env", "Environment `Foo` doesn't exist."),
        ("CartPole-v7", "unknown_version", None),
        ("bad string", "malformed_id", None),
    ],
)
def test_bad_env_ids(client, env_id, code, detail):
    assert_error(client.post("/v1/vector_envs/", {"env_id": env_id, "num_envs": 2}), 400, code, detail)
    assert_mp_error(client.mp("POST", "/v1/vector_envs/", {"env_id": env_id, "num_envs": 2}), 400, code, detail)


@pytest.mark.parametrize("num_envs", [0, -1, 65537, 2**31, 2**64, "3", 1.5, True, [3], {"n": 3}])
def test_bad_num_envs_is_422(client, num_envs):
    assert_error(client.post("/v1/vector_envs/", {"env_id": "CartPole-v1", "num_envs": num_envs}),
                 422, "invalid_field")
    if msgpack_fits(num_envs):
        assert_mp_error(client.mp("POST", "/v1/vector_envs/", {"env_id": "CartPole-v1", "num_envs": num_envs}),
                        422, "invalid_field")


@pytest.mark.parametrize("mode", ["Bogus", "nextstep", "NEXT_STEP", "", "next_step"])
def test_unknown_autoreset_mode_is_400(client, mode):
    body = {"env_id": "CartPole-v1", "num_envs": 2, "autoreset_mode": mode}
    assert_error(client.post("/v1/vector_envs/", body), 400, "invalid_argument")
    assert_mp_error(client.mp("POST", "/v1/vector_envs/", body), 400, "invalid_argument")


def test_create_field_errors(client):
    assert_error(client.post("/v1/vector_envs/", {}), 422, "missing_field")
    assert_error(client.post("/v1/vector_envs/", {"num_envs": 2}), 422, "missing_field")
    assert_error(client.post("/v1/vector_envs/", {"env_id": 5}), 422, "invalid_field")
    assert_error(client.post("/v1/vector_envs/", {"env_id": "CartPole-v1", "autoreset_mode": 1}), 422, "invalid_field")
    assert_error(client.post("/v1/vector_envs/", {"env_id": "CartPole-v1", "kwargs": 3}), 422, "invalid_field")
    assert_error(client.post("/v1/vector_envs/", [1, 2]), 422, "invalid_body")
    reply = client.post("/v1/vector_envs/", {"env_id": "CartPole-v1", "num_envs": 2, "kwargs": {"nope": 1}})
    assert "nope" in assert_error(reply, 400, "invalid_kwarg")["detail"]
    reply = client.post("/v1/vector_envs/", {"env_id": "Pendulum-v1", "kwargs": {"g": "strong"}})
    assert "g" in assert_error(reply, 400, "invalid_kwarg")["detail"]


def test_malformed_bodies_are_400(client):
    iid = vcreate(client)
    twin = vcreate(client)
    vreset(client, iid, 4)
    vreset(client, twin, 4)
    for path in ["/v1/vector_envs/", f"/v1/vector_envs/{iid}/reset/", f"/v1/vector_envs/{iid}/step/"]:
        assert_error(client.request("POST", path, raw=b'{"actions": '), 400, "invalid_json")
        assert_error(client.request("POST", path, raw=b"{actions: [0, 1, 1]}"), 400, "invalid_json")
        for raw in [b"\xc1", b"\x81\xa7actions", b"\x93\x00\x01", b"\xd9\x05abc", b"\x81\xa7actions\x93\x00\x01"]:
            assert_mp_error(client.mp("POST", path, raw=raw), 400, "invalid_msgpack")
        assert_mp_error(client.mp("POST", path, [1, 2]), 422, "invalid_body")
        assert_mp_error(client.mp("POST", path, 7), 422, "invalid_body")
        twin_steps_agree(client, iid, twin, [1, 1, 0])
    single = client.post("/v1/envs/", {"env_id": "CartPole-v1"}).json()["instance_id"]
    for path in ["/v1/envs/", f"/v1/envs/{single}/reset/", f"/v1/envs/{single}/step/"]:
        assert_mp_error(client.mp("POST", path, raw=b"\xc1"), 400, "invalid_msgpack")
        assert_mp_error(client.mp("POST", path, [1]), 422, "invalid_body")
    # a MessagePack error without Accept is JSON
    assert_error(client.request("POST", f"/v1/vector_envs/{iid}/step/", raw=b"\xc1",
                                headers={"Content-Type": MSGPACK}), 400, "invalid_msgpack")


def test_unknown_instance_is_404_everywhere(client):
    for method, path, body in [
        ("POST", "/v1/vector_envs/nope/reset/", {}),
        ("POST", "/v1/vector_envs/nope/step/", {"actions": [0]}),
        ("GET", "/v1/vector_envs/nope/action_space/", None),
        ("GET", "/v1/vector_envs/nope/observation_space/", None),
        ("GET", "/v1/vector_envs/nope/single_action_space/", None),
        ("GET", "/v1/vector_envs/nope/single_observation_space/", None),
        ("GET", "/v1/vector_envs/nope/", None),
        ("DELETE", "/v1/vector_envs/nope/", None),
    ]:
        assert_error(client.request(method, path, body=body), 404, "instance_not_found", "Instance not found")
        reply = client.mp(method, path, body)
        assert_mp_error(reply, 404, "instance_not_found", "Instance not found")


def test_wrong_method_is_405_with_allow_and_unknown_route_404(client):
    iid = vcreate(client)

    def allowed(reply):
        return {m.strip() for m in reply.headers["allow"].split(",")}

    for method, path, allow in [
        ("PUT", "/v1/vector_envs/", {"GET", "POST"}),
        ("DELETE", "/v1/vector_envs/", {"GET", "POST"}),
        ("POST", f"/v1/vector_envs/{iid}/", {"GET", "DELETE"}),
        ("PUT", f"/v1/vector_envs/{iid}/", {"GET", "DELETE"}),
        ("GET", f"/v1/vector_envs/{iid}/reset/", {"POST"}),
        ("GET", f"/v1/vector_envs/{iid}/step/", {"POST"}),
        ("DELETE", f"/v1/vector_envs/{iid}/step/", {"POST"}),
        ("POST", f"/v1/vector_envs/{iid}/action_space/", {"GET"}),
        ("POST", f"/v1/vector_envs/{iid}/observation_space/", {"GET"}),
        ("POST", f"/v1/vector_envs/{iid}/single_action_space/", {"GET"}),
        ("DELETE", f"/v1/vector_envs/{iid}/single_observation_space/", {"GET"}),
    ]:
        reply = client.request(method, path)
        assert_error(reply, 405, "method_not_allowed")
        assert allow <= allowed(reply) and method not in allowed(reply), (method, path, reply.headers)
    assert_error(client.get(f"/v1/vector_envs/{iid}/frobnicate/"), 404, "not_found")
    assert_error(client.get(f"/v1/vector_envs/{iid}/step/extra/"), 404, "not_found")
    assert client.post(f"/v1/vector_envs/{iid}/reset/", {"seed": 0}).status == 200


def test_step_before_reset(client):
    iid = vcreate(client, "CartPole-v1", 2)
    assert_error(client.post(f"/v1/vector_envs/{iid}/step/", {"actions": [0, 1]}), 400, "reset_needed", RESET_NEEDED)
    assert_mp_error(client.mp("POST", f"/v1/vector_envs/{iid}/step/", {"actions": np.array([0, 1])}),
                    400, "reset_needed", RESET_NEEDED)
    vreset(client, iid, 0)
    vstep(client, iid, [0, 1])


CARTPOLE_BAD_ACTIONS = [
    [0, 1], [0, 1, 1, 0], [], [0, 2, 1], [0, -1, 1], [0, 1.5, 1], [0, True, 1], [0, "1", 1],
    [0, None, 1], [[0], [1], [1]], [0, [1], 1], 1, "011", None, {"a": 1}, [0, 2**64, 1],
]


@pytest.mark.parametrize("actions", CARTPOLE_BAD_ACTIONS, ids=[json.dumps(a) for a in CARTPOLE_BAD_ACTIONS])
def test_invalid_discrete_actions_leave_the_env_untouched(client, actions):
    a, b = vcreate(client), vcreate(client)
    vreset(client, a, 21)
    vreset(client, b, 21)
    assert_error(client.post(f"/v1/vector_envs/{a}/step/", {"actions": actions}), 400, "invalid_action")
    if msgpack_fits(actions):
        assert_mp_error(client.mp("POST", f"/v1/vector_envs/{a}/step/", {"actions": actions}), 400, "invalid_action")
    twin_steps_agree(client, a, b, [1, 0, 1])


PENDULUM_BAD_ACTIONS = [
    [[0.5]], [[0.5], [0.5], [0.5]], [0.5, 0.5], [[0.5, 0.1], [0.5, 0.1]], [["x"], [0.1]],
    [[None], [0.1]], [[], []], [[[0.5]], [[0.5]]], 0.5, None, "fast",
]


@pytest.mark.parametrize("actions", PENDULUM_BAD_ACTIONS, ids=[json.dumps(a) for a in PENDULUM_BAD_ACTIONS])
def test_invalid_box_actions_leave_the_env_untouched(client, actions):
    a, b = vcreate(client, "Pendulum-v1", 2), vcreate(client, "Pendulum-v1", 2)
    vreset(client, a, 8)
    vreset(client, b, 8)
    assert_error(client.post(f"/v1/vector_envs/{a}/step/", {"actions": actions}), 400, "invalid_action")
    assert_mp_error(client.mp("POST", f"/v1/vector_envs/{a}/step/", {"actions": actions}), 400, "invalid_action")
    twin_steps_agree(client, a, b, [[0.25], [-1.5]])


def test_nan_and_out_of_bounds_box_actions(client):
    a, b = vcreate(client, "Pendulum-v1", 2), vcreate(client, "Pendulum-v1", 2)
    vreset(client, a, 8)
    vreset(client, b, 8)
    reply = client.request("POST", f"/v1/vector_envs/{a}/step/", raw=b'{"actions": [[NaN], [0.1]]}')
    assert assert_error(reply, 400)["code"] in ("invalid_json", "invalid_action")  # NaN is not JSON
    reply = client.mp("POST", f"/v1/vector_envs/{a}/step/", {"actions": np.array([[0.1], [np.nan]], dtype=np.float32)})
    assert_mp_error(reply, 400, "invalid_action")
    twin_steps_agree(client, a, b, [[0.25], [-1.5]])
    twin_steps_agree(client, a, b, [[5.0], [-7.5]])  # out of bounds: clipped by Pendulum, like gymnasium


def test_msgpack_ndarray_actions_of_the_wrong_shape_or_range(client):
    a, b = vcreate(client), vcreate(client)
    vreset(client, a, 5)
    vreset(client, b, 5)
    for sent in [np.array([0, 1]), np.array([[0], [1], [1]]), np.array([0, 1, 1, 0]), np.array([0, 2, 1]),
                 np.array([0, -1, 1], dtype=np.int8), np.zeros((0,), dtype=np.int64), np.array(1)]:
        reply = client.mp("POST", f"/v1/vector_envs/{a}/step/", {"actions": sent})
        assert_mp_error(reply, 400, "invalid_action")
    twin_steps_agree(client, a, b, [0, 0, 1])
    p, q = vcreate(client, "Pendulum-v1", 2), vcreate(client, "Pendulum-v1", 2)
    vreset(client, p, 5)
    vreset(client, q, 5)
    for sent in [np.zeros(2, np.float32), np.zeros((2, 2), np.float32), np.zeros((3, 1), np.float32),
                 np.zeros((1, 2, 1), np.float64)]:
        reply = client.mp("POST", f"/v1/vector_envs/{p}/step/", {"actions": sent})
        assert_mp_error(reply, 400, "invalid_action")
    twin_steps_agree(client, p, q, [[0.5], [0.5]])


def test_malformed_ndarray_extensions_are_400(client):
    import msgpack

    from server_util import ndarray_payload

    a, b = vcreate(client), vcreate(client)
    vreset(client, a, 6)
    vreset(client, b, 6)
    good = np.array([0, 1, 1], dtype=np.int64)
    payloads = [
        ndarray_payload(good, dtype_code=9),  # no such dtype
        ndarray_payload(good, dtype_code=12),
        ndarray_payload(good, dtype_code=255),
        ndarray_payload(good)[:-1],  # one byte short
        ndarray_payload(good) + b"\0",  # one byte long
        ndarray_payload(good, shape=(4,)),  # the shape says 4 elements
        bytes([7, 33]) + b"\1\0\0\0" * 33 + good.tobytes()[:8],  # 33 dimensions
        bytes([7]),  # no dimension count
        b"",
    ]
    for payload in payloads:
        raw = msgpack.packb({"actions": msgpack.ExtType(NDARRAY_EXT, payload)})
        reply = client.mp("POST", f"/v1/vector_envs/{a}/step/", raw=raw)
        body = assert_mp_error(reply, 400)
        assert body["code"] in {"invalid_msgpack", "invalid_action"}, (payload, body)
    raw = msgpack.packb({"actions": msgpack.ExtType(2, b"\0\1\1")})  # unknown extension type
    assert_mp_error(client.mp("POST", f"/v1/vector_envs/{a}/step/", raw=raw), 400)
    twin_steps_agree(client, a, b, [1, 1, 1])


@pytest.mark.parametrize(
    "seed, detail",
    [
        (-1, "Seed must be greater or equal to zero, actual value: -1"),
        (-(2**70), None),
        (1.5, None),
        ("7", None),
        ([1, 2], None),
        ([1, 2, 3, 4], None),
        ([1, -1, 2], "Seed must be greater or equal to zero, actual value: -1"),
        ([1, "a", None], None),
        ([1, 2.5, None], None),
        ({"s": 1}, None),
    ],
)
def test_bad_seeds(client, seed, detail):
    a, b = vcreate(client), vcreate(client)
    assert_error(client.post(f"/v1/vector_envs/{a}/reset/", {"seed": seed}), 400, "invalid_seed", detail)
    if msgpack_fits(seed):
        assert_mp_error(client.mp("POST", f"/v1/vector_envs/{a}/reset/", {"seed": seed}), 400, "invalid_seed", detail)
    assert json_diff(vreset(client, a, 31), vreset(client, b, 31)) is None
    twin_steps_agree(client, a, b, [0, 1, 0])


@pytest.mark.parametrize(
    "options",
    [
        {"reset_mask": [True, False]},
        {"reset_mask": [True, False, True, False]},
        {"reset_mask": [1, 0, 1]},
        {"reset_mask": [False, False, False]},
        {"reset_mask": [True, None, False]},
        {"reset_mask": "yes"},
        {"reset_mask": True},
        {"reset_mask": [[True], [False], [True]]},
        {"reset_mask": None},
    ],
    ids=lambda o: json.dumps(o),
)
def test_bad_reset_masks(client, options):
    a, b = vcreate(client), vcreate(client)
    vreset(client, a, 13)
    vreset(client, b, 13)
    twin_steps_agree(client, a, b, [0, 1, 0])
    assert_error(client.post(f"/v1/vector_envs/{a}/reset/", {"seed": 2, "options": options}), 400, "invalid_options")
    assert_mp_error(client.mp("POST", f"/v1/vector_envs/{a}/reset/", {"options": options}), 400, "invalid_options")
    twin_steps_agree(client, a, b, [1, 1, 0])  # untouched


def test_bad_reset_options_and_mistyped_fields(client):
    a, b = vcreate(client), vcreate(client)
    reply = client.post(f"/v1/vector_envs/{a}/reset/", {"options": {"low": 0.1, "high": -0.1}})
    assert_error(reply, 400, "invalid_options", "Lower bound (0.1) must be lower than higher bound (-0.1).")
    assert_error(client.post(f"/v1/vector_envs/{a}/reset/", {"options": 3}), 422, "invalid_field")
    assert_error(client.post(f"/v1/vector_envs/{a}/reset/", [1]), 422, "invalid_body")
    assert json_diff(vreset(client, a, 8), vreset(client, b, 8)) is None
    assert_error(client.post(f"/v1/vector_envs/{a}/step/", {}), 422, "missing_field")
    assert_error(client.post(f"/v1/vector_envs/{a}/step/", {"action": [0, 1, 0]}), 422, "missing_field")
    twin_steps_agree(client, a, b, [0, 1, 0])


def test_disabled_mode_refuses_to_step_a_finished_sub_env(client):
    # FrozenLake without slipping: right then down from the start falls into the hole at 5.
    kw = {"kwargs": {"is_slippery": False}, "autoreset_mode": "Disabled"}
    a, b = vcreate(client, "FrozenLake-v1", 2, **kw), vcreate(client, "FrozenLake-v1", 2, **kw)
    for iid in (a, b):
        vreset(client, iid, 0)
        vstep(client, iid, [2, 2])
        last = vstep(client, iid, [1, 2])
    assert last["observations"] == [5, 2] and last["terminated"] == [True, False], last
    for actions in [[0, 2], [1, 1]]:
        reply = client.post(f"/v1/vector_envs/{a}/step/", {"actions": actions})
        assert_error(reply, 400, "reset_needed")
        assert_mp_error(client.mp("POST", f"/v1/vector_envs/{a}/step/", {"actions": np.array(actions)}),
                        400, "reset_needed")
    # reset only the finished sub-env; the other keeps its state
    for iid in (a, b):
        body = vreset(client, iid, None, {"reset_mask": [True, False]})
        assert body["observations"] == [0, 2], body
    twin_steps_agree(client, a, b, [1, 1])
    body = vstep(client, a, [2, 1])
    assert body["observations"] == [5, 10] and body["terminated"] == [True, False], body
    # NextStep on the same moves autoresets instead (reward 0, flags cleared)
    n = vcreate(client, "FrozenLake-v1", 2, kwargs={"is_slippery": False})
    vreset(client, n, 0)
    vstep(client, n, [2, 2])
    vstep(client, n, [1, 2])
    body = vstep(client, n, [0, 1])
    assert body["observations"] == [0, 6] and body["terminated"] == [False, False], body
    assert body["rewards"] == [0.0, 0.0]


def test_every_error_leaves_no_5xx_in_metrics(client):
    text = client.get("/metrics").body.decode()
    assert not re.search(r'gymcc_requests_total\{[^}]*status="5\d\d"\}', text), text


# ---------------------------------------------------------------- capacity and metrics


def gauge(client, name):
    text = client.get("/metrics").body.decode()
    match = re.search(rf"^{name} (\d+)$", text, re.M)
    assert match, text
    return int(match.group(1))


def test_metrics_and_listing_include_vector_envs(client):
    """docs/api.md: /metrics counts instances (single, vector, sub-envs)."""
    names = ["gymcc_instances", "gymcc_vector_instances", "gymcc_sub_envs"]
    before = [gauge(client, name) for name in names]
    iid = vcreate(client, "CartPole-v1", 3)
    assert [gauge(client, name) for name in names] == [before[0] + 1, before[1] + 1, before[2] + 3]
    assert iid in client.get("/v1/vector_envs/").json()
    assert iid not in client.get("/v1/envs/").json()  # the single-env listing keeps its shape
    vreset(client, iid, 1)
    vstep(client, iid, [0, 0, 0])
    text = client.get("/metrics").body.decode()
    assert re.search(r'gymcc_requests_total\{route="[a-z_]*step[a-z_]*",status="200"\}', text), text
    client.delete(f"/v1/vector_envs/{iid}/")
    assert [gauge(client, name) for name in names] == before


def test_max_envs_counts_num_envs(gymcc_bin):
    srv = Server(gymcc_bin, "--max-envs", "5")
    try:
        c = CheckedClient(srv.port)
        three = vcreate(c, "CartPole-v1", 3)
        assert c.get("/readyz").status == 200
        assert_error(c.post("/v1/vector_envs/", {"env_id": "CartPole-v1", "num_envs": 3}), 503, "at_capacity")
        assert_error(c.post("/v1/vector_envs/", {"env_id": "CartPole-v1", "num_envs": 6}), 503, "at_capacity")
        two = vcreate(c, "CartPole-v1", 2)
        assert c.get("/readyz").status == 503
        assert_error(c.post("/v1/envs/", {"env_id": "CartPole-v1"}), 503, "at_capacity")
        assert_error(c.post("/v1/vector_envs/", {"env_id": "CartPole-v1", "num_envs": 1}), 503, "at_capacity")
        assert c.delete(f"/v1/vector_envs/{three}/").status == 200
        single = c.post("/v1/envs/", {"env_id": "CartPole-v1"})
        assert single.status == 200
        vcreate(c, "CartPole-v1", 2)
        assert_error(c.post("/v1/envs/", {"env_id": "CartPole-v1"}), 503, "at_capacity")
        assert c.delete(f"/v1/vector_envs/{two}/").status == 200
        vcreate(c, "Pendulum-v1", 2)
        c.close()
    finally:
        assert srv.stop() == 0


def test_idle_vector_envs_are_evicted(gymcc_bin):
    from server_util import wait_until

    srv = Server(gymcc_bin, "--idle-timeout", "1")
    try:
        c = CheckedClient(srv.port)
        iid = vcreate(c, "CartPole-v1", 2)
        assert wait_until(lambda: c.get(f"/v1/vector_envs/{iid}/").status == 404, timeout=6)
        c.close()
    finally:
        assert srv.stop() == 0


def test_msgpack_space_descriptions_carry_ndarray_bounds(client, server):
    """REST space routes with Accept: msgpack describe Box bounds as ndarrays of the space's dtype,
    with IEEE infinities, exactly as the WebSocket `spaces` op does (docs/fast-paths.md)."""
    from server_util import WsClient, mp_unpack

    iid = vcreate(client, "CartPole-v1", 3)
    reply = client.mp("GET", f"/v1/vector_envs/{iid}/observation_space/")
    assert reply.status == 200 and reply.headers["content-type"].startswith("application/msgpack")
    described = mp_unpack(reply.body)
    low = described["low"]
    assert isinstance(low, NDArray) and low.dtype == "float32" and low.shape == (3, 4), low
    assert np.isneginf(low.array[:, 1]).all() and np.isposinf(described["high"].array[:, 3]).all()
    with WsClient(server.port) as ws:
        over_ws = ws.call({"op": "spaces", "instance_id": iid}, True)["observation_space"]
    assert over_ws == described
