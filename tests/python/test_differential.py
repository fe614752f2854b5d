"""Live differential tests: pip gymnasium vs the gymcc CLI, fresh seeds every run.

For every classic-control and toy-text variant we draw new seeds (small and huge), run the
golden protocol with gymnasium (``generate.run_episode``) and
``gymcc rollout ID --seed N ...``, and require EXACT equality of every value
after JSON parsing: same Python type (int vs float vs bool), same float bits.

The seeds come from the master seed printed in pytest's header; rerun a
failure with ``GYMCC_TEST_SEED=<master seed>``. Every failure message also
names the env, kwargs, seed, policy, options, step and field and gives the
gymcc command line that reproduces it.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import shlex
import struct
import subprocess
import warnings

import pytest
from conftest import load_golden_module


GOLDEN_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "golden")
DATA_DIR = os.path.join(GOLDEN_DIR, "data")
G = load_golden_module()
# Set by conftest.py for every run (fresh unless GYMCC_TEST_SEED was given).
MASTER_SEED = os.environ.get("GYMCC_TEST_SEED", "?")
SAMPLE, PUMP = G.SAMPLE, G.PUMP

TIMEOUT = 120

# (gym id, kwargs, policy, reset options, step cap or None)
VARIANTS = [
    ("CartPole-v1", {}, SAMPLE, None, None),
    ("CartPole-v1", {"sutton_barto_reward": True}, SAMPLE, None, None),
    ("CartPole-v1", {}, SAMPLE, {"low": -0.2, "high": 0.2}, None),
    ("CartPole-v0", {}, SAMPLE, None, None),
    ("MountainCar-v0", {}, SAMPLE, None, None),
    ("MountainCar-v0", {}, PUMP, None, None),
    ("MountainCar-v0", {}, PUMP, {"low": -1.2, "high": -0.9}, None),
    ("MountainCarContinuous-v0", {}, SAMPLE, None, None),
    ("MountainCarContinuous-v0", {}, SAMPLE, None, 150),
    ("MountainCarContinuous-v0", {}, PUMP, None, None),
    ("Pendulum-v1", {}, SAMPLE, None, None),
    ("Pendulum-v1", {"g": 9.81}, SAMPLE, None, None),
    ("Pendulum-v1", {"g": 2.0}, SAMPLE, None, None),
    ("Pendulum-v1", {}, SAMPLE, {"x_init": 1.0, "y_init": 4.0}, 50),
    ("Acrobot-v1", {}, SAMPLE, None, None),
    ("Acrobot-v1", {}, SAMPLE, None, 60),
    ("Acrobot-v1", {}, PUMP, None, None),
    ("Acrobot-v1", {}, SAMPLE, {"low": -30.0, "high": 30.0}, 40),
    ("FrozenLake-v1", {}, SAMPLE, None, None),
    ("FrozenLake-v1", {"is_slippery": False}, SAMPLE, None, None),
    ("FrozenLake-v1", {"success_rate": 0.75, "reward_schedule": [1.0, -1.0, -0.01]}, SAMPLE, None, None),
    ("FrozenLake-v1", {"success_rate": 1, "reward_schedule": [3, -2, 1]}, SAMPLE, None, None),
    ("FrozenLake-v1", {"desc": ["SFFH", "FHFS", "FFFG"]}, SAMPLE, None, None),
    ("FrozenLake8x8-v1", {}, SAMPLE, None, None),
    ("FrozenLake8x8-v1", {"is_slippery": False}, SAMPLE, None, None),
    ("Taxi-v4", {}, SAMPLE, None, None),
    ("Taxi-v4", {"is_rainy": True}, SAMPLE, None, None),
    ("Taxi-v4", {"fickle_passenger": True, "fickle_probability": 1.0}, SAMPLE, None, None),
    ("Taxi-v4", {"is_rainy": True, "fickle_passenger": True}, SAMPLE, None, None),
    ("Taxi-v4", {"is_rainy": True, "rainy_probability": 0.55}, SAMPLE, None, None),
    ("CliffWalking-v1", {}, SAMPLE, None, 1000),
    ("CliffWalkingSlippery-v1", {}, SAMPLE, None, 1000),
    ("Blackjack-v1", {}, SAMPLE, None, None),
    ("Blackjack-v1", {"natural": True}, SAMPLE, None, None),
    ("Blackjack-v1", {"sab": False, "natural": True}, SAMPLE, None, None),
    ("Blackjack-v1", {"sab": False}, SAMPLE, None, None),
]

# Full-length episodes are slower in Python; use fewer seeds for them.
LONG = {"MountainCarContinuous-v0": 999, "Acrobot-v1": 500}


def _variant_id(v):
    env_id, kw, pol, opt, cap = v
    parts = [env_id]
    parts += [f"{k}_{val}" for k, val in kw.items()]
    if pol != SAMPLE:
        parts.append(pol)
    if opt is not None:
        parts.append("opts")
    if cap is not None:
        parts.append(f"cap{cap}")
    return "-".join(parts)


# ---------------------------------------------------------------------------
# Exact comparison
# ---------------------------------------------------------------------------


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


def first_difference(a, b, path="$"):
    """Return None if a and b are identical (types and float bits), else a description."""
    if type(a) is not type(b):
        return f"{path}: type {type(a).__name__} {a!r} != {type(b).__name__} {b!r}"
    if isinstance(a, float):
        if _bits(a) != _bits(b) and not (math.isnan(a) and math.isnan(b)):
            return f"{path}: {a!r} != {b!r}"
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: length {len(a)} != {len(b)} ({a!r} vs {b!r})"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    if isinstance(a, dict):
        if set(a) != set(b):
            return f"{path}: keys {sorted(a)} != {sorted(b)}"
        for k in a:
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if a != b:
        return f"{path}: {a!r} != {b!r}"
    return None


def test_first_difference_is_strict():
    assert first_difference(1.0, 1.0) is None
    assert first_difference(1, 1.0)
    assert first_difference(True, 1)
    assert first_difference(0.0, -0.0)
    assert first_difference([1.0, 2.0], [1.0, 2.0000000000000004])
    assert first_difference({"a": 1}, {"a": 1, "b": 2})
    assert first_difference(float("inf"), float("inf")) is None


# ---------------------------------------------------------------------------
# Running both sides
# ---------------------------------------------------------------------------


def rollout_cmd(gymcc_bin, env_id, seed, kwargs, policy, options, cap):
    cmd = [gymcc_bin, "rollout", env_id, "--seed", str(seed)]
    if cap is not None:
        cmd += ["--steps", str(cap)]
    if kwargs:
        cmd += ["--kwargs", json.dumps(kwargs)]
    if policy != SAMPLE:
        cmd += ["--policy", "pump"]
    if options is not None:
        cmd += ["--options", json.dumps(options)]
    return cmd


def run_gymcc_rollout(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    if proc.returncode != 0:
        raise AssertionError(
            f"gymcc exited with {proc.returncode}\n$ {shlex.join(cmd)}\nstderr:\n{proc.stderr[-4000:]}"
        )
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    out = []
    for i, ln in enumerate(lines):
        try:
            out.append(json.loads(ln))
        except json.JSONDecodeError as e:
            raise AssertionError(f"gymcc line {i} is not JSON ({e}): {ln[:300]!r}\n$ {shlex.join(cmd)}")
    return out


def expected_lines(ep):
    """The CLI lines that the golden-format episode `ep` corresponds to."""
    lines = [{"step": 0, "obs": ep["reset"]["obs"], "info": ep["reset"]["info"]}]
    for k, (a, obs, r, term, trunc, info) in enumerate(ep["steps"], start=1):
        lines.append(
            {
                "step": k,
                "action": a,
                "obs": obs,
                "reward": r,
                "terminated": term,
                "truncated": trunc,
                "info": info,
            }
        )
    return lines


def compare_rollout(gymcc_bin, env_id, seed, kwargs, policy, options, cap):
    """Return None when gymcc matches gymnasium exactly, else a failure description."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ep = G.run_episode(env_id, kwargs, seed, policy, options=options, cap=cap)
    cmd = rollout_cmd(gymcc_bin, env_id, seed, kwargs, policy, options, cap)
    got = run_gymcc_rollout(cmd)
    want = expected_lines(ep)
    where = (
        f"env={env_id} kwargs={kwargs} seed={seed} policy={policy} options={options} cap={cap} "
        f"(master seed {MASTER_SEED})\n$ {shlex.join(cmd)}"
    )
    for k, (w, g) in enumerate(zip(want, got)):
        d = first_difference(w, g, f"step {k}")
        if d:
            return f"{where}\nmismatch at {d}\n  gymnasium: {json.dumps(w)[:600]}\n  gymcc:     {json.dumps(g)[:600]}"
    if len(got) != len(want):
        return (
            f"{where}\ngymcc printed {len(got)} lines, gymnasium has {len(want)} "
            f"(reset + steps, end={ep['end']})"
        )
    return None


