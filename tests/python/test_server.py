"""`gymcc serve`, gymnasium dialect: every endpoint, every error with its status
and body, golden episodes replayed exactly over HTTP, concurrency, churn and
graceful shutdown — against the real binary on a free loopback port."""

from __future__ import annotations

import glob
import gzip
import json
import math
import os
import re
import socket
import struct
import threading
import time

import pytest

from server_util import Server, wait_until

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "data")
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def server(gymcc_bin):
    srv = Server(gymcc_bin, "--max-body-bytes", "4096", "--max-envs", "5000")
    yield srv
    assert srv.stop() == 0


@pytest.fixture
def client(server):
    c = server.client()
    yield c
    c.close()


def create(client, env_id="CartPole-v1", **extra):
    reply = client.post("/v1/envs/", {"env_id": env_id, **extra})
    assert reply.status == 200, reply.body
    return reply.json()["instance_id"]


def assert_error(reply, status, code=None, detail=None):
    assert reply.status == status, (reply.status, reply.body)
    body = reply.json()
    assert set(body) == {"detail", "code"}, body
    if code is not None:
        assert body["code"] == code, body
    if detail is not None:
        assert body["detail"] == detail, body


# ---------------------------------------------------------------- happy path


def test_create_list_reset_step_delete(client):
    iid = create(client)
    assert UUID4.match(iid)
    listed = client.get("/v1/envs/").json()
    assert listed[iid] == "CartPole-v1"

    reset = client.post(f"/v1/envs/{iid}/reset/", {"seed": 42})
    assert reset.status == 200
    body = reset.json()
    assert set(body) == {"observation", "info"} and body["info"] == {}
    assert len(body["observation"]) == 4 and all(isinstance(v, float) for v in body["observation"])

    step = client.post(f"/v1/envs/{iid}/step/", {"action": 1})
    assert step.status == 200
    body = step.json()
    assert list(body) == ["observation", "reward", "terminated", "truncated", "info"]
    assert b'"reward":1.0' in step.body  # always a JSON float, like the peer's float(reward)
    assert body["terminated"] is False and body["truncated"] is False

    deleted = client.delete(f"/v1/envs/{iid}/")
    assert deleted.status == 200 and deleted.json() == {"message": "Environment closed and deleted."}
    assert iid not in client.get("/v1/envs/").json()


def test_paths_work_without_trailing_slash_and_without_redirect(client):
    iid = create(client)
    assert client.post(f"/v1/envs/{iid}/reset", {"seed": 1}).status == 200
    assert client.post(f"/v1/envs/{iid}/step", {"action": 0}).status == 200
    assert client.get(f"/v1/envs/{iid}/action_space").status == 200
    assert client.get("/v1/envs").status == 200
    assert client.delete(f"/v1/envs/{iid}").status == 200


def test_reset_body_is_optional(client):
    iid = create(client)
    for raw in [b"", b"{}", b"null", b'{"seed": null, "options": null}']:
        reply = client.request("POST", f"/v1/envs/{iid}/reset/", raw=raw)
        assert reply.status == 200, (raw, reply.body)


def test_same_seed_same_episode_across_instances(client):
    a, b = create(client), create(client)
    ra = client.post(f"/v1/envs/{a}/reset/", {"seed": 2**128 + 3}).json()
    rb = client.post(f"/v1/envs/{b}/reset/", {"seed": 2**128 + 3}).json()
    assert ra == rb
    for action in [0, 1, 1, 0, 1]:
        assert client.post(f"/v1/envs/{a}/step/", {"action": action}).body == client.post(
            f"/v1/envs/{b}/step/", {"action": action}
        ).body


def test_create_seed_seeds_the_first_reset(client):
    a = create(client, seed=7)
    b = create(client)
    assert client.post(f"/v1/envs/{a}/reset/").json() == client.post(f"/v1/envs/{b}/reset/", {"seed": 7}).json()


