"""gymcc's environments as ``gymnasium.Env`` classes: one class per registered id.

``gymcc.make("CartPole-v1")`` returns an instance of :class:`CartPole_v1` (a
:class:`GymccEnv`), whose physics, random draws, ``TimeLimit`` and order checks run in
C++. Each class is also the ``entry_point`` gymnasium uses for ``gymnasium.make(
"gymcc/CartPole-v1")``: built that way the class has no time limit of its own, as
gymnasium's ``CartPoleEnv`` has none, and gymnasium adds its ``TimeLimit`` wrapper.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, SupportsFloat

import numpy as np
from gymnasium import Env, logger
from gymnasium.envs.registration import EnvSpec
from gymnasium.error import ClosedEnvironmentError

from gymcc._seeding import LazyNpRandom
from gymcc._snapshot import generator_from_state, rebound_copy, sampler_state, set_sampler_state
from gymcc import _gymcc
from gymcc.errors import Error
from gymcc.spaces import space_from_description

__all__ = ["ENV_CLASSES", "NAMESPACE", "GymccEnv", "class_name", "env_class", "make", "native_id"]

#: The namespace gymcc's ids carry in gymnasium's registry ("gymcc/CartPole-v1").
NAMESPACE = "gymcc"


def class_name(env_id: str) -> str:
    """The Python name of the class (and vector class) of an id: ``CartPole-v1`` -> ``CartPole_v1``."""
    return re.sub(r"\W", "_", env_id)


def native_id(env_id: str) -> str:
    """The id in gymcc's own registry: ``gymcc/CartPole-v1`` and ``CartPole-v1`` are both ``CartPole-v1``."""
    prefix = NAMESPACE + "/"
    return env_id[len(prefix) :] if env_id.startswith(prefix) else env_id


def _spec(native: Mapping[str, Any], kwargs: Mapping[str, Any], max_episode_steps: int | None) -> EnvSpec:
    """The gymnasium ``EnvSpec`` of an env made from the native spec ``native``."""
    name = class_name(native["id"])
    return EnvSpec(
        id=f"{NAMESPACE}/{native['id']}",
        entry_point=f"gymcc.envs:{name}",
        reward_threshold=native["reward_threshold"],
        nondeterministic=native["nondeterministic"],
        max_episode_steps=max_episode_steps,
        order_enforce=True,
        disable_env_checker=False,
        kwargs=dict(kwargs),
        vector_entry_point=f"gymcc.vector:{name}",
    )


