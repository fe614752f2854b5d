"""The Python client's conformance runner (tests/conformance/README.md).

    python bindings/python/conformance/run.py --url URL --fixtures DIR

Single-env episodes and error cases replay over REST (``gymcc.remote.RemoteEnv``), vector
runs and vector error cases over the WebSocket session (``RemoteVectorEnv``, MessagePack).
Prints ``PASS <case>`` / ``FAIL <case>: <reason>`` per case, then ``python: N passed, M failed``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from compare import diff, space_diff  # noqa: E402

from gymcc.errors import Error  # noqa: E402
from gymcc.remote import RemoteEnv, RemoteVectorEnv  # noqa: E402


class Failure(Exception):
    """A case whose results differ from the fixture."""


def check(difference: str | None, where: str) -> None:
    if difference is not None:
        raise Failure(f"{where}: {difference}")


def typed(value: Any) -> Any:
    """A fixture's typed arrays (``__ndarray__``) as numpy arrays, anything else as is."""
    if isinstance(value, dict) and "__ndarray__" in value:
        return np.asarray(value["data"], dtype=value["__ndarray__"]).reshape(value["shape"])
    if isinstance(value, dict):
        return {key: typed(v) for key, v in value.items()}
    return value


def make(url: str, args: dict[str, Any]) -> RemoteEnv:
    return RemoteEnv(
        url,
        args["env_id"],
        render_mode=args.get("render_mode"),
        max_episode_steps=args.get("max_episode_steps"),
        **(args.get("kwargs") or {}),
    )


def make_vec(url: str, args: dict[str, Any]) -> RemoteVectorEnv:
    return RemoteVectorEnv(
        url,
        args["env_id"],
        args.get("num_envs", 1),
        autoreset_mode=args.get("autoreset_mode") or "NextStep",
        kwargs=args.get("kwargs"),
        max_episode_steps=args.get("max_episode_steps"),
    )


def episode(url: str, ep: dict[str, Any]) -> None:
    env = make(url, {"env_id": ep["id"], "kwargs": ep.get("kwargs")})
    try:
        sampled = ep.get("policy") == "action_space.sample"
        if sampled:
            env.action_space.seed(ep["seed"])
        obs, info = env.reset(seed=ep["seed"], options=ep.get("options"))
        check(diff(ep["reset"]["obs"], obs), "reset obs")
        check(diff(ep["reset"]["info"], info), "reset info")
        for i, (action, e_obs, e_reward, e_term, e_trunc, e_info) in enumerate(ep["steps"], 1):
            if sampled:
                check(diff(action, env.action_space.sample()), f"step {i}: action_space.sample()")
            obs, reward, terminated, truncated, info = env.step(action)
            check(diff(e_obs, obs), f"step {i} obs")
            check(diff(float(e_reward), reward), f"step {i} reward")
            check(diff(e_term, terminated), f"step {i} terminated")
            check(diff(e_trunc, truncated), f"step {i} truncated")
            check(diff(e_info, info), f"step {i} info")
    finally:
        env.close()


def vector_run(url: str, run: dict[str, Any]) -> None:
    envs = make_vec(
        url,
        {
            "env_id": run["id"],
            "num_envs": run["num_envs"],
            "autoreset_mode": run.get("autoreset_mode"),
            "kwargs": run.get("kwargs"),
            "max_episode_steps": run.get("max_episode_steps"),
        },
    )
    try:
        envs.action_space.seed(run["action_seed"])
        for i, call in enumerate(run["calls"], 1):
            if call[0] == "reset":
                _, seed, options, e_obs, e_infos = call
                obs, infos = envs.reset(seed=seed, options=typed(options))
                check(diff(e_obs, obs), f"call {i} (reset) obs")
                check(diff(e_infos, infos), f"call {i} (reset) infos")
                continue
            _, actions, e_obs, e_rewards, e_term, e_trunc, e_infos = call
            check(diff(actions, envs.action_space.sample()), f"call {i}: action_space.sample()")
            obs, rewards, terminated, truncated, infos = envs.step(typed(actions))
            check(diff(e_obs, obs), f"call {i} (step) obs")
            check(diff(e_rewards, rewards), f"call {i} (step) rewards")
            check(diff(e_term, terminated), f"call {i} (step) terminated")
            check(diff(e_trunc, truncated), f"call {i} (step) truncated")
            check(diff(e_infos, infos), f"call {i} (step) infos")
    finally:
        envs.close()


