"""rgb_array frames of the classic-control envs against gymnasium's own.

For each case gymnasium (with pygame-ce) runs a seeded episode under a
policy, records the actions and renders the final frame; then
``gymcc_render_frame`` (tests/tools/render_frame.cpp, path in
``$GYMCC_RENDER_FRAME_BIN``) replays the same seed, reset options and
actions — the envs are bit-exact, so the state is the same — and writes its
frame. The mean absolute difference per channel must stay within 3.0; the
numbers are printed for every case (``[render] ...`` lines).

Every primitive gymcc draws follows pygame's integer algorithms, so frames
are identical except for Pendulum's torque arrow, which gymnasium blits from
a bundled PNG and gymcc draws from a fitted outline (a few hundredths per
channel on average).
"""

from __future__ import annotations

import json
import math
import os
import subprocess

# Before pygame is imported: no window, no display server needed.
os.environ["SDL_VIDEODRIVER"] = "dummy"

import gymnasium as gym  # noqa: E402
import numpy as np  # noqa: E402
import pygame  # noqa: E402,F401  (gymnasium renders with it; a missing install must fail)
import pytest  # noqa: E402

MAX_MEAN_ABS_DIFF = 3.0

# Some cases step on after termination or reset outside the observation
# space on purpose (extreme states); gymnasium warns about both.
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*already returned terminated = True:UserWarning",
    "ignore:.*not within the observation space:UserWarning",
)


@pytest.fixture(scope="module")
def render_frame_bin():
    path = os.environ.get("GYMCC_RENDER_FRAME_BIN")
    if not path:
        pytest.skip(
            "GYMCC_RENDER_FRAME_BIN is not set: build gymcc_render_frame and export its path "
            "(ctest sets it)"
        )
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"GYMCC_RENDER_FRAME_BIN={path!r} is not an executable file")
    return path


# ---- policies: functions (env, obs, step index) -> action -------------------


def sample(env, obs, i):
    return env.action_space.sample()


def constant(action):
    return lambda env, obs, i: action


def float_action(value):
    return lambda env, obs, i: np.array([value], dtype=np.float32)


def pump_discrete(env, obs, i):  # MountainCar: accelerate along the velocity
    return 2 if obs[1] >= 0 else 0


def pump_continuous(env, obs, i):
    return np.array([1.0 if obs[1] >= 0 else -1.0], dtype=np.float32)


def pump_acrobot(env, obs, i):  # torque along the second joint's velocity
    return 2 if obs[5] >= 0 else 0


# (case name, seed, reset options, policy, steps)
CASES = {
    "CartPole-v1": [
        ("reset", 0, None, None, 0),
        ("random", 1, None, sample, 15),
        ("cart at the right edge", 2, None, constant(1), 35),
        ("cart off the right edge", 2, None, constant(1), 45),
        ("cart at the left edge", 3, {"low": -2.4, "high": -2.39}, None, 0),
        ("pole far tilted", 4, {"low": 0.2, "high": 0.25}, constant(0), 12),
        ("pole upright exactly", 5, {"low": 0.0, "high": 0.0}, None, 0),
    ],
    "MountainCar-v0": [
        ("reset", 0, None, None, 0),
        ("pumping", 1, None, pump_discrete, 60),
        ("up the right hill", 2, None, pump_discrete, 110),
        ("at the left wall", 3, {"low": -1.2, "high": -1.2}, None, 0),
        ("at the flag", 4, {"low": 0.45, "high": 0.5}, constant(2), 3),
    ],
    "MountainCarContinuous-v0": [
        ("reset", 0, None, None, 0),
        ("random", 1, None, sample, 40),
        ("pumping", 2, None, pump_continuous, 90),
        ("at the left wall", 3, {"low": -1.2, "high": -1.2}, float_action(-1.0), 2),
    ],
    "Pendulum-v1": [
        ("reset, no arrow", 0, None, None, 0),
        ("full torque clockwise", 1, None, float_action(2.0), 1),
        ("full torque counter-clockwise", 2, None, float_action(-2.0), 3),
        ("small torque", 3, None, float_action(0.35), 2),
        ("torque clipped from 5", 4, None, float_action(5.0), 1),
        ("zero torque", 5, None, float_action(0.0), 4),
        ("upright exactly", 6, {"x_init": 0.0, "y_init": 0.0}, None, 0),
        ("hanging down", 7, {"x_init": math.pi, "y_init": 0.0}, float_action(-0.8), 5),
        ("random", 8, None, sample, 25),
    ],
    "Acrobot-v1": [
        ("reset", 0, None, None, 0),
        ("pumping", 1, None, pump_acrobot, 40),
        ("links crossed", 2, None, pump_acrobot, 120),
        ("swinging high", 3, None, pump_acrobot, 200),
        ("straight down exactly", 4, {"low": 0.0, "high": 0.0}, None, 0),
        ("upside down", 5, {"low": 3.0, "high": 3.1}, constant(1), 2),
        ("random", 6, None, sample, 30),
    ],
}

PARAMS = [
    pytest.param(env_id, *case, id=f"{env_id}-{case[0].replace(' ', '_')}")
    for env_id, cases in CASES.items()
    for case in cases
]


def gymnasium_frame(env_id, seed, options, policy, steps):
    """The frame gymnasium renders, and the actions that led there (JSON-ready)."""
    env = gym.make(env_id, render_mode="rgb_array")
    try:
        env.action_space.seed(seed)
        obs, _ = env.reset(seed=seed, options=options)
        actions = []
        for i in range(steps):
            action = policy(env, obs, i)
            obs, *_ = env.step(action)
            actions.append(action.tolist() if isinstance(action, np.ndarray) else int(action))
        return env.render(), actions
    finally:
        env.close()


def read_ppm(path):
    with open(path, "rb") as f:
        magic, size, maxval, pixels = f.read().split(b"\n", 3)
    assert magic == b"P6" and maxval == b"255"
    width, height = map(int, size.split())
    return np.frombuffer(pixels, dtype=np.uint8).reshape(height, width, 3)


@pytest.mark.parametrize("env_id,case,seed,options,policy,steps", PARAMS)
def test_frame_matches_gymnasium(render_frame_bin, tmp_path, capsys, env_id, case, seed, options,
                                 policy, steps):
    expected, actions = gymnasium_frame(env_id, seed, options, policy, steps)

    out = tmp_path / "frame.ppm"
    command = [render_frame_bin, env_id, str(seed), json.dumps(actions), str(out)]
    if options is not None:
        command.append(json.dumps(options))
    subprocess.run(command, check=True, capture_output=True, text=True)
    ours = read_ppm(out)

    assert ours.shape == expected.shape
    difference = np.abs(ours.astype(np.int16) - expected.astype(np.int16))
    per_channel = difference.mean(axis=(0, 1))
    identical = float((difference.max(axis=2) == 0).mean())
    with capsys.disabled():
        print(
            f"\n[render] {env_id:<26} {case:<30} mean |diff| R {per_channel[0]:.4f} "
            f"G {per_channel[1]:.4f} B {per_channel[2]:.4f}  identical pixels {identical:.4%}",
            end="",
        )
    assert (per_channel <= MAX_MEAN_ABS_DIFF).all(), (
        f"{env_id} ({case}): mean absolute difference per channel {per_channel} exceeds "
        f"{MAX_MEAN_ABS_DIFF}"
    )
