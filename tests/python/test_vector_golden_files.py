"""Checks on the committed golden vector trajectories in tests/golden/vector (no gymcc binary needed).

* every file is a deterministic gzip (mtime 0, no file name) and the set stays small;
* every run follows the format tests/golden/generate_vector.py documents, and the
  files together cover all three autoreset modes with sub-envs that autoreset;
* regenerating with pip gymnasium reproduces the committed lines exactly
  (determinism, and a guard against a stale file or a changed gymnasium/numpy).

The C++ side (tests/core/test_vector_env.cpp) replays these files through
gymcc's VectorEnv and compares every value exactly.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys

import pytest

GOLDEN_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden")
VECTOR_DIR = os.path.join(GOLDEN_DIR, "vector")
MAX_TOTAL_BYTES = 1_500_000


def _load_generator():
    name = "gymcc_golden_generate_vector"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, os.path.join(GOLDEN_DIR, "generate_vector.py")
        )
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


G = _load_generator()
NAMES = sorted(G.RUNS)


def path_of(name):
    return os.path.join(VECTOR_DIR, f"{name}.jsonl.gz")


def test_files_are_deterministic_gzip_and_small():
    total = 0
    for name in NAMES:
        path = path_of(name)
        assert os.path.isfile(path), f"missing {path}: run tests/golden/generate_vector.py"
        with open(path, "rb") as f:
            head = f.read(10)
        assert head[:3] == b"\x1f\x8b\x08", f"{path}: not gzip/deflate"
        assert head[3] & 0x08 == 0, f"{path}: gzip header stores a file name"
        assert head[4:8] == b"\0\0\0\0", f"{path}: gzip mtime is not 0"
        total += os.path.getsize(path)
    assert total < MAX_TOTAL_BYTES, total
    stray = set(os.listdir(VECTOR_DIR)) - {f"{n}.jsonl.gz" for n in NAMES}
    assert not stray, f"files no run writes: {sorted(stray)}"


def test_runs_follow_the_format_and_cover_the_modes():
    modes_with_autoreset = set()
    seen = set()
    for name in NAMES:
        for line in G.read_jsonl_gz(path_of(name)):
            run = json.loads(line)
            assert list(run) == [
                "id", "kwargs", "max_episode_steps", "num_envs", "autoreset_mode",
                "action_seed", "calls",
            ]
            n, mode = run["num_envs"], run["autoreset_mode"]
            assert mode in G.MODES
            seen.add((run["id"], mode))
            assert run["calls"][0][0] == "reset" and run["calls"][0][1] == run["action_seed"]
            ended_before = [False] * n
            for call in run["calls"]:
                if call[0] == "reset":
                    assert len(call) == 5
                    mask = (call[2] or {}).get("reset_mask")
                    if mask is not None:
                        assert mask[G.ARRAY_TAG] == "bool" and mask["shape"] == [n]
                    ended_before = [
                        e and not (mask is None or mask["data"][i]) for i, e in enumerate(ended_before)
                    ]
                    continue
                assert call[0] == "step" and len(call) == 7
                _, actions, obs, rewards, terminated, truncated, infos = call
                assert rewards[G.ARRAY_TAG] == "float64" and rewards["shape"] == [n]
                assert terminated[G.ARRAY_TAG] == "bool" and truncated[G.ARRAY_TAG] == "bool"
                ended = [a or b for a, b in zip(terminated["data"], truncated["data"])]
                if mode == "NextStep":
                    for i in range(n):
                        if ended_before[i]:  # the autoreset step: reward 0, flags false
                            modes_with_autoreset.add(mode)
                            assert rewards["data"][i] == 0.0 and not ended[i]
                if mode == "SameStep":
                    if any(ended):
                        modes_with_autoreset.add(mode)
                        assert infos["_final_obs"]["data"] == ended
                    else:
                        assert "final_obs" not in infos
                if mode == "Disabled":
                    assert not any(ended_before), "stepped a finished sub-env"
                    if any(ended):
                        modes_with_autoreset.add(mode)
                ended_before = ended
    assert modes_with_autoreset == set(G.MODES)
    ids = {i for i, _ in seen}
    assert {"CartPole-v1", "Pendulum-v1", "MountainCarContinuous-v0", "Acrobot-v1"} <= ids
    assert all((i, m) in seen for i in ids for m in G.MODES)


def test_encode_keeps_dtypes():
    import numpy as np

    enc = G.encode(np.array([[0.1, 2]], dtype=np.float32))
    assert enc == {G.ARRAY_TAG: "float32", "shape": [1, 2], "data": [float(np.float32(0.1)), 2.0]}
    assert G.encode(np.array([None, (1, 2)], dtype=object))["data"] == [None, [1, 2]]
    assert G.encode({"p": np.int64(3)}) == {"p": {G.ARRAY_TAG: "int64", "shape": [], "data": [3]}}
    assert G.encode((True, 1, 1.0)) == [True, 1, 1.0]


@pytest.mark.parametrize("name", NAMES)
def test_regenerate_reproduces_committed_file(name):
    fresh = G.generate(name)
    committed = G.read_jsonl_gz(path_of(name))
    assert len(fresh) == len(committed), (
        f"{name}: {len(fresh)} fresh vs {len(committed)} committed runs; "
        "rerun tests/golden/generate_vector.py"
    )
    for i, (x, y) in enumerate(zip(fresh, committed)):
        if x != y:
            ex, ey = json.loads(x), json.loads(y)
            where = next(
                (f"call {k}: fresh {json.dumps(a)[:300]} vs committed {json.dumps(b)[:300]}"
                 for k, (a, b) in enumerate(zip(ex["calls"], ey["calls"])) if a != b),
                "run header or call count",
            )
            raise AssertionError(
                f"{name} line {i + 1} ({ex['id']}, {ex['autoreset_mode']}) differs from the "
                f"committed file at {where}: stale file or gymnasium/numpy changed. "
                "Rerun tests/golden/generate_vector.py."
            )
