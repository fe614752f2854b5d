"""The wire codec of the remote envs (docs/api.md, docs/fast-paths.md): JSON values, the
MessagePack ``ndarray`` extension both ways, and server errors as :mod:`gymcc.errors` exceptions.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping
from typing import Any

import msgpack
import numpy as np

from gymcc.errors import Error, InvalidArgument, error_class

__all__ = ["decode_ndarray", "encode_ndarray"]

#: MessagePack extension type of an ndarray (docs/fast-paths.md).
NDARRAY_EXT = 1

# The table of docs/fast-paths.md; little-endian whatever the host, as the wire is.
_DTYPE_OF_CODE: dict[int, np.dtype[Any]] = {
    0: np.dtype(np.bool_),
    1: np.dtype("i1"),
    2: np.dtype("u1"),
    3: np.dtype("<i2"),
    4: np.dtype("<u2"),
    5: np.dtype("<i4"),
    6: np.dtype("<u4"),
    7: np.dtype("<i8"),
    8: np.dtype("<u8"),
    10: np.dtype("<f4"),
    11: np.dtype("<f8"),
}
_CODE_OF_DTYPE: dict[np.dtype[Any], int] = {dtype: code for code, dtype in _DTYPE_OF_CODE.items()}
_DIMS = [struct.Struct(f"<{d}I") for d in range(33)]

# MessagePack seeds are 64-bit at most; larger ones (gymnasium takes any size) go over REST.
MSGPACK_INT_MIN, MSGPACK_INT_MAX = -(2**63), 2**64 - 1


def encode_ndarray(array: np.ndarray) -> bytes:
    """The payload of the ``ndarray`` extension for ``array``.

    Raises:
        InvalidArgument: a dtype the format has no code for (object, complex, strings...).
    """
    code = _CODE_OF_DTYPE.get(array.dtype)
    if code is None:
        if array.dtype.kind == "f" and array.dtype.itemsize == 2:
            array = array.astype("<f4")  # exact: every float16 is a float32
        elif array.dtype.kind in "biuf":
            array = array.astype(array.dtype.newbyteorder("<"))  # big-endian host or array
        code = _CODE_OF_DTYPE.get(array.dtype)
        if code is None:
            raise InvalidArgument(f"cannot send an array of dtype {array.dtype} as a MessagePack ndarray")
    shape = array.shape
    # tobytes() writes C order whatever the array's layout (slices, transposes).
    return bytes((code, len(shape))) + _DIMS[len(shape)].pack(*shape) + array.tobytes()


def decode_ndarray(payload: bytes, copy: bool = False) -> np.ndarray:
    """The array an ``ndarray`` extension payload holds: a read-only view of it unless ``copy``.

    Raises:
        ValueError: an unknown dtype code, or a size that does not match the dimensions.
    """
    dtype = _DTYPE_OF_CODE.get(payload[0])
    if dtype is None:
        raise ValueError(f"unknown ndarray dtype code {payload[0]}")
    ndim = payload[1]
    shape = _DIMS[ndim].unpack_from(payload, 2)
    buffer = bytearray(payload) if copy else payload
    return np.frombuffer(buffer, dtype, offset=2 + 4 * ndim).reshape(shape)


def ext_hook(code: int, payload: bytes) -> Any:
    if code == NDARRAY_EXT:
        return decode_ndarray(payload)
    return msgpack.ExtType(code, payload)


def ext_hook_copy(code: int, payload: bytes) -> Any:
    if code == NDARRAY_EXT:
        return decode_ndarray(payload, copy=True)
    return msgpack.ExtType(code, payload)


def pack_default(value: Any) -> Any:
    """What msgpack cannot pack itself: numpy arrays as the extension, numpy scalars as numbers."""
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            return value.tolist()
        return msgpack.ExtType(NDARRAY_EXT, encode_ndarray(value))
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"cannot send a {type(value).__name__} in a MessagePack message: {value!r}")


def ext_header(size: int) -> bytes:
    """The MessagePack header of an ``ndarray`` extension of ``size`` payload bytes."""
    fixed = {1: 0xD4, 2: 0xD5, 4: 0xD6, 8: 0xD7, 16: 0xD8}.get(size)
    if fixed is not None:
        return bytes((fixed, NDARRAY_EXT))
    if size < 1 << 8:
        return bytes((0xC7, size, NDARRAY_EXT))
    if size < 1 << 16:
        return b"\xc8" + size.to_bytes(2, "big") + bytes((NDARRAY_EXT,))
    return b"\xc9" + size.to_bytes(4, "big") + bytes((NDARRAY_EXT,))


def server_error(status: int, payload: bytes) -> Error:
    """The exception for an error answer: ``{"detail", "code"}`` (gymcc) or ``{"message"}``."""
    code: str | None = None
    detail = payload.decode("utf-8", "replace")
    try:
        body = json.loads(payload)
    except ValueError:
        body = None
    if isinstance(body, dict):
        code = body.get("code") if isinstance(body.get("code"), str) else None
        message = body.get("detail", body.get("message"))
        if message is not None:
            detail = message if isinstance(message, str) else json.dumps(message)
    return remote_error(status, code, detail)


def remote_error(status: int | None, code: str | None, detail: str) -> Error:
    """The exception for an error the server answered: its class follows ``code``, else ``status``."""
    where = ", ".join(str(x) for x in (f"HTTP {status}" if status is not None else None, code) if x)
    error = error_class(code, status)(f"{detail} ({where})" if where else detail)
    error.status = status
    if code is not None:
        error.code = code  # e.g. invalid_field, where the class (InvalidRequest) covers several
    return error


def jsonable(value: Any) -> Any:
    """Actions and options as JSON values: numpy arrays to lists, numpy scalars to numbers."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value
