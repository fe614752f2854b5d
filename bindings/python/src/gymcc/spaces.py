"""``gymnasium.spaces`` objects rebuilt from gymcc's space descriptions.

The description is what ``Space::describe()`` produces in C++ and what the HTTP API serves
at ``/action_space`` and ``/observation_space``: ``{"name", "n"?, "shape", "low"?,
"high"?, "dtype", "start"?, "nvec"?, "spaces"?}``. Locally the bounds arrive as numpy
arrays; over HTTP as (possibly flattened) lists in which infinities may be the strings
``"Infinity"`` / ``"-Infinity"`` and which the gymnasium peer sends without a dtype.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from gymnasium import spaces

from gymcc.errors import InvalidArgument

__all__ = ["space_from_description"]


def _bounds(values: Any, dtype: np.dtype[Any], shape: tuple[int, ...]) -> np.ndarray:
    """Box bounds as an array of ``dtype`` and ``shape`` (JSON infinities are strings or ±1e100)."""
    if isinstance(values, np.ndarray):
        array = values
    else:
        flat = np.ravel(np.asarray(values, dtype=object))
        array = np.array([float(v) for v in flat], dtype=np.float64)
        if np.issubdtype(dtype, np.floating):
            # The legacy API encodes infinite bounds as ±1e100.
            array[array >= 1e100] = np.inf
            array[array <= -1e100] = -np.inf
    return np.asarray(array, dtype=dtype).reshape(shape)


def space_from_description(description: Mapping[str, Any]) -> spaces.Space[Any]:
    """The gymnasium space a description (local or from the HTTP API) describes.

    Raises:
        InvalidArgument: the description names a space gymnasium does not have, or lacks a
            field that space needs.
    """
    name = description.get("name")
    try:
        if name == "Discrete":
            return spaces.Discrete(int(description["n"]), start=int(description.get("start", 0)))
        if name == "Box":
            dtype = np.dtype(description.get("dtype") or "float32")
            shape = tuple(int(d) for d in description["shape"])
            low = _bounds(description["low"], dtype, shape)
            high = _bounds(description["high"], dtype, shape)
            return spaces.Box(low=low, high=high, shape=shape, dtype=dtype)
        if name == "MultiDiscrete":
            shape = tuple(int(d) for d in description.get("shape") or [len(description["nvec"])])
            nvec = np.asarray(description["nvec"], dtype=np.int64).reshape(shape)
            start = np.asarray(description.get("start") or np.zeros(shape), dtype=np.int64).reshape(shape)
            return spaces.MultiDiscrete(nvec, dtype=np.int64, start=start)
        if name == "MultiBinary":
            shape = description.get("shape")
            n: int | Sequence[int] = int(description["n"]) if not shape or len(shape) == 1 else list(shape)
            return spaces.MultiBinary(n)
        if name == "Tuple":
            return spaces.Tuple([space_from_description(s) for s in description["spaces"]])
        if name == "Dict":
            children = description["spaces"]
            return spaces.Dict({key: space_from_description(s) for key, s in children.items()})
    except (KeyError, TypeError) as e:
        raise InvalidArgument(f"incomplete {name} space description {dict(description)!r}: {e}") from e
    raise InvalidArgument(f"unsupported space description {dict(description)!r}")
