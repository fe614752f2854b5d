#!/usr/bin/env python3
"""Soak and churn: does one `gymcc serve` give back what it takes?

    benchmarks/soak.py BIN_DIR [--cycles 1000000] [--ws-sessions 100000] [--workers 4]
                       [--json OUT.json] [--max-growth 1.05]

Starts BIN_DIR/gymcc serve on 127.0.0.1 (a free port), then runs `--cycles` create/step/delete
cycles over keep-alive HTTP connections (one per worker process) and `--ws-sessions` WebSocket
sessions that each open, make an env, step it, and close (the session's close must delete the
env). RSS (VmRSS of the server) is sampled at start, after warm-up (the first 5 % of the
cycles), in the middle and at the end; the instance count comes from GET /v1/envs/ at the end.
Exits 1 unless RSS_end <= max_growth * RSS_after_warmup and no instance is left. Stdlib only,
so it runs from any Python 3."""
import argparse
import base64
import json
import multiprocessing
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time


def start_server(bindir, flags=()):
    """`gymcc serve` on a free loopback port with extra `flags`; (process, port) once it accepts."""
    cmd = [f"{bindir}/gymcc", "serve", "--host", "127.0.0.1", "--port", "0", "--log-level",
           "warning", *flags]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = None
    for line in proc.stdout:
        m = re.search(r"127\.0\.0\.1:(\d+)", line)
        if m:
            port = int(m.group(1))
            break
    if port is None:
        raise SystemExit("gymcc serve printed no port")
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), 1).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, port


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


class Http:
    """One keep-alive HTTP/1.1 connection; enough of the protocol for gymcc's answers."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n")
        self.sock.sendall(head.encode() + data)
        while b"\r\n\r\n" not in self.buf:
            self.buf += self._recv()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status = int(head.split(b" ", 2)[1])
        n = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
        while len(self.buf) < n:
            self.buf += self._recv()
        payload, self.buf = self.buf[:n], self.buf[n:]
        if status >= 400:
            raise RuntimeError(f"{method} {path}: {status} {payload[:200]!r}")
        return json.loads(payload) if n else None

    def _recv(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise RuntimeError("server closed the connection")
        return chunk


class WebSocket:
    """A minimal RFC 6455 client: masked text frames out, unfragmented text frames in."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           f"Sec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self._recv()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"handshake: {head[:200]!r}")

    def _recv(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise RuntimeError("server closed the WebSocket")
        return chunk

    def _send_frame(self, opcode, payload):
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def _read_frame(self):
        while len(self.buf) < 2:
            self.buf += self._recv()
        opcode, n = self.buf[0] & 0x0F, self.buf[1] & 0x7F
        at = 2
        if n == 126:
            while len(self.buf) < 4:
                self.buf += self._recv()
            n, at = struct.unpack("!H", self.buf[2:4])[0], 4
        elif n == 127:
            while len(self.buf) < 10:
                self.buf += self._recv()
            n, at = struct.unpack("!Q", self.buf[2:10])[0], 10
        while len(self.buf) < at + n:
            self.buf += self._recv()
        payload, self.buf = self.buf[at:at + n], self.buf[at + n:]
        return opcode, payload

    def call(self, message):
        self._send_frame(0x1, json.dumps(message).encode())
        while True:
            opcode, payload = self._read_frame()
            if opcode == 0x1:
                reply = json.loads(payload)
                if "error" in reply:
                    raise RuntimeError(f"{message['op']}: {reply['error']}")
                return reply
            if opcode == 0x9:  # ping: answer it and keep reading
                self._send_frame(0xA, payload)

    def close(self):
        self._send_frame(0x8, struct.pack("!H", 1000))
        try:
            while self._read_frame()[0] != 0x8:
                pass
        except RuntimeError:
            pass
        self.sock.close()


def http_worker(port, cycles):
    conn = Http(port)
    for _ in range(cycles):
        iid = conn.call("POST", "/v1/envs/", {"env_id": "CartPole-v1"})["instance_id"]
        conn.call("POST", f"/v1/envs/{iid}/reset/", {"seed": 1})
        conn.call("POST", f"/v1/envs/{iid}/step/", {"action": 0})
        conn.call("DELETE", f"/v1/envs/{iid}/")
    conn.sock.close()


def ws_worker(port, sessions):
    for _ in range(sessions):
        ws = WebSocket(port)
        iid = ws.call({"op": "make", "env_id": "CartPole-v1"})["instance_id"]
        ws.call({"op": "reset", "instance_id": iid, "seed": 1})
        ws.call({"op": "step", "instance_id": iid, "action": 1})
        ws.close()  # the session's env goes with it


def run_phase(pool, worker, port, total, workers):
    share = [total // workers + (1 if i < total % workers else 0) for i in range(workers)]
    pool.starmap(worker, [(port, n) for n in share if n])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("bindir")
    ap.add_argument("--cycles", type=int, default=1_000_000)
    ap.add_argument("--ws-sessions", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--max-growth", type=float, default=1.05)
    ap.add_argument("--json")
    args = ap.parse_args()

    proc, port = start_server(args.bindir)
    report = {"cycles": args.cycles, "ws_sessions": args.ws_sessions, "workers": args.workers}
    t0 = time.monotonic()
    try:
        report["rss_start_kib"] = rss_kib(proc.pid)
        warm = max(1, args.cycles // 20)
        half = (args.cycles - warm) // 2
        with multiprocessing.Pool(args.workers) as pool:
            run_phase(pool, http_worker, port, warm, args.workers)
            run_phase(pool, ws_worker, port, max(1, args.ws_sessions // 20), args.workers)
            report["rss_after_warmup_kib"] = rss_kib(proc.pid)
            run_phase(pool, http_worker, port, half, args.workers)
            run_phase(pool, ws_worker, port, args.ws_sessions // 2, args.workers)
            report["rss_middle_kib"] = rss_kib(proc.pid)
            run_phase(pool, http_worker, port, args.cycles - warm - half, args.workers)
            rest_ws = args.ws_sessions - max(1, args.ws_sessions // 20) - args.ws_sessions // 2
            run_phase(pool, ws_worker, port, max(0, rest_ws), args.workers)
        time.sleep(0.5)  # let the last closed sockets' sessions finish
        report["rss_end_kib"] = rss_kib(proc.pid)
        conn = Http(port)
        listing = conn.call("GET", "/v1/envs/")
        conn.sock.close()
        report["instances_end"] = len(listing)  # {"<instance_id>": "<env_id>", ...}
    finally:
        report["seconds"] = round(time.monotonic() - t0, 1)
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    limit = args.max_growth * report["rss_after_warmup_kib"]
    report["max_growth"] = args.max_growth
    report["pass"] = report["rss_end_kib"] <= limit and report["instances_end"] == 0
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    return 0 if report["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
