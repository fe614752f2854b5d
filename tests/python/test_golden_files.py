"""Checks on the committed golden files in tests/golden/data (no gymcc binary needed).

* every file parses and every episode follows the golden format exactly;
* sizes stay small; coverage (seeds, policies, end reasons) is what generate.py promises;
* regenerating with pip gymnasium reproduces the committed lines exactly
  (determinism, and a guard against a stale file or a changed gymnasium).
"""

from __future__ import annotations

import json
import math
import os
import struct
import warnings

import pytest
from conftest import load_golden_module


GOLDEN_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden")
DATA_DIR = os.path.join(GOLDEN_DIR, "data")
G = load_golden_module()

REQUIRED = ["env", "id", "kwargs", "seed", "policy", "reset", "steps", "end"]
OPTIONAL = {"options", "after_end"}

OBS_LEN = {
    "CartPole-v0": 4,
    "CartPole-v1": 4,
    "MountainCar-v0": 2,
    "MountainCarContinuous-v0": 2,
    "Pendulum-v1": 3,
    "Acrobot-v1": 6,
}
DISCRETE_N = {
    "CartPole-v0": 2,
    "CartPole-v1": 2,
    "MountainCar-v0": 3,
    "Acrobot-v1": 3,
    "FrozenLake-v1": 4,
    "FrozenLake8x8-v1": 4,
    "Taxi-v4": 6,
    "CliffWalking-v1": 4,
    "CliffWalkingSlippery-v1": 4,
    "Blackjack-v1": 2,
}
BOX_ACTION = {"MountainCarContinuous-v0": (-1.0, 1.0), "Pendulum-v1": (-2.0, 2.0)}

# Toy text: Discrete observations are Python ints below n (FrozenLake's n
# follows its map); Blackjack's tuple is a list of 3 ints. Rewards are ints,
# except Blackjack's floats and a FrozenLake reward_schedule holding floats.
TOY_TEXT_IDS = {
    "FrozenLake-v1",
    "FrozenLake8x8-v1",
    "Taxi-v4",
    "CliffWalking-v1",
    "CliffWalkingSlippery-v1",
    "Blackjack-v1",
}
FROZEN_LAKE_SIZES = {"4x4": 16, "8x8": 64}


def toy_text_obs_n(env_id, kwargs):
    if env_id.startswith("FrozenLake"):
        desc = kwargs.get("desc")
        if desc is not None:
            return len(desc) * len(desc[0])
        return FROZEN_LAKE_SIZES[kwargs.get("map_name", "8x8" if "8x8" in env_id else "4x4")]
    return {"Taxi-v4": 500, "CliffWalking-v1": 48, "CliffWalkingSlippery-v1": 48}[env_id]


def is_int(x):
    return type(x) is int


def toy_text_obs_ok(env_id, kwargs, obs):
    if env_id == "Blackjack-v1":
        # After termination a hit keeps adding cards, so the sum may leave Discrete(32).
        return isinstance(obs, list) and len(obs) == 3 and all(map(is_int, obs)) and (
            obs[0] >= 4 and 1 <= obs[1] <= 10 and obs[2] in (0, 1)
        )
    return is_int(obs) and 0 <= obs < toy_text_obs_n(env_id, kwargs)


def toy_text_reward_types(env_id, kwargs):
    if env_id == "Blackjack-v1":
        return {float}
    return {type(r) for r in kwargs.get("reward_schedule", [])} | {int}


def toy_text_info_problem(env_id, info, at_reset):
    if env_id == "Blackjack-v1":
        return None if info == {} else f"info {info!r} is not {{}}"
    keys = ["prob", "action_mask"] if env_id == "Taxi-v4" else ["prob"]
    if not isinstance(info, dict) or list(info) != keys:
        return f"info {info!r} does not have the keys {keys}"
    prob = info["prob"]
    if env_id == "Taxi-v4":
        mask = info["action_mask"]
        if not (isinstance(mask, list) and len(mask) == 6 and all(m in (0, 1) and is_int(m) for m in mask)):
            return f"bad action_mask {mask!r}"
        if at_reset and not (type(prob) is float and prob == 1.0):
            return f"reset prob {prob!r} is not the float 1.0"
    elif at_reset and not (is_int(prob) and prob == 1):
        return f"reset prob {prob!r} is not the int 1"
    if type(prob) not in (int, float):
        return f"prob {prob!r} is not a number"
    return None