def test_spaces_match_the_peer_and_add_what_it_loses(client):
    iid = create(client)
    obs = client.get(f"/v1/envs/{iid}/observation_space/")
    assert obs.body.startswith(
        b'{"name":"Box","shape":[4],"low":[-4.800000190734863,"-Infinity",-0.41887903213500977,"-Infinity"],'
        b'"high":[4.800000190734863,"Infinity",0.41887903213500977,"Infinity"]'
    )
    assert obs.json()["dtype"] == "float32"
    act = client.get(f"/v1/envs/{iid}/action_space/").json()
    assert act == {"name": "Discrete", "n": 2, "shape": [], "start": 0, "dtype": "int64"}


def test_kwargs_and_render_mode(client):
    iid = create(client, "Pendulum-v1", kwargs={"g": 2.0})
    info = client.get(f"/v1/envs/{iid}/").json()
    assert info["kwargs"] == {"g": 2.0} and info["env_id"] == "Pendulum-v1"
    reply = client.post("/v1/envs/", {"env_id": "CartPole-v1", "kwargs": {"nope": 1}})
    assert_error(reply, 400, "invalid_kwarg")
    assert "nope" in reply.json()["detail"]
    reply = client.post("/v1/envs/", {"env_id": "CartPole-v1", "render_mode": "bogus"})
    assert_error(reply, 400)
    assert "bogus" in reply.json()["detail"]


def test_instance_description(client):
    iid = create(client)
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 3})
    for _ in range(4):
        client.post(f"/v1/envs/{iid}/step/", {"action": 1})
    info = client.get(f"/v1/envs/{iid}/").json()
    assert info["instance_id"] == iid and info["steps"] == 4 and info["episodes"] == 1
    assert info["elapsed_steps"] == 4 and info["episode_return"] == 4.0
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", info["created"])


def test_pendulum_out_of_bounds_action_is_passed_to_the_env(client):
    iid = create(client, "Pendulum-v1")
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 0})
    assert client.post(f"/v1/envs/{iid}/step/", {"action": [5.0]}).status == 200


def test_after_termination_cartpole_keeps_stepping_with_reward_zero(client):
    iid = create(client)
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 0})
    while not client.post(f"/v1/envs/{iid}/step/", {"action": 1}).json()["terminated"]:
        pass
    after = client.post(f"/v1/envs/{iid}/step/", {"action": 1}).json()
    assert after["reward"] == 0.0 and after["terminated"] is True


def test_specs_health_ready_metrics(client):
    specs = client.get("/v1/specs/").json()
    ids = {s["id"] for s in specs}
    assert {"CartPole-v1", "Pendulum-v1", "Acrobot-v1"} <= ids
    cart = next(s for s in specs if s["id"] == "CartPole-v1")
    assert cart["max_episode_steps"] == 500 and cart["action_space"]["n"] == 2
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status == 200
    metrics = client.get("/metrics")
    assert metrics.status == 200 and metrics.headers["content-type"].startswith("text/plain")
    text = metrics.body.decode()
    assert "gymcc_instances " in text
    assert 'gymcc_requests_total{route="step",status="200"}' in text
    assert "gymcc_step_duration_seconds_bucket" in text


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "env_id, detail",
    [
        ("Foo-v0", "Environment `Foo` doesn't exist."),
        (
            "CartPole-v7",
            "Environment version `v7` for environment `CartPole` doesn't exist. "
            "It provides versioned environments: [ `v0`, `v1` ].",
        ),
        (
            "bad string",
            "Malformed environment ID: bad string. (Currently all IDs must be of the form "
            "[namespace/](env-name)-v(version). (namespace is optional))",
        ),
        ("module:CartPole-v1", None),
    ],
)
def test_bad_env_ids(client, env_id, detail):
    reply = client.post("/v1/envs/", {"env_id": env_id})
    assert_error(reply, 400, detail=detail)


def test_missing_and_mistyped_fields_are_422(client):
    assert_error(client.post("/v1/envs/", {}), 422, "missing_field")
    assert_error(client.post("/v1/envs/", {"env_id": 5}), 422)
    assert_error(client.post("/v1/envs/", [1, 2]), 422)
    iid = create(client)
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 1})
    assert_error(client.post(f"/v1/envs/{iid}/step/", {}), 422, "missing_field")
    assert_error(client.post(f"/v1/envs/{iid}/reset/", {"options": 3}), 422)


