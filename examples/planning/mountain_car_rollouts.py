"""Rollout planning on a remote MountainCar-v0 by cloning the server's instance.

At every step the agent clones the remote env once per action, plays that action
for ``--horizon`` steps in the clone, scores the clone's end state by its
mechanical energy (reaching the goal beats everything), deletes the clone and
plays the best action for real. No learning: the snapshots (issue 14) make the
env itself the model.

    python examples/planning/mountain_car_rollouts.py --url http://127.0.0.1:5000 --episodes 5
"""

from __future__ import annotations

import argparse
import math
import sys
import time

from gymcc.remote import RemoteEnv


def energy(position: float, velocity: float) -> float:
    """Potential (the hill is sin(3x)) plus kinetic energy, in the env's units."""
    return 0.0025 * math.sin(3 * position) / 3 + 0.5 * velocity * velocity


def plan(env: RemoteEnv, horizon: int) -> tuple[int, int]:
    """The action whose rollout ends highest in energy; also how many steps the rollouts took."""
    best, best_score, steps = 0, -math.inf, 0
    for action in range(3):
        trial = env.clone()
        try:
            score = 0.0
            for _ in range(horizon):
                obs, _, terminated, truncated, _ = trial.step(action)
                steps += 1
                score = energy(float(obs[0]), float(obs[1]))
                if terminated:
                    score = math.inf
                if terminated or truncated:
                    break
        finally:
            trial.close()
        if score > best_score:
            best, best_score = action, score
    return best, steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5000")
    parser.add_argument("--episodes", type=int, default=5)
    parser.add_argument("--horizon", type=int, default=6)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    env = RemoteEnv(args.url, "MountainCar-v0")
    solved, total_steps, started = 0, 0, time.perf_counter()
    try:
        for episode in range(args.episodes):
            env.reset(seed=args.seed + episode)
            length = 0
            while True:
                action, steps = plan(env, args.horizon)
                total_steps += steps + 1
                _, _, terminated, truncated, _ = env.step(action)
                length += 1
                if terminated or truncated:
                    break
            solved += terminated
            print(f"episode {episode}: {'solved' if terminated else 'not solved'} in {length} steps")
    finally:
        env.close()
    elapsed = time.perf_counter() - started
    print(f"success rate {solved}/{args.episodes}; {total_steps / elapsed:.0f} env steps/s (rollouts included)")
    return 0 if solved == args.episodes else 1


if __name__ == "__main__":
    sys.exit(main())
