"""Start `gymcc serve` on a free loopback port and talk to it over keep-alive HTTP."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict

    def json(self):
        return json.loads(self.body)

    def msgpack(self):
        """The body as MessagePack (ndarray extensions decoded), checking the Content-Type."""
        assert self.headers.get("content-type", "").startswith(MSGPACK), self.headers
        return mp_unpack(self.body)


class Client:
    """One keep-alive HTTP/1.1 connection (http.client, ~0.1 ms per call)."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body=None, raw: bytes | None = None, headers=None) -> Reply:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        all_headers = {"Content-Type": "application/json"}
        all_headers.update(headers or {})
        self.conn.request(method, path, body=data, headers=all_headers)
        resp = self.conn.getresponse()
        payload = resp.read()
        reply = Reply(resp.status, payload, {k.lower(): v for k, v in resp.getheaders()})
        if resp.getheader("connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return reply

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def close(self):
        self.conn.close()


class Server:
    """A live `gymcc serve` process bound to 127.0.0.1 on a free port."""

    def __init__(self, gymcc_bin: str, *args: str):
        self.proc = subprocess.Popen(
            [gymcc_bin, "serve", "--host", "127.0.0.1", "--port", "0", "--threads", "2", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.proc.stdout.readline()
        if "://" not in line:
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line!r} {self.proc.stderr.read()}")
        self.port = int(line.strip().rsplit(":", 1)[1])
        self.base = f"http://127.0.0.1:{self.port}"

    def client(self) -> Client:
        return Client(self.port)

    def rss_kib(self) -> int:
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def stop(self, timeout: float = 15.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise

    def stderr_text(self) -> str:
        return self.proc.stderr.read() if self.proc.poll() is not None else ""


def wait_until(predicate, timeout=5.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


# ---------------------------------------------------------------- fast paths (docs/fast-paths.md)
# MessagePack with the ndarray extension, a WebSocket session client, and the
# golden vector trajectories (tests/golden/vector, format in generate_vector.py)
# as expected values for the JSON and MessagePack encodings.

import gzip  # noqa: E402
import math  # noqa: E402
import struct  # noqa: E402

NDARRAY_EXT = 1
MSGPACK = "application/msgpack"
DTYPE_CODES = {
    "bool": 0, "int8": 1, "uint8": 2, "int16": 3, "uint16": 4, "int32": 5,
    "uint32": 6, "int64": 7, "uint64": 8, "float32": 10, "float64": 11,
}
CODE_DTYPES = {code: name for name, code in DTYPE_CODES.items()}
VECTOR_GOLDEN_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden", "vector"
)


class NDArray:
    """A decoded ndarray extension value: dtype name, shape and the raw little-endian bytes."""

    def __init__(self, dtype: str, shape: tuple, data: bytes):
        self.dtype, self.shape, self.data = dtype, tuple(shape), bytes(data)

    @property
    def array(self):
        import numpy as np

        return np.frombuffer(self.data, np.dtype(self.dtype).newbyteorder("<")).reshape(self.shape)

    def tolist(self):
        return self.array.tolist()

    def __eq__(self, other):
        return isinstance(other, NDArray) and (self.dtype, self.shape, self.data) == (
            other.dtype, other.shape, other.data)

    def __repr__(self):
        return f"NDArray({self.dtype}, {list(self.shape)}, {self.tolist()!r})"


def ndarray_payload(a, dtype_code: int | None = None, shape=None) -> bytes:
    """The ext-1 payload of numpy array `a` (the dtype code and shape may be overridden, for
    malformed-input tests)."""
    import numpy as np

    # Not np.ascontiguousarray: it turns a 0-d array into shape (1,).
    a = np.asarray(a)
    if not a.flags.c_contiguous:
        a = a.copy(order="C")
    code = DTYPE_CODES[str(a.dtype)] if dtype_code is None else dtype_code
    dims = a.shape if shape is None else shape
    head = struct.pack("<BB", code, len(dims)) + b"".join(struct.pack("<I", d) for d in dims)
    return head + a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()


def decode_ndarray_ext(code: int, payload: bytes):
    import msgpack

    if code != NDARRAY_EXT:
        return msgpack.ExtType(code, payload)
    if len(payload) < 2:
        raise ValueError(f"ndarray payload of {len(payload)} bytes")
    dtype, ndim = CODE_DTYPES[payload[0]], payload[1]
    if ndim > 32:
        raise ValueError(f"ndarray with {ndim} dimensions")
    shape = struct.unpack(f"<{ndim}I", payload[2 : 2 + 4 * ndim])
    data = payload[2 + 4 * ndim :]
    import numpy as np

    expected = math.prod(shape) * np.dtype(dtype).itemsize
    if len(data) != expected:
        raise ValueError(f"ndarray {dtype}{list(shape)}: {len(data)} data bytes, expected {expected}")
    return NDArray(dtype, shape, data)


def _msgpack_default(x):
    import msgpack
    import numpy as np

    if isinstance(x, np.ndarray):
        return msgpack.ExtType(NDARRAY_EXT, ndarray_payload(x))
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, NDArray):
        return msgpack.ExtType(NDARRAY_EXT, ndarray_payload(x.array))
    raise TypeError(f"cannot pack {type(x)}")


def mp_pack(obj) -> bytes:
    """MessagePack with numpy arrays as ext type 1 (floats as float64)."""
    import msgpack

    return msgpack.packb(obj, default=_msgpack_default, use_bin_type=True)


def mp_unpack(data: bytes):
    """MessagePack with ext type 1 decoded to NDArray; raises on anything malformed."""
    import msgpack

    return msgpack.unpackb(data, ext_hook=decode_ndarray_ext, raw=False, strict_map_key=False)


def to_plain(x):
    """A decoded MessagePack value as JSON would carry it (NDArray -> nested lists)."""
    if isinstance(x, NDArray):
        return x.tolist()
    if isinstance(x, dict):
        return {k: to_plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [to_plain(v) for v in x]
    return x


def msgpack_fits(value) -> bool:
    """Whether MessagePack can carry `value` (ints in [-2**63, 2**64 - 1])."""
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**64
    if isinstance(value, (list, tuple)):
        return all(msgpack_fits(v) for v in value)
    if isinstance(value, dict):
        return all(msgpack_fits(v) for v in value.values())
    return True


def json_text_float(x):
    """JSON's spelling of non-finite floats (docs/api.md)."""
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    return x


# ----- exact comparison


def _walk(expected, actual, path, diff):
    """The list and dict walk of json_diff and msgpack_diff, comparing children with `diff`;
    NotImplemented when `expected` is neither."""
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(expected) != len(actual):
            return f"{path}: expected {_short(expected)}, got {_short(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            d = diff(e, a, f"{path}[{i}]")
            if d:
                return d
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or set(expected) != set(actual):
            return f"{path}: expected keys {sorted(expected)}, got {_short(actual)}"
        for k in expected:
            d = diff(expected[k], actual[k], f"{path}.{k}")
            if d:
                return d
        return None
    return NotImplemented


def json_diff(expected, actual, path="$"):
    """None if equal with JSON types (floats by bits, bool is not int), else where they differ."""
    if isinstance(expected, float) or isinstance(actual, float):
        if type(expected) is not type(actual):
            return (f"{path}: expected {expected!r} ({type(expected).__name__}), "
                    f"got {actual!r} ({type(actual).__name__})")
        if struct.pack("<d", expected) != struct.pack("<d", actual) and not (
            math.isnan(expected) and math.isnan(actual)
        ):
            return f"{path}: expected {expected!r}, got {actual!r}"
        return None
    walked = _walk(expected, actual, path, json_diff)
    if walked is not NotImplemented:
        return walked
    if type(expected) is not type(actual) or expected != actual:
        return f"{path}: expected {expected!r}, got {_short(actual)}"
    return None


def _short(x, n=300):
    text = repr(x)
    return text if len(text) <= n else text[:n] + "..."


# ----- golden vector values (typed JSON of generate_vector.py)

ARRAY_TAG = "__ndarray__"


def is_typed_array(x) -> bool:
    return isinstance(x, dict) and ARRAY_TAG in x


def typed_to_numpy(x):
    """A typed (non-object) golden array as a numpy array of its dtype."""
    import numpy as np

    assert x[ARRAY_TAG] != "object"
    return np.array(x["data"], dtype=x[ARRAY_TAG]).reshape(x["shape"])


def typed_to_plain(x):
    """A typed golden value as the server's JSON carries it: arrays as nested lists
    (float dtypes as floats, ints as ints, bools as bools), object arrays' None as null."""
    if is_typed_array(x):
        dtype = x[ARRAY_TAG]
        if dtype == "object":
            flat = [typed_to_plain(e) for e in x["data"]]
        elif dtype.startswith("float"):
            flat = [float(e) for e in x["data"]]
        elif dtype == "bool":
            flat = [bool(e) for e in x["data"]]
        else:
            flat = [int(e) for e in x["data"]]
        return _nest(flat, x["shape"])
    if isinstance(x, dict):
        return {k: typed_to_plain(v) for k, v in x.items()}
    if isinstance(x, list):
        return [typed_to_plain(v) for v in x]
    return x


def _nest(flat, shape):
    if not shape:
        return flat[0]
    if len(shape) == 1:
        return list(flat)
    step = math.prod(shape[1:])
    return [_nest(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


def typed_to_msgpack_value(x):
    """A typed golden value as a client sends it in MessagePack: arrays as ndarray ext."""
    if is_typed_array(x):
        if x[ARRAY_TAG] == "object":
            return [typed_to_msgpack_value(e) for e in x["data"]]
        return typed_to_numpy(x)
    if isinstance(x, dict):
        return {k: typed_to_msgpack_value(v) for k, v in x.items()}
    if isinstance(x, list):
        return [typed_to_msgpack_value(v) for v in x]
    return x


def msgpack_diff(expected, actual, path="$"):
    """None if the decoded MessagePack value `actual` is exactly the typed golden value
    `expected` (arrays: ndarray ext of the same dtype and shape, bitwise), else where not."""
    if is_typed_array(expected):
        dtype = expected[ARRAY_TAG]
        if dtype == "object":  # final_obs: a MessagePack array, None as nil
            if not isinstance(actual, list) or len(actual) != len(expected["data"]):
                return f"{path}: expected an array of {len(expected['data'])} elements, got {_short(actual)}"
            for i, (e, a) in enumerate(zip(expected["data"], actual)):
                d = msgpack_diff(e, a, f"{path}[{i}]")
                if d:
                    return d
            return None
        if not isinstance(actual, NDArray):
            return f"{path}: expected an ndarray {dtype}{expected['shape']}, got {_short(actual)}"
        want = typed_to_numpy(expected)
        if actual.dtype != dtype or list(actual.shape) != list(expected["shape"]):
            return f"{path}: expected ndarray {dtype}{expected['shape']}, got {actual.dtype}{list(actual.shape)}"
        if actual.data != want.astype(want.dtype.newbyteorder("<")).tobytes():
            return f"{path}: expected {want.tolist()!r}, got {actual.tolist()!r}"
        return None
    walked = _walk(expected, actual, path, msgpack_diff)
    if walked is not NotImplemented:
        return walked
    return json_diff(expected, actual, path)


def vector_golden_runs():
    """(file name, line number, run) for every run of tests/golden/vector/*.jsonl.gz."""
    import glob

    for path in sorted(glob.glob(os.path.join(VECTOR_GOLDEN_DIR, "*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if line.strip():
                    yield os.path.basename(path), number, json.loads(line)


def vector_golden_files():
    import glob

    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(VECTOR_GOLDEN_DIR, "*.jsonl.gz")))


def vector_create_fields(run) -> dict:
    """The make_vec fields for a golden run (max_episode_steps is a field of its own, as
    gymnasium.make's argument)."""
    kwargs = typed_to_plain(run["kwargs"])
    fields = {"env_id": run["id"], "num_envs": run["num_envs"], "autoreset_mode": run["autoreset_mode"]}
    if kwargs:
        fields["kwargs"] = kwargs
    if run["max_episode_steps"] is not None:
        fields["max_episode_steps"] = run["max_episode_steps"]
    return fields


def replay_vector_run(channel, run, where: str) -> int:
    """Drive one golden run through `channel` (create/reset/step/delete returning
    (encoding, reply)) and compare every reply exactly. Returns the number of calls."""
    iid = channel.create(vector_create_fields(run))
    for k, call in enumerate(run["calls"]):
        at = f"{where} call {k} ({call[0]})"
        if call[0] == "reset":
            _, seed, options, obs, infos = call
            encoding, got = channel.reset(iid, seed, options)
            assert set(got) == {"observations", "infos"}, (at, _short(got))
            expected = {"observations": obs, "infos": infos}
        else:
            _, actions, obs, rewards, terminated, truncated, infos = call
            encoding, got = channel.step(iid, actions)
            assert set(got) == {"observations", "rewards", "terminated", "truncated", "infos"}, (at, _short(got))
            expected = {"observations": obs, "rewards": rewards, "terminated": terminated,
                        "truncated": truncated, "infos": infos}
        for key, value in expected.items():
            if encoding == "json":
                diff = json_diff(typed_to_plain(value), got[key], key)
            else:
                diff = msgpack_diff(value, got[key], key)
            assert diff is None, f"{at} over {encoding}: {diff}"
    channel.delete(iid)
    return len(run["calls"])


# ----- spaces as the server describes them (libenv Space::describe)


def describe_space(space) -> dict:
    """A gymnasium space as docs/api.md's space description, parsed from JSON."""
    from gymnasium import spaces

    if isinstance(space, spaces.Discrete):
        return {"name": "Discrete", "n": int(space.n), "shape": [], "start": int(space.start), "dtype": "int64"}
    if isinstance(space, spaces.Box):
        conv = (lambda v: json_text_float(float(v))) if space.dtype.kind == "f" else int
        return {
            "name": "Box",
            "shape": list(space.shape),
            "low": _nest([conv(v) for v in space.low.ravel()], list(space.shape)),
            "high": _nest([conv(v) for v in space.high.ravel()], list(space.shape)),
            "dtype": str(space.dtype),
        }
    if isinstance(space, spaces.MultiDiscrete):
        return {
            "name": "MultiDiscrete",
            "shape": list(space.shape),
            "nvec": space.nvec.tolist(),
            "start": space.start.tolist(),
            "dtype": "int64",
        }
    if isinstance(space, spaces.MultiBinary):
        return {"name": "MultiBinary", "n": int(space.n), "shape": list(space.shape), "dtype": "int8"}
    if isinstance(space, spaces.Tuple):
        return {"name": "Tuple", "shape": None, "spaces": [describe_space(s) for s in space.spaces]}
    if isinstance(space, spaces.Dict):
        return {"name": "Dict", "shape": None, "spaces": {k: describe_space(s) for k, s in space.spaces.items()}}
    raise TypeError(space)


def plain_space(description):
    """A space description from JSON or MessagePack in one form: ndarrays as lists and
    "Infinity"/"-Infinity"/"NaN" strings as floats (the MessagePack spelling is not specified)."""
    if isinstance(description, NDArray):
        return description.tolist()
    if isinstance(description, str) and description in ("Infinity", "-Infinity", "NaN"):
        return float(description.replace("Infinity", "inf").replace("NaN", "nan"))
    if isinstance(description, dict):
        return {k: plain_space(v) for k, v in description.items()}
    if isinstance(description, list):
        return [plain_space(v) for v in description]
    return description


class CheckedClient(Client):
    """A client that fails the test on any 5xx answer but 503 (at capacity, draining)."""

    def request(self, method, path, body=None, raw=None, headers=None):
        reply = super().request(method, path, body=body, raw=raw, headers=headers)
        assert reply.status < 500 or reply.status == 503, (method, path, body, raw, reply.status, reply.body[:500])
        return reply

    def mp(self, method, path, obj=None, raw=None, accept=True):
        """A MessagePack request (body `obj` packed, or `raw` bytes)."""
        headers = {"Content-Type": MSGPACK}
        if accept:
            headers["Accept"] = MSGPACK
        data = raw if raw is not None else (b"" if obj is None else mp_pack(obj))
        return self.request(method, path, raw=data, headers=headers)


# ----- WebSocket sessions


class WsClient:
    """One WebSocket session on /v1/ws (websockets' sync client). `send_json` sends a text
    message, `send_mp` a binary one; `recv` returns (kind, decoded) with kind "json" for a
    text reply and "msgpack" for a binary one."""

    def __init__(self, port: int, timeout: float = 10.0, **connect_kw):
        from websockets.sync.client import connect

        self.timeout = timeout
        self.ws = connect(f"ws://127.0.0.1:{port}/v1/ws", open_timeout=timeout,
                          close_timeout=timeout, max_size=2**26, legacy=True, **connect_kw)

    def send_json(self, obj):
        self.ws.send(json.dumps(obj))

    def send_text(self, text: str):
        self.ws.send(text)

    def send_mp(self, obj):
        self.ws.send(mp_pack(obj))

    def send_binary(self, data: bytes):
        self.ws.send(data)

    def recv(self):
        message = self.ws.recv(timeout=self.timeout)
        if isinstance(message, str):
            return "json", json.loads(message)
        return "msgpack", mp_unpack(message)

    def call(self, request: dict, binary: bool = False):
        """One request, its reply (checked to come in the request's encoding)."""
        (self.send_mp if binary else self.send_json)(request)
        kind, reply = self.recv()
        assert kind == ("msgpack" if binary else "json"), (request, kind, reply)
        return reply

    def close(self):
        self.ws.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