def test_malformed_json_is_400(client):
    assert_error(client.request("POST", "/v1/envs/", raw=b'{"env_id": '), 400, "invalid_json")
    iid = create(client)
    assert_error(client.request("POST", f"/v1/envs/{iid}/step/", raw=b"{action: 1}"), 400, "invalid_json")


def test_unknown_instance_is_404_everywhere(client):
    for method, path, body in [
        ("POST", "/v1/envs/nope/reset/", {}),
        ("POST", "/v1/envs/nope/step/", {"action": 0}),
        ("GET", "/v1/envs/nope/action_space/", None),
        ("GET", "/v1/envs/nope/observation_space/", None),
        ("GET", "/v1/envs/nope/", None),
        ("DELETE", "/v1/envs/nope/", None),
    ]:
        assert_error(client.request(method, path, body=body), 404, "instance_not_found", "Instance not found")


def test_step_before_reset(client):
    iid = create(client)
    assert_error(
        client.post(f"/v1/envs/{iid}/step/", {"action": 0}),
        400,
        "reset_needed",
        "Cannot call env.step() before calling env.reset()",
    )


@pytest.mark.parametrize("action", [2, -1, 1.5, True, "left", None, [1], {"a": 1}])
def test_invalid_discrete_actions(client, action):
    iid = create(client)
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 1})
    assert_error(client.post(f"/v1/envs/{iid}/step/", {"action": action}), 400, "invalid_action")
    # ...and the env is untouched: the next valid step is the episode's first.
    fresh = create(client)
    client.post(f"/v1/envs/{fresh}/reset/", {"seed": 1})
    assert client.post(f"/v1/envs/{iid}/step/", {"action": 1}).body == client.post(
        f"/v1/envs/{fresh}/step/", {"action": 1}
    ).body


@pytest.mark.parametrize("action", [[1.0, 2.0], 1.0, [[1.0]], ["x"], [], [None]])
def test_invalid_box_actions_do_not_corrupt_state(client, action):
    iid = create(client, "Pendulum-v1")
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 5})
    assert_error(client.post(f"/v1/envs/{iid}/step/", {"action": action}), 400, "invalid_action")
    fresh = create(client, "Pendulum-v1")
    client.post(f"/v1/envs/{fresh}/reset/", {"seed": 5})
    assert client.post(f"/v1/envs/{iid}/step/", {"action": [0.5]}).body == client.post(
        f"/v1/envs/{fresh}/step/", {"action": [0.5]}
    ).body


def test_nan_action_is_rejected(client):
    iid = create(client, "Pendulum-v1")
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 5})
    reply = client.request("POST", f"/v1/envs/{iid}/step/", raw=b'{"action": [NaN]}')
    assert reply.status == 400


@pytest.mark.parametrize(
    "seed, detail",
    [
        (-1, "Seed must be greater or equal to zero, actual value: -1"),
        (1.5, "Seed must be a python integer, actual type: <class 'float'>"),
        ("7", "Seed must be a python integer, actual type: <class 'str'>"),
        (-(2**70), f"Seed must be greater or equal to zero, actual value: {-(2**70)}"),
    ],
)
def test_bad_seeds(client, seed, detail):
    iid = create(client)
    assert_error(client.post(f"/v1/envs/{iid}/reset/", {"seed": seed}), 400, "invalid_seed", detail)


def test_bad_reset_options(client):
    iid = create(client)
    reply = client.post(f"/v1/envs/{iid}/reset/", {"options": {"low": 0.1, "high": -0.1}})
    assert_error(reply, 400, detail="Lower bound (0.1) must be lower than higher bound (-0.1).")


def test_body_too_large_is_413(server):
    c = server.client()
    reply = c.request("POST", "/v1/envs/", raw=b'{"env_id": "' + b"x" * 10000 + b'"}')
    assert reply.status == 413
    assert reply.json()["code"] == "body_too_large"
    c.close()