def draw_seeds(rng, n):
    """n fresh seeds: always one small and one >64-bit, the rest mixed sizes."""
    seeds = [rng.getrandbits(8), rng.getrandbits(100)]
    while len(seeds) < n:
        seeds.append(rng.getrandbits(rng.choice([16, 32, 33, 63, 64, 65, 128, 160])))
    return seeds[:n]


# ---------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS, ids=[_variant_id(v) for v in VARIANTS])
def test_rollout_matches_gymnasium(gymcc_bin, test_rng, variant):
    env_id, kwargs, policy, options, cap = variant
    n = 2 if (env_id in LONG and cap is None and policy == SAMPLE) else 4
    failures = []
    seeds = draw_seeds(test_rng, n)
    for seed in seeds:
        f = compare_rollout(gymcc_bin, env_id, seed, kwargs, policy, options, cap)
        if f:
            failures.append(f)
    assert not failures, f"{len(failures)}/{len(seeds)} seeds differ (seeds {seeds}):\n\n" + "\n\n".join(failures)


def test_int_valued_kwargs_and_options(gymcc_bin, test_rng):
    """Gymnasium casts int-valued float kwargs/options (g=10, low=-1, x_init=1) to float."""
    cases = [
        ("Pendulum-v1", {"g": 10}, SAMPLE, None, 30),
        ("Pendulum-v1", {}, SAMPLE, {"x_init": 1, "y_init": 2}, 30),
        ("MountainCar-v0", {}, SAMPLE, {"low": -1, "high": 0}, 30),
        ("CartPole-v1", {}, SAMPLE, {"low": 0, "high": 0}, None),
        ("Acrobot-v1", {}, SAMPLE, {"low": -1, "high": 1}, 30),
    ]
    failures = []
    for env_id, kwargs, policy, options, cap in cases:
        seed = test_rng.getrandbits(64)
        f = compare_rollout(gymcc_bin, env_id, seed, kwargs, policy, options, cap)
        if f:
            failures.append(f)
    assert not failures, "\n\n".join(failures)