MAX_FILE_BYTES = 1_000_000
MAX_TOTAL_BYTES = 5_000_000


def golden_path(family):
    return os.path.join(DATA_DIR, f"{family}.jsonl.gz")


def load_lines(family):
    return G.read_jsonl_gz(golden_path(family))


def is_f32(x):
    return isinstance(x, float) and (
        math.isinf(x) or math.isnan(x) or struct.unpack("<f", struct.pack("<f", x))[0] == x
    )


def is_float_list(v, n):
    return isinstance(v, list) and len(v) == n and all(is_f32(x) for x in v)


def check_episode(ep, family):
    """Return a list of format problems for one parsed episode."""
    p = []
    keys = list(ep)
    missing = set(REQUIRED) - set(keys)
    if missing:
        return [f"missing keys {sorted(missing)}"]
    extra = set(keys) - set(REQUIRED) - OPTIONAL
    if extra:
        p.append(f"unexpected keys {sorted(extra)}")
    env_id = ep["id"]
    if ep["env"] != family:
        p.append(f"env label {ep['env']!r} != {family!r}")
    if G.family_of(env_id) != family:
        p.append(f"id {env_id!r} does not belong to {family}")
    toy = env_id in TOY_TEXT_IDS
    if env_id not in OBS_LEN and not toy:
        return p + [f"unknown id {env_id!r}"]
    if not isinstance(ep["kwargs"], dict):
        p.append("kwargs not an object")
    if type(ep["seed"]) is not int or ep["seed"] < 0:
        p.append(f"bad seed {ep['seed']!r}")
    if ep["policy"] not in (G.SAMPLE, G.PUMP):
        p.append(f"bad policy {ep['policy']!r}")
    if ep["policy"] == G.PUMP and env_id not in G.PUMP_IDS:
        p.append(f"pump policy for {env_id}")
    if "options" in ep and not isinstance(ep["options"], dict):
        p.append("options not an object")
    r = ep["reset"]
    if not (isinstance(r, dict) and set(r) == {"obs", "info"}):
        p.append(f"bad reset {r!r}"[:200])
    else:
        if toy:
            if not toy_text_obs_ok(env_id, ep["kwargs"], r["obs"]):
                p.append(f"bad reset obs {r['obs']!r}")
            prob = toy_text_info_problem(env_id, r["info"], at_reset=True)
            if prob:
                p.append(f"reset {prob}")
        elif not is_float_list(r["obs"], OBS_LEN[env_id]):
            p.append(f"bad reset obs {r['obs']!r}")
        if not isinstance(r["info"], dict):
            p.append("reset info not an object")
    steps = ep["steps"]
    if not isinstance(steps, list) or not steps:
        return p + ["no steps"]
    after = ep.get("after_end", 0)
    if "after_end" in ep and (type(after) is not int or after <= 0):
        p.append(f"bad after_end {after!r}")
    main_len = len(steps) - after
    for k, st in enumerate(steps, start=1):
        if not (isinstance(st, list) and len(st) == 6):
            p.append(f"step {k}: not a 6-list")
            continue
        a, obs, rew, term, trunc, info = st
        if env_id in DISCRETE_N:
            if type(a) is not int or not 0 <= a < DISCRETE_N[env_id]:
                p.append(f"step {k}: bad discrete action {a!r}")
        else:
            lo, hi = BOX_ACTION[env_id]
            if not (is_float_list(a, 1) and lo <= a[0] <= hi):
                p.append(f"step {k}: bad box action {a!r}")
        if toy:
            if not toy_text_obs_ok(env_id, ep["kwargs"], obs):
                p.append(f"step {k}: bad obs {obs!r}")
            if type(rew) not in toy_text_reward_types(env_id, ep["kwargs"]):
                p.append(f"step {k}: reward {rew!r} has type {type(rew).__name__}")
            prob = toy_text_info_problem(env_id, info, at_reset=False)
            if prob:
                p.append(f"step {k}: {prob}")
        else:
            if not is_float_list(obs, OBS_LEN[env_id]):
                p.append(f"step {k}: bad obs {obs!r}")
            if type(rew) is not float:
                p.append(f"step {k}: reward {rew!r} is {type(rew).__name__}, not float")
        if type(term) is not bool or type(trunc) is not bool:
            p.append(f"step {k}: flags not bool")
        if not isinstance(info, dict):
            p.append(f"step {k}: info not an object")
        if k < main_len and (term or trunc):
            p.append(f"step {k}: episode continued after terminated/truncated")
        if len(p) > 10:
            return p
    last = steps[main_len - 1]
    end = ep["end"]
    if end == "terminated":
        ok = last[3] is True
    elif end == "truncated":
        ok = last[3] is False and last[4] is True
    elif end == "cap":
        ok = last[3] is False and last[4] is False
    else:
        ok = False
    if not ok:
        p.append(f"end {end!r} inconsistent with last step flags {last[3:5]}")
    if after and end != "terminated":
        p.append("after_end on an episode that did not terminate")
    return p