class GymccEnv(LazyNpRandom, Env[Any, Any]):
    """A gymnasium environment whose every step runs in gymcc's native C++ implementation.

    Observations, rewards, flags and infos are exactly gymnasium's (same values, dtypes
    and Python types) for the same seed and actions. Subclasses (one per id, in this
    module) set :attr:`env_id`; make them with :func:`gymcc.make` or
    ``gymnasium.make("gymcc/<id>")``.

    Seeding: ``reset(seed=s)`` seeds the native generator exactly as gymnasium seeds
    ``np_random``. :attr:`np_random` is a Python ``numpy.random.Generator`` seeded the same
    way (``gymnasium.utils.seeding.np_random(s)``, before any draw); the environment's own
    draws happen in C++ and do not advance it.
    """

    #: The id in gymcc's registry, e.g. "CartPole-v1".
    env_id: ClassVar[str] = ""
    metadata: ClassVar[dict[str, Any]] = {"render_modes": [], "render_fps": None}

    def __init__(
        self,
        render_mode: str | None = None,
        *,
        max_episode_steps: int | None = None,
        **kwargs: Any,
    ) -> None:
        """Builds the native environment.

        Args:
            render_mode: ``"rgb_array"`` or ``"ansi"`` where the env supports it (see
                ``metadata["render_modes"]``).
            max_episode_steps: the native ``TimeLimit``; ``None`` (or -1) for none, as
                gymnasium's env classes have none (``gymcc.make`` passes the registered one).
            **kwargs: the environment's own arguments, e.g. ``sutton_barto_reward=True``.

        Raises:
            gymcc.errors.InvalidKwarg: an unknown kwarg, a kwarg of the wrong type or an
                unknown render mode.
            gymcc.errors.NotRenderable: a render mode gymcc does not implement for this env.
        """
        if not self.env_id:
            raise TypeError("GymccEnv is abstract: use gymcc.make(env_id) or a class of gymcc.envs")
        limit = -1 if max_episode_steps is None else int(max_episode_steps)
        self._native: _gymcc.Env | None = _gymcc.Env(self.env_id, kwargs, render_mode, limit)
        self.render_mode = render_mode
        self.observation_space = space_from_description(self._native.observation_space())
        self.action_space = space_from_description(self._native.action_space())
        native_spec = self._native.spec()
        spec_kwargs = dict(native_spec["kwargs"])
        spec_kwargs.update(kwargs)
        if render_mode is not None:
            spec_kwargs["render_mode"] = render_mode
        self.spec = _spec(native_spec, spec_kwargs, None if limit < 0 else limit)
        self._np_random_value: np.random.Generator | None = None
        self._np_random_pending: int | None = None
        # The hot path: `env.step(a)` finds the native bound method in the instance dict
        # and skips a Python frame. The class's `step` documents it and serves after close.
        self.step = self._native.step  # type: ignore[method-assign]

    def step(self, action: Any) -> tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]:
        """Steps the environment: ``(observation, reward, terminated, truncated, info)``.

        Raises:
            gymcc.errors.ResetNeeded: before the first ``reset``.
            gymcc.errors.InvalidAction: an action outside the action space.
        """
        return self._live().step(action)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Any, dict[str, Any]]:
        """Resets the environment: ``(observation, info)``.

        Args:
            seed: a non-negative int reseeds the environment's generator (as
                ``np.random.default_rng(seed)``); ``None`` keeps its stream (seeding it from
                entropy on the very first reset).
            options: the environment's reset options, e.g. ``{"low": -0.1, "high": 0.1}``.

        Raises:
            gymcc.errors.InvalidSeed: a negative or non-int seed.
            gymcc.errors.InvalidOptions: options the environment rejects.
        """
        result = self._live().reset(seed, options)
        if seed is not None:
            self._defer_np_random(seed)
            self._np_random_seed = seed
        return result

    def render(self) -> Any:
        """The current frame: an ``(H, W, 3)`` uint8 array (``"rgb_array"``) or a str (``"ansi"``).

        Without a render mode this warns and returns None, as gymnasium's environments do.
        """
        if self.render_mode is None:
            assert self.spec is not None
            logger.warn(
                "You are calling render method without specifying any render mode. "
                "You can specify the render_mode at initialization, "
                f'e.g. gymcc.make("{self.spec.id}", render_mode="rgb_array")'
            )
            return None
        return self._live().render()

    def close(self) -> None:
        """Releases the native environment; closing twice is fine."""
        self.__dict__.pop("step", None)
        self._native = None

    def get_state(self) -> dict[str, Any]:
        """The env's complete state (docs/snapshots.md): JSON-ready, versioned, bit-exact.

        It includes the action space's sampler, so that ``action_space.sample()`` goes on
        alike after :meth:`set_state`; ``RemoteEnv`` and ``POST /v1/envs/`` accept it too.

        Raises:
            gymcc.errors.InvalidState: the env cannot be snapshotted.
        """
        state = self._live().get_state()
        state["action_space"] = sampler_state(self.action_space)
        return state

    def set_state(self, state: Mapping[str, Any]) -> tuple[Any, dict[str, Any]]:
        """Restores a :meth:`get_state` snapshot; returns the restored ``(observation, info)``.

        The same actions then give bit-identical results to continuing from where the state
        was taken. :attr:`np_random` becomes a copy of the env's restored generator.

        Raises:
            gymcc.errors.InvalidState: a malformed or tampered state, or one of another env
                id, kwargs, time limit, render mode or format version (the env is unchanged).
        """
        state = dict(state)
        result = self._live().set_state(state)
        set_sampler_state(self.action_space, state.get("action_space"))
        rng = state.get("np_random")
        self._np_random = None if rng is None else generator_from_state(rng)
        return result

    def clone(self) -> GymccEnv:
        """A new, independent env in the same state (for planning: step it, drop it)."""
        return rebound_copy(self, self._live().clone(), "action_space", "observation_space")

    @property
    def elapsed_steps(self) -> int:
        """Steps since the last reset, as gymnasium's ``TimeLimit`` counts them."""
        return self._live().elapsed_steps

    def _live(self) -> _gymcc.Env:
        if self._native is None:
            raise ClosedEnvironmentError(f"{type(self).__name__} is closed")
        return self._native

    def __repr__(self) -> str:
        """``<CartPole_v1<gymcc/CartPole-v1>>``."""
        return f"<{type(self).__name__}<{NAMESPACE}/{self.env_id}>>"


