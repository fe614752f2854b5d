"""gymcc.make_vec against gymnasium.make_vec(..., vectorization_mode="sync").

Exact in every autoreset mode with fresh seeds; plus the zero-copy views, threads, the GIL
release and errors.
"""

from __future__ import annotations

import random
import sys
import threading
import warnings
from typing import Any

import gymcc
import gymnasium
import numpy as np
import pytest
from bindings_util import VECTOR_VARIANTS, first_difference, reference_vector_env, snapshot, vector_variant_id
from gymcc import errors
from gymnasium.vector import AutoresetMode

MODES = [AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP, AutoresetMode.DISABLED]


@pytest.mark.parametrize("mode", MODES, ids=[m.value for m in MODES])
@pytest.mark.parametrize("variant", VECTOR_VARIANTS, ids=vector_variant_id)
def test_vector_trajectories_equal_gymnasium_sync(
    variant: tuple[str, dict[str, Any], int, int], mode: AutoresetMode, test_rng: random.Random
) -> None:
    env_id, kwargs, num_envs, steps = variant
    seed, action_seed = test_rng.randrange(2**63), test_rng.randrange(2**32)
    where = f"{env_id} kwargs={kwargs} n={num_envs} {mode.value} seed={seed} action_seed={action_seed}"
    ref = reference_vector_env(env_id, num_envs, mode, kwargs)
    ours = gymcc.make_vec(env_id, num_envs, autoreset_mode=mode, **kwargs)
    assert ours.metadata["autoreset_mode"] == mode
    assert ours.single_observation_space == ref.single_observation_space
    assert ours.single_action_space == ref.single_action_space
    assert ours.observation_space == ref.observation_space
    assert ours.action_space == ref.action_space
    ref.action_space.seed(action_seed)
    ours.action_space.seed(action_seed)

    diff = first_difference(snapshot(ours.reset(seed=seed)), ref.reset(seed=seed))
    assert diff is None, f"{where}: reset: {diff}"
    for step in range(1, steps + 1):
        actions = ref.action_space.sample()
        assert first_difference(ours.action_space.sample(), actions) is None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = ref.step(actions)
        got = snapshot(ours.step(actions))
        diff = first_difference(got, expected)
        assert diff is None, f"{where}: step {step}: {diff}"
        if mode == AutoresetMode.DISABLED:
            done = expected[2] | expected[3]
            if done.any():
                options = {"reset_mask": done}
                diff = first_difference(snapshot(ours.reset(options=options)), ref.reset(options=options))
                assert diff is None, f"{where}: masked reset after step {step}: {diff}"
    # A list of seeds, one per sub-env (None keeps a sub-env's stream).
    seeds = [test_rng.randrange(2**32) if i % 2 == 0 else None for i in range(num_envs)]
    diff = first_difference(snapshot(ours.reset(seed=seeds)), ref.reset(seed=seeds))
    assert diff is None, f"{where}: reset(seed={seeds}): {diff}"
    ref.close()
    ours.close()


