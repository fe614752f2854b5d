"""Kept for the import path ``gymcc.remote_vector``: the module is :mod:`gymcc.remote.vector_env`."""

from __future__ import annotations

from gymcc.remote._codec import decode_ndarray, encode_ndarray
from gymcc.remote.vector_env import RemoteVectorEnv

__all__ = ["RemoteVectorEnv", "decode_ndarray", "encode_ndarray"]