def test_frozen_lake_random_maps(gymcc_bin, test_rng):
    """Maps from gymnasium's generate_random_map (fresh map seeds), passed as desc."""
    from gymnasium.envs.toy_text.frozen_lake import generate_random_map

    failures = []
    for size, p, slippery in [(4, 0.8, True), (6, 0.7, False), (8, 0.8, True), (11, 0.9, True)]:
        desc = generate_random_map(size, p, test_rng.getrandbits(test_rng.choice([8, 64, 100])))
        kwargs = {"desc": desc, "is_slippery": slippery}
        seed = test_rng.getrandbits(test_rng.choice([8, 32, 100]))
        f = compare_rollout(gymcc_bin, "FrozenLake-v1", seed, kwargs, SAMPLE, None, None)
        if f:
            failures.append(f)
    assert not failures, "\n\n".join(failures)


def _write_fresh_golden(tmp_path, test_rng, name="fresh.jsonl.gz"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        episodes = [G.run_spec(s) for s in G.random_specs(test_rng, per_family=1)]
    path = tmp_path / name
    G.write_jsonl_gz(str(path), [G.dumps(e) for e in episodes])
    return path, episodes


def _run_replay(gymcc_bin, *paths):
    cmd = [gymcc_bin, "replay", *map(str, paths)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    return cmd, proc


def test_replay_fresh_golden_file(gymcc_bin, test_rng, tmp_path):
    path, episodes = _write_fresh_golden(tmp_path, test_rng)
    cmd, proc = _run_replay(gymcc_bin, path)
    seeds = [(e["id"], e["seed"]) for e in episodes]
    assert proc.returncode == 0, (
        f"gymcc replay failed (exit {proc.returncode}) on a fresh golden file "
        f"(master seed {MASTER_SEED}; episodes {seeds})\n$ {shlex.join(cmd)}\n"
        f"stdout:\n{proc.stdout[-4000:]}\nstderr:\n{proc.stderr[-4000:]}"
    )
    nonempty = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert len(nonempty) >= len(episodes), (
        f"gymcc replay printed {len(nonempty)} lines for {len(episodes)} episodes"
    )


def _corrupt(ep, what):
    """Return a copy of `ep` with one value changed in a way a replay must notice."""
    ep = json.loads(json.dumps(ep))
    k = len(ep["steps"]) // 2
    if what == "obs_ulp":
        x = ep["steps"][k][1][0]
        ep["steps"][k][1][0] = math.nextafter(x, math.inf)
        return ep, k + 1, "obs"
    if what == "reward":
        ep["steps"][k][2] = ep["steps"][k][2] + 0.5
        return ep, k + 1, "reward"
    if what == "terminated":
        ep["steps"][-1][3] = not ep["steps"][-1][3]
        return ep, len(ep["steps"]), "terminated"
    raise ValueError(what)


@pytest.mark.parametrize("what", ["obs_ulp", "reward", "terminated"])
def test_replay_detects_mismatch(gymcc_bin, test_rng, tmp_path, what):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seed = test_rng.getrandbits(64)
        good = G.run_episode("CartPole-v1", {}, seed, SAMPLE)
        other = G.run_episode("Pendulum-v1", {}, test_rng.getrandbits(32), SAMPLE, cap=20)
    bad, step, field = _corrupt(good, what)
    path = tmp_path / "corrupt.jsonl.gz"
    G.write_jsonl_gz(str(path), [G.dumps(other), G.dumps(bad)])
    cmd, proc = _run_replay(gymcc_bin, path)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, (
        f"gymcc replay accepted a corrupted episode ({what} at step {step}, seed {seed})\n"
        f"$ {shlex.join(cmd)}\n{out[-3000:]}"
    )
    assert str(seed) in out, f"replay output does not name the seed {seed}:\n{out[-3000:]}"
    assert "CartPole" in out or "cartpole" in out, f"replay output does not name the env:\n{out[-3000:]}"


def test_replay_committed_golden_files(gymcc_bin):
    paths = sorted(
        os.path.join(DATA_DIR, f) for f in os.listdir(DATA_DIR) if f.endswith(".jsonl.gz")
    )
    assert paths, f"no golden files in {DATA_DIR}"
    n = 0
    for p in paths:
        with gzip.open(p, "rt") as f:
            n += sum(1 for ln in f if ln.strip())
    cmd, proc = _run_replay(gymcc_bin, *paths)
    assert proc.returncode == 0, (
        f"gymcc replay failed (exit {proc.returncode}) on the committed golden files\n"
        f"$ {shlex.join(cmd)}\nstdout:\n{proc.stdout[-4000:]}\nstderr:\n{proc.stderr[-4000:]}"
    )
    nonempty = [ln for ln in proc.stdout.splitlines() if ln.strip()]
    assert len(nonempty) >= n, f"gymcc replay printed {len(nonempty)} lines for {n} episodes"
