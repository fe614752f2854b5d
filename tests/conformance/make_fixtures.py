#!/usr/bin/env python3
"""Writes tests/conformance/fixtures/: the small committed subset every client replays.

* ``episodes/<family>.jsonl.gz``: golden episodes taken verbatim (line for line) from
  ``tests/golden/data``: for every registered id, the shortest episode of each kind worth
  covering (sample policy, pump policy, reset options, steps after the end, a seed of 64 bits
  or more), at most ``--per-id`` of them and none longer than ``--max-steps`` steps.
* ``vector/<name>.jsonl.gz``: golden vector runs taken verbatim from ``tests/golden/vector``,
  each in all three autoreset modes.
* ``spaces.jsonl``: every registered env's spaces (and a few vector envs' batched spaces),
  described from pip gymnasium's own space objects in the server's description format
  (docs/api.md), so that neither the server nor a client is its own judge.
* ``errors.jsonl``: the error cases (status and code) a client can meet through
  make/reset/step/make_vec and the vector ops, as docs/api.md and tests/python list them.

Usage: ``.venv/bin/python tests/conformance/make_fixtures.py [--check]``; the files are
reproducible byte for byte (gzip with mtime 0), and ``--check`` fails when the committed ones
differ from what this script writes.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import math
import os
import sys
import tempfile
import warnings
from typing import Any

import gymnasium
import numpy as np
from gymnasium import spaces
from gymnasium.vector.utils import batch_space

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "golden"))
from generate import read_jsonl_gz, write_jsonl_gz  # noqa: E402

GOLDEN_DATA = os.path.join(ROOT, "tests", "golden", "data")
GOLDEN_VECTOR = os.path.join(ROOT, "tests", "golden", "vector")

# Every id gymcc registers (README.md's table).
ENV_IDS = [
    "Acrobot-v1",
    "Blackjack-v1",
    "CartPole-v0",
    "CartPole-v1",
    "CliffWalking-v1",
    "CliffWalkingSlippery-v1",
    "FrozenLake-v1",
    "FrozenLake8x8-v1",
    "MountainCar-v0",
    "MountainCarContinuous-v0",
    "Pendulum-v1",
    "Taxi-v4",
]

# Vector runs: (golden file, kwargs of its runs to take). All three modes of each.
VECTOR_RUNS = [
    ("cartpole", {"sutton_barto_reward": True}),
    ("frozen_lake", {"is_slippery": False}),
    ("pendulum", {"g": 9.81}),
    ("blackjack", {}),
    ("taxi", {}),
]

# Spaces beyond the registered defaults: kwargs that change a space, and batched spaces.
EXTRA_SPACES = [
    {"env_id": "FrozenLake-v1", "kwargs": {"map_name": "8x8"}},
    {"env_id": "CartPole-v1", "kwargs": {}, "num_envs": 3},
    {"env_id": "Pendulum-v1", "kwargs": {}, "num_envs": 2},
    {"env_id": "Blackjack-v1", "kwargs": {}, "num_envs": 2},
    {"env_id": "Taxi-v4", "kwargs": {}, "num_envs": 1},
]


# --------------------------------------------------------------------------- episodes


def _criteria(ep: dict) -> list[str]:
    """The kinds of coverage an episode offers."""
    kinds = [ep["policy"]]
    if "options" in ep:
        kinds.append("options")
    if "after_end" in ep:
        kinds.append("after_end")
    if ep["seed"] >= 2**64:
        kinds.append("big_seed")
    if ep.get("kwargs"):
        kinds.append("kwargs")
    return kinds


def pick_episodes(per_id: int, max_steps: int) -> dict[str, list[str]]:
    """family -> the chosen golden lines, in their file order."""
    chosen: dict[str, list[str]] = {}
    for name in sorted(os.listdir(GOLDEN_DATA)):
        if not name.endswith(".jsonl.gz"):
            continue
        family = name[: -len(".jsonl.gz")]
        lines = read_jsonl_gz(os.path.join(GOLDEN_DATA, name))
        episodes = [(i, json.loads(line)) for i, line in enumerate(lines)]
        picked: set[int] = set()
        for env_id in sorted({ep["id"] for _, ep in episodes}):
            mine = sorted(
                ((len(ep["steps"]), i, ep) for i, ep in episodes if ep["id"] == env_id),
                key=lambda t: (t[0], t[1]),
            )
            short = [t for t in mine if t[0] <= max_steps] or mine[:1]
            wanted = ["action_space.sample", "pump", "options", "after_end", "big_seed", "kwargs"]
            taken = 0
            for kind in wanted:
                if taken == per_id:
                    break
                for _, i, ep in short:
                    if i not in picked and kind in _criteria(ep):
                        picked.add(i)
                        taken += 1
                        break
        chosen[family] = [lines[i] for i in sorted(picked)]
    covered = {json.loads(line)["id"] for lines in chosen.values() for line in lines}
    missing = set(ENV_IDS) - covered
    if missing:
        raise SystemExit(f"no golden episode for {sorted(missing)}")
    return chosen


def pick_vector_runs() -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    for family, kwargs in VECTOR_RUNS:
        lines = read_jsonl_gz(os.path.join(GOLDEN_VECTOR, family + ".jsonl.gz"))
        runs = [line for line in lines if json.loads(line)["kwargs"] == kwargs]
        modes = sorted(json.loads(line)["autoreset_mode"] for line in runs)
        if modes != ["Disabled", "NextStep", "SameStep"]:
            raise SystemExit(f"{family} {kwargs}: expected one run per autoreset mode, got {modes}")
        chosen[family] = runs
    return chosen


# --------------------------------------------------------------------------- spaces


def _number(x: float | int) -> Any:
    """A bound as the server writes it: ±inf and NaN as strings."""
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
    return x


def _nested(array: np.ndarray) -> Any:
    values = array.tolist()

    def walk(v: Any) -> Any:
        return [walk(e) for e in v] if isinstance(v, list) else _number(v)

    return walk(values)


def describe(space: spaces.Space) -> dict[str, Any]:
    """gymnasium's space in the server's description format (docs/api.md, Space::describe)."""
    if isinstance(space, spaces.Discrete):
        return {"name": "Discrete", "n": int(space.n), "shape": [], "start": int(space.start), "dtype": "int64"}
    if isinstance(space, spaces.Box):
        return {
            "name": "Box",
            "shape": list(space.shape),
            "low": _nested(space.low),
            "high": _nested(space.high),
            "dtype": str(space.dtype),
        }
    if isinstance(space, spaces.MultiDiscrete):
        return {
            "name": "MultiDiscrete",
            "shape": list(space.shape),
            "nvec": space.nvec.ravel().tolist(),
            "start": space.start.ravel().tolist(),
            "dtype": str(space.dtype),
        }
    if isinstance(space, spaces.MultiBinary):
        return {"name": "MultiBinary", "n": int(np.prod(space.shape)), "shape": list(space.shape), "dtype": "int8"}
    if isinstance(space, spaces.Tuple):
        return {"name": "Tuple", "shape": None, "spaces": [describe(s) for s in space.spaces]}
    if isinstance(space, spaces.Dict):
        return {"name": "Dict", "shape": None, "spaces": {k: describe(s) for k, s in space.spaces.items()}}
    raise TypeError(f"no description for {space!r}")


def space_lines() -> list[str]:
    lines = []
    for case in [{"env_id": env_id, "kwargs": {}} for env_id in ENV_IDS] + EXTRA_SPACES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # CartPole-v0 is out of date, and says so
            env = gymnasium.make(case["env_id"], **case["kwargs"])
        action_space, observation_space = env.action_space, env.observation_space
        env.close()
        line: dict[str, Any] = dict(case)
        if "num_envs" in case:
            action_space = batch_space(action_space, case["num_envs"])
            observation_space = batch_space(observation_space, case["num_envs"])
        line["action_space"] = describe(action_space)
        line["observation_space"] = describe(observation_space)
        lines.append(json.dumps(line, allow_nan=False))
    return lines


# --------------------------------------------------------------------------- errors

_CARTPOLE = {"env_id": "CartPole-v1"}
_PENDULUM = {"env_id": "Pendulum-v1"}
_VECTOR = {"env_id": "CartPole-v1", "num_envs": 3}


def _error(name, call, status, code, args, env=None, reset=None) -> dict[str, Any]:
    case: dict[str, Any] = {"name": name, "call": call}
    if env is not None:
        case["env"] = env
    if reset is not None:
        case["reset"] = reset
    case.update(args=args, status=status, code=code)
    return case


ERRORS = [
    # make
    _error("make_unknown_env", "make", 400, "unknown_env", {"env_id": "Foo-v0"}),
    _error("make_unknown_version", "make", 400, "unknown_version", {"env_id": "CartPole-v7"}),
    _error("make_deprecated_env", "make", 400, "deprecated_env", {"env_id": "Taxi-v3"}),
    _error("make_malformed_id", "make", 400, "malformed_id", {"env_id": "bad string"}),
    _error("make_empty_id", "make", 400, "malformed_id", {"env_id": ""}),
    _error("make_unknown_kwarg", "make", 400, "invalid_kwarg", {"env_id": "CartPole-v1", "kwargs": {"nope": 1}}),
    _error("make_kwarg_of_wrong_type", "make", 400, "invalid_kwarg", {"env_id": "Pendulum-v1", "kwargs": {"g": "x"}}),
    _error("make_unknown_render_mode", "make", 400, "invalid_kwarg", {"env_id": "CartPole-v1", "render_mode": "bogus"}),
    _error("make_human_render_mode", "make", 400, "not_renderable", {"env_id": "CartPole-v1", "render_mode": "human"}),
    _error("make_zero_max_episode_steps", "make", 422, "invalid_field", {"env_id": "CartPole-v1", "max_episode_steps": 0}),
    # make_vec
    _error("make_vec_unknown_env", "make_vec", 400, "unknown_env", {"env_id": "Foo-v0", "num_envs": 2}),
    _error("make_vec_unknown_kwarg", "make_vec", 400, "invalid_kwarg",
           {"env_id": "CartPole-v1", "num_envs": 2, "kwargs": {"nope": 1}}),
    _error("make_vec_zero_envs", "make_vec", 422, "invalid_field", {"env_id": "CartPole-v1", "num_envs": 0}),
    _error("make_vec_too_many_envs", "make_vec", 422, "invalid_field", {"env_id": "CartPole-v1", "num_envs": 65537}),
    _error("make_vec_unknown_autoreset_mode", "make_vec", 400, "invalid_argument",
           {"env_id": "CartPole-v1", "num_envs": 2, "autoreset_mode": "Sometimes"}),
    _error("make_vec_negative_max_episode_steps", "make_vec", 422, "invalid_field",
           {"env_id": "CartPole-v1", "num_envs": 2, "max_episode_steps": -2}),
    # Needs a server with --max-envs below 5000 (run.sh starts its own with 4096).
    _error("make_vec_over_capacity", "make_vec", 503, "at_capacity", {"env_id": "CartPole-v1", "num_envs": 5000}),
    # reset
    _error("reset_negative_seed", "reset", 400, "invalid_seed", {"seed": -1}, env=_CARTPOLE),
    _error("reset_huge_negative_seed", "reset", 400, "invalid_seed", {"seed": -(2**70)}, env=_CARTPOLE),
    _error("reset_bad_options", "reset", 400, "invalid_options", {"options": {"low": 0.1, "high": -0.1}}, env=_CARTPOLE),
    # step
    _error("step_before_reset", "step", 400, "reset_needed", {"action": 0}, env=_CARTPOLE),
    _error("step_discrete_out_of_range", "step", 400, "invalid_action", {"action": 2}, env=_CARTPOLE, reset={"seed": 1}),
    _error("step_discrete_negative", "step", 400, "invalid_action", {"action": -1}, env=_CARTPOLE, reset={"seed": 1}),
    _error("step_discrete_float", "step", 400, "invalid_action", {"action": 1.5}, env=_CARTPOLE, reset={"seed": 1}),
    _error("step_discrete_bool", "step", 400, "invalid_action", {"action": True}, env=_CARTPOLE, reset={"seed": 1}),
    _error("step_discrete_string", "step", 400, "invalid_action", {"action": "left"}, env=_CARTPOLE, reset={"seed": 1}),
    _error("step_discrete_list", "step", 400, "invalid_action", {"action": [1]}, env=_CARTPOLE, reset={"seed": 1}),
    _error("step_box_wrong_shape", "step", 400, "invalid_action", {"action": [1.0, 2.0]}, env=_PENDULUM, reset={"seed": 5}),
    _error("step_box_nested_too_deep", "step", 400, "invalid_action", {"action": [[1.0]]}, env=_PENDULUM, reset={"seed": 5}),
    _error("step_box_not_numbers", "step", 400, "invalid_action", {"action": ["x"]}, env=_PENDULUM, reset={"seed": 5}),
    _error("step_box_scalar", "step", 400, "invalid_action", {"action": 1.0}, env=_PENDULUM, reset={"seed": 5}),
    # vector reset
    _error("vector_reset_negative_seed", "vector_reset", 400, "invalid_seed", {"seed": -1}, env=_VECTOR),
    _error("vector_reset_seed_list_too_short", "vector_reset", 400, "invalid_seed", {"seed": [1, 2]}, env=_VECTOR),
    _error("vector_reset_negative_seed_in_list", "vector_reset", 400, "invalid_seed", {"seed": [1, -2, 3]}, env=_VECTOR),
    _error("vector_reset_bad_reset_mask", "vector_reset", 400, "invalid_options",
           {"options": {"reset_mask": [True]}}, env=_VECTOR),
    _error("vector_reset_bad_options", "vector_reset", 400, "invalid_options",
           {"options": {"low": 1.0, "high": 0.0}}, env=_VECTOR),
    # vector step
    _error("vector_step_before_reset", "vector_step", 400, "reset_needed", {"actions": [0, 1, 1]}, env=_VECTOR),
    _error("vector_step_too_few_actions", "vector_step", 400, "invalid_action", {"actions": [0, 1]},
           env=_VECTOR, reset={"seed": 1}),
    _error("vector_step_action_out_of_range", "vector_step", 400, "invalid_action", {"actions": [0, 2, 1]},
           env=_VECTOR, reset={"seed": 1}),
    _error("vector_step_float_action", "vector_step", 400, "invalid_action", {"actions": [0, 1.5, 1]},
           env=_VECTOR, reset={"seed": 1}),
    _error("vector_step_box_wrong_shape", "vector_step", 400, "invalid_action", {"actions": [0.5, 0.5]},
           env={"env_id": "Pendulum-v1", "num_envs": 2}, reset={"seed": 1}),
]


# --------------------------------------------------------------------------- main


def write(out: str, per_id: int, max_steps: int) -> None:
    os.makedirs(os.path.join(out, "episodes"), exist_ok=True)
    os.makedirs(os.path.join(out, "vector"), exist_ok=True)
    for family, lines in pick_episodes(per_id, max_steps).items():
        write_jsonl_gz(os.path.join(out, "episodes", family + ".jsonl.gz"), lines)
    for family, lines in pick_vector_runs().items():
        write_jsonl_gz(os.path.join(out, "vector", family + ".jsonl.gz"), lines)
    with open(os.path.join(out, "spaces.jsonl"), "w") as f:
        f.writelines(line + "\n" for line in space_lines())
    with open(os.path.join(out, "errors.jsonl"), "w") as f:
        f.writelines(json.dumps(case, allow_nan=False) + "\n" for case in ERRORS)


def _same_tree(a: str, b: str) -> bool:
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    return not mismatch and not errors and all(_same_tree(os.path.join(a, d), os.path.join(b, d)) for d in compared.common_dirs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(HERE, "fixtures"))
    parser.add_argument("--per-id", type=int, default=3, help="episodes per env id at most")
    parser.add_argument("--max-steps", type=int, default=250, help="longest episode taken, in steps")
    parser.add_argument("--check", action="store_true", help="compare with --out instead of writing it")
    args = parser.parse_args(argv)
    if not args.check:
        write(args.out, args.per_id, args.max_steps)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        write(tmp, args.per_id, args.max_steps)
        if not _same_tree(tmp, args.out):
            print(f"{args.out} is not what {os.path.basename(__file__)} writes: run it again", file=sys.stderr)
            return 1
    print(f"{args.out} is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
