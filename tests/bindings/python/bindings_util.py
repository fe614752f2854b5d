"""Helpers shared by the tests of the gymcc Python package."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np


def _kind(x: Any) -> type:
    """The type compared: ``np.float64`` counts as ``float`` (gymnasium's Pendulum reward is one)."""
    return float if type(x) is np.float64 else type(x)


def _same_float(a: float, b: float) -> bool:
    return np.float64(a).tobytes() == np.float64(b).tobytes() or (a != a and b != b)


def first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    """None if ``a`` and ``b`` are exactly equal, else where and how they differ.

    Exact: the same Python type (int, float and bool apart; tuple and list apart), the same
    float bits (NaN equals NaN, 0.0 is not -0.0), numpy arrays and scalars of the same dtype
    and shape with bitwise-equal elements, dicts with the same keys in the same order.
    """
    if _kind(a) is not _kind(b):
        return f"{path}: type {type(a).__name__} {a!r} != {type(b).__name__} {b!r}"
    if isinstance(a, np.ndarray):
        if a.dtype != b.dtype or a.shape != b.shape:
            return f"{path}: {a.dtype}{a.shape} != {b.dtype}{b.shape}"
        if a.dtype == object:
            for i, (x, y) in enumerate(zip(a.ravel(), b.ravel(), strict=True)):
                d = first_difference(x, y, f"{path}[{i}]")
                if d:
                    return d
            return None
        if a.dtype.kind == "f":
            same = np.array_equal(a, b, equal_nan=True) and np.array_equal(np.signbit(a), np.signbit(b))
        else:
            same = np.array_equal(a, b)
        return None if same else f"{path}: {a!r} != {b!r}"
    if isinstance(a, np.generic):
        return None if a.dtype == b.dtype and a.tobytes() == b.tobytes() else f"{path}: {a!r} != {b!r}"
    if isinstance(a, float):
        return None if _same_float(a, b) else f"{path}: {a!r} != {b!r}"
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{path}: length {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        for k in a:
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != {b!r}"


def snapshot(x: Any) -> Any:
    """A deep copy of a result (vector envs return views that the next call overwrites)."""
    if isinstance(x, np.ndarray):
        return x.copy()
    if isinstance(x, dict):
        return {k: snapshot(v) for k, v in x.items()}
    if isinstance(x, tuple):
        return tuple(snapshot(v) for v in x)
    if isinstance(x, list):
        return [snapshot(v) for v in x]
    return x


# The vector envs both vector suites (native make_vec, RemoteVectorEnv) compare with
# gymnasium's SyncVectorEnv: (id, kwargs, num_envs, steps).
VECTOR_VARIANTS: list[tuple[str, dict[str, Any], int, int]] = [
    ("CartPole-v1", {}, 4, 150),
    ("CartPole-v1", {"sutton_barto_reward": True}, 3, 100),
    ("MountainCarContinuous-v0", {}, 3, 60),
    ("Pendulum-v1", {}, 2, 210),
    ("Acrobot-v1", {}, 2, 40),
    ("FrozenLake-v1", {}, 5, 80),
    ("Taxi-v4", {"is_rainy": True}, 3, 80),
    ("CliffWalking-v1", {}, 2, 60),
    ("Blackjack-v1", {}, 4, 30),
]


def vector_variant_id(variant: tuple[str, dict[str, Any], int, int]) -> str:
    """A pytest id such as ``CartPole-v1-sutton_barto_reward=True-n3``."""
    env_id, kwargs, num_envs, _ = variant
    return "-".join([env_id, *(f"{k}={v}" for k, v in kwargs.items()), f"n{num_envs}"])


def reference_vector_env(env_id: str, num_envs: int, mode: Any, kwargs: dict[str, Any]) -> Any:
    """``gymnasium.make_vec(..., vectorization_mode="sync")`` with the given autoreset mode."""
    import gymnasium

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gymnasium.make_vec(
            env_id, num_envs, vectorization_mode="sync", vector_kwargs={"autoreset_mode": mode}, **kwargs
        )
