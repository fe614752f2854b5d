#!/usr/bin/env python3
"""Writes tests/data/space_samples.json: pip gymnasium's seeded space samples, for the clients.

The TypeScript and Go clients (bindings/typescript, bindings/go) rebuild spaces from the
server's descriptions and promise that ``space.seed(s)`` then ``sample()`` draws what
gymnasium's space draws. Their unit tests replay this file: for every space (in the server's
description format, ``Space::describe``) and seed, the first samples, as nested lists
(floats as JSON numbers, which are exact doubles; a float32 sample as its exact double).

Every space kind is here, with the sampling paths that matter: bounded, half-bounded and
unbounded Box dimensions (uniform, exponential, normal draws), integer Box dtypes, Discrete
with a start and beyond 32 bits, multi-dimensional MultiDiscrete and MultiBinary, and Tuple
and Dict seeding (sub-seeds drawn from the parent's generator), nested.

Usage: .venv/bin/python tests/tools/make_space_samples.py [output.json]
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import gymnasium
import numpy as np
from gymnasium import spaces

# The server's space description format, as the conformance fixtures write it.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
from make_fixtures import describe  # noqa: E402

SEEDS = [0, 42, 2**32, 2**64 + 1, 2**128 + 3]
SAMPLES = 12
INF = float("inf")


def plain(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, tuple):
        return [plain(v) for v in x]
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    return x


def cases() -> list[tuple[str, spaces.Space]]:
    f32 = np.float32
    return [
        ("discrete", spaces.Discrete(2)),
        ("discrete_start", spaces.Discrete(5, start=-2)),
        ("discrete_64bit", spaces.Discrete(2**40 + 3)),
        ("box_bounded", spaces.Box(-2.0, 2.0, (1,), f32)),
        ("box_cartpole", gymnasium.make("CartPole-v1").observation_space),
        ("box_half_bounded", spaces.Box(np.array([0.0, -INF, 1.0], f32), np.array([INF, 0.5, INF], f32), dtype=f32)),
        ("box_float64_2d", spaces.Box(np.array([[-1.0, -INF], [0.0, 3.0]]), np.array([[1.0, INF], [INF, 4.0]]), dtype=np.float64)),
        ("box_int64", spaces.Box(-5, 5, (3,), np.int64)),
        ("box_uint8", spaces.Box(0, 255, (2, 2), np.uint8)),
        ("box_int32", spaces.Box(np.array([0, -10], np.int32), np.array([10, 10], np.int32), dtype=np.int32)),
        ("multi_discrete", spaces.MultiDiscrete([2, 3, 4], start=[0, -1, 5])),
        ("multi_discrete_2d", spaces.MultiDiscrete(np.array([[2, 3], [4, 5]]))),
        ("multi_binary", spaces.MultiBinary(5)),
        ("multi_binary_2d", spaces.MultiBinary([2, 3])),
        ("tuple", spaces.Tuple([spaces.Discrete(3), spaces.Box(-1.0, 1.0, (2,), f32), spaces.MultiBinary(3)])),
        ("dict", spaces.Dict({"position": spaces.Box(-1.0, 1.0, (2,), f32), "gear": spaces.Discrete(4)})),
        ("nested", spaces.Dict({"a": spaces.Tuple([spaces.Discrete(2), spaces.MultiDiscrete([3, 3])]),
                                "b": spaces.Discrete(6, start=1)})),
    ]


def main() -> int:
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data", "space_samples.json")
    entries = []
    for name, space in cases():
        seeded = []
        for seed in SEEDS:
            space.seed(seed)
            seeded.append({"seed": str(seed), "samples": [plain(space.sample()) for _ in range(SAMPLES)]})
        entries.append({"name": name, "space": describe(space), "seeds": seeded})
    document = {
        "generator": "tests/tools/make_space_samples.py",
        "gymnasium_version": gymnasium.__version__,
        "numpy_version": np.__version__,
        "cases": entries,
    }
    with open(out, "w") as f:
        json.dump(document, f, allow_nan=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