@pytest.mark.parametrize("family", G.FAMILIES)
def test_file_format(family):
    path = golden_path(family)
    assert os.path.isfile(path), f"missing {path}: run tests/golden/generate.py"
    size = os.path.getsize(path)
    assert size < MAX_FILE_BYTES, f"{path} is {size} bytes"
    with open(path, "rb") as f:
        head = f.read(10)
    assert head[:3] == b"\x1f\x8b\x08", "not gzip/deflate"
    assert head[3] & 0x08 == 0, "gzip header stores a file name (not deterministic)"
    assert head[4:8] == b"\0\0\0\0", "gzip mtime is not 0 (not deterministic)"
    lines = load_lines(family)
    assert 30 <= len(lines) <= 60, f"{family}: {len(lines)} episodes"
    problems = []
    seeds = set()
    for i, line in enumerate(lines):
        ep = json.loads(line)
        seeds.add(ep["seed"])
        for prob in check_episode(ep, family):
            problems.append(f"line {i + 1} ({ep.get('id')} seed {ep.get('seed')}): {prob}")
        # The line is exactly what generate.dumps writes (compact, same key order).
        if G.dumps(ep) != line:
            problems.append(f"line {i + 1}: not in canonical serialisation")
    assert not problems, "\n".join(problems[:40])
    missing = set(G.SPECIAL_SEEDS) - seeds
    assert not missing, f"{family} lacks seeds {sorted(missing)}"


def test_total_size():
    total = sum(os.path.getsize(golden_path(f)) for f in G.FAMILIES)
    assert total < MAX_TOTAL_BYTES, total


