"""`gymcc serve` WebSocket sessions on GET /v1/ws (docs/fast-paths.md): every op in JSON
(text messages) and MessagePack (binary messages), golden vector trajectories replayed
exactly through both, `id` echoing, pipelining, error replies that keep the socket open
(the same status, code and detail as REST), instance ownership, REST <-> WebSocket
interplay, the message size limit (close 1009) and graceful stop (close 1001) — against
the real binary on a free loopback port."""

from __future__ import annotations

import json
import signal
import time

import numpy as np
import pytest
from websockets.exceptions import ConnectionClosed

from server_util import (
    CheckedClient,
    Server,
    WsClient,
    json_diff,
    mp_pack,
    msgpack_fits,
    plain_space,
    replay_vector_run,
    to_plain,
    typed_to_numpy,
    typed_to_plain,
    vector_golden_files,
    vector_golden_runs,
    wait_until,
)

MAX_BODY = 65536
MODES = ["NextStep", "SameStep", "Disabled"]


@pytest.fixture(scope="module")
def server(gymcc_bin):
    srv = Server(gymcc_bin, "--max-envs", "100000", "--max-body-bytes", str(MAX_BODY))
    yield srv
    assert srv.stop() == 0


@pytest.fixture
def client(server):
    c = CheckedClient(server.port)
    yield c
    c.close()


@pytest.fixture
def ws(server):
    w = WsClient(server.port)
    yield w
    w.close()


def ok(reply, rid=None):
    """A successful reply: `id` echoed, no `error`; returns the other fields."""
    assert isinstance(reply, dict) and "error" not in reply, reply
    assert "id" in reply and json_diff(rid, reply["id"]) is None, (rid, reply)
    return {k: v for k, v in reply.items() if k != "id"}


def err(reply, status, code=None, detail=None, rid=None):
    assert isinstance(reply, dict) and set(reply) == {"id", "error"}, reply
    assert json_diff(rid, reply["id"]) is None, (rid, reply)
    e = reply["error"]
    assert isinstance(e, dict) and set(e) == {"status", "code", "detail"}, reply
    assert e["status"] == status, reply
    if code is not None:
        assert e["code"] == code, reply
    if detail is not None:
        assert e["detail"] == detail, reply
    return e


def ws_make_vec(ws, env_id="CartPole-v1", num_envs=3, binary=False, **extra):
    fields = ok(ws.call({"op": "make_vec", "env_id": env_id, "num_envs": num_envs, **extra}, binary))
    assert set(fields) == {"instance_id"}, fields
    return fields["instance_id"]


def ws_make(ws, env_id="CartPole-v1", binary=False, **extra):
    fields = ok(ws.call({"op": "make", "env_id": env_id, **extra}, binary))
    assert set(fields) == {"instance_id"}, fields
    return fields["instance_id"]


def rest_make_vec(client, env_id="CartPole-v1", num_envs=3, **extra):
    reply = client.post("/v1/vector_envs/", {"env_id": env_id, "num_envs": num_envs, **extra})
    assert reply.status == 200, reply.body
    return reply.json()["instance_id"]


def rest_make(client, env_id="CartPole-v1", **extra):
    reply = client.post("/v1/envs/", {"env_id": env_id, **extra})
    assert reply.status == 200, reply.body
    return reply.json()["instance_id"]


def assert_socket_works(ws, iid, binary=False):
    fields = ok(ws.call({"op": "spaces", "instance_id": iid, "id": "probe"}, binary), "probe")
    assert "action_space" in fields and "observation_space" in fields


# ---------------------------------------------------------------- golden trajectories


class WsChannel:
    """A golden run's calls as WebSocket requests: text JSON, or binary MessagePack (a reset
    whose seeds MessagePack cannot carry, >= 2**64, goes as text and is compared as JSON)."""

    def __init__(self, ws, binary: bool):
        self.ws, self.binary, self.n = ws, binary, 0

    def _call(self, request):
        self.n += 1
        rid = self.n if self.n % 2 else f"r{self.n}"
        binary = self.binary and msgpack_fits(request)
        reply = self.ws.call({**request, "id": rid}, binary)
        return ("msgpack" if binary else "json"), ok(reply, rid)

    def create(self, fields):
        _, body = self._call({"op": "make_vec", **fields})
        assert set(body) == {"instance_id"}, body
        return body["instance_id"]

    def reset(self, iid, seed, options):
        request = {"op": "reset", "instance_id": iid}
        if not (self.binary and seed is None and options is None):
            request.update(seed=seed, options=typed_to_plain(options))
        return self._call(request)

    def step(self, iid, actions):
        value = typed_to_numpy(actions) if self.binary else typed_to_plain(actions)
        return self._call({"op": "step", "instance_id": iid, "actions": value})

    def delete(self, iid):
        _, body = self._call({"op": "close", "instance_id": iid})
        assert body == {"message": "Environment closed and deleted."}, body


@pytest.mark.parametrize("encoding", ["json", "msgpack"])
@pytest.mark.parametrize("name", vector_golden_files())
def test_golden_vector_runs_replay_exactly(ws, name, encoding):
    channel = WsChannel(ws, encoding == "msgpack")
    runs = 0
    for file_name, line, run in vector_golden_runs():
        if file_name == name:
            replay_vector_run(channel, run, f"{name}:{line} {run['id']} {run['autoreset_mode']} over ws")
            runs += 1
    assert runs >= 3


