"""A minimal synchronous WebSocket client (RFC 6455) for ``RemoteVectorEnv``.

One request, one reply, on the caller's thread: a request is one ``sendall`` of a masked
frame, a reply is read with ``recv_into`` into one growing buffer. ``websockets``' sync client
reads on a background thread instead, and the hand-off between its thread and the caller costs a
thread wake-up per message — about 30 us of the ~45 us a small step takes on loopback here.

Control frames are handled while waiting for a reply: pings are answered, a close frame ends
the connection (``ConnectionClosedError``). No extensions (no compression) are negotiated.
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import ssl
import struct
import urllib.parse

try:  # websockets' C masking routine, when installed
    from websockets.speedups import apply_mask as _apply_mask
except ImportError:  # pragma: no cover - the pure-Python fallback

    def _apply_mask(data: bytes, mask: bytes) -> bytes:
        n = len(data)
        key = int.from_bytes((mask * (n // 4 + 1))[:n], "little")
        return (int.from_bytes(data, "little") ^ key).to_bytes(n, "little")


__all__ = ["ConnectionClosedError", "HandshakeError", "WebSocket"]

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_TEXT, _BINARY, _CLOSE, _PING, _PONG, _CONTINUATION = 0x1, 0x2, 0x8, 0x9, 0xA, 0x0
_HEAD_SHORT = struct.Struct("!BB")
_HEAD_16 = struct.Struct("!BBH")
_HEAD_64 = struct.Struct("!BBQ")


class HandshakeError(ConnectionError):
    """The server did not accept the WebSocket handshake: its HTTP ``status`` and ``body``."""

    status: int | None = None
    body: bytes = b""


class ConnectionClosedError(ConnectionError):
    """The connection ended (a close frame, or the end of the TCP stream)."""


class WebSocket:
    """A connected WebSocket: ``send(bytes | str)``, ``recv() -> bytes | str``, ``close()``."""

    def __init__(
        self,
        url: str,
        timeout: float | None = 30.0,
        *,
        extra_headers: str = "",
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """Connects to ``ws://host:port/path`` (or ``wss://``) and completes the handshake.

        ``extra_headers`` (``"Name: value\\r\\n"`` lines, e.g. the API key's) go with the
        handshake; ``ssl_context`` is for ``wss://`` (default: the system's trusted CAs).
        """
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("ws", "wss") or not parts.hostname:
            raise ValueError(f"not a ws:// or wss:// URL: {url!r}")
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        sock = socket.create_connection((parts.hostname, port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if parts.scheme == "wss":
            context = ssl_context or ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=parts.hostname)
        self.socket = sock
        self._timeout = timeout
        self._buffer = bytearray()
        self._closed = False
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            self._handshake(parts.netloc, target, extra_headers)
        except BaseException:
            sock.close()
            raise

    def _handshake(self, host: str, target: str, extra_headers: str) -> None:
        key = base64.b64encode(os.urandom(16))
        self.socket.sendall(
            b"GET " + target.encode() + b" HTTP/1.1\r\nHost: " + host.encode() + b"\r\n"
            b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            b"Sec-WebSocket-Key: " + key + b"\r\n" + extra_headers.encode("latin-1") + b"\r\n"
        )
        while b"\r\n\r\n" not in self._buffer:
            self._fill()
        head, _, rest = bytes(self._buffer).partition(b"\r\n\r\n")
        self._buffer = bytearray(rest)
        lines = head.decode("latin-1").split("\r\n")
        status = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if len(status) < 2 or status[1] != "101":
            refusal = HandshakeError(f"the server answered {lines[0]!r} instead of 101")
            refusal.status = int(status[1]) if len(status) > 1 and status[1].isdigit() else None
            length = headers.get("content-length", "0")
            want = int(length) if length.isdigit() else 0
            while len(self._buffer) < min(want, 1 << 16):
                self._fill()
            refusal.body = bytes(self._buffer[:want])
            raise refusal
        expected = base64.b64encode(hashlib.sha1(key + _GUID).digest()).decode()
        if headers.get("sec-websocket-accept") != expected:
            raise HandshakeError("the server's Sec-WebSocket-Accept does not match the key")

    def _fill(self) -> None:
        chunk = self.socket.recv(1 << 18)
        if not chunk:
            self._closed = True
            raise ConnectionClosedError("the server ended the connection")
        self._buffer += chunk

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        if n < 126:
            head = _HEAD_SHORT.pack(0x80 | opcode, 0x80 | n)
        elif n < 65536:
            head = _HEAD_16.pack(0x80 | opcode, 0x80 | 126, n)
        else:
            head = _HEAD_64.pack(0x80 | opcode, 0x80 | 127, n)
        mask = os.urandom(4)
        self.socket.sendall(head + mask + _apply_mask(payload, mask))

    def send(self, message: bytes | str) -> None:
        """Sends one message: bytes as a binary frame, str as a text frame."""
        if self._closed:
            raise ConnectionClosedError("the connection is closed")
        if isinstance(message, str):
            self._send_frame(_TEXT, message.encode())
        else:
            self._send_frame(_BINARY, message)

    def _frame(self) -> tuple[bool, int, bytes]:
        buffer = self._buffer
        while len(buffer) < 2:
            self._fill()
        first, second = buffer[0], buffer[1]
        length, offset = second & 0x7F, 2
        if length == 126:
            while len(buffer) < 4:
                self._fill()
            length, offset = int.from_bytes(buffer[2:4], "big"), 4
        elif length == 127:
            while len(buffer) < 10:
                self._fill()
            length, offset = int.from_bytes(buffer[2:10], "big"), 10
        if second & 0x80:  # servers never mask; skip a key all the same
            offset += 4
        while len(buffer) < offset + length:
            self._fill()
        payload = bytes(buffer[offset : offset + length])
        if second & 0x80:
            payload = _apply_mask(payload, bytes(buffer[offset - 4 : offset]))
        del buffer[: offset + length]
        return bool(first & 0x80), first & 0x0F, payload

    def recv(self, timeout: float | None = None) -> bytes | str:
        """The next message: bytes for binary, str for text; pings are answered on the way."""
        if self._closed:
            raise ConnectionClosedError("the connection is closed")
        if timeout != self._timeout:  # settimeout is a syscall: only when it changes
            self.socket.settimeout(timeout)
            self._timeout = timeout
        parts: list[bytes] = []
        kind = None
        while True:
            fin, opcode, payload = self._frame()
            if opcode == _PING:
                self._send_frame(_PONG, payload)
                continue
            if opcode == _PONG:
                continue
            if opcode == _CLOSE:
                self._closed = True
                code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
                reason = payload[2:].decode(errors="replace")
                raise ConnectionClosedError(f"the server closed the connection ({code} {reason})".strip())
            if opcode != _CONTINUATION:
                kind = opcode
            parts.append(payload)
            if fin:
                data = parts[0] if len(parts) == 1 else b"".join(parts)
                return data.decode() if kind == _TEXT else data

    def close(self) -> None:
        """Sends a close frame (best effort) and closes the socket without waiting."""
        if not self._closed:
            self._closed = True
            try:
                self._send_frame(_CLOSE, (1000).to_bytes(2, "big"))
            except OSError:
                pass
        try:
            self.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.socket.close()
