"""A ``gymnasium.vector.VectorEnv`` whose sub-envs step on a ``gymcc serve`` (docs/fast-paths.md).

``RemoteVectorEnv("http://127.0.0.1:5000", "CartPole-v1", 256)`` opens one WebSocket to the
server's ``/v1/ws``, creates a vector env there (``make_vec``) and drives it with binary
(MessagePack) messages: actions travel as the ``ndarray`` extension (type 1: dtype code,
dimensions, raw little-endian C-order elements), and the arrays of a reply are decoded as numpy
views of the message (``np.frombuffer``, no copy). Results are what
``gymnasium.make_vec(env_id, num_envs, vectorization_mode="sync")`` returns — observations in
the single space's dtype, float64 rewards, bool flags, infos batched with ``_key`` masks — and
server errors are raised as the exceptions of :mod:`gymcc.errors`.

The vector env belongs to the socket: ``close()`` (or losing the connection) deletes it on the
server.
"""

from __future__ import annotations

import json
import socket
import ssl
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any

import msgpack
import numpy as np
from gymnasium import logger, spaces
from gymnasium.error import ClosedEnvironmentError
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from gymcc._seeding import LazyNpRandom
from gymcc.errors import Error, InstanceNotFound, InvalidAction, InvalidArgument, RemoteError
from gymcc.remote._codec import (
    MSGPACK_INT_MAX,
    MSGPACK_INT_MIN,
    encode_ndarray,
    ext_header,
    ext_hook,
    ext_hook_copy,
    jsonable,
    pack_default,
    remote_error,
    server_error,
)
from gymcc.remote._http import Connection, authorization_header, resolve_api_key
from gymcc.remote._websocket import ConnectionClosedError, HandshakeError, WebSocket
from gymcc.spaces import space_from_description

__all__ = ["RemoteVectorEnv"]

