#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/).

The seeds are real requests, as clients send them, in each target's input
format (see the comment at the top of each fuzz_<target>.cpp). The files
are committed; run this again (with the venv's python, for msgpack) after
changing it:  .venv/bin/python tests/fuzz/make_seeds.py
"""
import json
import pathlib
import shutil
import struct

import msgpack

ROOT = pathlib.Path(__file__).resolve().parent / "corpus"
SEP = b"\n%%\n"


def ndarray(code, shape, fmt, values):
    """The ndarray extension of docs/fast-paths.md: dtype code, ndim, uint32 dims, raw elements."""
    head = bytes([code, len(shape)]) + b"".join(struct.pack("<I", d) for d in shape)
    return msgpack.ExtType(1, head + struct.pack("<" + fmt * len(values), *values))


def mp(obj):
    # "@0" strings stay the 2-byte fixstr placeholder "\xa2@0" the targets replace.
    return msgpack.packb(obj, use_bin_type=True)


def j(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


def request(line, body=b""):
    return line.encode() + b"\n" + body


HTTP = {
    "cartpole_episode": [
        request("POST /v1/envs/ j", j({"env_id": "CartPole-v1", "seed": 42})),
        request("POST /v1/envs/@0/reset/ j", j({"seed": 1})),
        request("POST /v1/envs/@0/step/ j", j({"action": 1})),
        request("POST /v1/envs/@0/step/ j", j({"action": 0})),
        request("GET /v1/envs/@0/"),
        request("DELETE /v1/envs/@0/"),
    ],
    "msgpack_step": [
        request("POST /v1/envs/ ma", mp({"env_id": "Pendulum-v1"})),
        request("POST /v1/envs/@0/reset/ ma", mp({"seed": 7})),
        request("POST /v1/envs/@0/step/ ma", mp({"action": ndarray(10, [1], "f", [0.5])})),
        request("GET /v1/envs/@0/observation_space/ a"),
    ],
    "continuous_json": [
        request("POST /v1/envs/ j", j({"env_id": "MountainCarContinuous-v0", "max_episode_steps": 5})),
        request("POST /v1/envs/@0/reset/ j", b"{}"),
        request("POST /v1/envs/@0/step/ j", j({"action": [0.25]})),
        request("GET /v1/envs/@0/action_space/"),
    ],
    "frozenlake_kwargs": [
        request("POST /v1/envs/ j", j({"env_id": "FrozenLake-v1", "kwargs": {"desc": ["SF", "HG"], "is_slippery": False}})),
        request("POST /v1/envs/@0/reset/ j", b"null"),
        request("POST /v1/envs/@0/step/ j", j({"action": 2})),
    ],
    "render": [
        request("POST /v1/envs/ j", j({"env_id": "CartPole-v1", "render_mode": "rgb_array"})),
        request("POST /v1/envs/@0/reset/"),
        request("GET /v1/envs/@0/monitor/render/?format=png"),
        request("POST /v1/envs/ j", j({"env_id": "Taxi-v3", "render_mode": "ansi"})),
        request("POST /v1/envs/@1/reset/"),
        request("GET /v1/envs/@1/monitor/render/"),
    ],
    "vector": [
        request("POST /v1/vector_envs/ j", j({"env_id": "CartPole-v1", "num_envs": 3, "seed": 5})),
        request("POST /v1/vector_envs/@0/reset/ j", j({"seed": [1, 2, 3]})),
        request("POST /v1/vector_envs/@0/step/ j", j({"actions": [0, 1, 0]})),
        request("GET /v1/vector_envs/@0/single_action_space/"),
        request("GET /v1/vector_envs/"),
        request("DELETE /v1/vector_envs/@0/"),
    ],
    "vector_msgpack": [
        request("POST /v1/vector_envs/ ma", mp({"env_id": "Acrobot-v1", "num_envs": 2})),
        request("POST /v1/vector_envs/@0/reset/ ma", b"\x80"),
        request("POST /v1/vector_envs/@0/step/ ma", mp({"actions": ndarray(7, [2], "q", [0, 2])})),
    ],
    "service": [
        request("GET /healthz"),
        request("GET /readyz"),
        request("GET /metrics"),
        request("GET /v1/specs/"),
        request("GET /v1/envs/"),
        request("HEAD /v1/specs/"),
        request("OPTIONS /v1/envs/"),
        request("GET /"),
        request("GET /docs.html"),
    ],
    "legacy": [
        request("POST /v1/envs/ lj", j({"env_id": "CartPole-v0"})),
        request("POST /v1/envs/@0/reset/ l"),
        request("POST /v1/envs/@0/step/ lj", j({"action": 1, "render": False})),
        request("GET /v1/envs/@0/action_space/sample l"),
        request("GET /v1/envs/@0/action_space/contains/1 l"),
        request("POST /v1/envs/@0/observation_space/contains lj", j({"colour": "red"})),
        request("POST /v1/envs/@0/monitor/start/ lj", j({"directory": "run", "force": True, "resume": False})),
        request("POST /v1/envs/@0/monitor/close/ l"),
        request("POST /v1/envs/@0/close/ l"),
        request("GET /v1/envs/ l"),
    ],
    "legacy_upload_shutdown": [
        request("POST /v1/upload/ lj", j({"training_dir": "d", "api_key": "k"})),
        request("POST /v1/shutdown/ l"),
    ],
    "keys": [
        request("POST /v1/envs/ kjA", j({"env_id": "CartPole-v1"})),
        request("GET /v1/envs/@0/ kB"),
        request("POST /v1/envs/@0/step/ kjB", j({"action": 1})),
        request("POST /v1/envs/@0/reset/ kA"),
        request("GET /v1/envs/ kX"),
        request("GET /metrics k"),
        request("DELETE /v1/envs/@0/ kA"),
    ],
    "browser": [
        request("POST /v1/envs/ to", j({"env_id": "CartPole-v1"})),
        request("POST /v1/envs/ jO", j({"env_id": "CartPole-v1"})),
        request("GET /v1/envs/ h"),
        request("GET /v1/envs/ H"),
        request("GET /v1/ws w"),
        request("GET /v1/ws wo"),
    ],
    "bad_bodies": [
        request("POST /v1/envs/ j", b'{"env_id":"CartPole-v1","seed":123456789012345678901234567890}'),
        request("POST /v1/envs/ j", b'{"env_id":"os:system"}'),
        request("POST /v1/envs/ j", b'{"env_id":"../../etc/passwd"}'),
        request("POST /v1/envs/ m", b"\xc1"),
        request("POST /v1/envs/ j", b'{"env_id":"CartPole-v1","env_id":"Taxi-v3"}'),
        request("POST /v1/envs/@0/step/ j", b'{"action":[[[[1]]]]}'),
        request("POST /v1/vector_envs/ j", j({"env_id": "CartPole-v1", "num_envs": 100000})),
        request("PATCH /v1/envs/"),
    ],
}

WEBSOCKET = {
    "episode_text": [
        b"t" + j({"op": "make", "id": 1, "env_id": "CartPole-v1", "seed": 3}),
        b"t" + j({"op": "reset", "id": 2, "instance_id": "@0"}),
        b"t" + j({"op": "step", "id": 3, "instance_id": "@0", "action": 1}),
        b"t" + j({"op": "spaces", "id": "s", "instance_id": "@0"}),
        b"t" + j({"op": "close", "id": None, "instance_id": "@0"}),
    ],
    "episode_binary": [
        b"b" + mp({"op": "make", "id": 1, "env_id": "Pendulum-v1"}),
        b"b" + mp({"op": "reset", "id": 2, "instance_id": "@0", "seed": 9}),
        b"b" + mp({"op": "step", "id": 3, "instance_id": "@0", "action": ndarray(10, [1], "f", [-1.5])}),
        b"b" + mp({"op": "spaces", "id": [1, 2], "instance_id": "@0"}),
    ],
    "vector": [
        b"t" + j({"op": "make_vec", "id": 1, "env_id": "CartPole-v1", "num_envs": 2}),
        b"t" + j({"op": "reset", "id": 2, "instance_id": "@0", "seed": [1, 2]}),
        b"t" + j({"op": "step", "id": 3, "instance_id": "@0", "actions": [1, 0]}),
        b"b" + mp({"op": "step", "id": 4, "instance_id": "@0", "actions": ndarray(7, [2], "q", [0, 1])}),
        b"t" + j({"op": "close", "instance_id": "@0"}),
    ],
    "two_sessions": [
        b"t" + j({"op": "make", "id": 1, "env_id": "FrozenLake-v1"}),
        b"T" + j({"op": "step", "id": 2, "instance_id": "@0", "action": 1}),
        b"T" + j({"op": "make", "id": 3, "env_id": "Taxi-v3"}),
        b"B" + mp({"op": "reset", "id": 4, "instance_id": "@1"}),
        b"t" + j({"op": "close", "id": 5, "instance_id": "@1"}),
    ],
    "errors": [
        b"t",
        b"tnot json",
        b"t[1,2]",
        b"t" + j({"op": "fly"}),
        b"t" + j({"op": "step", "instance_id": 7}),
        b"b\xc1",
        b"b" + mp([1]),
        b"b" + mp({"op": "make", "env_id": "CartPole-v1", "id": ndarray(7, [1], "q", [2**62])}),
    ],
}

JSON_SEEDS = {
    "create": j({"env_id": "CartPole-v1", "render_mode": "rgb_array", "kwargs": {"sutton_barto_reward": True}, "seed": 42}),
    "step": j({"action": [0.1, -0.2, 3e-5]}),
    "vector_step": j({"actions": [[1, 0], [0, 1]]}),
    "reset": j({"seed": 18446744073709551616, "options": {"low": -0.1, "high": 0.1}}),
    "nested": b'{"a":[{"b":[null,true,false,{"c":"\\u00e9\\ud83d\\ude00"}]}],"d":-0.0,"e":1e308}',
    "numbers": b"[0,-1,9223372036854775807,-9223372036854775808,1.5,1E-7,12345678901234567890]",
    "duplicate_keys": b'{"k":1,"k":2,"j":3}',
    "strings": b'"line\\nbreak \\"quoted\\" \\\\ tab\\t"',
    "legacy_step": j({"action": 1, "render": False}),
    "ws_make": j({"op": "make", "id": "x", "env_id": "Taxi-v3", "max_episode_steps": 100}),
}

MSGPACK_SEEDS = {
    "create": mp({"env_id": "CartPole-v1", "seed": 42, "kwargs": {}}),
    "step_float32": mp({"action": ndarray(10, [1], "f", [0.5])}),
    "step_float64_2d": mp({"action": ndarray(11, [2, 2], "d", [1.0, -2.0, 0.5, 1e300])}),
    "actions_int64": mp({"actions": ndarray(7, [3], "q", [0, 1, -(2**63)])}),
    "uint64": mp({"u": ndarray(8, [2], "Q", [2**64 - 1, 2**53 + 1]), "n": 2**64 - 1}),
    "small_types": mp({"b": ndarray(0, [2], "B", [0, 1]), "i8": ndarray(1, [1], "b", [-5]),
                       "u16": ndarray(4, [1], "H", [65535]), "i16": ndarray(3, [1], "h", [-3]),
                       "u32": ndarray(6, [1], "I", [2**32 - 1]), "i32": ndarray(5, [1], "i", [7])}),
    "scalars": mp([None, True, False, 0, -1, 127, -33, 255, 65536, -(2**31), 2**40, 1.5, "", "é"]),
    "empty_array": mp({"a": ndarray(11, [0], "d", []), "s": ndarray(11, [], "d", [3.0])}),
    # The input of the int64 finding (docs/security.md): INT64_MAX is held as the double 2^63.
    "int64_extremes": mp({"id": ndarray(7, [2], "q", [2**63 - 1, -(2**63)])}),
    "float32_scalar": b"\xca\x3f\x80\x00\x00",
    "nested_map": mp({"op": "step", "id": {"k": [1, {"z": None}]}, "instance_id": "abc"}),
}


def write(target, files):
    directory = ROOT / target
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for name, content in files.items():
        data = SEP.join(content) if isinstance(content, list) else content
        (directory / name).write_bytes(data)


write("http", HTTP)
write("websocket", WEBSOCKET)
write("json", JSON_SEEDS)
write("msgpack", MSGPACK_SEEDS)
