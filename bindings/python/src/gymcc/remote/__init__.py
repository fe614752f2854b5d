"""Environments served by ``gymcc serve``, as gymnasium environments.

* :class:`RemoteEnv` — a ``gymnasium.Env`` whose instance lives on the server, over REST
  (one keep-alive HTTP connection, JSON).
* :class:`RemoteVectorEnv` — a ``gymnasium.vector.VectorEnv`` whose sub-envs step on the
  server, over one WebSocket in MessagePack (docs/fast-paths.md).

The pieces: ``_http`` (the HTTP transport), ``_websocket`` (the WebSocket transport),
``_codec`` (JSON values, the MessagePack ``ndarray`` extension, server errors as
:mod:`gymcc.errors` exceptions), ``env`` and ``vector_env``.
"""

from __future__ import annotations

from gymcc.remote._codec import decode_ndarray, encode_ndarray
from gymcc.remote._http import Connection
from gymcc.remote.env import RemoteEnv
from gymcc.remote.vector_env import RemoteVectorEnv

__all__ = ["Connection", "RemoteEnv", "RemoteVectorEnv", "decode_ndarray", "encode_ndarray"]
