"""gymcc's vector environments: ``num_envs`` sub-envs stepped together in C++.

``gymcc.make_vec("CartPole-v1", 1024)`` behaves as ``gymnasium.make_vec("CartPole-v1",
1024, vectorization_mode="sync")`` — same observations, rewards, flags and infos for the
same seeds and actions, in each of gymnasium's autoreset modes — but one ``step`` is a
single call into C++ that steps every sub-env with the GIL released.

Results are numpy *views* of the vector env's buffers (no copies): the arrays one step
returns are overwritten by the next ``reset`` or ``step``. Pass ``copy=True`` for fresh
arrays, or copy what you keep.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
from gymnasium.envs.registration import EnvSpec
from gymnasium.error import ClosedEnvironmentError
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from gymcc._seeding import LazyNpRandom
from gymcc._snapshot import rebound_copy, sampler_state, set_sampler_state
from gymcc import _gymcc
from gymcc.envs import NAMESPACE, class_name, native_id
from gymcc.errors import NotRenderable
from gymcc.spaces import space_from_description

__all__ = ["VECTOR_CLASSES", "GymccVectorEnv", "make_vec"]


class GymccVectorEnv(LazyNpRandom, VectorEnv[Any, Any, np.ndarray]):
    """A ``gymnasium.vector.VectorEnv`` of ``num_envs`` native sub-envs (SyncVectorEnv semantics).

    * ``reset(seed=s)`` seeds sub-env ``i`` with ``s + i`` (or takes a list of seeds);
      ``options={"reset_mask": mask}`` resets only the masked sub-envs.
    * ``step(actions)`` takes an array (or list) shaped like :attr:`action_space` and
      returns ``(observations, rewards, terminations, truncations, infos)``: rewards float64,
      flags bool, infos batched as gymnasium batches them (``final_obs``/``final_info``
      in ``SAME_STEP`` mode).
    * The arrays returned are views of internal buffers, valid until the next call,
      unless the env was made with ``copy=True``.

    Subclasses (one per id, in this module) set :attr:`env_id`; they are the
    ``vector_entry_point`` of gymcc's gymnasium registrations.
    """

    #: The id in gymcc's registry, e.g. "CartPole-v1".
    env_id: ClassVar[str] = ""

    def __init__(
        self,
        num_envs: int = 1,
        *,
        autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
        max_episode_steps: int | None = None,
        num_threads: int = 1,
        copy: bool = False,
        render_mode: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Builds ``num_envs`` sub-envs.

        Args:
            num_envs: how many sub-envs.
            autoreset_mode: gymnasium's ``AutoresetMode`` (or its value, e.g. ``"SameStep"``).
            max_episode_steps: each sub-env's ``TimeLimit``; ``None`` (or -1) for none
                (``gymcc.make_vec`` and ``gymnasium.make_vec`` pass the registered one).
            num_threads: threads that share a step (the caller's included); results do not
                depend on it.
            copy: return fresh arrays instead of views of the internal buffers.
            render_mode: must be None: vector envs do not render.
            **kwargs: the environment's arguments, as for ``gymcc.make``.
        """
        if not self.env_id:
            raise TypeError("GymccVectorEnv is abstract: use gymcc.make_vec(env_id, num_envs)")
        if render_mode is not None:
            raise NotRenderable(f"gymcc's vector envs do not render (render_mode={render_mode!r})")
        mode = AutoresetMode(autoreset_mode)
        limit = -1 if max_episode_steps is None else int(max_episode_steps)
        self._native: _gymcc.VectorEnv | None = _gymcc.VectorEnv(
            self.env_id, int(num_envs), mode.value, kwargs, limit, int(num_threads), bool(copy)
        )
        self.num_envs = int(num_envs)
        self.autoreset_mode = mode
        self.render_mode = None
        self.single_observation_space = space_from_description(self._native.single_observation_space())
        self.single_action_space = space_from_description(self._native.single_action_space())
        self.observation_space = batch_space(self.single_observation_space, self.num_envs)
        self.action_space = batch_space(self.single_action_space, self.num_envs)
        native_spec = self._native.spec()
        self.metadata = {"render_modes": [], "render_fps": native_spec["render_fps"], "autoreset_mode": mode}
        spec_kwargs = dict(native_spec["kwargs"])
        spec_kwargs.update(kwargs)
        name = class_name(native_spec["id"])
        self.spec = EnvSpec(
            id=f"{NAMESPACE}/{native_spec['id']}",
            entry_point=f"gymcc.envs:{name}",
            reward_threshold=native_spec["reward_threshold"],
            nondeterministic=native_spec["nondeterministic"],
            max_episode_steps=None if limit < 0 else limit,
            kwargs=spec_kwargs,
            vector_entry_point=f"gymcc.vector:{name}",
        )
        self._np_random_value: np.random.Generator | None = None
        self._np_random_pending: int | None = None
        self._copy = bool(copy)
        # The hot path: the native bound method, found in the instance dict.
        self.step = self._native.step  # type: ignore[method-assign]

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
        """
        result = self._live().reset(seed, options)
        if isinstance(seed, int):
            self._defer_np_random(seed)
            self._np_random_seed = seed
        return result

    def step(self, actions: Any) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray, dict[str, Any]]:
        """Steps every sub-env: ``(observations, rewards, terminations, truncations, infos)``.

        Raises:
            gymcc.errors.ResetNeeded: before the first ``reset`` or, with autoreset
                disabled, while a finished sub-env awaits its reset.
            gymcc.errors.InvalidAction: actions of the wrong shape or outside the space.
        """
        return self._live().step(actions)

    def render(self) -> tuple[Any, ...] | None:
        """Vector envs do not render: returns None."""
        return None

    def close_extras(self, **kwargs: Any) -> None:
        """Releases the native sub-envs."""
        del kwargs
        self.__dict__.pop("step", None)
        self._native = None

    def get_state(self, index: int | None = None) -> dict[str, Any]:
        """The vector env's complete state (docs/snapshots.md, "Vector envs"), JSON-ready.

        Args:
            index: one sub-env's state instead, as a single env's (``gymcc.make`` and
                ``RemoteEnv`` restore it into a standalone env).

        Raises:
            gymcc.errors.InvalidState: sub-envs with different generated maps (snapshot them
                one by one).
            gymcc.errors.InvalidArgument: an index out of range.
        """
        state = self._live().get_state(index)
        if index is None:
            state["action_space"] = sampler_state(self.action_space)
        return state

    def set_state(self, state: Mapping[str, Any], index: int | None = None) -> tuple[Any, dict[str, Any]]:
        """Restores a :meth:`get_state` snapshot: returns ``(observations, infos)``.

        The same actions then give bit-identical results to continuing from where the state
        was taken, in every autoreset mode. The infos are each restored sub-env's current info
        (a same-step autoreset's ``final_obs`` was the snapshotted step's to report).

        Args:
            state: a vector env's state of the same env id, kwargs, time limit, ``num_envs``
                and autoreset mode; with ``index``, a single env's state for that sub-env (its
                flags are cleared, as a masked reset clears them).
            index: the sub-env to restore.

        Raises:
            gymcc.errors.InvalidState: a malformed, tampered or foreign state (nothing changes).
        """
        state = dict(state)
        result = self._live().set_state(state, index)
        if index is None:
            set_sampler_state(self.action_space, state.get("action_space"))
        return result

    def clone(self) -> GymccVectorEnv:
        """A new, independent vector env in the same state."""
        native = _gymcc.VectorEnv.from_state(self._live().get_state(None), self.num_threads, self._copy)
        spaces = ("action_space", "observation_space", "single_action_space", "single_observation_space")
        return rebound_copy(self, native, *spaces)

    @property
    def num_threads(self) -> int:
        """Threads a step uses (the caller's included)."""
        return self._live().num_threads

    @num_threads.setter
    def num_threads(self, threads: int) -> None:
        self._live().num_threads = int(threads)

    def _live(self) -> _gymcc.VectorEnv:
        if self._native is None:
            raise ClosedEnvironmentError(f"{type(self).__name__} is closed")
        return self._native

    def __repr__(self) -> str:
        """``GymccVectorEnv(gymcc/CartPole-v1, num_envs=1024)``."""
        return f"GymccVectorEnv({NAMESPACE}/{self.env_id}, num_envs={self.num_envs})"


def _build_classes() -> dict[str, type[GymccVectorEnv]]:
    classes: dict[str, type[GymccVectorEnv]] = {}
    for native in _gymcc.specs():
        name = class_name(native["id"])
        cls = type(
            name,
            (GymccVectorEnv,),
            {
                "env_id": native["id"],
                "__module__": __name__,
                "__qualname__": name,
                "__doc__": f"Native {native['id']} sub-envs: ``gymcc.make_vec({native['id']!r}, num_envs)``.",
            },
        )
        classes[native["id"]] = cls
        globals()[name] = cls
    return classes


#: Every gymcc vector env class, by id in gymcc's registry.
VECTOR_CLASSES: dict[str, type[GymccVectorEnv]] = _build_classes()


def make_vec(
    env_id: str,
    num_envs: int = 1,
    *,
    autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
    max_episode_steps: int | None = None,
    num_threads: int = 1,
    copy: bool = False,
    **kwargs: Any,
) -> GymccVectorEnv:
    """``gymnasium.make_vec(env_id, num_envs, vectorization_mode="sync")``, natively.

    Args:
        env_id: a gymcc id, e.g. ``"CartPole-v1"`` (or ``"gymcc/CartPole-v1"``).
        num_envs: how many sub-envs.
        autoreset_mode: ``AutoresetMode.NEXT_STEP`` (gymnasium's default), ``SAME_STEP`` or
            ``DISABLED``.
        max_episode_steps: overrides the registered ``TimeLimit``; -1 removes it.
        num_threads: threads that share a step (results do not depend on it).
        copy: return fresh arrays instead of views of the internal buffers.
        **kwargs: the environment's arguments.
    """
    native = _gymcc.spec(native_id(env_id))
    limit = native["max_episode_steps"] if max_episode_steps is None else max_episode_steps
    if limit is not None and limit < 0:
        limit = None
    return VECTOR_CLASSES[native["id"]](
        num_envs,
        autoreset_mode=autoreset_mode,
        max_episode_steps=limit,
        num_threads=num_threads,
        copy=copy,
        **kwargs,
    )