def _supported_render_modes(env_id: str, modes: list[str]) -> list[str]:
    """The subset of gymnasium's render modes for ``env_id`` that gymcc implements."""
    supported = []
    for mode in modes:
        try:
            _gymcc.Env(env_id, None, mode, -1)
        except Error:
            continue
        supported.append(mode)
    return supported


def _class_doc(native: Mapping[str, Any]) -> str:
    lines = [
        f"gymnasium's ``{native['id']}``, natively (``gymcc.make({native['id']!r})``).",
        "",
        f"Registered ``max_episode_steps``: {native['max_episode_steps']}.",
    ]
    if native["kwarg_docs"]:
        lines += ["", "Keyword arguments:"]
        lines += [
            f"    {k['name']} ({k['type']}, default {k['default']!r}): {k['doc']}"
            for k in native["kwarg_docs"]
        ]
    return "\n".join(lines)


def _build_classes() -> dict[str, type[GymccEnv]]:
    classes: dict[str, type[GymccEnv]] = {}
    for native in _gymcc.specs():
        name = class_name(native["id"])
        metadata = {
            "render_modes": _supported_render_modes(native["id"], list(native["render_modes"])),
            "render_fps": native["render_fps"],
        }
        cls = type(
            name,
            (GymccEnv,),
            {
                "env_id": native["id"],
                "metadata": metadata,
                "__module__": __name__,
                "__qualname__": name,
                "__doc__": _class_doc(native),
            },
        )
        classes[native["id"]] = cls
        globals()[name] = cls
    return classes


#: Every gymcc env class, by id in gymcc's registry.
ENV_CLASSES: dict[str, type[GymccEnv]] = _build_classes()


def env_class(env_id: str) -> type[GymccEnv]:
    """The class of ``env_id`` (an unversioned id picks the latest version).

    Raises:
        gymcc.errors.UnknownEnv, gymcc.errors.UnknownVersion, gymcc.errors.DeprecatedEnv,
        gymcc.errors.MalformedId: as ``gymnasium.make`` does, with its messages.
    """
    return ENV_CLASSES[_gymcc.spec(native_id(env_id))["id"]]


def make(
    env_id: str,
    *,
    render_mode: str | None = None,
    max_episode_steps: int | None = None,
    disable_env_checker: bool | None = None,
    **kwargs: Any,
) -> GymccEnv:
    """gymnasium.make, natively: a :class:`GymccEnv` of ``env_id`` with its registered time limit.

    Args:
        env_id: a gymcc id, e.g. ``"CartPole-v1"`` (or ``"gymcc/CartPole-v1"``).
        render_mode: ``"rgb_array"`` or ``"ansi"`` where supported.
        max_episode_steps: overrides the registered ``TimeLimit``; -1 removes it.
        disable_env_checker: accepted for gymnasium compatibility and ignored: the native
            env checks its actions and call order itself.
        **kwargs: the environment's arguments.
    """
    del disable_env_checker
    native = _gymcc.spec(native_id(env_id))
    limit = native["max_episode_steps"] if max_episode_steps is None else max_episode_steps
    if limit is not None and limit < 0:
        limit = None
    return ENV_CLASSES[native["id"]](render_mode=render_mode, max_episode_steps=limit, **kwargs)
