"""`gymcc serve --api legacy`: the openai/gym-http-api dialect, driven with the
exact requests its Python client sends (JSON bodies, `null` bodies for reset
and close, routes without trailing slash for sample/contains)."""

from __future__ import annotations

import json
import os
import re

import pytest

from server_util import Server


@pytest.fixture(scope="module")
def server(gymcc_bin, tmp_path_factory):
    # Monitor directories must lie under --monitor-dir: the tests' own temporary ones do.
    root = tmp_path_factory.getbasetemp()
    srv = Server(gymcc_bin, "--api", "legacy", "--allow-shutdown", "--monitor-dir", str(root))
    yield srv
    if srv.proc.poll() is None:
        assert srv.stop() == 0


@pytest.fixture
def client(server):
    c = server.client()
    yield c
    c.close()


def post(client, route, data):
    """What gym_http_client does: json.dumps(data), so None becomes `null`."""
    return client.request("POST", route, raw=json.dumps(data).encode())


def message_error(reply, fragment):
    assert reply.status == 400, (reply.status, reply.body)
    body = reply.json()
    assert list(body) == ["message"], body
    assert fragment in body["message"], body


def create(client, env_id="CartPole-v0", **extra):
    reply = post(client, "/v1/envs/", {"env_id": env_id, **extra})
    assert reply.status == 200, reply.body
    iid = reply.json()["instance_id"]
    assert re.fullmatch(r"[0-9a-f]{8}", iid)
    return iid


def test_cartpole_v0_flow(client):
    iid = create(client)
    assert client.get("/v1/envs/").json()["all_envs"][iid] == "CartPole-v0"
    assert client.get(f"/v1/envs/{iid}/action_space/").json() == {"info": {"name": "Discrete", "n": 2}}
    obs_info = client.get(f"/v1/envs/{iid}/observation_space/").json()["info"]
    assert obs_info["name"] == "Box" and obs_info["shape"] == [4]
    assert obs_info["high"][1] == 1e100 and obs_info["low"][3] == -1e100  # ±inf as ±1e100, flattened
    obs = post(client, f"/v1/envs/{iid}/reset/", None).json()["observation"]
    assert len(obs) == 4
    step = post(client, f"/v1/envs/{iid}/step/", {"action": 1, "render": True}).json()
    assert set(step) == {"observation", "reward", "done", "info"}
    assert isinstance(step["reward"], float) and isinstance(step["done"], bool) and isinstance(step["info"], dict)
    action = client.get(f"/v1/envs/{iid}/action_space/sample").json()["action"]
    assert action in (0, 1)
    assert client.get(f"/v1/envs/{iid}/action_space/contains/1").json() == {"member": True}
    assert client.get(f"/v1/envs/{iid}/action_space/contains/2").json() == {"member": False}
    assert post(client, f"/v1/envs/{iid}/observation_space/contains", {"name": "Box"}).json() == {"member": True}
    assert post(client, f"/v1/envs/{iid}/observation_space/contains", {"shape": [4]}).json() == {"member": True}
    assert post(client, f"/v1/envs/{iid}/observation_space/contains", {"name": "Discrete"}).json() == {
        "member": False
    }
    close = post(client, f"/v1/envs/{iid}/close/", None)
    assert close.status == 204 and close.body == b""
    assert iid not in client.get("/v1/envs/").json()["all_envs"]


def test_done_means_terminated_or_truncated(client):
    iid = create(client)
    post(client, f"/v1/envs/{iid}/reset/", None)
    steps = 0
    while True:
        steps += 1
        if post(client, f"/v1/envs/{iid}/step/", {"action": steps % 2}).json()["done"]:
            break
    assert steps <= 200  # CartPole-v0 truncates at 200


def test_create_with_seed_is_reproducible(client):
    a = create(client, seed=3)
    b = create(client, seed=3)
    assert post(client, f"/v1/envs/{a}/reset/", None).json() == post(client, f"/v1/envs/{b}/reset/", None).json()


@pytest.mark.parametrize(
    "route, data, fragment",
    [
        ("/v1/envs/", {}, "A required request parameter 'env_id' was not provided"),
        ("/v1/envs/", {"env_id": ""}, "A required request parameter 'env_id' was not provided"),
        ("/v1/envs/", {"env_id": "bad string"}, "malformed environment ID"),
        ("/v1/envs/", {"env_id": "Foo-v0"}, "Attempted to look up malformed environment ID 'Foo-v0'"),
        ("/v1/envs/bad_id/reset/", None, "Instance_id bad_id unknown"),
        ("/v1/envs/bad_id/step/", {"action": 1}, "Instance_id bad_id unknown"),
        ("/v1/envs/bad_id/close/", None, "Instance_id bad_id unknown"),
        ("/v1/upload/", {"algorithm_id": None, "api_key": "k"}, "'training_dir' was not provided"),
        ("/v1/upload/", {"training_dir": "/tmp/x", "algorithm_id": None, "api_key": None}, "'api_key' was not provided"),
        ("/v1/upload/", {"training_dir": "/tmp/x", "api_key": "k"}, "no longer exists"),
    ],
)
def test_errors_are_400_with_a_message(client, route, data, fragment):
    message_error(post(client, route, data), fragment)


