"""Snapshots through `gymcc serve` (docs/snapshots.md) for every registered env: a state taken
at a random step of a freshly seeded episode continues bit-exactly — restored into the same
instance and made into a new one — over REST in JSON, over REST in MessagePack, and over a
WebSocket in both encodings; and an instance snapshotted on one server process continues on
another. Exact: whole step replies compare equal, floats by their round-trip digits.
"""

from __future__ import annotations

import json
import random

import pytest

from server_util import MSGPACK, Server, WsClient, mp_pack, mp_unpack, to_plain

STEPS = 40


@pytest.fixture(scope="module")
def servers(gymcc_bin):
    first = Server(gymcc_bin, "--max-envs", "1000")
    second = Server(gymcc_bin, "--max-envs", "1000")
    yield first, second
    assert first.stop() == 0
    assert second.stop() == 0


def env_ids(server: Server) -> list[str]:
    client = server.client()
    try:
        ids = sorted(s["id"] for s in client.get("/v1/specs/").json())
        # Superseded versions (Taxi-v3, ...) are refused by create, as gymnasium refuses them.
        return [i for i in ids if client.post("/v1/envs/", {"env_id": i}).status == 200]
    finally:
        client.close()


def actions_for(space: dict, rng: random.Random, count: int) -> list:
    """Valid actions for a described action space (Discrete or Box), drawn beforehand."""
    if space["name"] == "Discrete":
        start = space.get("start", 0)
        return [start + rng.randrange(space["n"]) for _ in range(count)]
    assert space["name"] == "Box", space
    # Halves are exact in float32: the action a client sends is the action the env takes.
    return [[rng.randrange(-4, 5) / 2 for _ in space["low"]] for _ in range(count)]


class Rest:
    """REST in one encoding: the state travels in it too."""

    def __init__(self, server: Server, binary: bool):
        self.client = server.client()
        self.binary = binary

    def call(self, method: str, path: str, body=None):
        if self.binary:
            raw = None if body is None else mp_pack(body)
            headers = {"Accept": MSGPACK, **({"Content-Type": MSGPACK} if body is not None else {})}
            reply = self.client.request(method, path, raw=raw, headers=headers)
            assert reply.status == 200, (path, reply.status, reply.body[:300])
            return reply.msgpack()
        reply = self.client.request(method, path, body=body)
        assert reply.status == 200, (path, reply.status, reply.body[:300])
        return reply.json()

    def create(self, body) -> str:
        return self.call("POST", "/v1/envs/", body)["instance_id"]

    def step(self, iid: str, action):
        return to_plain(self.call("POST", f"/v1/envs/{iid}/step/", {"action": action}))

    def reset(self, iid: str, seed=None):
        return to_plain(self.call("POST", f"/v1/envs/{iid}/reset/", {} if seed is None else {"seed": seed}))

    def get_state(self, iid: str):
        return self.call("GET", f"/v1/envs/{iid}/state/")["state"]

    def set_state(self, iid: str, state) -> None:
        self.call("PUT", f"/v1/envs/{iid}/state/", {"state": state})

    def close(self):
        self.client.close()


class Ws:
    """A WebSocket session in one encoding."""

    def __init__(self, server: Server, binary: bool):
        self.ws = WsClient(server.port)
        self.binary = binary

    def call(self, request):
        reply = self.ws.call(request, binary=self.binary)
        assert "error" not in reply, (request.get("op"), reply)
        return reply

    def create(self, body) -> str:
        return self.call({"op": "make", **body})["instance_id"]

    def step(self, iid: str, action):
        return to_plain(self.call({"op": "step", "instance_id": iid, "action": action}))

    def reset(self, iid: str, seed=None):
        request = {"op": "reset", "instance_id": iid}
        if seed is not None:
            request["seed"] = seed
        return to_plain(self.call(request))

    def get_state(self, iid: str):
        return self.call({"op": "get_state", "instance_id": iid})["state"]

    def set_state(self, iid: str, state) -> None:
        self.call({"op": "set_state", "instance_id": iid, "state": state})

    def close(self):
        self.ws.close()


def play(api, iid: str, actions: list) -> list:
    """Steps through `actions`, resetting (unseeded: the generator goes on) after an end."""
    out = []
    for action in actions:
        reply = api.step(iid, action)
        out.append(reply)
        if reply["terminated"] or reply["truncated"]:
            out.append(api.reset(iid))
    return out


CHANNELS = [("rest-json", Rest, False), ("rest-msgpack", Rest, True), ("ws-json", Ws, False),
            ("ws-msgpack", Ws, True)]


@pytest.mark.parametrize("channel", CHANNELS, ids=[c[0] for c in CHANNELS])
def test_every_env_continues_exactly_from_a_snapshot(servers, channel, test_rng):
    first, _ = servers
    _, kind, binary = channel
    api = kind(first, binary)
    spaces = first.client()
    try:
        for env_id in env_ids(first):
            iid = api.create({"env_id": env_id})
            action_space = spaces.get(f"/v1/envs/{iid}/action_space/").json()
            api.reset(iid, seed=test_rng.randrange(2**31))
            before = test_rng.randrange(0, 60)
            play(api, iid, actions_for(action_space, test_rng, before))
            state = api.get_state(iid)
            actions = actions_for(action_space, test_rng, STEPS)
            expected = play(api, iid, actions)
            api.set_state(iid, state)
            assert play(api, iid, actions) == expected, f"{env_id}: restored after {before} steps"
            made = api.create({"state": state})
            assert play(api, made, actions) == expected, f"{env_id}: made from the state"
    finally:
        api.close()
        spaces.close()


def test_an_instance_moves_between_server_processes(servers, test_rng):
    first, second = servers
    source, target = Rest(first, False), Rest(second, True)
    spaces = first.client()
    try:
        for env_id in env_ids(first):
            iid = source.create({"env_id": env_id})
            action_space = spaces.get(f"/v1/envs/{iid}/action_space/").json()
            source.reset(iid, seed=test_rng.randrange(2**31))
            play(source, iid, actions_for(action_space, test_rng, test_rng.randrange(1, 60)))
            state = source.get_state(iid)
            actions = actions_for(action_space, test_rng, STEPS)
            moved = target.create({"state": json.loads(json.dumps(state))})
            assert play(target, moved, actions) == play(source, iid, actions), env_id
    finally:
        source.close()
        target.close()
        spaces.close()
