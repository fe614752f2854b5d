"""Exact comparison of the Python client's results with conformance fixtures.

The rules are tests/conformance/README.md's: floats by their bits (NaN equals NaN, -0.0 is
not 0.0), integers stay integers and floats floats, bools are not numbers, typed arrays
(``{"__ndarray__": dtype, "shape", "data"}``) by dtype, shape and every element. Each
function returns None when the values agree, else a sentence saying where they differ.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping
from typing import Any

import numpy as np
from gymnasium import spaces


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


def _same_float(expected: float, actual: float) -> bool:
    if math.isnan(expected):
        return math.isnan(actual)
    return _bits(expected) == _bits(actual)


def _scalar(value: Any) -> Any:
    """numpy scalars as the Python value of their kind (exact: float32 widens exactly)."""
    return value.item() if isinstance(value, np.generic) else value


def diff(expected: Any, actual: Any, where: str = "") -> str | None:
    """None if ``actual`` is exactly ``expected`` (a fixture value), else where they differ."""
    at = where or "value"
    if isinstance(expected, Mapping) and "__ndarray__" in expected:
        return _diff_typed(expected, actual, at)
    if isinstance(actual, np.ndarray):
        return _diff_array(expected, actual, at)
    actual = _scalar(actual)
    if isinstance(expected, bool) or isinstance(actual, bool):
        if type(expected) is not type(actual) or expected != actual:
            return f"{at}: expected {expected!r}, got {actual!r}"
        return None
    if isinstance(expected, int):
        if not isinstance(actual, int) or expected != actual:
            return f"{at}: expected the integer {expected!r}, got {actual!r}"
        return None
    if isinstance(expected, float):
        if not isinstance(actual, float) or not _same_float(expected, actual):
            return f"{at}: expected the float {expected!r}, got {actual!r}"
        return None
    if expected is None or isinstance(expected, str):
        if type(expected) is not type(actual) or expected != actual:
            return f"{at}: expected {expected!r}, got {actual!r}"
        return None
    if isinstance(expected, list):
        if not isinstance(actual, (list, tuple)):
            return f"{at}: expected a list of {len(expected)}, got {actual!r}"
        if len(expected) != len(actual):
            return f"{at}: expected {len(expected)} items, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            if (d := diff(e, a, f"{at}[{i}]")) is not None:
                return d
        return None
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return f"{at}: expected an object, got {actual!r}"
        if set(expected) != set(actual):
            return f"{at}: expected the keys {sorted(expected)}, got {sorted(actual)}"
        for key in expected:
            if (d := diff(expected[key], actual[key], f"{at}.{key}")) is not None:
                return d
        return None
    return f"{at}: the fixture holds a {type(expected).__name__}, which no rule compares"


def _diff_array(expected: Any, actual: np.ndarray, at: str) -> str | None:
    """A nested-list fixture value against an array: shape, then elements (dtype's kind)."""
    if actual.dtype == object:
        return diff(expected, actual.tolist(), at)
    shape = np.shape(np.asarray(expected, dtype=object)) if isinstance(expected, list) else ()
    if shape != actual.shape:
        return f"{at}: expected shape {list(shape)}, got {list(actual.shape)} ({actual!r})"
    return diff(expected, actual.tolist(), at)


def _diff_typed(expected: Mapping[str, Any], actual: Any, at: str) -> str | None:
    dtype = expected["__ndarray__"]
    shape = list(expected["shape"])
    data = expected["data"]
    if dtype == "object":
        if not isinstance(actual, np.ndarray) or actual.dtype != object:
            return f"{at}: expected an object array, got {actual!r}"
        if list(actual.shape) != shape:
            return f"{at}: expected shape {shape}, got {list(actual.shape)}"
        for i, (e, a) in enumerate(zip(data, actual.ravel())):
            if (d := diff(e, a, f"{at}[{i}]")) is not None:
                return d
        return None
    if not isinstance(actual, (np.ndarray, np.generic)):
        return f"{at}: expected a {dtype} array of shape {shape}, got {actual!r}"
    if actual.dtype != np.dtype(dtype):
        return f"{at}: expected dtype {dtype}, got {actual.dtype}"
    if list(np.shape(actual)) != shape:
        return f"{at}: expected shape {shape}, got {list(np.shape(actual))}"
    flat = np.ravel(actual).tolist()
    if len(flat) != len(data):
        return f"{at}: expected {len(data)} elements, got {len(flat)}"
    for i, (e, a) in enumerate(zip(data, flat)):
        if np.dtype(dtype).kind == "f" and isinstance(e, int) and not isinstance(e, bool):
            e = float(e)  # a whole float as JSON may read back as an int
        if (d := diff(e, a, f"{at}.data[{i}]")) is not None:
            return d
    return None


def _bound(value: Any) -> float:
    return float(value) if not isinstance(value, str) else float(value.replace("Infinity", "inf"))


def space_diff(expected: Mapping[str, Any], space: spaces.Space[Any], at: str = "space") -> str | None:
    """None if the gymnasium ``space`` is the one the description ``expected`` describes."""
    kind = expected["name"]
    if type(space).__name__ != kind:
        return f"{at}: expected a {kind}, got {space!r}"
    if isinstance(space, spaces.Discrete):
        if int(space.n) != expected["n"] or int(space.start) != expected.get("start", 0):
            return f"{at}: expected n={expected['n']} start={expected.get('start', 0)}, got {space!r}"
        return None
    if isinstance(space, spaces.Box):
        if list(space.shape) != expected["shape"] or str(space.dtype) != expected["dtype"]:
            return f"{at}: expected shape {expected['shape']} {expected['dtype']}, got {space!r}"
        for name, bounds in (("low", space.low), ("high", space.high)):
            want = [_bound(v) for v in np.ravel(np.asarray(expected[name], dtype=object))]
            got = [float(v) for v in np.ravel(bounds)]
            if len(want) != len(got) or not all(map(_same_float, want, got)):
                return f"{at}.{name}: expected {want}, got {got}"
        return None
    if isinstance(space, spaces.MultiDiscrete):
        if list(space.shape) != expected["shape"] or space.nvec.tolist() != expected["nvec"]:
            return f"{at}: expected nvec {expected['nvec']}, got {space!r}"
        if "start" in expected and space.start.tolist() != expected["start"]:
            return f"{at}: expected start {expected['start']}, got {space.start.tolist()}"
        return None
    if isinstance(space, spaces.MultiBinary):
        if list(space.shape) != list(expected["shape"]):
            return f"{at}: expected shape {expected['shape']}, got {space!r}"
        return None
    if isinstance(space, spaces.Tuple):
        children = expected["spaces"]
        if len(children) != len(space.spaces):
            return f"{at}: expected {len(children)} subspaces, got {len(space.spaces)}"
        for i, (e, s) in enumerate(zip(children, space.spaces)):
            if (d := space_diff(e, s, f"{at}[{i}]")) is not None:
                return d
        return None
    if isinstance(space, spaces.Dict):
        children = expected["spaces"]
        if set(children) != set(space.spaces):
            return f"{at}: expected the keys {sorted(children)}, got {sorted(space.spaces)}"
        for key, e in children.items():
            if (d := space_diff(e, space.spaces[key], f"{at}.{key}")) is not None:
                return d
        return None
    return f"{at}: no rule compares a {kind}"