def _urls(url: str) -> tuple[str, str]:
    """``(websocket_url, rest_base_url)`` for a server given as ``http(s)://`` or ``ws(s)://``."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss") or not parts.hostname:
        raise InvalidArgument(
            f"url must be like http://127.0.0.1:5000 or ws://127.0.0.1:5000/v1/ws, got {url!r}"
        )
    secure = parts.scheme in ("https", "wss")
    prefix = parts.path.rstrip("/")
    if parts.scheme in ("ws", "wss") and prefix.endswith("/v1/ws"):
        prefix = prefix[: -len("/v1/ws")]
    ws = urllib.parse.urlunsplit(("wss" if secure else "ws", parts.netloc, prefix + "/v1/ws", "", ""))
    rest = urllib.parse.urlunsplit(("https" if secure else "http", parts.netloc, prefix, "", ""))
    return ws, rest


def _observation_converter(space: spaces.Space[Any]) -> Callable[[Any], Any] | None:
    """What turns a decoded observation into gymnasium's types for ``space`` (None: nothing to do).

    Arrays and numbers arrive as they should; Tuple observations arrive as lists and Dict ones as
    maps, whose items may need converting in turn.
    """
    if isinstance(space, spaces.Tuple):
        parts = [_observation_converter(s) or _identity for s in space.spaces]
        return lambda value: tuple(convert(v) for convert, v in zip(parts, value, strict=True))
    if isinstance(space, spaces.Dict):
        items = {key: _observation_converter(s) or _identity for key, s in space.spaces.items()}
        return lambda value: {key: convert(value[key]) for key, convert in items.items()}
    return None


def _identity(value: Any) -> Any:
    return value


def _object_array(values: list[Any], convert: Callable[[Any], Any] | None) -> np.ndarray:
    """A 1-d object array of ``values`` (gymnasium's ``final_obs`` and infos it cannot batch)."""
    array = np.full(len(values), None, dtype=object)
    for i, value in enumerate(values):
        # One at a time: np.array(values, dtype=object) would merge equal-shaped arrays into 2-d.
        array[i] = value if value is None or convert is None else convert(value)
    return array


class RemoteVectorEnv(LazyNpRandom, VectorEnv[Any, Any, np.ndarray]):
    """``num_envs`` sub-envs of one id stepped on a gymcc server, over one WebSocket (MessagePack).

    Example:
        >>> envs = RemoteVectorEnv("http://127.0.0.1:5000", "CartPole-v1", 16)  # doctest: +SKIP
        >>> observations, infos = envs.reset(seed=42)  # doctest: +SKIP
        >>> observations, rewards, terminations, truncations, infos = envs.step(
        ...     envs.action_space.sample()
        ... )  # doctest: +SKIP
        >>> envs.close()  # closes the socket: the server deletes the vector env  # doctest: +SKIP

    Semantics are ``gymnasium.make_vec(env_id, num_envs, vectorization_mode="sync")``'s, with
    the registered time limit applied by the server:

    * ``reset(seed=s)`` seeds sub-env ``i`` with ``s + i``; ``seed=[s0, None, ...]`` seeds each;
      ``options={"reset_mask": mask}`` resets only the masked sub-envs.
    * ``step(actions)``: an array (or list) shaped like :attr:`action_space`, sent in its own
      dtype (the server converts it as numpy's ``astype`` would and checks it).
    * The arrays returned are fresh for every call but **read-only** views of the reply message
      (no copy); pass ``copy=True`` for writable arrays.
    """

    def __init__(
        self,
        url: str,
        env_id: str,
        num_envs: int = 1,
        *,
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
        kwargs: Mapping[str, Any] | None = None,
        max_episode_steps: int | None = None,
        copy: bool = False,
        timeout: float | None = 30.0,
        api_key: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        _state: Mapping[str, Any] | None = None,
    ) -> None:
        """Connects to the server and creates the vector env there (see also :meth:`from_state`).

        Args:
            url: the server, as ``http://host:port`` (its WebSocket is ``ws://host:port/v1/ws``)
                or a ``ws://``/``wss://`` URL.
            env_id: the id to create, e.g. ``"CartPole-v1"``.
            num_envs: how many sub-envs.
            autoreset_mode: gymnasium's ``AutoresetMode`` or its value (``"NextStep"``,
                ``"SameStep"``, ``"Disabled"``).
            kwargs: the environment's arguments, e.g. ``{"sutton_barto_reward": True}``.
            max_episode_steps: a positive int replaces each sub-env's registered time limit, as
                ``gymnasium.make_vec(..., max_episode_steps=...)`` does; None keeps it.
            copy: return writable arrays (one copy per array) instead of read-only views.
            timeout: seconds to wait for the connection and for each reply (None: forever).
            api_key: the server's API key (``gymcc serve --api-keys``); default
                ``$GYMCC_API_KEY``, else none.
            ssl_context: for ``https://``/``wss://`` servers (default: the system's trusted CAs).

        Raises:
            gymcc.errors.UnknownEnv, gymcc.errors.InvalidKwarg, ...: the server refused.
            gymcc.errors.Unauthorized: the server needs a key it was not given.
            gymcc.errors.InvalidArgument: an unknown ``autoreset_mode`` (the server refuses it;
                the class is a ``ValueError``).
            ConnectionError: the server could not be reached.
        """
        # A mode gymnasium does not know goes to the server as is: it answers 400
        # invalid_argument, as for every argument it refuses.
        mode_name = autoreset_mode.value if isinstance(autoreset_mode, AutoresetMode) else autoreset_mode
        mode = AutoresetMode(mode_name) if mode_name in _AUTORESET_MODES else None
        self.url, self.base_url = _urls(url)
        self.env_id = env_id
        self.num_envs = int(num_envs)
        self.autoreset_mode = mode
        self.render_mode = None
        self.metadata = {"render_modes": [], "render_fps": None, "autoreset_mode": mode}
        self._timeout = timeout
        self._api_key = resolve_api_key(api_key)
        self._ssl_context = ssl_context
        self._unpack_hook = ext_hook_copy if copy else ext_hook
        self._packer = msgpack.Packer(default=pack_default)
        self._rest: Connection | None = None
        self._ws: WebSocket | None = None
        self._lost: str | None = None
        self.instance_id: str | None = None
        self._np_random_value: np.random.Generator | None = None
        self._np_random_pending: int | None = None
        try:
            # Our own minimal client: replies are read on this thread (websockets' sync
            # client reads on a background thread, a wake-up per message).
            self._ws = WebSocket(
                self.url,
                timeout=timeout,
                extra_headers=authorization_header(self._api_key),
                ssl_context=ssl_context,
            )
        except HandshakeError as e:
            if e.status is not None and e.status >= 400:
                raise server_error(e.status, e.body) from e
            raise ConnectionError(f"cannot open {self.url}: {e}") from e
        except (OSError, ValueError) as e:
            raise ConnectionError(f"cannot open {self.url}: {e}") from e
        # Bound once: the step path looks them up in the instance dict.
        self._send = self._ws.send
        self._recv = self._ws.recv
        try:
            request: dict[str, Any] = {
                "op": "make_vec",
                "env_id": env_id,
                "num_envs": self.num_envs,
                "autoreset_mode": mode_name,
            }
            if kwargs:
                request["kwargs"] = jsonable(dict(kwargs))
            if max_episode_steps is not None:
                request["max_episode_steps"] = int(max_episode_steps)
            if _state is not None:
                request = {"op": "make_vec", "state": dict(_state)}
            self.instance_id = str(self._call(request)["instance_id"])
            described = self._call({"op": "spaces", "instance_id": self.instance_id})
            self.single_observation_space = space_from_description(described["single_observation_space"])
            self.single_action_space = space_from_description(described["single_action_space"])
        except BaseException:
            self._drop_socket()
            raise
        # gymnasium's batching, as SyncVectorEnv builds its spaces (and seeds them).
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        self._convert_observations = _observation_converter(self.observation_space)
        self._convert_final_obs = _observation_converter(self.single_observation_space)
        # The step request is this prefix (a 3-entry map up to the "actions" key) and the value.
        self._step_prefix = b"\x83" + b"".join(
            msgpack.packb(x) for x in ("op", "step", "instance_id", self.instance_id, "actions")
        )

    # -- the exchange ------------------------------------------------------------------------

    def _exchange(self, message: bytes) -> dict[str, Any]:
        """Sends one binary message and returns the decoded reply; errors raised as exceptions."""
        if self._ws is None:
            self._raise_closed()
        try:
            self._send(message)
            data = self._recv(self._timeout)
        except ConnectionClosedError as e:
            self._lose(f"the server closed the connection ({e})")
            raise ConnectionError(f"{self.url}: {self._lost}") from e
        except TimeoutError:
            # A late reply would pair with the next request: this socket cannot be trusted again.
            self._lose(f"no reply within {self._timeout} s")
            raise
        except OSError as e:
            self._lose(f"connection error ({e})")
            raise ConnectionError(f"{self.url}: {self._lost}") from e
        if type(data) is str:
            self._lose("a text reply to a binary request")
            raise RemoteError(f"{self.url}: the server answered a binary request with text: {data[:200]!r}")
        try:
            reply = msgpack.unpackb(data, ext_hook=self._unpack_hook)
        except (ValueError, msgpack.UnpackException) as e:
            reply = e
        if type(reply) is not dict:
            self._lose("a reply that is not a MessagePack map")
            raise RemoteError(f"{self.url}: unreadable reply {data[:200]!r}: {reply!r}")
        if "error" in reply:
            raise _reply_error(reply["error"])
        return reply

    def _call(self, request: Mapping[str, Any]) -> dict[str, Any]:
        return self._exchange(self._packer.pack(request))

    def _lose(self, why: str) -> None:
        self._lost = why
        self._drop_socket()

    def _drop_socket(self) -> None:
        """Closes the WebSocket (the server then deletes the vector env it made for it)."""
        ws, self._ws = self._ws, None
        self.__dict__.pop("_send", None)
        self.__dict__.pop("_recv", None)
        if ws is not None:
            ws.close()
        if self._rest is not None:
            self._rest.close()

    def _raise_closed(self) -> None:
        if self._lost is not None and not self.closed:
            raise ConnectionError(f"{self.url}: the vector env is gone with its connection: {self._lost}")
        raise ClosedEnvironmentError(f"{self!r} is closed")

    # -- gymnasium's API ---------------------------------------------------------------------

    def reset(
        self,
        *,
        seed: int | list[int | None] | None = None,
        options: dict[str, Any] | None = None,
    ) -> tuple[Any, dict[str, Any]]:
        """Resets the sub-envs: ``(observations, infos)``.

        Args:
            seed: an int (sub-env ``i`` gets ``seed + i``), a list of one int-or-None per
                sub-env, or None to keep each sub-env's generator stream.
            options: passed to every sub-env; ``options["reset_mask"]`` (a bool array of
                ``num_envs``) resets only the sub-envs it marks.

        Raises:
            gymcc.errors.InvalidSeed, gymcc.errors.InvalidOptions: refused by the server.
        """
        request: dict[str, Any] = {"op": "reset", "instance_id": self.instance_id}
        if seed is not None:
            request["seed"] = jsonable(seed)
        if options is not None:
            # Plain values: the format reserves the ndarray extension for actions and results.
            request["options"] = jsonable(options)
        if self._ws is None:
            self._raise_closed()
        if _has_big_int(request.get("seed")):
            reply = self._reset_over_rest(request)
        else:
            reply = self._exchange(self._packer.pack(request))
        if isinstance(seed, int):
            self._defer_np_random(seed)
            self._np_random_seed = seed
        observations = reply["observations"]
        if self._convert_observations is not None:
            observations = self._convert_observations(observations)
        infos = reply["infos"]
        return observations, (self._infos(infos) if infos else {})

    def _reset_over_rest(self, request: dict[str, Any]) -> dict[str, Any]:
        """A reset whose seed MessagePack cannot carry: a JSON body over REST, a MessagePack answer."""
        if self._rest is None:
            self._rest = Connection(
                self.base_url,
                30.0 if self._timeout is None else self._timeout,
                api_key=self._api_key,
                ssl_context=self._ssl_context,
            )
        body = {key: request[key] for key in ("seed", "options") if key in request}
        status, payload = self._rest.exchange(
            "POST",
            f"/v1/vector_envs/{self.instance_id}/reset/",
            json.dumps(body).encode(),
            accept="application/msgpack",
        )
        reply = msgpack.unpackb(payload, ext_hook=self._unpack_hook) if payload else {}
        if status >= 400:
            detail = reply.get("detail") if isinstance(reply, dict) else None
            code = reply.get("code") if isinstance(reply, dict) else None
            raise remote_error(
                status, code, detail if isinstance(detail, str) else payload.decode("latin-1")
            )
        return reply

    def step(self, actions: Any) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Steps every sub-env: ``(observations, rewards, terminations, truncations, infos)``.

        Raises:
            gymcc.errors.ResetNeeded: before the first ``reset`` or, with autoreset
                disabled, while a finished sub-env awaits its reset.
            gymcc.errors.InvalidAction: actions of the wrong shape or outside the space.
        """
        if type(actions) is np.ndarray:
            try:
                payload = encode_ndarray(actions)
            except InvalidArgument as e:
                raise InvalidAction(str(e)) from e
            message = self._step_prefix + ext_header(len(payload)) + payload
        else:
            message = self._step_prefix + self._pack_actions(actions)
        reply = self._exchange(message)
        observations = reply["observations"]
        if self._convert_observations is not None:
            observations = self._convert_observations(observations)
        infos = reply["infos"]
        return (
            observations,
            reply["rewards"],
            reply["terminated"],
            reply["truncated"],
            self._infos(infos) if infos else {},
        )

    def _pack_actions(self, actions: Any) -> bytes:
        """Actions that are not a plain ndarray: as an ndarray when numpy makes one, else as is."""
        try:
            array = np.asarray(actions)
        except ValueError:  # ragged: let the server say what is wrong with it
            array = None
        try:
            if array is not None and array.dtype.kind in "biuf":
                return self._packer.pack(array)
            return self._packer.pack(jsonable(actions))
        except (TypeError, InvalidArgument) as e:
            raise InvalidAction(f"cannot send actions {actions!r}: {e}") from e

    def _infos(self, infos: dict[str, Any]) -> dict[str, Any]:
        """Gymnasium's infos from a decoded map: lists become object arrays (``final_obs``...)."""
        out: dict[str, Any] = {}
        for key, value in infos.items():
            if isinstance(value, list):
                value = _object_array(value, self._convert_final_obs if key == "final_obs" else None)
            elif isinstance(value, dict):
                value = self._infos(value)
            out[key] = value
        return out

    # -- snapshots (docs/snapshots.md) -------------------------------------------------------

    def get_state(self, index: int | None = None) -> dict[str, Any]:
        """The vector env's complete state on the server, JSON-ready.

        Args:
            index: one sub-env's state instead, as a single env's (``RemoteEnv(url, state=s)``
                and ``gymcc.make``'s envs restore it).

        Raises:
            gymcc.errors.InvalidState: sub-envs with different generated maps.
            gymcc.errors.InstanceNotFound: no sub-env ``index``.
        """
        request: dict[str, Any] = {"op": "get_state", "instance_id": self.instance_id}
        if index is not None:
            request["index"] = int(index)
        return dict(self._call(request)["state"])

    def set_state(self, state: Mapping[str, Any], index: int | None = None) -> tuple[Any, dict[str, Any]]:
        """Restores a :meth:`get_state` snapshot on the server: returns ``(observations, infos)``.

        Args:
            state: a vector env's state of the same env id, kwargs, time limit, ``num_envs``
                and autoreset mode (from any server of the same version); with ``index``, a
                single env's state for that sub-env.
            index: the sub-env to restore.

        Raises:
            gymcc.errors.InvalidState: a malformed, tampered or foreign state (nothing changes).
        """
        request: dict[str, Any] = {"op": "set_state", "instance_id": self.instance_id, "state": state}
        if index is not None:
            request["index"] = int(index)
        reply = self._call(request)
        observations = reply["observations"]
        if self._convert_observations is not None:
            observations = self._convert_observations(observations)
        infos = reply["infos"]
        return observations, (self._infos(infos) if infos else {})

    def clone(self) -> RemoteVectorEnv:
        """A new remote vector env in the same state, on its own connection (for planning)."""
        return type(self).from_state(
            self.base_url,
            self.get_state(),
            copy=self._unpack_hook is ext_hook_copy,
            timeout=self._timeout,
            api_key=self._api_key,
            ssl_context=self._ssl_context,
        )

    @classmethod
    def from_state(cls, url: str, state: Mapping[str, Any], **options: Any) -> RemoteVectorEnv:
        """A new vector env on the server at ``url`` made from a :meth:`get_state` snapshot.

        The snapshot may come from another server of the same version: this is how a vector
        env moves between replicas. ``options`` are the constructor's (``copy``, ``timeout``,
        ``api_key``, ``ssl_context``).

        Raises:
            gymcc.errors.InvalidState: a malformed or tampered state.
        """
        return cls(
            url,
            str(state.get("env_id")),
            int(state.get("num_envs", 1)),
            autoreset_mode=str(state.get("autoreset_mode", AutoresetMode.NEXT_STEP.value)),
            _state=state,
            **options,
        )

    def render(self) -> tuple[Any, ...] | None:
        """Vector envs do not render: returns None."""
        return None

    def close_extras(self, **kwargs: Any) -> None:
        """Closes the vector env on the server, then the socket."""
        del kwargs
        if self._ws is not None:
            try:
                # Explicitly first, so that the instance is gone when close() returns; closing
                # the socket alone deletes it too, but asynchronously.
                self._call({"op": "close", "instance_id": self.instance_id})
            except (InstanceNotFound, ConnectionError, TimeoutError):
                pass
            except Error as e:
                logger.warn(f"closing remote vector env {self.instance_id} failed: {e}")
        self._drop_socket()

    def __del__(self) -> None:
        """Ends the connection of a vector env dropped without ``close()`` (the server deletes it)."""
        ws = self.__dict__.get("_ws")
        if ws is not None:
            # No closing handshake at interpreter exit: the end of the TCP connection is enough.
            try:
                ws.socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __repr__(self) -> str:
        """``RemoteVectorEnv(CartPole-v1, num_envs=16 @ ws://127.0.0.1:5000/v1/ws)``."""
        return f"RemoteVectorEnv({self.env_id}, num_envs={self.num_envs} @ {self.url})"


_AUTORESET_MODES = frozenset(mode.value for mode in AutoresetMode)


def _has_big_int(seed: Any) -> bool:
    if isinstance(seed, int):
        return not MSGPACK_INT_MIN <= seed <= MSGPACK_INT_MAX
    if isinstance(seed, list):
        return any(_has_big_int(s) for s in seed)
    return False


def _reply_error(error: Any) -> Error:
    """The exception for a reply's ``{"status", "code", "detail"}``."""
    if not isinstance(error, Mapping):
        return RemoteError(f"malformed error reply: {error!r}")
    status = error.get("status")
    code = error.get("code")
    detail = error.get("detail")
    return remote_error(
        status if isinstance(status, int) else None,
        code if isinstance(code, str) else None,
        detail if isinstance(detail, str) else json.dumps(detail, default=repr),
    )