def test_golden_single_env_episodes_over_both_encodings(ws):
    """The first scalar golden episode of every env (tests/golden/data) via make/reset/step."""
    import glob
    import gzip
    import os

    data = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "data")
    files = sorted(glob.glob(os.path.join(data, "*.jsonl.gz")))
    assert len(files) >= 9
    for path in files:
        with gzip.open(path, "rt") as f:
            ep = json.loads(f.readline())
        for binary in (False, True):
            where = f"{os.path.basename(path)} {ep['id']} seed={ep['seed']} binary={binary}"
            iid = ws_make(ws, ep["id"], binary, kwargs=ep.get("kwargs") or {})
            request = {"op": "reset", "instance_id": iid, "seed": ep["seed"], "options": ep.get("options")}
            reply = ws.call(request, binary and msgpack_fits(request))
            got = to_plain(ok(reply))
            assert json_diff({"observation": ep["reset"]["obs"], "info": ep["reset"]["info"]}, got) is None, where
            # pipelined: every step sent, then every reply read
            steps = ep["steps"][:300]
            for k, (action, *_rest) in enumerate(steps):
                sent = np.array(action, dtype=np.float32) if binary and isinstance(action, list) else action
                (ws.send_mp if binary else ws.send_json)({"op": "step", "instance_id": iid, "action": sent, "id": k})
            for k, (_, obs, reward, terminated, truncated, info) in enumerate(steps):
                kind, reply = ws.recv()
                assert kind == ("msgpack" if binary else "json")
                got = ok(reply, k)
                assert list(got) == ["observation", "reward", "terminated", "truncated", "info"], got
                expected = {"observation": obs, "terminated": terminated, "truncated": truncated, "info": info}
                diff = json_diff(expected, to_plain({k2: got[k2] for k2 in expected}))
                assert diff is None, (where, k, diff)
                if binary:  # a MessagePack number; its int/float kind is not specified
                    assert type(got["reward"]) in (int, float) and got["reward"] == reward, (where, k)
                else:
                    assert json_diff(float(reward), got["reward"]) is None, (where, k)
            ok(ws.call({"op": "close", "instance_id": iid}, binary))


# ---------------------------------------------------------------- every op, both encodings


@pytest.mark.parametrize("binary", [False, True], ids=["json", "msgpack"])
def test_every_op_matches_rest(ws, client, binary):
    # vector env
    iid = ws_make_vec(ws, "Pendulum-v1", 2, binary, autoreset_mode="SameStep", kwargs={"g": 3.5})
    twin = rest_make_vec(client, "Pendulum-v1", 2, autoreset_mode="SameStep", kwargs={"g": 3.5})
    assert client.get("/v1/vector_envs/").json()[iid] == {
        "env_id": "Pendulum-v1", "num_envs": 2, "autoreset_mode": "SameStep"}
    spaces = ok(ws.call({"op": "spaces", "instance_id": iid}, binary))
    assert set(spaces) == {"action_space", "observation_space", "single_action_space",
                           "single_observation_space", "num_envs", "autoreset_mode"}, spaces
    assert spaces["num_envs"] == 2 and spaces["autoreset_mode"] == "SameStep"
    for key in ["action_space", "observation_space", "single_action_space", "single_observation_space"]:
        rest = client.get(f"/v1/vector_envs/{twin}/{key}/").json()
        assert json_diff(plain_space(rest), plain_space(spaces[key])) is None, key
    reset = ok(ws.call({"op": "reset", "instance_id": iid, "seed": 11}, binary))
    assert json_diff(client.post(f"/v1/vector_envs/{twin}/reset/", {"seed": 11}).json(), to_plain(reset)) is None
    for t in range(30):
        actions = [[(t % 5) - 2.0], [0.5]]
        sent = np.array(actions, dtype=np.float32) if binary else actions
        step = ok(ws.call({"op": "step", "instance_id": iid, "actions": sent}, binary))
        assert list(step) == ["observations", "rewards", "terminated", "truncated", "infos"], step
        rest = client.post(f"/v1/vector_envs/{twin}/step/", {"actions": actions}).json()
        assert json_diff(rest, to_plain(step)) is None, t
    assert ok(ws.call({"op": "close", "instance_id": iid}, binary)) == {"message": "Environment closed and deleted."}
    assert client.get(f"/v1/vector_envs/{iid}/").status == 404

    # single env
    sid = ws_make(ws, "CartPole-v1", binary, seed=7, max_episode_steps=4)
    stwin = rest_make(client, "CartPole-v1", max_episode_steps=4)
    assert client.get("/v1/envs/").json()[sid] == "CartPole-v1"
    spaces = ok(ws.call({"op": "spaces", "instance_id": sid}, binary))
    assert set(spaces) == {"action_space", "observation_space"}, spaces
    assert json_diff(client.get(f"/v1/envs/{stwin}/action_space/").json(), plain_space(spaces["action_space"])) is None
    assert json_diff(plain_space(client.get(f"/v1/envs/{stwin}/observation_space/").json()),
                     plain_space(spaces["observation_space"])) is None
    reset = ok(ws.call({"op": "reset", "instance_id": sid}, binary))  # make's seed seeds the first reset
    assert list(reset) == ["observation", "info"]
    assert json_diff(client.post(f"/v1/envs/{stwin}/reset/", {"seed": 7}).json(), to_plain(reset)) is None
    for k, action in enumerate([1, 0, 1, 1]):
        step = ok(ws.call({"op": "step", "instance_id": sid, "action": action}, binary))
        rest = client.post(f"/v1/envs/{stwin}/step/", {"action": action}).json()
        assert json_diff(rest, to_plain(step)) is None
        assert step["truncated"] is (k == 3)
    assert ok(ws.call({"op": "close", "instance_id": sid}, binary)) == {"message": "Environment closed and deleted."}
    assert client.get(f"/v1/envs/{sid}/").status == 404


