"""A ``gymnasium.Env`` served over HTTP by ``gymcc serve`` (or by the Python peer server).

``RemoteEnv("http://127.0.0.1:5000", "CartPole-v1")`` creates an instance on the server
and drives it through the gymnasium dialect of the API (docs/api.md): spaces are rebuilt
from the server's descriptions, observations come back as numpy arrays of the space's
dtype (Python ints for Discrete, tuples for Tuple), and server errors are raised as the
exceptions of :mod:`gymcc.errors` (``ResetNeeded``, ``InvalidAction``,
``InstanceNotFound``...). ``close()`` deletes the instance.

``RemoteVectorEnv`` (:mod:`gymcc.remote_vector`, importable from here) is the vector
counterpart: a ``gymnasium.vector.VectorEnv`` driven over one WebSocket in MessagePack.

One keep-alive connection carries every call, through a minimal HTTP/1.1 client on a raw
socket with ``TCP_NODELAY`` (:class:`Connection`: about 40 us of client CPU per call on
loopback, where ``http.client`` costs about 0.1 ms and ``requests`` about 1 ms); a connection
the server dropped while idle is reopened transparently.
"""

from __future__ import annotations

import json
import socket
import ssl
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, SupportsFloat

import numpy as np
from gymnasium import Env, logger, spaces
from gymnasium.envs.registration import EnvSpec
from gymnasium.error import ClosedEnvironmentError

from gymcc._seeding import LazyNpRandom
from gymcc.errors import (
    Error,
    InstanceNotFound,
    InvalidArgument,
    InvalidSeed,
    NotRenderable,
    RemoteError,
    error_class,
)
from gymcc.spaces import space_from_description

if TYPE_CHECKING:
    from gymcc.remote_vector import RemoteVectorEnv

__all__ = ["Connection", "RemoteEnv", "RemoteVectorEnv"]

_RETRYABLE = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


class _IdleClosed(ConnectionError):
    """The server closed a keep-alive connection before answering anything on it."""


