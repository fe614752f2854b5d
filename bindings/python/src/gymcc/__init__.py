"""gymcc: gymnasium's environments in native C++, bit-identical to the reference.

* :func:`make` — a ``gymnasium.Env`` whose steps run in C++ (``gymcc.make("CartPole-v1")``).
* :func:`make_vec` — a ``gymnasium.vector.VectorEnv`` stepping all sub-envs in C++.
* :class:`gymcc.remote.RemoteEnv` — a ``gymnasium.Env`` served by ``gymcc serve``.
* ``import gymcc`` registers every env with gymnasium as ``gymcc/<id>``.
"""

from __future__ import annotations

from gymcc import _gymcc, errors

_gymcc.set_error_classes(errors._BY_CODE)

from gymcc.envs import GymccEnv, make  # noqa: E402
from gymcc.registration import register  # noqa: E402
from gymcc.vector import GymccVectorEnv, make_vec  # noqa: E402

__version__ = "0.1.0"
__all__ = ["GymccEnv", "GymccVectorEnv", "__version__", "env_ids", "errors", "make", "make_vec", "register"]


def env_ids() -> list[str]:
    """Every id gymcc implements, sorted (gymcc's own ids, without the ``gymcc/`` namespace)."""
    return [spec["id"] for spec in _gymcc.specs()]


register()