def test_msgpack_replies_carry_typed_ndarrays(ws):
    from server_util import NDArray

    iid = ws_make_vec(ws, "CartPole-v1", 3, True)
    reset = ok(ws.call({"op": "reset", "instance_id": iid, "seed": 0}, True))
    obs = reset["observations"]
    assert isinstance(obs, NDArray) and obs.dtype == "float32" and obs.shape == (3, 4)
    step = ok(ws.call({"op": "step", "instance_id": iid, "actions": [1, 0, 1]}, True))  # plain array in
    assert step["rewards"] == NDArray("float64", (3,), np.ones(3).tobytes())
    assert step["terminated"] == NDArray("bool", (3,), b"\0\0\0")
    assert step["truncated"] == NDArray("bool", (3,), b"\0\0\0")
    assert step["infos"] == {}


@pytest.mark.parametrize(
    "rid",
    ["abc", "", "é\n\"\u0000\U0001F600", 0, 7, -3, 2**40, 2**63 - 1, -(2**63), 1.5, -0.0, 1e300, True, False,
     [], {}, [1, "x", None], {"k": [1, {"z": None}], "n": "v"}],
    ids=lambda r: json.dumps(r),
)
def test_ids_are_echoed(ws, rid):
    iid = ws_make_vec(ws)
    for binary in (False, True):
        ok(ws.call({"op": "spaces", "instance_id": iid, "id": rid}, binary), rid)
        err(ws.call({"op": "bogus", "id": rid}, binary), 400, "unknown_op", rid=rid)
        err(ws.call({"op": "reset", "instance_id": "nope", "id": rid}, binary), 404, "instance_not_found",
            "Instance not found", rid=rid)


def test_ids_beyond_the_other_encoding(ws):
    iid = ws_make_vec(ws)
    for rid in [2**70, -(2**65), 2**64 - 1]:  # JSON big ints
        ok(ws.call({"op": "spaces", "instance_id": iid, "id": rid}), rid)
    for rid in [2**63, 2**64 - 1]:  # MessagePack uint64 beyond int64
        echoed = ws.call({"op": "spaces", "instance_id": iid, "id": rid}, True)["id"]
        assert type(echoed) is int and echoed == rid, repr(echoed)


def test_msgpack_bin_ids_are_malformed(ws):
    """docs/fast-paths.md: binary data travels only inside ndarrays; a message holding a bin
    (here as its id) is 400 invalid_msgpack with a null id, and the socket goes on."""
    iid = ws_make_vec(ws)
    for rid in [b"\x00\x01bin", {"nested": [b"", 3]}]:
        reply = ws.call({"op": "spaces", "instance_id": iid, "id": rid}, True)
        assert reply["id"] is None and reply["error"]["code"] == "invalid_msgpack", reply
        assert reply["error"]["status"] == 400
    assert ws.call({"op": "spaces", "instance_id": iid, "id": 5}, True)["id"] == 5


def test_absent_id_is_null(ws):
    for binary in (False, True):
        reply = ws.call({"op": "make_vec", "env_id": "CartPole-v1"}, binary)
        assert reply["id"] is None and set(reply) == {"id", "instance_id"}, reply
        iid = reply["instance_id"]
        for request in [{"op": "reset", "instance_id": iid}, {"op": "spaces", "instance_id": iid},
                        {"op": "step", "instance_id": iid, "actions": [0]}, {"op": "close", "instance_id": iid}]:
            reply = ws.call(request, binary)
            assert "id" in reply and reply["id"] is None and "error" not in reply, (request, reply)
        err(ws.call({"op": "close", "instance_id": iid}, binary), 404, "instance_not_found")


# ---------------------------------------------------------------- pipelining


