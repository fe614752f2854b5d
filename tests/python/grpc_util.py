"""`gymcc serve --grpc-port 0` and dm_env_rpc helpers for the gRPC tests."""

from __future__ import annotations

import grpc
from dm_env_rpc.v1 import connection as dm_connection
from dm_env_rpc.v1 import dm_env_rpc_pb2 as pb
from dm_env_rpc.v1 import tensor_utils

from server_util import Server


class GrpcServer(Server):
    """A live `gymcc serve` with its gRPC port open too (the second line it prints)."""

    def __init__(self, gymcc_bin: str, *args: str):
        super().__init__(gymcc_bin, "--grpc-port", "0", *args)
        line = self.proc.stdout.readline()
        if "gRPC" not in line:
            self.proc.kill()
            raise RuntimeError(f"no gRPC port: {line!r} {self.proc.stderr.read()}")
        self.grpc_port = int(line.strip().rsplit(":", 1)[1])
        self.grpc_address = f"127.0.0.1:{self.grpc_port}"

    def connect(self, metadata=None, channel=None) -> dm_connection.Connection:
        return dm_connection.Connection(channel or grpc.insecure_channel(self.grpc_address), metadata)


def settings(**values):
    """CreateWorld/Reset settings from Python values (kwargs as kwargs_<name>=...)."""
    out = {}
    for name, value in values.items():
        if name.startswith("kwargs_"):
            name = "kwargs." + name[len("kwargs_"):]
        out[name] = tensor_utils.pack_tensor(value)
    return out


def create_world(connection, env_id: str, **values) -> str:
    request = pb.CreateWorldRequest(settings=settings(env_id=env_id, **values))
    return connection.send(request).world_name


def join_world(connection, world: str):
    return connection.send(pb.JoinWorldRequest(world_name=world)).specs


def uid_of(specs_map, name: str) -> int:
    for uid, spec in specs_map.items():
        if spec.name == name:
            return uid
    raise KeyError(name)