def error_case(url: str, case: dict[str, Any]) -> None:
    args = case.get("args") or {}
    kind = case["call"]
    opened: list[Any] = []

    def call() -> None:
        if kind == "make":
            opened.append(make(url, args))
        elif kind == "make_vec":
            opened.append(make_vec(url, args))
        elif kind in ("reset", "step"):
            env = make(url, case["env"])
            opened.append(env)
            if case.get("reset"):
                env.reset(**case["reset"])
            if kind == "reset":
                env.reset(seed=args.get("seed"), options=args.get("options"))
            else:
                env.step(args["action"])
        elif kind in ("vector_reset", "vector_step"):
            envs = make_vec(url, case["env"])
            opened.append(envs)
            if case.get("reset"):
                envs.reset(**case["reset"])
            if kind == "vector_reset":
                envs.reset(seed=args.get("seed"), options=typed(args.get("options")))
            else:
                envs.step(typed(args["actions"]))
        else:
            raise Failure(f"unknown call {kind!r}")

    want = f"HTTP {case['status']} {case['code']}"
    try:
        call()
    except Error as e:
        got = (e.status, e.code)
        if got != (case["status"], case["code"]):
            raise Failure(f"expected {want}, got {type(e).__name__} {got}: {e}") from e
    except Failure:
        raise
    except Exception as e:  # another kind of error is a failure, with what it was
        raise Failure(f"expected {want}, got {type(e).__name__}: {e}") from e
    else:
        raise Failure(f"expected {want}, the call succeeded")
    finally:
        for instance in opened:
            instance.close()


def spaces_case(url: str, case: dict[str, Any]) -> None:
    args = {"env_id": case["env_id"], "kwargs": case.get("kwargs")}
    env: Any = make_vec(url, {**args, "num_envs": case["num_envs"]}) if "num_envs" in case else make(url, args)
    try:
        check(space_diff(case["action_space"], env.action_space, "action_space"), "spaces")
        check(space_diff(case["observation_space"], env.observation_space, "observation_space"), "spaces")
    finally:
        env.close()


def cases(fixtures: str) -> Iterator[tuple[str, Callable[[str], None] | str]]:
    """(name, replay) for every line of every fixture file; replay is a reason for a bad line."""
    for root, _, files in sorted(os.walk(fixtures)):
        for name in sorted(files):
            if not (name.endswith(".jsonl") or name.endswith(".jsonl.gz")):
                continue
            path = os.path.join(root, name)
            relative = os.path.relpath(path, fixtures)
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as lines:
                for number, line in enumerate(lines, 1):
                    if not line.strip():
                        continue
                    yield case_of(f"{relative}:{number}", line)


def case_of(name: str, line: str) -> tuple[str, Callable[[str], None] | str]:
    try:
        value = json.loads(line)
    except ValueError as e:
        return name, f"not valid JSON: {e}"
    if not isinstance(value, dict):
        return name, "not a JSON object"
    if "steps" in value:
        return name, lambda url: episode(url, value)
    if "calls" in value:
        return name, lambda url: vector_run(url, value)
    if "call" in value:
        return f"{name}#{value.get('name')}", lambda url: error_case(url, value)
    if "action_space" in value and "observation_space" in value:
        return name, lambda url: spaces_case(url, value)
    return name, "a line of no fixture kind"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--fixtures", required=True)
    options = parser.parse_args()
    passed = failed = 0
    for name, replay in cases(options.fixtures):
        try:
            if isinstance(replay, str):
                raise Failure(replay)
            replay(options.url)
        except Exception as e:  # every failure is reported, and the run goes on
            failed += 1
            print(f"FAIL {name}: {type(e).__name__ + ': ' if not isinstance(e, Failure) else ''}{e}", flush=True)
        else:
            passed += 1
            print(f"PASS {name}", flush=True)
    print(f"python: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
