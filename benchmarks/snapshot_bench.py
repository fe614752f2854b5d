#!/usr/bin/env python3
"""Snapshot cost per env (docs/snapshots.md): a get_state + set_state round trip over HTTP
(GET then PUT /v1/envs/{id}/state/ on one keep-alive connection), over a WebSocket (the
get_state and set_state ops, JSON text frames) and in-process through gymcc.make (the native
binding, when importable); and clone throughput (POST /v1/envs/{id}/clone/, then DELETE of the
clone, sequentially).

A worker of benchmarks/run.py (which starts the server); standalone:

    benchmarks/snapshot_bench.py --port 5000 --envs CartPole-v1,Pendulum-v1 --seconds 1

Prints one line ``WORKERJSON {env: {...}}``; figures in µs per round trip. Asserts nothing.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": pick(0.5), "p90": pick(0.9), "p99": pick(0.99), "mean": statistics.fmean(ordered),
            "count": len(ordered)}


def timed(seconds: float, body: Callable[[], None]) -> dict[str, float]:
    """µs per call of `body`, for `seconds` (after a short warm-up)."""
    for _ in range(20):
        body()
    samples: list[float] = []
    end = time.perf_counter() + seconds
    while True:
        start = time.perf_counter()
        body()
        stop = time.perf_counter()
        samples.append((stop - start) * 1e6)
        if stop >= end:
            break
    return percentiles(samples)


class Http:
    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def call(self, method: str, path: str, body: bytes | None = None) -> tuple[bytes, Any]:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        raw = response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status} {raw[:200]!r}")
        return raw, json.loads(raw)


def prepared(client: Http, env_id: str) -> str:
    """A created, reset env a few steps into its episode."""
    _, created = client.call("POST", "/v1/envs/", json.dumps({"env_id": env_id}).encode())
    iid = created["instance_id"]
    client.call("POST", f"/v1/envs/{iid}/reset/", b'{"seed": 0}')
    _, spaces = client.call("GET", f"/v1/envs/{iid}/action_space/")
    action = [0.0] if spaces.get("name") == "Box" else 0
    for _ in range(3):
        client.call("POST", f"/v1/envs/{iid}/step/", json.dumps({"action": action}).encode())
    return iid


def http_round_trip(client: Http, iid: str, seconds: float) -> tuple[dict[str, float], int]:
    path = f"/v1/envs/{iid}/state/"
    state, _ = client.call("GET", path)

    def body() -> None:
        got, _ = client.call("GET", path)
        client.call("PUT", path, got)

    return timed(seconds, body), len(state)


def ws_round_trip(port: int, iid: str, seconds: float) -> dict[str, float]:
    from websockets.sync.client import connect

    with connect(f"ws://127.0.0.1:{port}/v1/ws", max_size=None) as ws:
        get = json.dumps({"op": "get_state", "instance_id": iid})

        def body() -> None:
            ws.send(get)
            reply = json.loads(ws.recv())
            ws.send(json.dumps({"op": "set_state", "instance_id": iid, "state": reply["state"]}))
            if "error" in json.loads(ws.recv()):
                raise RuntimeError("set_state failed")

        return timed(seconds, body)


def clones(client: Http, iid: str, seconds: float) -> dict[str, float]:
    def body() -> None:
        _, made = client.call("POST", f"/v1/envs/{iid}/clone/")
        client.call("DELETE", f"/v1/envs/{made['instance_id']}/")

    result = timed(seconds, body)
    result["clones_per_s"] = 1e6 / result["mean"]
    return result


def native_round_trip(env_id: str, seconds: float) -> dict[str, float] | str:
    try:
        import gymcc
    except ImportError as e:
        return f"gymcc (Python) not importable: {e}"
    env = gymcc.make(env_id)
    env.reset(seed=0)
    return timed(seconds, lambda: env.set_state(env.get_state()))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--envs", default="CartPole-v1")
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args(argv)
    client = Http(args.port)
    out: dict[str, Any] = {}
    for env_id in args.envs.split(","):
        iid = prepared(client, env_id)
        http_us, state_bytes = http_round_trip(client, iid, args.seconds)
        out[env_id] = {
            "state_bytes": state_bytes,
            "http": http_us,
            "ws": ws_round_trip(args.port, iid, args.seconds),
            "clone": clones(client, iid, args.seconds),
            "python_native": native_round_trip(env_id, args.seconds),
        }
        client.call("DELETE", f"/v1/envs/{iid}/")
    print("WORKERJSON " + json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
