"""A ``gymnasium.Env`` served over HTTP by ``gymcc serve`` (or by the Python peer server).

``RemoteEnv("http://127.0.0.1:5000", "CartPole-v1")`` creates an instance on the server
and drives it through the gymnasium dialect of the API (docs/api.md): spaces are rebuilt
from the server's descriptions, observations come back as numpy arrays of the space's
dtype (Python ints for Discrete, tuples for Tuple), and server errors are raised as the
exceptions of :mod:`gymcc.errors` (``ResetNeeded``, ``InvalidAction``,
``InstanceNotFound``...). ``close()`` deletes the instance.

One keep-alive connection carries every call (:class:`gymcc.remote._http.Connection`).
"""

from __future__ import annotations

import json
import ssl
from typing import Any, SupportsFloat

import numpy as np
from gymnasium import Env, logger, spaces
from gymnasium.envs.registration import EnvSpec
from gymnasium.error import ClosedEnvironmentError

from gymcc._seeding import LazyNpRandom
from gymcc.errors import InstanceNotFound, NotRenderable, RemoteError
from gymcc.remote._codec import jsonable
from gymcc.remote._http import Connection
from gymcc.spaces import space_from_description

__all__ = ["RemoteEnv"]

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
    floats (the API sends every reward as a JSON float). ``render()`` is not
    implemented (the server's ``monitor/render`` serves PNG for pages): it raises
    :class:`gymcc.errors.NotRenderable` (and warns and returns None without a render mode,
    as gymnasium's environments do).
    """

    metadata: dict[str, Any] = {"render_modes": [], "render_fps": None}  # noqa: RUF012

    def __init__(
        self,
        base_url: str,
        env_id: str,
        *,
        render_mode: str | None = None,
        max_episode_steps: int | None = None,
        timeout: float = 30.0,
        api_key: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        state: dict[str, Any] | None = None,
        _instance_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Creates an instance of ``env_id`` on the server at ``base_url``.

        Args:
            base_url: the server, e.g. ``"http://127.0.0.1:5000"``.
            env_id: the id to create, e.g. ``"CartPole-v1"``.
            render_mode: passed to the server (which validates it).
            max_episode_steps: a positive int replaces the registered time limit, as
                ``gymnasium.make(..., max_episode_steps=...)`` does; None keeps it.
            timeout: seconds to wait for each answer.
            api_key: the server's API key (``gymcc serve --api-keys``); default
                ``$GYMCC_API_KEY``, else none.
            ssl_context: for ``https://`` servers (default: the system's trusted CAs).
            state: a snapshot (:meth:`get_state`, possibly from another server) to create the
                instance from, instead of ``env_id`` and ``kwargs``.
            **kwargs: the environment's arguments, sent as ``"kwargs"``.

        Raises:
            gymcc.errors.UnknownEnv, gymcc.errors.InvalidKwarg, ...: the server refused.
            gymcc.errors.Unauthorized: the server needs a key it was not given.
            ConnectionError: the server could not be reached.
        """
        self.base_url = base_url
        self.env_id = env_id
        self._connection = Connection(base_url, timeout, api_key=api_key, ssl_context=ssl_context)
        body: dict[str, Any] = {"env_id": env_id}
        if render_mode is not None:
            body["render_mode"] = render_mode
        if max_episode_steps is not None:
            body["max_episode_steps"] = max_episode_steps
        if kwargs:
            body["kwargs"] = jsonable(kwargs)
        if state is not None:
            body = {"state": state}
        if _instance_id is None:
            created = self._connection.request("POST", "/v1/envs/", json.dumps(body).encode())
            _instance_id = str(created["instance_id"])
        self.instance_id: str | None = _instance_id
        self._init_args: dict[str, Any] = {
            "timeout": timeout,
            "api_key": api_key,
            "ssl_context": ssl_context,
            "render_mode": render_mode,
        }
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
            kwargs={
                "base_url": base_url,
                "env_id": env_id,
                "max_episode_steps": max_episode_steps,
                "timeout": timeout,
                **kwargs,
            },
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
        body: dict[str, Any] = {}
        if seed is not None:
            body["seed"] = seed
        if options is not None:
            body["options"] = jsonable(options)
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
            body = json.dumps({"action": jsonable(action)}).encode()
        answer = self._post("step/", body)
        return (
            _observation(self.observation_space, answer["observation"]),
            float(answer["reward"]),
            bool(answer["terminated"]),
            bool(answer["truncated"]),
            answer.get("info") or {},
        )

    def get_state(self) -> dict[str, Any]:
        """The instance's complete state on the server (docs/snapshots.md), JSON-ready."""
        return dict(self._get("state/")["state"])

    def set_state(self, state: dict[str, Any]) -> None:
        """Restores a :meth:`get_state` snapshot into this instance (same env id and kwargs).

        Raises:
            gymcc.errors.RemoteError: ``invalid_state`` for a malformed, foreign or tampered state.
        """
        self._live().request("PUT", self._path + "state/", json.dumps({"state": state}).encode())

    def clone(self) -> RemoteEnv:
        """A new remote instance in the same state (the server copies it): for planning."""
        answer = self._post("clone/", b"")
        return RemoteEnv(
            self.base_url, self.env_id, _instance_id=str(answer["instance_id"]), **self._init_args
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
