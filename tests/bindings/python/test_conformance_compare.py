"""The Python conformance runner's comparison rules (bindings/python/conformance/compare.py).

The runner's PASS means something only if these rules reject what tests/conformance/README.md
says they must: a -0.0 for a 0.0, a float for an int, a bool for a number, a wrong dtype or
shape, a different key set, a wrong space bound.
"""

from __future__ import annotations

import os
import sys

import numpy as np
from gymnasium import spaces

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "bindings", "python", "conformance"))

from compare import diff, space_diff  # noqa: E402


def test_floats_compare_by_bits() -> None:
    assert diff(0.1, 0.1) is None
    assert diff(float("nan"), float("nan")) is None
    assert diff(0.0, -0.0) is not None
    assert diff(0.1, 0.1 + 2**-55) is not None
    assert diff(0.5, np.float32(0.5)) is None


def test_ints_floats_and_bools_are_distinct() -> None:
    assert diff(1, 1) is None
    assert diff(1, 1.0) is not None
    assert diff(1.0, 1) is not None
    assert diff(True, 1) is not None
    assert diff(1, True) is not None
    assert diff(False, np.bool_(False)) is None


def test_arrays_compare_shape_and_elements() -> None:
    assert diff([1.5, -2.0], np.array([1.5, -2.0], dtype=np.float32)) is None
    assert diff([[1.5, -2.0]], np.array([1.5, -2.0], dtype=np.float32)) is not None
    assert diff([1.5, -2.0], np.array([1.5, -2.5], dtype=np.float32)) is not None
    assert diff([1, 2], np.array([1, 2], dtype=np.float32)) is not None  # ints, got floats


def test_typed_arrays_compare_dtype() -> None:
    typed = {"__ndarray__": "int64", "shape": [2], "data": [1, 2]}
    assert diff(typed, np.array([1, 2], dtype=np.int64)) is None
    assert diff(typed, np.array([1, 2], dtype=np.int32)) is not None
    assert diff(typed, np.array([[1, 2]], dtype=np.int64)) is not None
    objects = {"__ndarray__": "object", "shape": [2], "data": [None, {"a": 1}]}
    assert diff(objects, np.array([None, {"a": 1}], dtype=object)) is None
    assert diff(objects, np.array([None, {"a": 2}], dtype=object)) is not None


def test_objects_compare_key_sets() -> None:
    assert diff({"a": [1, {"b": None}]}, {"a": (1, {"b": None})}) is None
    assert diff({"a": 1}, {"a": 1, "b": 2}) is not None


def test_spaces() -> None:
    box = {"name": "Box", "shape": [2], "low": [-1.0, "-Infinity"], "high": [1.0, "Infinity"], "dtype": "float32"}
    assert space_diff(box, spaces.Box(np.array([-1, -np.inf], dtype=np.float32), np.array([1, np.inf], dtype=np.float32))) is None
    assert space_diff(box, spaces.Box(np.array([-1, -3e38], dtype=np.float32), np.array([1, np.inf], dtype=np.float32))) is not None
    discrete = {"name": "Discrete", "n": 3, "shape": [], "start": 1, "dtype": "int64"}
    assert space_diff(discrete, spaces.Discrete(3, start=1)) is None
    assert space_diff(discrete, spaces.Discrete(3)) is not None
    assert space_diff(discrete, spaces.MultiDiscrete([3])) is not None
