"""gymcc's environments in gymnasium's registry, as ``gymcc/<id>``.

``import gymcc`` registers them, so that ``gymnasium.make("gymcc/CartPole-v1")`` and
``gymnasium.make_vec("gymcc/CartPole-v1", 16)`` work; :func:`register` does it again
(idempotently), e.g. after ``gymnasium.registry`` was cleared.
"""

from __future__ import annotations

import gymnasium

from gymcc import _gymcc
from gymcc.envs import NAMESPACE, class_name

__all__ = ["register"]


def register() -> list[str]:
    """Registers every gymcc env with gymnasium as ``gymcc/<id>``; returns the ids registered now.

    Each spec carries gymnasium's registration values (``max_episode_steps``,
    ``reward_threshold``, registered kwargs), the env class as ``entry_point`` and the
    native vector env as ``vector_entry_point``, which ``gymnasium.make_vec`` uses by
    default.
    """
    added = []
    for native in _gymcc.specs():
        env_id = f"{NAMESPACE}/{native['id']}"
        if env_id in gymnasium.registry:
            continue
        name = class_name(native["id"])
        gymnasium.register(
            id=env_id,
            entry_point=f"gymcc.envs:{name}",
            vector_entry_point=f"gymcc.vector:{name}",
            reward_threshold=native["reward_threshold"],
            nondeterministic=native["nondeterministic"],
            max_episode_steps=native["max_episode_steps"],
            kwargs=dict(native["kwargs"]),
        )
        added.append(env_id)
    return added
