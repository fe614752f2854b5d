"""The HTTP transport of the remote envs: one keep-alive HTTP/1.1 connection, JSON in and out.

A minimal client on a raw socket with ``TCP_NODELAY`` (:class:`Connection`: about 40 us of
client CPU per call on loopback, where ``http.client`` costs about 0.1 ms and ``requests`` about
1 ms); a connection the server dropped while idle is reopened transparently.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import urllib.parse
from typing import Any

from gymcc.errors import InvalidArgument
from gymcc.remote._codec import server_error

__all__ = ["Connection", "authorization_header", "resolve_api_key"]


def resolve_api_key(api_key: str | None) -> str | None:
    """The key to send: ``api_key``, else ``$GYMCC_API_KEY``, else none."""
    if api_key is None:
        api_key = os.environ.get("GYMCC_API_KEY") or None
    return api_key


def authorization_header(api_key: str | None) -> str:
    """``Authorization: Bearer <key>\\r\\n`` for the resolved key, or nothing.

    Raises:
        InvalidArgument: a key with characters a header cannot carry.
    """
    key = resolve_api_key(api_key)
    if key is None:
        return ""
    if not key.isascii() or not key.isprintable() or " " in key:
        raise InvalidArgument("api_key must be printable ASCII without spaces")
    return f"Authorization: Bearer {key}\r\n"


_RETRYABLE = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


class _IdleClosed(ConnectionError):
    """The server closed a keep-alive connection before answering anything on it."""


class Connection:
    """One keep-alive HTTP/1.1 connection to a gymcc server, JSON in and out.

    A minimal client on a raw socket (``TCP_NODELAY``): a request is one ``sendall``, an
    answer is read with ``recv`` into one buffer and parsed for its status,
    ``Content-Length`` (or chunked encoding) and ``Connection: close``. About 40 us of client
    CPU per call on loopback, against about 0.1 ms for ``http.client`` (which parses headers
    with the email package) and about 1 ms for ``requests``.
    """

    def __init__(
        self,
        base_url: str,
        timeout: float = 30.0,
        *,
        api_key: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """Parses ``base_url`` (``http://host:port[/prefix]``); connects on first use.

        Args:
            base_url: the server.
            timeout: seconds to wait for each answer.
            api_key: sent as ``Authorization: Bearer <key>`` (``gymcc serve --api-keys``).
            ssl_context: for ``https://`` servers (default: the system's trusted CAs).

        Raises:
            InvalidArgument: not an http(s) URL, or an API key that cannot be a header.
        """
        url = urllib.parse.urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise InvalidArgument(
                f"base_url must be an http(s) URL like http://127.0.0.1:5000, got {base_url!r}"
            )
        self.base_url = base_url
        self._https = url.scheme == "https"
        self._host = url.hostname
        self._port = url.port or (443 if self._https else 80)
        self._host_header = url.netloc.rpartition("@")[2]
        self._prefix = url.path.rstrip("/")
        self._timeout = timeout
        self._ssl_context = ssl_context
        self._auth = authorization_header(api_key)
        self._sock: socket.socket | None = None
        self._buffer = bytearray()

    def _connect(self) -> socket.socket:
        sock = socket.create_connection((self._host, self._port), timeout=self._timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self._https:
            context = self._ssl_context or ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=self._host)
        return sock

    def request(self, method: str, path: str, body: bytes | None = None) -> Any:
        """Sends one request; returns the decoded JSON answer (None for an empty body).

        Raises:
            gymcc.errors.Error: the server answered with an error status (the class
                follows the answer's ``code``, or its status for servers without codes).
            ConnectionError: the server could not be reached or dropped the connection.
            TimeoutError: no answer within the timeout.
        """
        status, payload = self.exchange(method, path, body or b"")
        if status >= 400:
            raise server_error(status, payload)
        return json.loads(payload) if payload else None

    def exchange(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        *,
        content_type: str = "application/json",
        accept: str = "application/json",
    ) -> tuple[int, bytes]:
        """Sends one request with these media types; returns ``(status, body)``, errors included.

        Raises:
            ConnectionError: the server could not be reached or dropped the connection.
            TimeoutError: no answer within the timeout.
        """
        path = self._prefix + path
        message = (
            f"{method} {path} HTTP/1.1\r\nHost: {self._host_header}\r\nAccept: {accept}\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n{self._auth}\r\n"
        ).encode("latin-1") + body
        for attempt in range(2):
            reused = self._sock is not None
            try:
                if self._sock is None:
                    self._sock = self._connect()
                    self._buffer.clear()
                self._sock.sendall(message)
                return self._read_response(method)
            except (_IdleClosed, *_RETRYABLE) as e:
                self.close()
                # A keep-alive connection the server dropped while idle: once more, anew.
                if reused and attempt == 0:
                    continue
                raise ConnectionError(f"{method} {self.base_url}{path}: {e}") from e
            except BaseException:
                self.close()  # the connection's state is unknown: never reuse it
                raise
        raise AssertionError("unreachable")

    def _receive(self, answered: bool) -> None:
        """Reads what the socket has into the buffer."""
        assert self._sock is not None
        chunk = self._sock.recv(65536)
        if not chunk:
            if not answered:
                raise _IdleClosed("the server closed the connection")
            raise ConnectionError("the server closed the connection in the middle of an answer")
        self._buffer += chunk

    def _line(self) -> bytes:
        buffer = self._buffer
        while (end := buffer.find(b"\r\n")) < 0:
            self._receive(True)
        line = bytes(buffer[:end])
        del buffer[: end + 2]
        return line

    def _take(self, n: int) -> bytes:
        buffer = self._buffer
        while len(buffer) < n:
            self._receive(True)
        data = bytes(buffer[:n])
        del buffer[:n]
        return data

    def _read_response(self, method: str) -> tuple[int, bytes]:
        buffer = self._buffer
        answered = bool(buffer)
        while True:
            while (end := buffer.find(b"\r\n\r\n")) < 0:
                self._receive(answered)
                answered = True
            lines = buffer[:end].decode("latin-1").split("\r\n")
            del buffer[: end + 4]
            version, status_text = lines[0].split(" ", 2)[:2]
            status = int(status_text)
            if status >= 200:
                break  # else an interim 1xx answer: the real one follows
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        keep_alive = headers.get("connection", "").lower() != "close" and (
            version == "HTTP/1.1" or headers.get("connection", "").lower() == "keep-alive"
        )
        if method == "HEAD" or status in (204, 304):
            payload = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            parts = []
            while size := int(self._line().split(b";")[0], 16):
                parts.append(self._take(size))
                self._take(2)
            while self._line():  # trailers, up to the empty line
                pass
            payload = b"".join(parts)
        elif "content-length" in headers:
            payload = self._take(int(headers["content-length"]))
        else:  # delimited by the end of the connection
            assert self._sock is not None
            while chunk := self._sock.recv(65536):
                buffer += chunk
            payload, keep_alive = bytes(buffer), False
            buffer.clear()
        if not keep_alive:
            self.close()
        return status, payload

    def close(self) -> None:
        """Closes the connection (the next request opens a new one)."""
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self._buffer.clear()
