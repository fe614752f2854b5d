"""Regression tests of issue 13's findings, against the real binary (docs/security.md).

Each test is named for the finding it closes: running out of file descriptors, models sized
by kwargs, WebSocket clients that never read, browsers driving the server, legacy monitor
paths, frames sent with the handshake, stops that wait on deaf peers, timeouts, lenient HTTP
framing, the legacy 413, and idle eviction of WebSocket-owned instances.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import signal
import socket
import subprocess
import time

import pytest
from server_util import Server, WsClient, mp_pack, wait_until


def raw_request(port, data: bytes, timeout=5.0) -> bytes:
    """Sends raw bytes, returns everything the server answers until it closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        return read_answer(s)


def read_answer(s, quiet=1.0) -> bytes:
    """One HTTP answer: the header, then Content-Length bytes (or until the peer closes)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def body_json(answer: bytes):
    return json.loads(answer.partition(b"\r\n\r\n")[2])


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def server(gymcc_bin):
    srv = Server(gymcc_bin)
    yield srv
    assert srv.stop() == 0


# 1 ------------------------------------------------------------------ file descriptors


def test_running_out_of_file_descriptors_neither_spins_nor_floods_the_log(gymcc_bin):
    def low_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))

    proc = subprocess.Popen([gymcc_bin, "serve", "--port", "0", "--threads", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=low_limit)
    port = int(proc.stdout.readline().strip().rsplit(":", 1)[1])
    sockets = []
    try:
        for _ in range(400):
            try:
                sockets.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            except OSError:
                break
        time.sleep(0.5)
        before = cpu_seconds(proc.pid)
        time.sleep(2.0)
        assert cpu_seconds(proc.pid) - before < 0.5, "the server spins while out of descriptors"
        # Connections beyond the limit were answered 503 and closed.
        refused = 0
        for s in sockets[-50:]:
            s.settimeout(2)
            try:
                data = s.recv(4096)
            except (TimeoutError, ConnectionResetError):
                continue
            refused += data.startswith(b"HTTP/1.1 503")
        assert refused > 0
    finally:
        for s in sockets:
            s.close()
    answer = raw_request(port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert status_of(answer) == 200
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0
    log = proc.stderr.read()
    assert log.count("accept failed") <= 3, log[-2000:]
    assert "--max-connections 10000 lowered to 192" in log


# 2 ------------------------------------------------------------------- model sizes


def test_a_huge_frozenlake_map_is_refused_before_it_is_built(server):
    c = server.client()
    rows = ["F" * 1000] * 1000
    rows[0] = "S" + rows[0][1:]
    rows[-1] = rows[-1][:-1] + "G"
    rss = server.rss_kib()
    started = time.monotonic()
    r = c.post("/v1/envs/", {"env_id": "FrozenLake-v1", "kwargs": {"desc": rows}})
    assert (r.status, r.json()["code"]) == (400, "model_too_large"), r.body
    assert time.monotonic() - started < 2
    assert server.rss_kib() - rss < 64 * 1024, "the refused model was built anyway"
    r = c.post("/v1/vector_envs/", {"env_id": "Acrobot-v1", "num_envs": 65536})
    assert r.status in (200, 400)  # within --max-env-memory or refused, never a crash
    if r.status == 200:
        c.delete(f"/v1/vector_envs/{r.json()['instance_id']}/")


# 3 ------------------------------------------------------------ WebSocket back-pressure


def masked_frame(opcode: int, payload: bytes) -> bytes:
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = bytes([0x80 | opcode, 0x80 | n])
    elif n < 1 << 16:
        head = bytes([0x80 | opcode, 0x80 | 126]) + n.to_bytes(2, "big")
    else:
        head = bytes([0x80 | opcode, 0x80 | 127]) + n.to_bytes(8, "big")
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload)) if n < 4096 else (
        (int.from_bytes(payload, "little") ^ int.from_bytes((mask * (n // 4 + 1))[:n], "little"))
        .to_bytes(n, "little"))
    return head + mask + masked


def test_a_websocket_client_that_never_reads_pins_bounded_memory(server):
    c = server.client()
    vid = c.post("/v1/vector_envs/", {"env_id": "CartPole-v1", "num_envs": 65536}).json()["instance_id"]
    c.post(f"/v1/vector_envs/{vid}/reset/", {"seed": 0})
    rss = server.rss_kib()
    frame = masked_frame(0x2, mp_pack({"op": "reset", "instance_id": vid, "seed": 0}))  # ~1 MiB replies
    sockets = []
    try:
        for _ in range(4):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(ws_handshake(server.port))
            assert s.recv(4096).startswith(b"HTTP/1.1 101")
            s.setblocking(False)
            sockets.append(s)
        deadline = time.monotonic() + 6
        pending = {s: frame * 80 for s in sockets}
        while pending and time.monotonic() < deadline:  # send what the server will take
            for s in list(pending):
                try:
                    sent = s.send(pending[s])
                    pending[s] = pending[s][sent:]
                    if not pending[s]:
                        del pending[s]
                except BlockingIOError:
                    pass
            time.sleep(0.01)
        time.sleep(1)
        grown_mib = (server.rss_kib() - rss) / 1024
        # 16 MiB of queued replies per socket (ServerOptions::websocket_queue_bytes) and buffers.
        assert grown_mib < 4 * 40, f"{grown_mib:.0f} MiB for 4 sockets that never read"
    finally:
        for s in sockets:
            s.close()
    assert wait_until(lambda: b"gymcc_websockets 0" in c.get("/metrics").body, 20)
    c.delete(f"/v1/vector_envs/{vid}/")


# 5 -------------------------------------------------------------------- browsers


def test_browsers_cannot_drive_the_server_from_another_site(gymcc_bin):
    srv = Server(gymcc_bin, "--api", "legacy", "--allow-shutdown")
    try:
        port = srv.port
        form = (f"POST /v1/envs/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\n"
                "Content-Type: text/plain\r\nContent-Length: 24\r\n\r\n"
                '{"env_id":"CartPole-v0"}').encode()
        assert status_of(raw_request(port, form)) == 403
        stop = (f"POST /v1/shutdown/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Origin: https://evil.example\r\nContent-Length: 0\r\n\r\n").encode()
        assert status_of(raw_request(port, stop)) == 403
        rebound = b"GET /v1/envs/ HTTP/1.1\r\nHost: evil.example\r\n\r\n"
        assert status_of(raw_request(port, rebound)) == 403
        same_site = form.replace(b"http://evil.example", f"http://127.0.0.1:{port}".encode())
        assert status_of(raw_request(port, same_site)) == 200
        curl_like = form.replace(b"Origin: http://evil.example\r\n", b"")
        assert status_of(raw_request(port, curl_like)) == 200
        assert srv.proc.poll() is None
    finally:
        assert srv.stop() == 0


def test_websocket_handshakes_from_another_site_are_refused(server):
    from websockets.exceptions import InvalidStatus

    with pytest.raises(InvalidStatus) as refused:
        WsClient(server.port, origin="http://evil.example")
    assert refused.value.response.status_code == 403
    with WsClient(server.port, origin=f"http://127.0.0.1:{server.port}") as ws:
        assert "instance_id" in ws.call({"op": "make", "env_id": "CartPole-v1"})


# 6 ----------------------------------------------------------------- legacy monitor


def test_legacy_monitor_directories_stay_under_monitor_dir(gymcc_bin, tmp_path):
    root = tmp_path / "root"
    srv = Server(gymcc_bin, "--api", "legacy", "--monitor-dir", str(root))
    try:
        c = srv.client()
        iid = c.post("/v1/envs/", {"env_id": "CartPole-v0"}).json()["instance_id"]
        for directory in ("../escaped", str(tmp_path / "escaped"), "/etc/gymcc-monitor"):
            r = c.post(f"/v1/envs/{iid}/monitor/start/", {"directory": directory})
            assert r.status == 400 and "outside" in r.json()["message"], (directory, r.body)
        assert not (tmp_path / "escaped").exists()
        assert c.post(f"/v1/envs/{iid}/monitor/start/", {"directory": "run1"}).status == 204
        assert (root / "run1").is_dir()
    finally:
        assert srv.stop() == 0


# 7 ------------------------------------------------------- frames with the handshake


def ws_handshake(port) -> bytes:
    key = base64.b64encode(os.urandom(16))
    return (b"GET /v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key + b"\r\n\r\n")


def masked_text_frame(text: str) -> bytes:
    return masked_frame(0x1, text.encode())


def test_a_frame_sent_with_the_handshake_is_answered(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(ws_handshake(server.port) + masked_text_frame('{"op":"spaces","id":7,"instance_id":"x"}'))
        data = b""
        deadline = time.monotonic() + 5
        while b'"id":7' not in data and time.monotonic() < deadline:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        assert data.startswith(b"HTTP/1.1 101")
        assert b'"id":7' in data and b"instance_not_found" in data, data


# 8 --------------------------------------------------------------------- stops


def test_a_stop_does_not_wait_long_for_a_deaf_peer_and_a_second_signal_ends_it(gymcc_bin):
    srv = Server(gymcc_bin)
    deaf = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    deaf.sendall(ws_handshake(srv.port))
    assert deaf.recv(4096).startswith(b"HTTP/1.1 101")
    started = time.monotonic()
    assert srv.stop() == 0
    assert time.monotonic() - started < 4, "the stop waited for a peer that ignores the close"
    deaf.close()

    srv = Server(gymcc_bin)
    c = srv.client()
    iid = c.post("/v1/envs/", {"env_id": "CartPole-v1", "render_mode": "rgb_array"}).json()["instance_id"]
    c.post(f"/v1/envs/{iid}/reset/", {"seed": 0})
    slow = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    slow.sendall(b"POST /v1/envs/" + iid.encode() + b"/step/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{")
    srv.proc.send_signal(signal.SIGTERM)
    time.sleep(0.2)
    started = time.monotonic()
    srv.proc.send_signal(signal.SIGTERM)
    assert srv.proc.wait(timeout=10) == 0
    assert time.monotonic() - started < 2
    slow.close()


# 9 ------------------------------------------------------------------ timeouts


def test_slow_and_idle_connections_are_cut_at_their_timeouts(gymcc_bin):
    srv = Server(gymcc_bin, "--header-timeout", "1", "--keep-alive-timeout", "2", "--body-timeout", "1")
    try:
        def seconds_until_closed(sock, drip=b""):
            started = time.monotonic()
            sock.settimeout(0.25)
            while time.monotonic() - started < 10:
                if drip:
                    try:
                        sock.sendall(drip)
                    except (BrokenPipeError, ConnectionResetError):
                        return time.monotonic() - started
                try:
                    if sock.recv(4096) == b"":
                        return time.monotonic() - started
                except TimeoutError:
                    continue
                except ConnectionResetError:
                    return time.monotonic() - started
            return None

        with socket.create_connection(("127.0.0.1", srv.port)) as slowloris:
            slowloris.sendall(b"GET /healthz HTTP/1.1\r\n")
            took = seconds_until_closed(slowloris, drip=b"X-a: b\r\n")
            assert took is not None and took < 3, took
        with socket.create_connection(("127.0.0.1", srv.port)) as idle:
            took = seconds_until_closed(idle)
            assert took is not None and 1.5 < took < 4, took
        with socket.create_connection(("127.0.0.1", srv.port)) as body:
            body.sendall(b"POST /v1/envs/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
            took = seconds_until_closed(body)
            assert took is not None and took < 3, took
        assert status_of(raw_request(srv.port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")) == 200
    finally:
        assert srv.stop() == 0


# 10 -------------------------------------------------------------- strict HTTP/1.1


def test_http_framing_is_strict(server):
    port = server.port
    host = b"Host: 127.0.0.1\r\n"
    assert status_of(raw_request(port, b"GET /healthz HTTP/1.1\r\n\r\n")) == 400
    assert status_of(raw_request(port, b"GET /healthz HTTP/1.1\r\n" + host + host + b"\r\n")) == 400
    assert status_of(raw_request(port, b"GET /healthz HTTP/1.0\r\n\r\n")) == 200
    for coding in (b"foo", b"gzip, chunked", b"chunked, identity"):
        answer = raw_request(port, b"POST /v1/envs/ HTTP/1.1\r\n" + host +
                             b"Transfer-Encoding: " + coding + b"\r\n\r\n0\r\n\r\n")
        assert status_of(answer) in (400, 501), (coding, answer)
    both = raw_request(port, b"POST /v1/envs/ HTTP/1.1\r\n" + host + b"Content-Length: 2\r\n"
                       b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    assert status_of(both) == 400
    chunked = raw_request(port, b"POST /v1/envs/ HTTP/1.1\r\n" + host + b"Transfer-Encoding: chunked\r\n"
                          b"\r\n18\r\n{\"env_id\":\"CartPole-v1\"}\r\n0\r\n\r\n")
    assert status_of(chunked) == 200
    assert status_of(raw_request(port, b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\n" + host + b"\r\n")) == 414
    huge = b"X-Big: " + b"b" * 20000 + b"\r\n"
    assert status_of(raw_request(port, b"GET /healthz HTTP/1.1\r\n" + host + huge + b"\r\n")) == 431
    assert status_of(raw_request(port, b"GET /healthz HTTP/1.1\r\n" + host + b"Expect: magic\r\n\r\n")) == 417


def test_expect_100_continue_is_answered(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        body = b'{"env_id":"CartPole-v1"}'
        s.sendall(b"POST /v1/envs/ HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                  b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        s.settimeout(2)
        assert s.recv(4096) == b"HTTP/1.1 100 Continue\r\n\r\n"
        s.sendall(body)
        assert status_of(read_answer(s)) == 200


def test_repeated_json_keys_take_the_last_value(server):
    body = b'{"env_id":"Nope-v0","env_id":"CartPole-v1"}'
    answer = raw_request(server.port, b"POST /v1/envs/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                         str(len(body)).encode() + b"\r\n\r\n" + body)
    assert status_of(answer) == 200, answer


# 11 ----------------------------------------------------------------- legacy 413


def test_legacy_413_is_the_dialects_400_message(gymcc_bin):
    srv = Server(gymcc_bin, "--api", "legacy", "--max-body-bytes", "100")
    try:
        body = json.dumps({"env_id": "CartPole-v0", "pad": "x" * 200}).encode()
        answer = raw_request(srv.port, b"POST /v1/envs/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                             str(len(body)).encode() + b"\r\n\r\n" + body)
        assert status_of(answer) == 400 and "message" in body_json(answer), answer
    finally:
        assert srv.stop() == 0


# 12 ------------------------------------------------------------ idle eviction


def test_idle_timeout_spares_a_live_sessions_instances_and_ends_idle_sessions(gymcc_bin):
    srv = Server(gymcc_bin, "--idle-timeout", "2")
    try:
        c = srv.client()
        rest_made = c.post("/v1/envs/", {"env_id": "CartPole-v1"}).json()["instance_id"]
        with WsClient(srv.port, ping_interval=None) as ws:
            kept = ws.call({"op": "make", "env_id": "CartPole-v1"})["instance_id"]
            busy = ws.call({"op": "make", "env_id": "CartPole-v1"})["instance_id"]
            ws.call({"op": "reset", "instance_id": busy, "seed": 0})
            for _ in range(8):  # 4 s of messages on another instance
                time.sleep(0.5)
                ws.call({"op": "spaces", "instance_id": busy})
            listed = c.get("/v1/envs/").json()
            assert kept in listed, "a live session's idle instance was evicted"
            assert rest_made not in listed, "an idle REST instance was kept"
            # Silence beyond --idle-timeout ends the session and its instances.
            assert wait_until(lambda: kept not in c.get("/v1/envs/").json(), timeout=10)
    finally:
        assert srv.stop() == 0
