"""A dm_env agent on gymcc over gRPC, through dm_env_rpc's DmEnvAdaptor.

Plays seeded CartPole-v1 episodes with a simple balancing policy on a running
`gymcc serve --grpc-port PORT`, and checks each one against gymnasium for the
same seed and actions: the observations must be identical, bit for bit.

    python examples/grpc/python/dm_env_agent.py 127.0.0.1:50051 --seed 42 --episodes 3

Needs dm-env-rpc and gymnasium (both in requirements-dev.txt).
"""

from __future__ import annotations

import argparse
import sys

import grpc
import gymnasium as gym
import numpy as np
from dm_env_rpc.v1 import connection, dm_env_adaptor, dm_env_rpc_pb2 as pb, tensor_utils


def policy(observation) -> int:
    """Push the cart towards the side the pole falls to."""
    _, _, angle, angular_velocity = observation
    return int(angle + 0.5 * angular_velocity > 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("address", help="host:port of gymcc serve --grpc-port")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--episodes", type=int, default=3)
    args = parser.parse_args()

    reference = gym.make("CartPole-v1")
    with connection.Connection(grpc.insecure_channel(args.address)) as conn:
        world = conn.send(pb.CreateWorldRequest(settings={
            "env_id": tensor_utils.pack_tensor("CartPole-v1"),
            "seed": tensor_utils.pack_tensor(args.seed),
        })).world_name
        env = dm_env_adaptor.DmEnvAdaptor(conn, conn.send(pb.JoinWorldRequest(world_name=world)).specs)
        try:
            for episode in range(args.episodes):
                timestep = env.reset()
                expected, _ = reference.reset(seed=args.seed if episode == 0 else None)
                total, steps = 0.0, 0
                while True:
                    observation = timestep.observation["observation"]
                    if not np.array_equal(observation, expected):
                        print(f"episode {episode} step {steps}: {observation} != {expected}")
                        return 1
                    if timestep.last():
                        break
                    action = policy(observation)
                    timestep = env.step({"action": np.int64(action)})
                    expected, reward, *_ = reference.step(action)
                    total += timestep.reward
                    steps += 1
                print(f"episode {episode}: return {total:g} in {steps} steps, identical to gymnasium")
        finally:
            conn.send(pb.LeaveWorldRequest())
            conn.send(pb.DestroyWorldRequest(world_name=world))
    return 0


if __name__ == "__main__":
    sys.exit(main())
