"""Exceptions raised by gymcc, locally (``gymcc.make``) and remotely (``gymcc.remote``).

Every class derives from :class:`Error` and, where gymnasium has one, from the error a
gymnasium user already catches: :class:`ResetNeeded` is a
``gymnasium.error.ResetNeeded``, :class:`UnknownEnv` a ``gymnasium.error.NameNotFound``,
:class:`InvalidKwarg` a ``TypeError`` (as Python raises for an unexpected keyword), and so
on. ``code`` is the stable snake_case name the HTTP API puts in its ``"code"`` field.
"""

from __future__ import annotations


import gymnasium.error as gym_error

__all__ = [
    "AtCapacity",
    "DeprecatedEnv",
    "Forbidden",
    "Error",
    "InstanceNotFound",
    "InvalidAction",
    "InvalidArgument",
    "InvalidKwarg",
    "InvalidOptions",
    "InvalidRequest",
    "InvalidSeed",
    "InvalidState",
    "MalformedId",
    "NotRenderable",
    "QuotaExceeded",
    "RateLimited",
    "RemoteError",
    "ResetNeeded",
    "Unauthorized",
    "UnknownEnv",
    "UnknownVersion",
    "error_class",
]


class Error(gym_error.Error):
    """Base class of every gymcc error."""

    #: The class's code; an error a server answered carries the server's own ``code``.
    code: str = "error"
    #: The HTTP status, for errors a server answered with; None for local ones.
    status: int | None = None


class MalformedId(Error):
    """The id does not match ``[namespace/]name[-vN]``."""

    code = "malformed_id"


class UnknownEnv(Error, gym_error.NameNotFound):
    """No environment of that name (or namespace) is registered."""

    code = "unknown_env"


class UnknownVersion(Error, gym_error.VersionNotFound):
    """The name is registered, but not with that version."""

    code = "unknown_version"


class DeprecatedEnv(Error, gym_error.DeprecatedEnv):
    """The version is older than the latest registered one."""

    code = "deprecated_env"


class InvalidKwarg(Error, TypeError):
    """An unknown kwarg, or one of the wrong type (or an unknown render mode)."""

    code = "invalid_kwarg"


class InvalidSeed(Error):
    """A negative or non-integer seed (gymnasium's message)."""

    code = "invalid_seed"


class InvalidOptions(Error, ValueError):
    """Reset options the environment rejects."""

    code = "invalid_options"


class InvalidAction(Error, gym_error.InvalidAction, ValueError):
    """An action outside the action space (a Box action out of bounds is not: the env clips)."""

    code = "invalid_action"


class ResetNeeded(Error, gym_error.ResetNeeded):
    """``step`` (or ``render``) before the first ``reset``."""

    code = "reset_needed"


class NotRenderable(Error, gym_error.UnsupportedMode):
    """``render`` without a render mode, or a render mode gymcc does not implement."""

    code = "not_renderable"


class InvalidArgument(Error, ValueError):
    """Any other invalid argument, e.g. a value gymcc cannot convert."""

    code = "invalid_argument"


class InvalidState(Error, ValueError):
    """A snapshot that is malformed, tampered with, or of another env id, kwargs or format version.

    Also raised by ``get_state`` for an env that cannot be snapshotted as asked (a vector env
    whose sub-envs have different generated maps).
    """

    code = "invalid_state"


class RemoteError(Error):
    """An error answered by a server that has no more specific class here."""

    code = "remote_error"


class InstanceNotFound(RemoteError, LookupError):
    """The server has no instance with that id (deleted, expired, or never created)."""

    code = "instance_not_found"


class InvalidRequest(RemoteError, ValueError):
    """The server could not read the request.

    Bad JSON or MessagePack, a missing or mistyped field, an unknown WebSocket op, a body too large.
    """

    code = "invalid_request"


class AtCapacity(RemoteError):
    """The server already holds ``--max-envs`` instances."""

    code = "at_capacity"


class QuotaExceeded(RemoteError):
    """The API key already holds its ``max_envs`` (its quota in the server's key file)."""

    code = "quota_exceeded"


class RateLimited(RemoteError):
    """The API key made more requests per second than its RATE in the server's key file.

    Over REST the answer carries ``Retry-After`` (seconds); wait that long and retry.
    """

    code = "rate_limited"


class Unauthorized(RemoteError, PermissionError):
    """The server needs an API key and got none, or one it does not know.

    Pass ``api_key=`` or set ``GYMCC_API_KEY``.
    """

    code = "unauthorized"


class Forbidden(RemoteError, PermissionError):
    """The server refused the request's origin or host (a browser page of another site)."""

    code = "forbidden"


_BY_CODE: dict[str, type[Error]] = {
    cls.code: cls
    for cls in (
        MalformedId,
        UnknownEnv,
        UnknownVersion,
        DeprecatedEnv,
        InvalidKwarg,
        InvalidSeed,
        InvalidOptions,
        InvalidAction,
        ResetNeeded,
        NotRenderable,
        InvalidArgument,
        InvalidState,
        InstanceNotFound,
        AtCapacity,
        QuotaExceeded,
        RateLimited,
        Unauthorized,
        Forbidden,
    )
}
_BY_CODE["sub_env_not_found"] = InstanceNotFound
_BY_CODE["forbidden_origin"] = Forbidden
_BY_CODE["forbidden_host"] = Forbidden
for _code in (
    "invalid_json",
    "invalid_msgpack",
    "unknown_op",
    "missing_field",
    "invalid_field",
    "invalid_body",
    "body_too_large",
    "not_found",
    "method_not_allowed",
):
    _BY_CODE[_code] = InvalidRequest


def error_class(code: str | None, status: int | None = None) -> type[Error]:
    """The exception class for an error ``code`` (and, when the code is unknown, an HTTP status)."""
    if code is not None and code in _BY_CODE:
        return _BY_CODE[code]
    if status == 404:
        return InstanceNotFound
    if status == 503:
        return AtCapacity
    if status == 401:
        return Unauthorized
    if status == 403:
        return Forbidden
    if status == 429:
        return QuotaExceeded
    if status is not None and status in (405, 413, 422):
        return InvalidRequest
    return RemoteError if status is not None else Error