@pytest.mark.parametrize("encoding", ["json", "msgpack", "mixed"])
def test_pipelined_requests_are_answered_in_order(server, client, test_rng, encoding):
    """200 step requests for two instances, interleaved and all sent before any reply is
    read: the replies come in order, in each request's encoding, and equal a sequential run."""
    seeds = [test_rng.randrange(2**32), test_rng.randrange(2**32)]
    specs = [("CartPole-v1", 3, "NextStep"), ("Acrobot-v1", 2, "SameStep")]
    n_actions = [2, 3]
    plan = []  # (which, actions, id, binary)
    for k in range(200):
        which = k % 2
        actions = [test_rng.randrange(n_actions[which]) for _ in range(specs[which][1])]
        binary = {"json": False, "msgpack": True, "mixed": test_rng.random() < 0.5}[encoding]
        plan.append((which, actions, f"q{k}" if k % 3 else k, binary))

    with WsClient(server.port) as w:
        ids = [ws_make_vec(w, env_id, n, autoreset_mode=mode) for env_id, n, mode in specs]
        for iid, seed in zip(ids, seeds):
            ok(w.call({"op": "reset", "instance_id": iid, "seed": seed}))
        for which, actions, rid, binary in plan:
            request = {"op": "step", "instance_id": ids[which], "id": rid}
            if binary:
                w.send_mp({**request, "actions": np.array(actions, dtype=np.int64)})
            else:
                w.send_json({**request, "actions": actions})
        replies = [w.recv() for _ in plan]

    twins = [rest_make_vec(client, env_id, n, autoreset_mode=mode) for env_id, n, mode in specs]
    for iid, seed in zip(twins, seeds):
        assert client.post(f"/v1/vector_envs/{iid}/reset/", {"seed": seed}).status == 200
    for k, ((which, actions, rid, binary), (kind, reply)) in enumerate(zip(plan, replies)):
        assert kind == ("msgpack" if binary else "json"), (k, kind)
        got = ok(reply, rid)
        expected = client.post(f"/v1/vector_envs/{twins[which]}/step/", {"actions": actions}).json()
        assert json_diff(expected, to_plain(got)) is None, (k, json_diff(expected, to_plain(got)))


