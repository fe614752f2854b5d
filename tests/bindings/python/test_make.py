"""gymcc.make: the gymnasium.Env contract and its details.

check_env, spaces, spec, metadata, seeding, rendering, registration with gymnasium, and errors
as gymnasium's exception types.
"""

from __future__ import annotations

import random
import warnings

import gymcc
import gymnasium
import numpy as np
import pytest
from bindings_util import first_difference
from gymcc import errors
from gymnasium.utils import seeding
from gymnasium.utils.env_checker import check_env

ALL_IDS = gymcc.env_ids()


def test_every_gymnasium_id_gymcc_implements_is_registered() -> None:
    assert {"CartPole-v1", "Pendulum-v1", "Acrobot-v1", "FrozenLake-v1", "Taxi-v4", "Blackjack-v1"} <= set(
        ALL_IDS
    )
    for env_id in ALL_IDS:
        assert f"gymcc/{env_id}" in gymnasium.registry


@pytest.mark.parametrize("env_id", ALL_IDS)
def test_check_env(env_id: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # check_env's advice about infinite Box bounds
        check_env(gymcc.make(env_id))
        check_env(gymnasium.make(f"gymcc/{env_id}").unwrapped)


@pytest.mark.parametrize("env_id", ALL_IDS)
def test_spaces_spec_and_metadata_match_gymnasium(env_id: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = gymnasium.make(env_id)
    env = gymcc.make(env_id)
    assert isinstance(env, gymnasium.Env) and isinstance(env, gymcc.GymccEnv)
    assert env.observation_space == ref.observation_space
    assert env.action_space == ref.action_space
    assert type(env.observation_space) is type(ref.observation_space)
    assert getattr(env.observation_space, "dtype", None) == getattr(ref.observation_space, "dtype", None)
    assert env.spec is not None and ref.spec is not None
    assert env.spec.id == f"gymcc/{env_id}"
    assert env.spec.max_episode_steps == ref.spec.max_episode_steps
    assert env.spec.reward_threshold == ref.spec.reward_threshold
    assert env.spec.kwargs == ref.spec.kwargs
    assert env.metadata["render_fps"] == ref.metadata["render_fps"]
    assert set(env.metadata["render_modes"]) <= set(ref.metadata["render_modes"])
    assert env.unwrapped is env


def test_spec_recreates_the_env(test_rng: random.Random) -> None:
    seed = test_rng.randrange(2**32)
    env = gymcc.make("FrozenLake8x8-v1", is_slippery=False)
    assert env.spec is not None and env.spec.kwargs == {"map_name": "8x8", "is_slippery": False}
    again = gymnasium.make(env.spec)
    assert first_difference(again.reset(seed=seed), env.reset(seed=seed)) is None
    for action in [1, 2, 2, 1]:
        assert first_difference(again.step(action), env.step(action)) is None


def test_ids_resolve_as_in_gymnasium() -> None:
    assert gymcc.make("CartPole").env_id == "CartPole-v1"  # the latest version
    assert gymcc.make("gymcc/CartPole-v0").env_id == "CartPole-v0"
    assert type(gymcc.make("Taxi-v4")).__name__ == "Taxi_v4"
    assert gymcc.envs.env_class("FrozenLake8x8-v1") is gymcc.envs.FrozenLake8x8_v1  # type: ignore[attr-defined]


def test_time_limit_overrides() -> None:
    env = gymcc.make("Pendulum-v1", max_episode_steps=5)
    env.reset(seed=0)
    flags = [env.step(np.zeros(1, np.float32))[3] for _ in range(6)]
    assert flags == [False] * 4 + [True, True]
    assert env.elapsed_steps == 6
    unlimited = gymcc.make("Pendulum-v1", max_episode_steps=-1)
    unlimited.reset(seed=0)
    assert not any(unlimited.step([0.0])[3] for _ in range(300))
    assert unlimited.spec is not None and unlimited.spec.max_episode_steps is None


def test_seeding_matches_gymnasium_np_random(test_rng: random.Random) -> None:
    seed = test_rng.randrange(2**64)
    env = gymcc.make("CartPole-v1")
    env.reset(seed=seed)
    assert env.np_random_seed == seed
    expected, _ = seeding.np_random(seed)
    assert env.np_random.bit_generator.state == expected.bit_generator.state
    # Unseeded resets continue the native stream; the same seed replays it.
    first = [env.reset()[0] for _ in range(3)]
    env.reset(seed=seed)
    again = [env.reset()[0] for _ in range(3)]
    assert first_difference(first, again) is None


def test_returned_data_is_fresh() -> None:
    env = gymcc.make("Taxi-v4")
    _, info0 = env.reset(seed=1)
    _, _, _, _, info1 = env.step(0)
    assert info0["action_mask"] is not info1["action_mask"]
    cart = gymcc.make("CartPole-v1")
    obs0, _ = cart.reset(seed=1)
    obs1 = cart.step(0)[0]
    assert not np.shares_memory(obs0, obs1)


def test_observation_types_are_gymnasiums() -> None:
    assert type(gymcc.make("FrozenLake-v1").reset(seed=0)[0]) is int
    obs = gymcc.make("Blackjack-v1").reset(seed=0)[0]
    assert type(obs) is tuple and all(type(x) is int for x in obs)
    assert gymcc.make("CartPole-v1").reset(seed=0)[0].dtype == np.float32
    env = gymcc.make("FrozenLake-v1")
    env.reset(seed=0)
    assert type(env.step(0)[1]) is int


def test_render_modes() -> None:
    env = gymcc.make("CartPole-v1", render_mode="rgb_array")
    env.reset(seed=3)
    frame = env.render()
    assert isinstance(frame, np.ndarray) and frame.dtype == np.uint8 and frame.shape == (400, 600, 3)
    with pytest.warns(UserWarning, match="render_mode"):
        assert gymcc.make("CartPole-v1").render() is None
    with pytest.raises(errors.NotRenderable):
        gymcc.make("CartPole-v1", render_mode="human")


RGB_IDS = [
    env_id for env_id in ALL_IDS if "rgb_array" in gymcc.envs.env_class(env_id).metadata["render_modes"]
]


@pytest.mark.parametrize("env_id", RGB_IDS)
def test_rgb_array_frames_match_gymnasium(env_id: str, test_rng: random.Random) -> None:
    """The frames gymcc draws, through the binding, against gymnasium's (pygame) frames.

    The same tolerance as tests/python/test_render_pixels.py: a mean absolute difference of
    at most 3.0 per channel (frames are identical but for Pendulum's arrow).
    """
    pytest.importorskip("pygame")
    seed, action_seed = test_rng.randrange(2**32), test_rng.randrange(2**32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = gymnasium.make(env_id, render_mode="rgb_array")
    env = gymcc.make(env_id, render_mode="rgb_array")
    ref.reset(seed=seed)
    env.reset(seed=seed)
    ref.action_space.seed(action_seed)
    for _ in range(10):
        action = ref.action_space.sample()
        ref.step(action)
        env.step(action)
    expected, frame = ref.render(), env.render()
    assert isinstance(frame, np.ndarray) and frame.dtype == np.uint8 and frame.shape == expected.shape
    difference = np.abs(frame.astype(np.int16) - expected.astype(np.int16)).mean(axis=(0, 1))
    assert (difference <= 3.0).all(), f"{env_id} seed={seed}: mean |diff| per channel {difference}"
    ref.close()


@pytest.mark.parametrize("env_id", ["FrozenLake-v1", "Taxi-v4", "CliffWalking-v1"])
def test_ansi_render_equals_gymnasium(env_id: str, test_rng: random.Random) -> None:
    seed = test_rng.randrange(2**32)
    ref = gymnasium.make(env_id, render_mode="ansi")
    env = gymcc.make(env_id, render_mode="ansi")
    ref.reset(seed=seed)
    env.reset(seed=seed)
    assert env.render() == ref.render()
    ref.action_space.seed(seed)
    for _ in range(5):
        action = ref.action_space.sample()
        ref.step(action)
        env.step(action)
        text = env.render()
        assert isinstance(text, str) and text == ref.render()


def test_errors_are_gymnasiums() -> None:
    with pytest.raises(gymnasium.error.NameNotFound, match=r"Environment `Nope` doesn't exist\."):
        gymcc.make("Nope-v0")
    with pytest.raises(gymnasium.error.VersionNotFound):
        gymcc.make("CartPole-v7")
    with pytest.raises(gymnasium.error.DeprecatedEnv):
        gymcc.make("Taxi-v3")
    with pytest.raises(TypeError, match="nope"):
        gymcc.make("CartPole-v1", nope=1)
    with pytest.raises(errors.InvalidKwarg, match="sutton_barto_reward"):
        gymcc.make("CartPole-v1", sutton_barto_reward="yes")
    env = gymcc.make("CartPole-v1")
    with pytest.raises(gymnasium.error.ResetNeeded):
        env.step(0)
    env.reset(seed=0)
    with pytest.raises(errors.InvalidAction) as info:
        env.step(2)
    assert isinstance(info.value, ValueError) and info.value.code == "invalid_action"
    with pytest.raises(errors.InvalidAction):
        env.step(True)  # stricter than gymnasium: booleans are not integers in gymcc
    with pytest.raises(errors.InvalidSeed, match="greater or equal to zero"):
        env.reset(seed=-1)
    with pytest.raises(errors.InvalidSeed, match="python integer"):
        env.reset(seed=np.int64(3))  # type: ignore[arg-type]
    with pytest.raises(errors.InvalidOptions):
        env.reset(options={"low": 1.0, "high": -1.0})
    with pytest.raises(errors.InvalidArgument):
        env.step(object())
    env.close()
    env.close()
    with pytest.raises(gymnasium.error.ClosedEnvironmentError):
        env.step(0)


def test_quick_start_loop() -> None:
    """Gymnasium's README loop with gymcc.make substituted."""
    env = gymcc.make("CartPole-v1")
    observation, info = env.reset(seed=42)
    episodes = 0
    for _ in range(1000):
        action = env.action_space.sample()
        observation, reward, terminated, truncated, info = env.step(action)  # noqa: RUF059
        if terminated or truncated:
            episodes += 1
            observation, info = env.reset()  # noqa: RUF059
    env.close()
    assert episodes > 0
