"""Balances CartPole-v1 on a gymcc server with a fixed policy; prints the mean return of 10 seeded episodes.

    .venv/bin/python bindings/python/examples/cartpole.py [http://127.0.0.1:5000]
"""

from __future__ import annotations

import sys

from gymcc.remote import RemoteEnv


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
    env = RemoteEnv(url, "CartPole-v1")
    returns = []
    try:
        for seed in range(10):
            observation, _ = env.reset(seed=seed)
            episode_return, done = 0.0, False
            while not done:
                # Push the cart towards where the pole is falling: angle plus angular velocity.
                action = int(observation[2] + observation[3] > 0)
                observation, reward, terminated, truncated, _ = env.step(action)
                episode_return += float(reward)
                done = terminated or truncated
            returns.append(episode_return)
    finally:
        env.close()
    shown = " ".join(f"{r:g}" for r in returns)
    print(f"CartPole-v1, fixed policy: returns {shown}; mean return over 10 episodes: {sum(returns) / 10:.1f}")


if __name__ == "__main__":
    main()