def test_gymnasium_make_vec_uses_the_native_vector_env(test_rng: random.Random) -> None:
    seed = test_rng.randrange(2**32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        env = gymnasium.make_vec("gymcc/CartPole-v1", 8)
        same_step = gymnasium.make_vec("gymcc/Taxi-v4", 2, autoreset_mode=AutoresetMode.SAME_STEP)
    assert isinstance(env.unwrapped, gymcc.GymccVectorEnv)
    assert env.spec is not None and env.spec.max_episode_steps == 500
    assert env.metadata["autoreset_mode"] == AutoresetMode.NEXT_STEP
    assert same_step.metadata["autoreset_mode"] == AutoresetMode.SAME_STEP
    ref = reference_vector_env("CartPole-v1", 8, AutoresetMode.NEXT_STEP, {})
    assert first_difference(snapshot(env.reset(seed=seed)), ref.reset(seed=seed)) is None
    actions = np.ones(8, dtype=np.int64)
    for _ in range(30):
        assert first_difference(snapshot(env.step(actions)), ref.step(actions)) is None


def test_results_are_views_of_the_native_buffers() -> None:
    env = gymcc.make_vec("CartPole-v1", 16)
    obs0, _ = env.reset(seed=0)
    first = obs0.copy()
    obs1, rewards, terminated, truncated, _ = env.step(np.zeros(16, dtype=np.int64))
    assert np.shares_memory(obs0, obs1)  # one buffer, overwritten in place
    assert not np.array_equal(first, obs1) and np.array_equal(obs0, obs1)
    assert obs1.dtype == np.float32 and obs1.shape == (16, 4) and obs1.flags.c_contiguous
    assert rewards.dtype == np.float64 and terminated.dtype == np.bool_ and truncated.dtype == np.bool_
    del env  # the arrays keep the native env alive
    assert np.isfinite(obs1).all() and rewards.sum() == 16.0

    copying = gymcc.make_vec("CartPole-v1", 16, copy=True)
    a, _ = copying.reset(seed=0)
    b = copying.step(np.zeros(16, dtype=np.int64))[0]
    assert not np.shares_memory(a, b)


def test_threads_do_not_change_results(test_rng: random.Random) -> None:
    seed = test_rng.randrange(2**32)
    single = gymcc.make_vec("Acrobot-v1", 64, autoreset_mode=AutoresetMode.SAME_STEP, max_episode_steps=20)
    threaded = gymcc.make_vec(
        "Acrobot-v1", 64, autoreset_mode=AutoresetMode.SAME_STEP, max_episode_steps=20, num_threads=2
    )
    assert threaded.num_threads == 2
    assert first_difference(snapshot(single.reset(seed=seed)), snapshot(threaded.reset(seed=seed))) is None
    rng = np.random.default_rng(seed)
    for _ in range(50):
        actions = rng.integers(0, 3, size=64)
        assert first_difference(snapshot(single.step(actions)), snapshot(threaded.step(actions))) is None


def test_step_releases_the_gil() -> None:
    """Another Python thread runs while a long vector step is in C++."""
    env = gymcc.make_vec("Pendulum-v1", 200_000)
    env.reset(seed=0)
    actions = np.zeros((200_000, 1), dtype=np.float32)
    counter = [0]
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            counter[0] += 1

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.5)  # without a release, the spinner cannot run during the step
    thread = threading.Thread(target=spin)
    try:
        thread.start()
        ran_during_step = False
        for _ in range(5):
            before = counter[0]
            env.step(actions)
            if counter[0] > before:
                ran_during_step = True
                break
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(interval)
    assert ran_during_step


def test_vector_errors() -> None:
    env = gymcc.make_vec("CartPole-v1", 4, autoreset_mode="Disabled", max_episode_steps=3)
    with pytest.raises(gymnasium.error.ResetNeeded):
        env.step(np.zeros(4, dtype=np.int64))
    env.reset(seed=0)
    with pytest.raises(errors.InvalidAction, match=r"shape \(4,\)"):
        env.step(np.zeros(3, dtype=np.int64))
    with pytest.raises(errors.InvalidAction):
        env.step(np.full(4, 2, dtype=np.int64))
    with pytest.raises(errors.InvalidAction):
        env.step(np.zeros(4, dtype=np.float64))  # Discrete actions must be integers
    for _ in range(3):
        env.step([0, 1, 0, 1])
    with pytest.raises(errors.ResetNeeded, match="reset_mask"):
        env.step([0, 1, 0, 1])
    env.reset(options={"reset_mask": np.array([True, True, True, True])})
    env.step([0, 1, 0, 1])
    with pytest.raises(errors.InvalidOptions):
        env.reset(options={"reset_mask": np.array([True, False])})
    with pytest.raises(errors.InvalidSeed):
        env.reset(seed=[1, 2])
    with pytest.raises(errors.NotRenderable):
        gymcc.make_vec("CartPole-v1", 2, render_mode="rgb_array")
    with pytest.raises(gymnasium.error.NameNotFound):
        gymcc.make_vec("Nope-v0", 2)
    env.close()
    env.close()
    assert env.closed
    with pytest.raises(gymnasium.error.ClosedEnvironmentError):
        env.step([0, 1, 0, 1])
