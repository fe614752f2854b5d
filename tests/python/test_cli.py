"""The gymcc command's behaviour on bad input and its listing.

Bad input gets a one-line error on stderr and exit code 2, never a crash.
"""

from __future__ import annotations

import json
import subprocess

import gymnasium
import pytest


def run(gymcc_bin, *args, input_text=None):
    return subprocess.run(
        [gymcc_bin, *args], capture_output=True, text=True, timeout=60, input=input_text
    )


def assert_one_line_error(result, *fragments):
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["rollout", "Foo-v0"], ["Environment `Foo` doesn't exist."]),
        (["rollout", "CartPol-v1"], ["Did you mean: `CartPole`?"]),
        (["rollout", "CartPole-v9"], ["It provides versioned environments: [ `v0`, `v1` ]."]),
        (["rollout", "bad string"], ["Malformed environment ID: bad string."]),
        (["rollout", "CartPole-v1", "--kwargs", "{not json"], ["--kwargs", "Invalid JSON"]),
        (["rollout", "CartPole-v1", "--kwargs", "[1]"], ["--kwargs must be a JSON object"]),
        (["rollout", "CartPole-v1", "--kwargs", '{"foo": 1}'], ["unexpected keyword argument 'foo'"]),
        (
            ["rollout", "CartPole-v1", "--kwargs", '{"sutton_barto_reward": 3}'],
            ["kwarg 'sutton_barto_reward'", "must be a bool"],
        ),
        (["rollout", "CartPole-v1", "--seed", "-1"], ["Seed must be greater or equal to zero"]),
        (["rollout", "CartPole-v1", "--seed", "abc"], ["Seed must be a non-negative integer"]),
        (["rollout", "CartPole-v1", "--policy", "pump"], ["no pump policy"]),
        (
            ["rollout", "CartPole-v1", "--options", '{"low": 0.1, "high": -0.1}'],
            ["Lower bound (0.1) must be lower than higher bound (-0.1)."],
        ),
        (["replay", "/nonexistent/file.jsonl"], ["cannot open"]),
        (["frobnicate"], []),
        ([], []),
    ],
)
def test_bad_input_is_a_one_line_error(gymcc_bin, args, fragments):
    assert_one_line_error(run(gymcc_bin, *args), *fragments)


def test_malformed_golden_line_names_file_and_line(gymcc_bin, tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "CartPole-v1", "seed": 1, "reset": {"obs": [], "info": {}}, "steps": []}\n{oops\n')
    result = run(gymcc_bin, "replay", str(path))
    assert result.returncode == 2
    assert f"{path}:2" in result.stderr


def test_list_covers_the_registry_with_gymnasium_specs(gymcc_bin):
    result = run(gymcc_bin, "list", "--json")
    assert result.returncode == 0, result.stderr
    listed = {entry["id"]: entry for entry in map(json.loads, result.stdout.splitlines())}
    for env_id in ["CartPole-v0", "CartPole-v1", "MountainCar-v0", "MountainCarContinuous-v0",
                   "Pendulum-v1", "Acrobot-v1"]:
        spec = gymnasium.spec(env_id)
        ours = listed[env_id]
        assert ours["max_episode_steps"] == spec.max_episode_steps
        assert ours["reward_threshold"] == spec.reward_threshold
        assert ours["nondeterministic"] == spec.nondeterministic
        env = gymnasium.make(env_id)
        assert ours["render_fps"] == env.metadata["render_fps"]
        assert ours["render_modes"] == env.metadata["render_modes"]
        assert ours["action_space"]["name"] == type(env.action_space).__name__
        assert ours["observation_space"]["shape"] == list(env.observation_space.shape)
        env.close()
    table = run(gymcc_bin, "list")
    assert table.returncode == 0 and "CartPole-v1" in table.stdout


def test_rollout_is_deterministic_and_ends_the_episode(gymcc_bin):
    first = run(gymcc_bin, "rollout", "CartPole-v1", "--seed", "7")
    second = run(gymcc_bin, "rollout", "CartPole-v1", "--seed", "7")
    assert first.returncode == 0 and first.stdout == second.stdout
    last = json.loads(first.stdout.splitlines()[-1])
    assert last["terminated"] or last["truncated"]
    capped = run(gymcc_bin, "rollout", "CartPole-v1", "--seed", "7", "--steps", "3")
    assert len(capped.stdout.splitlines()) == 4