def test_get_errors_name_the_instance(client):
    message_error(client.get("/v1/envs/bad_id/action_space/"), "Instance_id bad_id unknown")
    message_error(client.get("/v1/envs/bad_id/action_space/sample"), "Instance_id bad_id unknown")


def test_step_errors(client):
    iid = create(client)
    message_error(post(client, f"/v1/envs/{iid}/step/", {"render": False}), "'action' was not provided")
    message_error(post(client, f"/v1/envs/{iid}/step/", {"action": 1}), "Cannot call env.step() before calling env.reset()")
    post(client, f"/v1/envs/{iid}/reset/", None)
    message_error(post(client, f"/v1/envs/{iid}/step/", {"action": 5}), "action")
    message_error(client.request("POST", f"/v1/envs/{iid}/step/", raw=b"{not json"), "Request is not a valid json")


def test_monitor_writes_episode_statistics(client, tmp_path):
    iid = create(client)
    directory = str(tmp_path / "monitor")
    start = post(client, f"/v1/envs/{iid}/monitor/start/", {"directory": directory, "force": True, "resume": False, "video_callable": False})
    assert start.status == 204
    for _ in range(2):
        post(client, f"/v1/envs/{iid}/reset/", None)
        while not post(client, f"/v1/envs/{iid}/step/", {"action": 1}).json()["done"]:
            pass
    assert post(client, f"/v1/envs/{iid}/monitor/close/", None).status == 204
    files = os.listdir(directory)
    assert files == [f"openaigym.episode_batch.{iid}.stats.json"]
    with open(os.path.join(directory, files[0])) as f:
        stats = json.load(f)
    assert len(stats["episode_lengths"]) == 2 and stats["episode_rewards"] == [float(n) for n in stats["episode_lengths"]]
    message_error(post(client, f"/v1/envs/{iid}/monitor/start/", {"force": True}), "'directory' was not provided")


FLASK_TEXT = "text/html; charset=utf-8"


def test_replies_carry_the_reference_content_types(client, tmp_path):
    """Flask's: JSON replies and errors are application/json; `return '', 204` (close,
    monitor/start, monitor/close) is text/html with no body — a strict client (the Haskell
    binding) rejects a 204 without a Content-Type."""
    iid = create(client)
    replies = {
        "create": post(client, "/v1/envs/", {"env_id": "CartPole-v0"}),
        "reset": post(client, f"/v1/envs/{iid}/reset/", None),
        "step": post(client, f"/v1/envs/{iid}/step/", {"action": 1}),
        "action_space": client.get(f"/v1/envs/{iid}/action_space/"),
        "error": post(client, "/v1/envs/", {}),
    }
    for name, reply in replies.items():
        assert reply.headers.get("content-type") == "application/json", (name, reply.headers)
    no_content = {
        "monitor/start": post(client, f"/v1/envs/{iid}/monitor/start/", {"directory": str(tmp_path)}),
        "monitor/close": post(client, f"/v1/envs/{iid}/monitor/close/", None),
        "close": post(client, f"/v1/envs/{iid}/close/", None),
    }
    for name, reply in no_content.items():
        assert reply.status == 204 and reply.body == b"", (name, reply.status, reply.body)
        assert reply.headers.get("content-type") == FLASK_TEXT, (name, reply.headers)
        assert "content-length" not in reply.headers, (name, reply.headers)  # as Werkzeug: none on a 204
    # The connection stays usable after the 204s.
    assert client.get("/v1/envs/").status == 200


def test_shutdown_disabled_by_default(gymcc_bin):
    srv = Server(gymcc_bin, "--api", "legacy")
    try:
        c = srv.client()
        message_error(post(c, "/v1/shutdown/", None), "--allow-shutdown")
        c.close()
    finally:
        assert srv.stop() == 0


def test_shutdown_when_allowed(gymcc_bin):
    srv = Server(gymcc_bin, "--api", "legacy", "--allow-shutdown")
    c = srv.client()
    reply = post(c, "/v1/shutdown/", None)
    assert reply.status == 200 and reply.body == b"Server shutting down"
    assert reply.headers.get("content-type") == FLASK_TEXT, reply.headers
    c.close()
    assert srv.proc.wait(timeout=10) == 0
