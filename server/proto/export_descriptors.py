"""Writes dm_env_rpc's protocol as a FileDescriptorSet, for protoc.

The pip package dm-env-rpc ships generated Python modules, not .proto files;
their embedded descriptors are the protocol itself. This writes the one of
dm_env_rpc/v1/dm_env_rpc.proto with every file it imports (google/rpc/
status.proto, google/protobuf/any.proto), so that

    protoc --descriptor_set_in=OUT --cpp_out=... dm_env_rpc/v1/dm_env_rpc.proto

generates code for any language from the version the venv pins.

Usage: python export_descriptors.py OUT.pb
"""

import sys

from google.protobuf import descriptor_pb2

from dm_env_rpc.v1 import dm_env_rpc_pb2


def file_descriptor_set(root):
    """`root` and its imports, imports first (the order protoc expects)."""
    out = descriptor_pb2.FileDescriptorSet()
    seen = set()

    def add(file):
        if file.name in seen:
            return
        seen.add(file.name)
        for dependency in file.dependencies:
            add(dependency)
        file.CopyToProto(out.file.add())

    add(root)
    return out


def main(argv):
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} OUT.pb")
    data = file_descriptor_set(dm_env_rpc_pb2.DESCRIPTOR).SerializeToString(deterministic=True)
    with open(argv[1], "wb") as out:
        out.write(data)


if __name__ == "__main__":
    main(sys.argv)
