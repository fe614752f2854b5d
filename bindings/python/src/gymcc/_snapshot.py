"""Snapshots' Python half: the action space's sampler, which lives in Python for the native envs.

A state (docs/snapshots.md) spells a numpy generator as ``bit_generator.state`` with its 128-bit
integers as decimal strings; a space's sampler as ``{"rng": <generator>, "spaces": [...]}`` (its
sub-spaces' samplers, for Tuple and Dict), or None while it was never used or seeded.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any, TypeVar

import numpy as np
from gymnasium import spaces


def generator_state(generator: np.random.Generator) -> dict[str, Any]:
    """A generator's state in the snapshot format."""
    state = generator.bit_generator.state
    if state["bit_generator"] != "PCG64":
        raise ValueError(f"only PCG64 generators are snapshotted, not {state['bit_generator']}")
    return {
        "bit_generator": "PCG64",
        "state": {"state": str(state["state"]["state"]), "inc": str(state["state"]["inc"])},
        "has_uint32": int(state["has_uint32"]),
        "uinteger": int(state["uinteger"]),
    }


def generator_from_state(state: dict[str, Any]) -> np.random.Generator:
    """A new generator in a (validated) snapshot generator state."""
    bit_generator = np.random.PCG64()
    bit_generator.state = {
        "bit_generator": "PCG64",
        "state": {"state": int(state["state"]["state"]), "inc": int(state["state"]["inc"])},
        "has_uint32": int(state["has_uint32"]),
        "uinteger": int(state["uinteger"]),
    }
    return np.random.Generator(bit_generator)


def _children(space: spaces.Space[Any]) -> list[spaces.Space[Any]]:
    if isinstance(space, spaces.Tuple):
        return list(space.spaces)
    if isinstance(space, spaces.Dict):
        return list(space.spaces.values())
    return []


def sampler_state(space: spaces.Space[Any]) -> dict[str, Any] | None:
    """The space's sampler: None while it has no generator yet."""
    generator = space._np_random  # noqa: SLF001 - reading it must not seed it
    if generator is None:
        return None
    return {"rng": generator_state(generator), "spaces": [sampler_state(s) for s in _children(space)]}


def set_sampler_state(space: spaces.Space[Any], state: dict[str, Any] | None) -> None:
    """Restores a :func:`sampler_state` (already validated by the native env)."""
    if state is None:
        space._np_random = None  # noqa: SLF001 - seeded from entropy on first use, as a new space is
        return
    space._np_random = generator_from_state(state["rng"])  # noqa: SLF001
    for child, child_state in zip(_children(space), state["spaces"]):
        set_sampler_state(child, child_state)


_Env = TypeVar("_Env")


def rebound_copy(env: _Env, native: Any, *spaces: str) -> _Env:
    """A copy of a native-backed env (gymcc.make's, gymcc.make_vec's) bound to `native`, a copy of
    its native env, with its own copies of the named spaces (their samplers) and np_random."""
    copy = object.__new__(type(env))
    copy.__dict__.update(env.__dict__)
    copy._native = native  # type: ignore[attr-defined]
    copy.step = native.step  # type: ignore[attr-defined]
    for name in spaces:
        setattr(copy, name, deepcopy(getattr(env, name)))
    copy._np_random_value = deepcopy(env._np_random_value)  # type: ignore[attr-defined]
    return copy