def test_wrong_method_and_unknown_route(client):
    reply = client.request("PUT", "/v1/envs/")
    assert_error(reply, 405, "method_not_allowed")
    assert "GET" in reply.headers["allow"]
    iid = create(client)
    assert_error(client.get(f"/v1/envs/{iid}/step/"), 405)
    assert_error(client.get("/v1/nothing/"), 404, "not_found")
    assert_error(client.get(f"/v1/envs/{iid}/frobnicate/"), 404)


def test_garbage_on_the_socket_gets_400_not_a_crash(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        data = s.recv(4096)
    assert data.startswith(b"HTTP/1.1 400")
    assert server.client().get("/healthz").status == 200


# ---------------------------------------------------------------- golden episodes over HTTP


def golden_episodes():
    for path in sorted(glob.glob(os.path.join(DATA_DIR, "*.jsonl.gz"))):
        with gzip.open(path, "rt") as f:
            for line in f:
                if line.strip():
                    yield os.path.basename(path), json.loads(line)


def same(expected, actual):
    """Exact equality with JSON types: floats by bits, ints stay ints."""
    if isinstance(expected, float) or isinstance(actual, float):
        return type(expected) is type(actual) and (
            struct.pack("<d", expected) == struct.pack("<d", actual) or (math.isnan(expected) and math.isnan(actual))
        )
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(map(same, expected, actual))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and expected.keys() == actual.keys() and all(
            same(expected[k], actual[k]) for k in expected
        )
    return type(expected) is type(actual) and expected == actual


def test_golden_episodes_replay_exactly_over_http(client):
    episodes = 0
    steps = 0
    for name, ep in golden_episodes():
        iid = create(client, ep["id"], kwargs=ep.get("kwargs") or {})
        reset = client.post(f"/v1/envs/{iid}/reset/", {"seed": ep["seed"], "options": ep.get("options")})
        assert reset.status == 200, (name, ep["seed"], reset.body)
        body = reset.json()
        where = f"{name} {ep['id']} seed={ep['seed']}"
        assert same(ep["reset"]["obs"], body["observation"]), (where, "reset obs")
        assert same(ep["reset"]["info"], body["info"]), (where, "reset info")
        for i, (action, obs, reward, terminated, truncated, info) in enumerate(ep["steps"], 1):
            reply = client.post(f"/v1/envs/{iid}/step/", {"action": action})
            assert reply.status == 200, (where, i, reply.body)
            got = reply.json()
            assert same(obs, got["observation"]), (where, i, "obs", obs, got["observation"])
            assert same(float(reward), got["reward"]), (where, i, "reward")
            assert got["terminated"] is terminated and got["truncated"] is truncated, (where, i, "flags")
            assert same(info, got["info"]), (where, i, "info")
            steps += 1
        client.delete(f"/v1/envs/{iid}/")
        episodes += 1
    assert episodes > 100 and steps > 10000
    print(f"replayed {episodes} golden episodes, {steps} steps over HTTP")


# ---------------------------------------------------------------- load and lifecycle


def test_concurrent_clients_each_with_their_own_env(server):
    """8 clients x 2000 steps in parallel; each trajectory equals its serial replay."""
    n_clients, n_steps = 8, 2000
    results = {}
    errors = []

    def worker(k):
        try:
            c = server.client()
            iid = create(c)
            out = []
            c.post(f"/v1/envs/{iid}/reset/", {"seed": k})
            for t in range(n_steps):
                r = c.post(f"/v1/envs/{iid}/step/", {"action": (t * 7 + k) % 2})
                assert r.status == 200
                body = r.json()
                out.append(r.body)
                if body["terminated"] or body["truncated"]:
                    c.post(f"/v1/envs/{iid}/reset/", {})
            results[k] = (iid, out)
            c.close()
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    c = server.client()
    for k in (0, 5):  # a serial re-run of two clients matches up to the first reset without seed
        iid = create(c)
        c.post(f"/v1/envs/{iid}/reset/", {"seed": k})
        for t, expected in enumerate(results[k][1]):
            got = c.post(f"/v1/envs/{iid}/step/", {"action": (t * 7 + k) % 2})
            assert got.body == expected
            if got.json()["terminated"] or got.json()["truncated"]:
                break
    c.close()


def test_create_delete_churn_does_not_grow_memory(server):
    with open(f"/proc/{server.proc.pid}/maps") as maps:
        if "libasan" in maps.read():
            pytest.skip("ASan's quarantine keeps freed memory; LeakSanitizer checks leaks at exit")
    c = server.client()

    def churn(n):
        for _ in range(n):
            iid = create(c)
            c.post(f"/v1/envs/{iid}/reset/", {"seed": 1})
            c.post(f"/v1/envs/{iid}/step/", {"action": 1})
            assert c.delete(f"/v1/envs/{iid}/").status == 200

    churn(500)  # warm up allocator pools
    before = server.rss_kib()
    churn(3000)
    after = server.rss_kib()
    c.close()
    assert after - before < 2048, f"RSS grew by {after - before} KiB over 3000 create/delete cycles"


def test_idle_instances_are_evicted(gymcc_bin):
    srv = Server(gymcc_bin, "--idle-timeout", "1")
    try:
        c = srv.client()
        iid = create(c)
        assert wait_until(lambda: c.get(f"/v1/envs/{iid}/").status == 404, timeout=6)
        c.close()
    finally:
        assert srv.stop() == 0


def test_max_envs_and_readyz(gymcc_bin):
    srv = Server(gymcc_bin, "--max-envs", "2")
    try:
        c = srv.client()
        create(c)
        assert c.get("/readyz").status == 200
        create(c)
        assert c.get("/readyz").status == 503
        assert_error(c.post("/v1/envs/", {"env_id": "CartPole-v1"}), 503, "at_capacity")
        c.close()
    finally:
        assert srv.stop() == 0


def test_cors_preflight(gymcc_bin):
    srv = Server(gymcc_bin, "--cors-origin", "*")
    try:
        c = srv.client()
        pre = c.request("OPTIONS", "/v1/envs/", headers={"Origin": "http://x", "Access-Control-Request-Method": "POST"})
        assert pre.status == 204
        assert pre.headers["access-control-allow-origin"] == "*"
        assert "POST" in pre.headers["access-control-allow-methods"]
        assert c.get("/v1/envs/").headers["access-control-allow-origin"] == "*"
        c.close()
    finally:
        assert srv.stop() == 0


def test_graceful_shutdown_closes_idle_keepalive_connections(gymcc_bin):
    srv = Server(gymcc_bin)
    c = srv.client()
    assert c.get("/healthz").status == 200  # leaves an idle keep-alive connection open
    started = time.monotonic()
    assert srv.stop() == 0
    assert time.monotonic() - started < 5
    assert "stopped" in srv.proc.stderr.read()


def test_graceful_shutdown_finishes_in_flight_requests(gymcc_bin):
    """Requests already sent when SIGTERM arrives are answered, not dropped."""
    srv = Server(gymcc_bin)
    socks = []
    for _ in range(4):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        s.sendall(b'POST /v1/envs/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 24\r\n\r\n{"env_id":"CartPole-v1"}')
        socks.append(s)
    srv.proc.send_signal(15)
    for s in socks:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        assert data.startswith(b"HTTP/1.1 200"), data
        s.close()
    assert srv.proc.wait(timeout=10) == 0


def test_port_in_use_is_a_clear_error(gymcc_bin):
    import subprocess

    srv = Server(gymcc_bin)
    try:
        r = subprocess.run(
            [gymcc_bin, "serve", "--port", str(srv.port)], capture_output=True, text=True, timeout=10
        )
        assert r.returncode == 2 and "cannot listen" in r.stderr
    finally:
        assert srv.stop() == 0


# ---------------------------------------------------------------- rendering


def test_render_errors(client):
    plain = create(client)
    assert_error(client.get(f"/v1/envs/{plain}/monitor/render/"), 400, "not_renderable")
    assert_error(client.get(f"/v1/envs/{plain}/monitor/stream/"), 400, "not_renderable")
    rgb = create(client, render_mode="rgb_array")
    assert_error(
        client.get(f"/v1/envs/{rgb}/monitor/render/"),
        400,
        "reset_needed",
        "Cannot call `env.render()` before calling `env.reset()`, if this is an intended action, "
        "set `disable_render_order_enforcing=True` on the OrderEnforcer wrapper.",
    )
    assert_error(client.get("/v1/envs/nope/monitor/render/"), 404, "instance_not_found")
    assert_error(client.get(f"/v1/envs/{rgb}/monitor/stream/?fps=0"), 400, "invalid_query")


def test_render_png_and_json(client):
    import base64

    iid = create(client, render_mode="rgb_array")
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 1})
    raw = client.get(f"/v1/envs/{iid}/monitor/render/?format=png")
    assert raw.status == 200 and raw.headers["content-type"] == "image/png"
    assert raw.body.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", raw.body[16:24])
    assert (width, height) == (600, 400)
    body = client.get(f"/v1/envs/{iid}/monitor/render/").json()
    assert body["render_mode"] == "rgb_array" and body["content_type"] == "image/png"
    assert body["encoding"] == "base64" and base64.b64decode(body["data"]) == raw.body