def test_coverage_of_policies_and_end_reasons():
    eps = {f: [json.loads(line) for line in load_lines(f)] for f in G.FAMILIES}

    def ends(family, env_id, policy, **filt):
        out = []
        for e in eps[family]:
            if e["id"] == env_id and e["policy"] == policy and all(e.get(k) == v for k, v in filt.items()):
                out.append(e["end"])
        return out

    # Random actions never reach the goal; the pump policies always do.
    assert set(ends("mountain_car", "MountainCar-v0", G.SAMPLE, options=None)) == {"truncated"}
    assert set(ends("mountain_car", "MountainCar-v0", G.PUMP)) == {"terminated"}
    mcc = "MountainCarContinuous-v0"
    assert "truncated" in ends("mountain_car_continuous", mcc, G.SAMPLE)
    assert set(ends("mountain_car_continuous", mcc, G.PUMP)) == {"terminated"}
    assert "truncated" in ends("acrobot", "Acrobot-v1", G.SAMPLE)
    assert set(ends("acrobot", "Acrobot-v1", G.PUMP)) == {"terminated"}
    assert set(ends("pendulum", "Pendulum-v1", G.SAMPLE, options=None)) == {"truncated"}
    # Truncation lengths are the registered max_episode_steps.
    lens = {(e["id"], len(e["steps"])) for f in eps for e in eps[f] if e["end"] == "truncated"}
    assert lens <= {
        ("MountainCar-v0", 200),
        (mcc, 999),
        ("Pendulum-v1", 200),
        ("Acrobot-v1", 500),
        ("FrozenLake-v1", 100),
        ("FrozenLake8x8-v1", 200),
        ("Taxi-v4", 200),
    }, lens
    # CartPole variants, including stepping past termination.
    cp = eps["cartpole"]
    assert any(e["id"] == "CartPole-v0" for e in cp)
    assert any(e["kwargs"].get("sutton_barto_reward") for e in cp)
    assert any("options" in e for e in cp)
    after = [e for e in cp if e.get("after_end")]
    assert after
    for e in after:
        tail = e["steps"][-e["after_end"]:]
        expect = -1.0 if e["kwargs"].get("sutton_barto_reward") else 0.0
        assert all(st[2] == expect for st in tail), (e["seed"], [st[2] for st in tail])
    # Pendulum kwargs and options.
    pend = eps["pendulum"]
    assert {json.dumps(e["kwargs"]) for e in pend} >= {"{}", '{"g": 9.81}', '{"g": 2.0}'}
    assert any("x_init" in (e.get("options") or {}) for e in pend)
    # Toy text. CliffWalking registers no time limit: its episodes end at the
    # goal or at the cap; Blackjack always terminates.
    cliff = eps["cliff_walking"]
    assert {e["end"] for e in cliff} == {"cap", "terminated"}
    assert all(len(e["steps"]) - e.get("after_end", 0) <= G.CLIFF_CAP for e in cliff)
    assert {e["id"] for e in cliff} == {"CliffWalking-v1", "CliffWalkingSlippery-v1"}
    assert {e["end"] for e in eps["blackjack"]} == {"terminated"}
    bj_rewards = {st[2] for e in eps["blackjack"] for st in e["steps"]}
    assert {-1.0, 0.0, 1.0, 1.5} <= bj_rewards, bj_rewards
    assert {json.dumps(e["kwargs"]) for e in eps["blackjack"]} >= {
        "{}", '{"natural": true}', '{"sab": false}', '{"sab": false, "natural": true}'
    }
    fl = eps["frozen_lake"]
    assert {e["id"] for e in fl} == {"FrozenLake-v1", "FrozenLake8x8-v1"}
    fl_kwargs = set().union(*(e["kwargs"] for e in fl))
    assert fl_kwargs >= {"desc", "map_name", "is_slippery", "success_rate", "reward_schedule"}
    assert any(st[2] != 0 and type(st[2]) is float for e in fl for st in e["steps"])
    assert any(e.get("after_end") for e in fl)
    for e in fl:  # stepping on from a hole or the goal: reward 0, terminated, prob 1.0
        for st in e["steps"][len(e["steps"]) - e.get("after_end", 0):]:
            assert st[2] == 0 and type(st[2]) is int and st[3] is True and st[5] == {"prob": 1.0}
    taxi = eps["taxi"]
    assert any(e["kwargs"].get("is_rainy") and e["kwargs"].get("fickle_passenger") for e in taxi)
    assert any(e.get("after_end") for e in taxi)
    # A fickle passenger changes destination at least once in the file.
    changes = sum(
        1
        for e in taxi
        if e["kwargs"].get("fickle_passenger")
        for a, b in zip([e["reset"]["obs"]] + [st[1] for st in e["steps"]], [st[1] for st in e["steps"]])
        if a % 4 != b % 4
    )
    assert changes > 0


def test_gzip_writer_is_deterministic(tmp_path):
    lines = ['{"a":1}', '{"b":[1.5,-0.0,Infinity]}']
    a, b = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    G.write_jsonl_gz(str(a), lines)
    G.write_jsonl_gz(str(b), lines)
    assert a.read_bytes() == b.read_bytes()
    assert G.read_jsonl_gz(str(a)) == lines


def test_to_py_keeps_types():
    import numpy as np

    assert G.to_py(np.float32(0.1)) == float(np.float32(0.1))
    assert type(G.to_py(np.float32(0.1))) is float
    assert type(G.to_py(np.int64(3))) is int
    assert type(G.to_py(np.bool_(True))) is bool
    assert G.to_py(np.array([0.1], dtype=np.float32)) == [float(np.float32(0.1))]


@pytest.mark.parametrize("family", G.FAMILIES)
def test_regenerate_reproduces_committed_file(family):
    """Regenerating with pip gymnasium gives the committed lines exactly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fresh = G.generate_family(family)
    committed = load_lines(family)
    assert len(fresh) == len(committed), (
        f"{family}: {len(fresh)} fresh vs {len(committed)} committed episodes; "
        "rerun tests/golden/generate.py"
    )
    for i, (x, y) in enumerate(zip(fresh, committed)):
        if x != y:
            ex, ey = json.loads(x), json.loads(y)
            where = next(
                (f"step {k + 1}: fresh {a} vs committed {b}"
                 for k, (a, b) in enumerate(zip(ex["steps"], ey["steps"])) if a != b),
                f"reset/metadata: fresh {x[:300]} vs committed {y[:300]}",
            )
            raise AssertionError(
                f"{family} line {i + 1} ({ex['id']} seed {ex['seed']}) differs from the committed "
                f"file at {where}: stale file or gymnasium/numpy changed. "
                "Rerun tests/golden/generate.py."
            )
