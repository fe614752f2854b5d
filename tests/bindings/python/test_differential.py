"""gymcc.make against gymnasium.make: exactly equal trajectories, fresh seeds every run.

For every environment variant, both envs are reset with the same fresh seed (small and
huge), their action spaces are seeded alike, and the episodes are stepped side by side:
observations must be ``array_equal`` with identical dtype and shape (or the same Python
type for Discrete and Tuple observations), rewards the same type and bits, flags the same
bools and infos identical — across episode ends and unseeded resets, which continue the
generator's stream.
"""

from __future__ import annotations

import random
import warnings
from typing import Any

import gymcc
import gymnasium
import numpy as np
import pytest
from bindings_util import first_difference

# (id, kwargs, reset options)
VARIANTS: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = [
    ("CartPole-v1", {}, None),
    ("CartPole-v1", {"sutton_barto_reward": True}, None),
    ("CartPole-v1", {}, {"low": -0.2, "high": 0.2}),
    ("CartPole-v0", {}, None),
    ("MountainCar-v0", {}, None),
    ("MountainCar-v0", {}, {"low": -1.2, "high": -0.9}),
    ("MountainCarContinuous-v0", {}, None),
    ("Pendulum-v1", {}, None),
    ("Pendulum-v1", {"g": 2.0}, {"x_init": 1.0, "y_init": 4.0}),
    ("Acrobot-v1", {}, None),
    ("Acrobot-v1", {}, {"low": -0.5, "high": 0.5}),
    ("FrozenLake-v1", {}, None),
    ("FrozenLake-v1", {"is_slippery": False}, None),
    ("FrozenLake-v1", {"desc": ["SFFH", "FHFS", "FFFG"]}, None),
    ("FrozenLake8x8-v1", {}, None),
    ("Taxi-v4", {}, None),
    ("Taxi-v4", {"is_rainy": True, "fickle_passenger": True}, None),
    ("CliffWalking-v1", {}, None),
    ("CliffWalkingSlippery-v1", {}, None),
    ("Blackjack-v1", {}, None),
    ("Blackjack-v1", {"sab": False, "natural": True}, None),
]

MAX_STEPS = 1000  # per seed, over as many episodes as fit


def _id(variant: tuple[str, dict[str, Any], dict[str, Any] | None]) -> str:
    env_id, kwargs, options = variant
    return "-".join([env_id, *(f"{k}={v}" for k, v in kwargs.items()), *(["opts"] if options else [])])


def run_side_by_side(
    env_id: str, kwargs: dict[str, Any], options: dict[str, Any] | None, seed: int, action_seed: int
) -> int:
    """Steps gymnasium's and gymcc's env in lockstep; returns the number of steps compared."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # gymnasium's deprecation and checker warnings
        ref = gymnasium.make(env_id, **kwargs)
    ours = gymcc.make(env_id, **kwargs)
    where = f"{env_id} kwargs={kwargs} options={options} seed={seed} action_seed={action_seed}"
    ref.action_space.seed(action_seed)
    ours.action_space.seed(action_seed)
    steps = 0
    reset_seed: int | None = seed
    while steps < MAX_STEPS:
        expected = ref.reset(seed=reset_seed, options=options)
        got = ours.reset(seed=reset_seed, options=options)
        diff = first_difference(got, expected)
        assert diff is None, f"{where}: reset after {steps} steps: {diff}"
        reset_seed = None  # later episodes continue the generator's stream
        while steps < MAX_STEPS:
            action = ref.action_space.sample()
            mine = ours.action_space.sample()
            assert first_difference(mine, action) is None, f"{where}: sampled actions differ"
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expected_step = ref.step(action)
            got_step = ours.step(action)
            steps += 1
            diff = first_difference(got_step, expected_step)
            assert diff is None, f"{where}: step {steps} action {action!r}: {diff}"
            if expected_step[2] or expected_step[3]:
                break
    ref.close()
    ours.close()
    return steps


@pytest.mark.parametrize("variant", VARIANTS, ids=_id)
def test_trajectories_equal_gymnasium(
    variant: tuple[str, dict[str, Any], dict[str, Any] | None], test_rng: random.Random
) -> None:
    env_id, kwargs, options = variant
    for seed in (test_rng.randrange(2**31), test_rng.randrange(2**63), test_rng.randrange(2**64, 2**128)):
        assert run_side_by_side(env_id, kwargs, options, seed, test_rng.randrange(2**32)) > 0


@pytest.mark.parametrize("env_id", ["CartPole-v1", "Taxi-v4", "Pendulum-v1", "Blackjack-v1"])
def test_gymnasium_make_of_the_gymcc_namespace_equals_gymnasium(env_id: str, test_rng: random.Random) -> None:
    """gymnasium.make("gymcc/<id>") (gymnasium's wrappers, its TimeLimit) is exact too."""
    seed, action_seed = test_rng.randrange(2**32), test_rng.randrange(2**32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref, ours = gymnasium.make(env_id), gymnasium.make(f"gymcc/{env_id}")
        assert ours.spec is not None and ref.spec is not None
        assert ours.spec.max_episode_steps == ref.spec.max_episode_steps
        for env in (ref, ours):
            env.action_space.seed(action_seed)
        assert first_difference(ours.reset(seed=seed), ref.reset(seed=seed)) is None
        for step in range(300):
            action = ref.action_space.sample()
            assert first_difference(ours.action_space.sample(), action) is None
            expected, got = ref.step(action), ours.step(action)
            assert first_difference(got, expected) is None, f"{env_id} seed={seed} step {step}"
            if expected[2] or expected[3]:
                assert first_difference(ours.reset(), ref.reset()) is None


def test_action_types_gymnasium_accepts(test_rng: random.Random) -> None:
    """Python ints, numpy integer scalars and 0-d arrays step alike, as in gymnasium."""
    seed = test_rng.randrange(2**32)
    results = []
    for action in (1, np.int64(1), np.int32(1), np.uint8(1), np.array(1)):
        env = gymcc.make("CartPole-v1")
        env.reset(seed=seed)
        results.append(env.step(action))
    for r in results[1:]:
        assert first_difference(r, results[0]) is None
    env = gymcc.make("MountainCarContinuous-v0")
    ref = gymnasium.make("MountainCarContinuous-v0")
    for action in ([0.5], np.array([0.25], dtype=np.float32), (-0.75,)):
        env.reset(seed=seed)
        ref.reset(seed=seed)
        assert first_difference(env.step(action), ref.step(np.asarray(action, dtype=np.float32))) is None