def test_two_sockets_in_parallel_do_not_mix(server):
    import threading

    results, errors = {}, []

    def worker(k):
        try:
            with WsClient(server.port) as w:
                iid = ws_make_vec(w, "CartPole-v1", 2)
                ok(w.call({"op": "reset", "instance_id": iid, "seed": 100}))
                for t in range(300):
                    w.send_json({"op": "step", "instance_id": iid, "actions": [t % 2, (t // 3) % 2], "id": [k, t]})
                out = []
                for t in range(300):
                    _, reply = w.recv()
                    out.append(ok(reply, [k, t]))
                results[k] = out
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert all(results[k] == results[0] for k in range(4))


# ---------------------------------------------------------------- errors keep the socket open


def test_framing_errors_get_null_id_replies(ws):
    iid = ws_make_vec(ws)
    text_cases = [
        ("not json {", 400, "invalid_json"),
        ('{"op": "spaces", ', 400, "invalid_json"),
        ("[1, 2]", 422, "invalid_body"),
        ("5", 422, "invalid_body"),
        ("null", 422, "invalid_body"),
        ('"spaces"', 422, "invalid_body"),
    ]
    for text, status, code in text_cases:
        ws.send_text(text)
        kind, reply = ws.recv()
        assert kind == "json", (text, kind)
        err(reply, status, code)
        assert_socket_works(ws, iid)
    binary_cases = [
        (b"\xc1", 400, "invalid_msgpack"),
        (b"\x82\xa2op", 400, "invalid_msgpack"),
        (b"\x81\xa2op\xa6spaces\x00", 400, "invalid_msgpack"),  # trailing bytes
        (b"\xde\xff\xff", 400, "invalid_msgpack"),
        (mp_pack([1, 2]), 422, "invalid_body"),
        (mp_pack(5), 422, "invalid_body"),
        (mp_pack(None), 422, "invalid_body"),
        (mp_pack("spaces"), 422, "invalid_body"),
    ]
    for data, status, code in binary_cases:
        ws.send_binary(data)
        kind, reply = ws.recv()
        assert kind == "msgpack", (data, kind)
        err(reply, status, code)
        assert_socket_works(ws, iid, binary=True)


def test_empty_messages_are_malformed(ws):
    """An empty text message is not JSON and an empty binary one not MessagePack."""
    iid = ws_make_vec(ws)
    ws.send_text("")
    kind, reply = ws.recv()
    assert kind == "json"
    err(reply, 400, "invalid_json")
    ws.send_binary(b"")
    kind, reply = ws.recv()
    assert kind == "msgpack"
    err(reply, 400, "invalid_msgpack")
    assert_socket_works(ws, iid)


def test_request_errors_echo_the_id(ws):
    iid = ws_make_vec(ws)
    for binary in (False, True):
        cases = [
            ({"id": 1}, 422, "missing_field"),
            ({"op": "frobnicate", "id": 2}, 400, "unknown_op"),
            ({"op": "", "id": 3}, 400, "unknown_op"),
            ({"op": "Step", "id": 4}, 400, "unknown_op"),
        ]
        for op in ["reset", "step", "spaces", "close"]:
            cases.append(({"op": op, "id": op, "actions": [0, 0, 0], "action": 0}, 422, "missing_field"))
            cases.append(({"op": op, "id": op, "instance_id": "nope", "actions": [0, 0, 0], "action": 0},
                          404, "instance_not_found"))
            cases.append(({"op": op, "id": op, "instance_id": 5, "actions": [0, 0, 0]}, 422, "invalid_field"))
        for request, status, code in cases:
            err(ws.call(request, binary), status, code, rid=request["id"])
            assert_socket_works(ws, iid, binary)
        e = ws.call({"op": 5, "id": 9}, binary)  # not a string: unknown op or a mistyped field
        assert e["id"] == 9 and e["error"]["status"] in (400, 422), e
        assert e["error"]["code"] in ("unknown_op", "invalid_field"), e
        assert_socket_works(ws, iid, binary)


def rest_error(reply):
    assert 400 <= reply.status < 500, (reply.status, reply.body)
    body = reply.json()
    return {"status": reply.status, "code": body["code"], "detail": body["detail"]}


def mistake_cases(client):
    """(REST method, path, body, WebSocket request) pairs that are all client errors."""
    vec = rest_make_vec(client, "CartPole-v1", 3)
    fresh = rest_make_vec(client, "CartPole-v1", 3)  # never reset
    assert client.post(f"/v1/vector_envs/{vec}/reset/", {"seed": 4}).status == 200
    pend = rest_make_vec(client, "Pendulum-v1", 2)
    assert client.post(f"/v1/vector_envs/{pend}/reset/", {"seed": 4}).status == 200
    single = rest_make(client, "CartPole-v1")
    assert client.post(f"/v1/envs/{single}/reset/", {"seed": 4}).status == 200
    lake = rest_make_vec(client, "FrozenLake-v1", 2, kwargs={"is_slippery": False}, autoreset_mode="Disabled")
    assert client.post(f"/v1/vector_envs/{lake}/reset/", {"seed": 0}).status == 200
    for actions in ([2, 2], [1, 2]):  # sub-env 0 falls into the hole
        assert client.post(f"/v1/vector_envs/{lake}/step/", {"actions": actions}).status == 200

    cases = []
    for body in [
        {"env_id": "Foo-v0"}, {"env_id": "CartPole-v7"}, {"env_id": "bad string"}, {"env_id": "module:CartPole-v1"},
        {}, {"env_id": 5}, {"env_id": "CartPole-v1", "num_envs": 0}, {"env_id": "CartPole-v1", "num_envs": -1},
        {"env_id": "CartPole-v1", "num_envs": "3"}, {"env_id": "CartPole-v1", "num_envs": 1.5},
        {"env_id": "CartPole-v1", "num_envs": True}, {"env_id": "CartPole-v1", "autoreset_mode": "Bogus"},
        {"env_id": "CartPole-v1", "autoreset_mode": 2}, {"env_id": "CartPole-v1", "kwargs": {"nope": 1}},
        {"env_id": "CartPole-v1", "kwargs": 3},
    ]:
        cases.append(("POST", "/v1/vector_envs/", body, {"op": "make_vec", **body}))
    for body in [{"env_id": "Foo-v0"}, {"env_id": "CartPole-v1", "kwargs": {"nope": 1}},
                 {"env_id": "CartPole-v1", "render_mode": "bogus"}, {"env_id": "CartPole-v1", "seed": -1}, {}]:
        cases.append(("POST", "/v1/envs/", body, {"op": "make", **body}))
    for body in [{"seed": -1}, {"seed": 1.5}, {"seed": "7"}, {"seed": [1, 2]}, {"seed": [1, -1, 2]},
                 {"options": {"reset_mask": [True, False]}}, {"options": {"reset_mask": "yes"}},
                 {"options": {"reset_mask": [False, False, False]}}, {"options": {"reset_mask": [1, 0, 1]}},
                 {"options": {"low": 0.1, "high": -0.1}}, {"options": 3}]:
        cases.append(("POST", f"/v1/vector_envs/{vec}/reset/", body, {"op": "reset", "instance_id": vec, **body}))
    for actions in [[0, 1], [0, 1, 1, 0], [0, 2, 1], [0, -1, 1], [0, 1.5, 1], [0, True, 1], [0, "1", 1],
                    [[0], [1], [1]], 1, None]:
        body = {"actions": actions}
        cases.append(("POST", f"/v1/vector_envs/{vec}/step/", body, {"op": "step", "instance_id": vec, **body}))
    for actions in [[[0.5]], [0.5, 0.5], [["x"], [0.1]], [[0.1, 0.2], [0.1, 0.2]]]:
        body = {"actions": actions}
        cases.append(("POST", f"/v1/vector_envs/{pend}/step/", body, {"op": "step", "instance_id": pend, **body}))
    cases.append(("POST", f"/v1/vector_envs/{vec}/step/", {}, {"op": "step", "instance_id": vec}))
    cases.append(("POST", f"/v1/vector_envs/{fresh}/step/", {"actions": [0, 1, 0]},
                  {"op": "step", "instance_id": fresh, "actions": [0, 1, 0]}))
    cases.append(("POST", f"/v1/vector_envs/{lake}/step/", {"actions": [0, 0]},
                  {"op": "step", "instance_id": lake, "actions": [0, 0]}))
    for action in [2, -1, 1.5, True, "left", None, [1]]:
        body = {"action": action}
        cases.append(("POST", f"/v1/envs/{single}/step/", body, {"op": "step", "instance_id": single, **body}))
    cases.append(("POST", f"/v1/envs/{single}/reset/", {"seed": -5},
                  {"op": "reset", "instance_id": single, "seed": -5}))
    cases.append(("POST", f"/v1/envs/{single}/reset/", {"options": {"low": 1, "high": 0}},
                  {"op": "reset", "instance_id": single, "options": {"low": 1, "high": 0}}))
    return cases, vec, pend, single


def test_every_rest_mistake_is_the_same_error_reply(ws, client):
    cases, vec, pend, single = mistake_cases(client)
    assert len(cases) > 50
    for method, path, body, request in cases:
        expected = rest_error(client.request(method, path, body=body))
        for binary in (False, True):
            got = err(ws.call({**request, "id": "m"}, binary), expected["status"], rid="m")
            assert got == expected, (request, "binary" if binary else "text", got, expected)
    # and every instance still works, on both channels
    for iid, actions in [(vec, [0, 1, 0]), (pend, [[0.1], [0.2]])]:
        ok(ws.call({"op": "step", "instance_id": iid, "actions": actions}))
        assert client.post(f"/v1/vector_envs/{iid}/step/", {"actions": actions}).status == 200
    ok(ws.call({"op": "step", "instance_id": single, "action": 1}, True))


def test_a_bad_request_does_not_disturb_pipelined_neighbours(ws, client):
    iid = ws_make_vec(ws, "CartPole-v1", 2)
    twin = rest_make_vec(client, "CartPole-v1", 2)
    ok(ws.call({"op": "reset", "instance_id": iid, "seed": 5}))
    client.post(f"/v1/vector_envs/{twin}/reset/", {"seed": 5})
    sent = []
    for t in range(40):
        actions = [t % 2, 1 - t % 2]
        ws.send_json({"op": "step", "instance_id": iid, "actions": actions, "id": t})
        sent.append(("step", t, actions))
        if t % 5 == 0:
            ws.send_text("{oops")
            ws.send_binary(b"\xc1")
            ws.send_json({"op": "step", "instance_id": iid, "actions": [0, 5], "id": f"bad{t}"})
            sent.extend([("framing", "json", "invalid_json"), ("framing", "msgpack", "invalid_msgpack"),
                         ("bad", f"bad{t}", None)])
    for what, a, b in sent:
        kind, reply = ws.recv()
        if what == "framing":
            assert kind == a
            err(reply, 400, b)
        elif what == "bad":
            err(reply, 400, "invalid_action", rid=a)
        else:
            got = ok(reply, a)
            expected = client.post(f"/v1/vector_envs/{twin}/step/", {"actions": b}).json()
            assert json_diff(expected, got) is None, a


# ---------------------------------------------------------------- ownership and REST interplay


def test_socket_instances_are_closed_with_the_socket(server, client):
    rest_vec = rest_make_vec(client, "CartPole-v1", 2)
    rest_single = rest_make(client, "Pendulum-v1")
    with WsClient(server.port) as w:
        mine_vec = ws_make_vec(w, "CartPole-v1", 2)
        mine_single = ws_make(w, "Acrobot-v1", True)
        mine_closed = ws_make_vec(w, "Taxi-v4", 2, True)
        ok(w.call({"op": "close", "instance_id": mine_closed}))
        ok(w.call({"op": "reset", "instance_id": rest_vec, "seed": 1}))
        ok(w.call({"op": "step", "instance_id": rest_vec, "actions": [1, 1]}, True))
        ok(w.call({"op": "reset", "instance_id": rest_single, "seed": 1}, True))
        assert mine_vec in client.get("/v1/vector_envs/").json()
        assert mine_single in client.get("/v1/envs/").json()
    assert w.ws.protocol.close_rcvd is not None and w.ws.protocol.close_rcvd.code == 1000  # echoed close
    assert wait_until(lambda: client.get(f"/v1/vector_envs/{mine_vec}/").status == 404, timeout=5)
    assert wait_until(lambda: client.get(f"/v1/envs/{mine_single}/").status == 404, timeout=5)
    assert mine_vec not in client.get("/v1/vector_envs/").json()
    assert mine_single not in client.get("/v1/envs/").json()
    # REST's instances survive the socket, with their state
    assert client.get(f"/v1/vector_envs/{rest_vec}/").json()["steps"] == 1
    assert client.post(f"/v1/vector_envs/{rest_vec}/step/", {"actions": [0, 0]}).status == 200
    assert client.post(f"/v1/envs/{rest_single}/step/", {"action": [0.0]}).status == 200


def test_socket_churn_leaves_no_instances(gymcc_bin):
    server = Server(gymcc_bin)
    client = CheckedClient(server.port)

    def live():
        text = client.get("/metrics").body.decode()
        return int(text.split("\ngymcc_instances ", 1)[1].split("\n", 1)[0])

    kept = rest_make_vec(client, "CartPole-v1", 2)
    before = live()
    assert before >= 1
    with WsClient(server.port), WsClient(server.port):
        assert "\ngymcc_websockets 2\n" in client.get("/metrics").body.decode()
    for k in range(40):
        w = WsClient(server.port)
        a = ws_make_vec(w, "CartPole-v1", 2, k % 2 == 1)
        ws_make(w, "Taxi-v4")
        if k % 4 == 0:  # deleted over REST first: the socket's close must not mind
            assert client.delete(f"/v1/vector_envs/{a}/").status == 200
        if k % 3 == 0 and k % 4 != 0:
            ok(w.call({"op": "reset", "instance_id": a, "seed": k}))
        w.close()
    assert wait_until(lambda: live() == before, timeout=5), (before, live())
    assert wait_until(lambda: "\ngymcc_websockets 0\n" in client.get("/metrics").body.decode(), timeout=5)
    assert list(client.get("/v1/vector_envs/").json()) == [kept]
    assert client.get("/v1/envs/").json() == {}
    client.close()
    assert server.stop() == 0


def test_socket_instances_are_closed_when_the_client_vanishes(server, client):
    """No close handshake: the TCP connection just drops."""
    w = WsClient(server.port)
    iid = ws_make_vec(w, "CartPole-v1", 2)
    w.ws.socket.close()
    assert wait_until(lambda: client.get(f"/v1/vector_envs/{iid}/").status == 404, timeout=5)


def test_instances_are_shared_between_rest_and_sockets(server, client):
    """A REST-made and a socket-made vector env, each driven alternately over REST, text and
    binary messages (and a second socket), stay identical to a twin driven over REST alone."""
    with WsClient(server.port) as w1, WsClient(server.port) as w2:
        a = rest_make_vec(client, "MountainCarContinuous-v0", 2, autoreset_mode="SameStep")
        b = ws_make_vec(w1, "MountainCarContinuous-v0", 2, autoreset_mode="SameStep")
        ref = rest_make_vec(client, "MountainCarContinuous-v0", 2, autoreset_mode="SameStep")
        for iid in (a, b, ref):
            assert client.post(f"/v1/vector_envs/{iid}/reset/", {"seed": 99}).status == 200
        for t in range(60):
            actions = [[((t * 7) % 5 - 2) / 2.0], [1.0 if t % 4 < 2 else -1.0]]
            expected = client.post(f"/v1/vector_envs/{ref}/step/", {"actions": actions}).json()
            for iid in (a, b):
                way = (t + (iid == b)) % 4
                if way == 0:
                    got = client.post(f"/v1/vector_envs/{iid}/step/", {"actions": actions}).json()
                elif way == 1:
                    got = ok(w1.call({"op": "step", "instance_id": iid, "actions": actions}))
                elif way == 2:
                    got = to_plain(ok(w1.call({"op": "step", "instance_id": iid,
                                                "actions": np.array(actions, dtype=np.float32)}, True)))
                else:
                    got = ok(w2.call({"op": "step", "instance_id": iid, "actions": actions}))
                assert json_diff(expected, got) is None, (t, iid == b, way, json_diff(expected, got))
        info = client.get(f"/v1/vector_envs/{b}/").json()
        assert info["steps"] == 60 and info["resets"] == 1
        ok(w2.call({"op": "close", "instance_id": b}))  # another socket may close it
        assert client.get(f"/v1/vector_envs/{b}/").status == 404


# ---------------------------------------------------------------- transport


def test_fragmented_messages_and_pings(ws):
    iid = ws_make_vec(ws)
    text = json.dumps({"op": "spaces", "instance_id": iid, "id": "frag"})
    ws.ws.send(iter([text[:5], text[5:17], text[17:]]))
    kind, reply = ws.recv()
    assert kind == "json" and ok(reply, "frag")["num_envs"] == 3
    data = mp_pack({"op": "spaces", "instance_id": iid, "id": "frag2"})
    ws.ws.send(iter([data[:3], data[3:]]))
    kind, reply = ws.recv()
    assert kind == "msgpack" and ok(reply, "frag2")["num_envs"] == 3
    assert ws.ws.ping(b"hello").wait(timeout=5)
    assert_socket_works(ws, iid)


def close_code(w, message=None):
    """Sends `message` (if any), then reads until the connection closes; returns the close
    code the server sent (the server may close while a fragmented message is being sent)."""
    with pytest.raises(ConnectionClosed) as info:
        if message is not None:
            w.ws.send(message)
        for _ in range(1000):
            w.ws.recv(timeout=10)
    assert info.value.rcvd is not None, f"no close frame from the server: {info.value!r}"
    return info.value.rcvd.code


@pytest.mark.parametrize("binary", [False, True], ids=["text", "binary"])
def test_message_over_max_body_bytes_closes_with_1009(server, client, binary):
    with WsClient(server.port, compression=None) as w:
        iid = ws_make_vec(w)
        # exactly at the limit: fine
        base = {"op": "spaces", "instance_id": iid}
        if binary:
            pad = MAX_BODY - len(mp_pack({**base, "id": "x" * 300})) + 300
            message = mp_pack({**base, "id": "x" * pad})
        else:
            pad = MAX_BODY - len(json.dumps({**base, "id": ""}))
            message = json.dumps({**base, "id": "x" * pad})
        assert len(message) == MAX_BODY
        w.ws.send(message)
        ok(w.recv()[1], "x" * pad)
        # one byte over: closed with 1009
        big = mp_pack({**base, "id": "x" * (pad + 1)}) if binary else json.dumps({**base, "id": "x" * (pad + 1)})
        assert len(big) == MAX_BODY + 1
        assert close_code(w, big) == 1009
    # the socket's instance went with it; the server is fine
    assert wait_until(lambda: client.get(f"/v1/vector_envs/{iid}/").status == 404, timeout=5)
    assert client.get("/healthz").status == 200
    with WsClient(server.port) as w:
        ws_make_vec(w)


def test_replies_are_not_limited_by_max_body_bytes(ws):
    iid = ws_make_vec(ws, "CartPole-v1", 3000)
    for binary in (False, True):
        reply = ok(ws.call({"op": "reset", "instance_id": iid, "seed": 1}, binary))
        assert len(to_plain(reply["observations"])) == 3000
        actions = np.ones(3000, dtype=np.uint8) if binary else [1] * 3000  # about 6 KB of JSON
        reply = ok(ws.call({"op": "step", "instance_id": iid, "actions": actions}, binary))
        assert to_plain(reply["rewards"]) == [1.0] * 3000


def raw_frame(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    """One masked client frame (RFC 6455 5.2)."""
    import os
    import struct

    mask = os.urandom(4)
    first = (0x80 if fin else 0) | opcode
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", first, 0x80 | n)
    elif n < 65536:
        head = struct.pack("!BBH", first, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", first, 0x80 | 127, n)
    masked = (np.frombuffer(payload, np.uint8) ^ np.resize(np.frombuffer(mask, np.uint8), n)).tobytes()
    return head + mask + masked


def test_fragmented_message_over_the_limit_closes_with_1009(server):
    """On the wire (a raw socket: websockets' client may race a close that arrives while it
    is still sending fragments): fragments adding up to more than --max-body-bytes get a
    Close frame with 1009 and the end of the connection."""
    import base64
    import os
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(f"GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            assert chunk, data
            data += chunk
        head, data = data.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 101"), head
        parts = [b'{"op": "spaces", "id": "', b"x" * 30000, b"x" * 30000, b"x" * 30000 + b'"}']
        for i, part in enumerate(parts):
            s.sendall(raw_frame(1 if i == 0 else 0, part, fin=i == len(parts) - 1))
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    assert data[:2] == b"\x88\x02" or (data[0] == 0x88 and data[1] >= 2), data[:16]
    assert int.from_bytes(data[2:4], "big") == 1009, data[:16]


def test_plain_get_without_upgrade_is_a_json_4xx(client):
    """docs/api.md: 426 upgrade_required without the handshake; not a hang."""
    for method in ["GET", "POST", "GET"]:
        reply = client.request(method, "/v1/ws")
        if method == "GET":
            assert reply.status == 426 and reply.json()["code"] == "upgrade_required", reply.body
        assert 400 <= reply.status < 500, (method, reply.status, reply.body)
        assert reply.headers["content-type"].startswith("application/json"), reply.headers
        body = reply.json()
        assert set(body) == {"detail", "code"}, body
    assert client.get("/healthz").status == 200  # the connection stays usable


def test_incomplete_handshake_is_a_json_4xx(server):
    """Upgrade headers without Sec-WebSocket-Key/Version: a 4xx JSON error (docs/api.md: every
    error is JSON)."""
    c = CheckedClient(server.port)
    reply = c.request("GET", "/v1/ws", headers={"Connection": "Upgrade", "Upgrade": "websocket"})
    assert reply.status == 400, reply.body
    assert reply.headers.get("content-type", "").startswith("application/json"), (reply.headers, reply.body)
    assert set(reply.json()) == {"detail", "code"} and reply.json()["code"] == "bad_handshake", reply.body
    c.close()


def test_at_capacity_is_an_error_reply(gymcc_bin):
    srv = Server(gymcc_bin, "--max-envs", "3")
    try:
        c = CheckedClient(srv.port)
        with WsClient(srv.port) as w:
            iid = ws_make_vec(w, "CartPole-v1", 3)
            for binary in (False, True):
                err(w.call({"op": "make", "env_id": "CartPole-v1", "id": 1}, binary), 503, "at_capacity", rid=1)
                err(w.call({"op": "make_vec", "env_id": "CartPole-v1", "id": 2}, binary), 503, "at_capacity", rid=2)
            assert_socket_works(w, iid)
        assert wait_until(lambda: c.post("/v1/envs/", {"env_id": "CartPole-v1"}).status == 200, timeout=5)
        c.close()
    finally:
        assert srv.stop() == 0


# ---------------------------------------------------------------- graceful stop


def test_sigterm_answers_read_requests_then_closes_with_1001(gymcc_bin):
    srv = Server(gymcc_bin)
    idle = WsClient(srv.port)
    busy = WsClient(srv.port)
    try:
        iid = ws_make_vec(busy, "CartPole-v1", 2)
        ok(busy.call({"op": "reset", "instance_id": iid, "seed": 3}))
        for t in range(20):
            busy.send_json({"op": "step", "instance_id": iid, "actions": [t % 2, 1], "id": t})
        time.sleep(0.5)  # the server has read them
        started = time.monotonic()
        srv.proc.send_signal(signal.SIGTERM)
        for t in range(20):
            _, reply = busy.recv()
            ok(reply, t)
        assert close_code(busy) == 1001
        assert close_code(idle) == 1001
        assert srv.proc.wait(timeout=10) == 0
        assert time.monotonic() - started < 10
    finally:
        if srv.proc.poll() is None:
            srv.proc.kill()
            srv.proc.wait()
        idle.close()
        busy.close()