class Connection:
    """One keep-alive HTTP/1.1 connection to a gymcc server, JSON in and out.

    A minimal client on a raw socket (``TCP_NODELAY``): a request is one ``sendall``, an
    answer is read with ``recv`` into one buffer and parsed for its status,
    ``Content-Length`` (or chunked encoding) and ``Connection: close``. About 40 us of client
    CPU per call on loopback, against about 0.1 ms for ``http.client`` (which parses headers
    with the email package) and about 1 ms for ``requests``.
    """

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        """Parses ``base_url`` (``http://host:port[/prefix]``); connects on first use.

        Raises:
            InvalidArgument: not an http(s) URL.
        """
        url = urllib.parse.urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise InvalidArgument(
                f"base_url must be an http(s) URL like http://127.0.0.1:5000, got {base_url!r}"
            )
        self.base_url = base_url
        self._https = url.scheme == "https"
        self._host = url.hostname
        self._port = url.port or (443 if self._https else 80)
        self._host_header = url.netloc.rpartition("@")[2]
        self._prefix = url.path.rstrip("/")
        self._timeout = timeout
        self._sock: socket.socket | None = None
        self._buffer = bytearray()

    def _connect(self) -> socket.socket:
        sock = socket.create_connection((self._host, self._port), timeout=self._timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self._https:
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self._host)
        return sock

    def request(self, method: str, path: str, body: bytes | None = None) -> Any:
        """Sends one request; returns the decoded JSON answer (None for an empty body).

        Raises:
            gymcc.errors.Error: the server answered with an error status (the class
                follows the answer's ``code``, or its status for servers without codes).
            ConnectionError: the server could not be reached or dropped the connection.
            TimeoutError: no answer within the timeout.
        """
        status, payload = self.exchange(method, path, body or b"")
        if status >= 400:
            raise _server_error(status, payload)
        return json.loads(payload) if payload else None

    def exchange(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        *,
        content_type: str = "application/json",
        accept: str = "application/json",
    ) -> tuple[int, bytes]:
        """Sends one request with these media types; returns ``(status, body)``, errors included.

        Raises:
            ConnectionError: the server could not be reached or dropped the connection.
            TimeoutError: no answer within the timeout.
        """
        path = self._prefix + path
        message = (
            f"{method} {path} HTTP/1.1\r\nHost: {self._host_header}\r\nAccept: {accept}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode("latin-1") + body
        for attempt in range(2):
            reused = self._sock is not None
            try:
                if self._sock is None:
                    self._sock = self._connect()
                    self._buffer.clear()
                self._sock.sendall(message)
                return self._read_response(method)
            except (_IdleClosed, *_RETRYABLE) as e:
                self.close()
                # A keep-alive connection the server dropped while idle: once more, anew.
                if reused and attempt == 0:
                    continue
                raise ConnectionError(f"{method} {self.base_url}{path}: {e}") from e
            except BaseException:
                self.close()  # the connection's state is unknown: never reuse it
                raise
        raise AssertionError("unreachable")

    def _receive(self, answered: bool) -> None:
        """Reads what the socket has into the buffer."""
        assert self._sock is not None
        chunk = self._sock.recv(65536)
        if not chunk:
            if not answered:
                raise _IdleClosed("the server closed the connection")
            raise ConnectionError("the server closed the connection in the middle of an answer")
        self._buffer += chunk

    def _line(self) -> bytes:
        buffer = self._buffer
        while (end := buffer.find(b"\r\n")) < 0:
            self._receive(True)
        line = bytes(buffer[:end])
        del buffer[: end + 2]
        return line

    def _take(self, n: int) -> bytes:
        buffer = self._buffer
        while len(buffer) < n:
            self._receive(True)
        data = bytes(buffer[:n])
        del buffer[:n]
        return data

    def _read_response(self, method: str) -> tuple[int, bytes]:
        buffer = self._buffer
        answered = bool(buffer)
        while True:
            while (end := buffer.find(b"\r\n\r\n")) < 0:
                self._receive(answered)
                answered = True
            lines = buffer[:end].decode("latin-1").split("\r\n")
            del buffer[: end + 4]
            version, status_text = lines[0].split(" ", 2)[:2]
            status = int(status_text)
            if status >= 200:
                break  # else an interim 1xx answer: the real one follows
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        keep_alive = headers.get("connection", "").lower() != "close" and (
            version == "HTTP/1.1" or headers.get("connection", "").lower() == "keep-alive"
        )
        if method == "HEAD" or status in (204, 304):
            payload = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            parts = []
            while size := int(self._line().split(b";")[0], 16):
                parts.append(self._take(size))
                self._take(2)
            while self._line():  # trailers, up to the empty line
                pass
            payload = b"".join(parts)
        elif "content-length" in headers:
            payload = self._take(int(headers["content-length"]))
        else:  # delimited by the end of the connection
            assert self._sock is not None
            while chunk := self._sock.recv(65536):
                buffer += chunk
            payload, keep_alive = bytes(buffer), False
            buffer.clear()
        if not keep_alive:
            self.close()
        return status, payload

    def close(self) -> None:
        """Closes the connection (the next request opens a new one)."""
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._buffer.clear()


def _server_error(status: int, payload: bytes) -> Error:
    """The exception for an error answer: ``{"detail", "code"}`` (gymcc) or ``{"message"}``."""
    code: str | None = None
    detail = payload.decode("utf-8", "replace")
    try:
        body = json.loads(payload)
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = body.get("code") if isinstance(body.get("code"), str) else None
        message = body.get("detail", body.get("message"))
        if message is not None:
            detail = message if isinstance(message, str) else json.dumps(message)
    return _remote_error(status, code, detail)


def _remote_error(status: int | None, code: str | None, detail: str) -> Error:
    """The exception for an error the server answered: its class follows ``code``, else ``status``."""
    where = ", ".join(str(x) for x in (f"HTTP {status}" if status is not None else None, code) if x)
    error = error_class(code, status)(f"{detail} ({where})" if where else detail)
    error.status = status
    return error


def _check_seed(seed: object) -> None:
    """Refuses what gymnasium refuses as a seed, with its messages, before sending it."""
    if seed is None or (isinstance(seed, int) and seed >= 0):
        return
    if not isinstance(seed, int):
        raise InvalidSeed(f"Seed must be a python integer, actual type: {type(seed)}")
    raise InvalidSeed(f"Seed must be greater or equal to zero, actual value: {seed}")


def _jsonable(value: Any) -> Any:
    """Actions and options as JSON values: numpy arrays to lists, numpy scalars to numbers."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def _observation(space: spaces.Space[Any], value: Any) -> Any:
    """A JSON observation in gymnasium's types for ``space``."""
    if isinstance(space, spaces.Discrete):
        return int(value)
    if isinstance(space, (spaces.Box, spaces.MultiDiscrete, spaces.MultiBinary)):
        # numpy parses the API's "Infinity"/"-Infinity"/"NaN" strings itself.
        return np.asarray(value, dtype=space.dtype).reshape(space.shape)
    if isinstance(space, spaces.Tuple):
        return tuple(_observation(s, v) for s, v in zip(space.spaces, value, strict=True))
    if isinstance(space, spaces.Dict):
        return {key: _observation(s, value[key]) for key, s in space.spaces.items()}
    return value


class RemoteEnv(LazyNpRandom, Env[Any, Any]):
    """A gymnasium environment whose instance lives on a gymcc (or gymnasium-http-api) server.

    Example:
        >>> env = RemoteEnv("http://127.0.0.1:5000", "CartPole-v1")  # doctest: +SKIP
        >>> obs, info = env.reset(seed=42)  # doctest: +SKIP
        >>> obs, reward, terminated, truncated, info = env.step(env.action_space.sample())  # doctest: +SKIP
        >>> env.close()  # deletes the instance  # doctest: +SKIP

    The server applies the registered ``TimeLimit`` and order checks. Rewards are Python
    floats (the API sends every reward as a JSON float). The HTTP API has no render
    endpoint: ``render()`` raises :class:`gymcc.errors.NotRenderable` (and warns and
    returns None without a render mode, as gymnasium's environments do).
    """

    metadata: dict[str, Any] = {"render_modes": [], "render_fps": None}  # noqa: RUF012

    def __init__(
        self,
        base_url: str,
        env_id: str,
        *,
        render_mode: str | None = None,
        timeout: float = 30.0,
        **kwargs: Any,
    ) -> None:
        """Creates an instance of ``env_id`` on the server at ``base_url``.

        Args:
            base_url: the server, e.g. ``"http://127.0.0.1:5000"``.
            env_id: the id to create, e.g. ``"CartPole-v1"``.
            render_mode: passed to the server (which validates it).
            timeout: seconds to wait for each answer.
            **kwargs: the environment's arguments, sent as ``"kwargs"``.

        Raises:
            gymcc.errors.UnknownEnv, gymcc.errors.InvalidKwarg, ...: the server refused.
            ConnectionError: the server could not be reached.
        """
        self.base_url = base_url
        self.env_id = env_id
        self._connection = Connection(base_url, timeout)
        body: dict[str, Any] = {"env_id": env_id}
        if render_mode is not None:
            body["render_mode"] = render_mode
        if kwargs:
            body["kwargs"] = _jsonable(kwargs)
        created = self._connection.request("POST", "/v1/envs/", json.dumps(body).encode())
        self.instance_id: str | None = str(created["instance_id"])
        self._path = f"/v1/envs/{self.instance_id}/"
        self.render_mode = render_mode
        try:
            self.action_space = space_from_description(self._get("action_space/"))
            self.observation_space = space_from_description(self._get("observation_space/"))
        except Exception:
            self.close()
            raise
        self._discrete_actions = isinstance(self.action_space, spaces.Discrete)
        self.spec = EnvSpec(
            id=env_id,
            entry_point="gymcc.remote:RemoteEnv",
            # The server applies the time limit: gymnasium.make(spec) must not add one.
            max_episode_steps=None,
            kwargs={"base_url": base_url, "env_id": env_id, "timeout": timeout, **kwargs},
        )
        self._np_random_value: np.random.Generator | None = None
        self._np_random_pending: int | None = None

    def _get(self, path: str) -> Any:
        return self._live().request("GET", self._path + path)

    def _post(self, path: str, body: bytes) -> Any:
        return self._live().request("POST", self._path + path, body)

    def _live(self) -> Connection:
        if self.instance_id is None:
            raise ClosedEnvironmentError(f"RemoteEnv({self.env_id!r}) is closed")
        return self._connection

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Any, dict[str, Any]]:
        """Resets the remote instance: ``(observation, info)``.

        Raises:
            gymcc.errors.InvalidSeed, gymcc.errors.InvalidOptions: refused by the server.
        """
        _check_seed(seed)
        body: dict[str, Any] = {}
        if seed is not None:
            body["seed"] = seed
        if options is not None:
            body["options"] = _jsonable(options)
        answer = self._post("reset/", json.dumps(body).encode())
        if seed is not None:
            self._defer_np_random(seed)
            self._np_random_seed = seed
        return _observation(self.observation_space, answer["observation"]), answer.get("info") or {}

    def step(self, action: Any) -> tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]:
        """Steps the remote instance: ``(observation, reward, terminated, truncated, info)``.

        Raises:
            gymcc.errors.ResetNeeded: before the first reset.
            gymcc.errors.InvalidAction: an action the server refuses.
            gymcc.errors.InstanceNotFound: the instance is gone (e.g. expired).
        """
        if self._discrete_actions and isinstance(action, (int, np.integer)) and not isinstance(action, bool):
            body = b'{"action":%d}' % int(action)
        else:
            body = json.dumps({"action": _jsonable(action)}).encode()
        answer = self._post("step/", body)
        return (
            _observation(self.observation_space, answer["observation"]),
            float(answer["reward"]),
            bool(answer["terminated"]),
            bool(answer["truncated"]),
            answer.get("info") or {},
        )

    def render(self) -> Any:
        """The API has no render endpoint: warns and returns None without a render mode, else raises."""
        if self.render_mode is None:
            logger.warn(
                "You are calling render method without specifying any render mode "
                "(and gymcc's HTTP API does not render)."
            )
            return None
        raise NotRenderable("gymcc's HTTP API has no render endpoint: frames cannot be fetched remotely")

    def close(self) -> None:
        """Deletes the instance on the server and closes the connection; closing twice is fine."""
        if self.instance_id is not None:
            try:
                self._connection.request("DELETE", self._path)
            except (InstanceNotFound, ConnectionError):
                pass  # already gone
            except RemoteError as e:
                logger.warn(f"deleting remote instance {self.instance_id} failed: {e}")
            self.instance_id = None
        self._connection.close()

    def __repr__(self) -> str:
        """``<RemoteEnv<CartPole-v1 @ http://127.0.0.1:5000>>``."""
        return f"<RemoteEnv<{self.env_id} @ {self.base_url}>>"


def __getattr__(name: str) -> Any:
    """``RemoteVectorEnv`` on first use: it imports websockets and msgpack, which RemoteEnv does not need."""
    if name == "RemoteVectorEnv":
        from gymcc.remote_vector import RemoteVectorEnv

        return RemoteVectorEnv
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