def read_stream_parts(port, path, parts, timeout=5.0):
    """Reads `parts` JPEG parts from an MJPEG stream (parts are delimited by
    boundaries, as the peer sends them); returns (headers, jpegs, socket)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        data += s.recv(65536)
    head, data = data.split(b"\r\n\r\n", 1)
    jpegs = []
    while len(jpegs) < parts:
        while not (data.startswith(b"--frame") and b"\r\n\r\n" in data and data.find(b"\r\n--frame", data.find(b"\r\n\r\n")) >= 0):
            if data.startswith(b"--frame--"):
                return head, jpegs, s
            chunk = s.recv(65536)
            if not chunk:
                return head, jpegs, s
            data += chunk
        body_start = data.find(b"\r\n\r\n") + 4
        assert b"Content-Type: image/jpeg" in data[:body_start]
        body_end = data.find(b"\r\n--frame", body_start)
        jpegs.append(data[body_start:body_end])
        data = data[body_end + 2 :]
    return head, jpegs, s


def test_stream_sends_new_frames_only_on_change_and_ends_on_delete(server, client):
    iid = create(client, render_mode="rgb_array")
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 1})
    head, jpegs, sock = read_stream_parts(server.port, f"/v1/envs/{iid}/monitor/stream/?fps=50", 1)
    assert b"multipart/x-mixed-replace; boundary=frame" in head
    assert jpegs[0].startswith(b"\xff\xd8")
    sock.settimeout(0.3)
    with pytest.raises(socket.timeout):  # nothing changed: no new part
        sock.recv(65536)
    client.post(f"/v1/envs/{iid}/step/", {"action": 1})
    sock.settimeout(5)
    data = sock.recv(65536)
    assert data.startswith(b"\xff\xd8")  # the body of the part left open
    client.delete(f"/v1/envs/{iid}/")
    rest = data
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    assert rest.endswith(b"--frame--\r\n")
    sock.close()


def test_many_viewers_share_one_encode_per_frame(server, client):
    iid = create(client, render_mode="rgb_array")
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 2})
    viewers = [read_stream_parts(server.port, f"/v1/envs/{iid}/monitor/stream/", 1) for _ in range(4)]
    first = [jpegs[0] for _, jpegs, _ in viewers]
    assert all(j == first[0] for j in first)  # the same cached bytes, encoded once
    for _, _, sock in viewers:
        sock.close()


def test_ansi_render(client):
    iid = create(client, "FrozenLake-v1", render_mode="ansi")
    client.post(f"/v1/envs/{iid}/reset/", {"seed": 0})
    body = client.get(f"/v1/envs/{iid}/monitor/render/").json()
    assert body == {"render_mode": "ansi", "content_type": "text/plain", "encoding": "utf-8", "data": body["data"]}
    assert "SFFF" in body["data"].replace("\x1b[41m", "").replace("\x1b[0m", "")
