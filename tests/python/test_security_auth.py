"""API keys and TLS against the real binary (issue 13, docs/security.md).

With ``--api-keys``, a key sees, steps, renders and deletes only its own instances over REST,
WebSocket and the pages; ``--tls-cert``/``--tls-key`` serve HTTPS and WSS on one port, TLS 1.2+
only, and a bad handshake disturbs no other connection. The router's every route is checked
without sockets in tests/server/test_auth.cpp; these tests check the transport end to end.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import ssl
import subprocess

import pytest
from server_util import Server, WsClient

ALICE = "alice-key-0123456789abcdef"
BOB = "bob-key-0123456789abcdef"


@pytest.fixture(scope="module")
def keyed(gymcc_bin, tmp_path_factory):
    keys = tmp_path_factory.mktemp("keys") / "keys.txt"
    keys.write_text(f"alice:{ALICE}\nbob:{BOB}:3\n")
    srv = Server(gymcc_bin, "--api-keys", str(keys))
    yield srv
    assert srv.stop() == 0
    log = srv.proc.stderr.read()
    assert ALICE not in log and BOB not in log, "a key was logged"


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_requests_need_a_key_and_see_only_their_own(keyed):
    c = keyed.client()
    r = c.get("/v1/envs/")
    assert r.status == 401 and r.json()["code"] == "unauthorized"
    assert r.headers["www-authenticate"] == 'Bearer realm="gymcc"'
    assert c.get("/healthz").status == 200 and c.get("/readyz").status == 200
    created = c.post("/v1/envs/", {"env_id": "CartPole-v1"}, headers=bearer(ALICE))
    assert created.status == 200
    iid = created.json()["instance_id"]
    assert iid in c.get("/v1/envs/", headers=bearer(ALICE)).json()
    assert c.get("/v1/envs/", headers=bearer(BOB)).json() == {}
    for method, path, body in [
        ("GET", f"/v1/envs/{iid}/", None),
        ("POST", f"/v1/envs/{iid}/reset/", {"seed": 1}),
        ("POST", f"/v1/envs/{iid}/step/", {"action": 1}),
        ("GET", f"/v1/envs/{iid}/action_space/", None),
        ("GET", f"/v1/envs/{iid}/monitor/render/", None),
        ("GET", f"/v1/envs/{iid}/monitor/stream/", None),
        ("DELETE", f"/v1/envs/{iid}/", None),
    ]:
        r = c.request(method, path, body, headers={"X-API-Key": BOB})
        assert (r.status, r.json()["code"]) == (404, "instance_not_found"), (method, path, r.body)
    assert c.post(f"/v1/envs/{iid}/reset/", {"seed": 1}, headers=bearer(ALICE)).status == 200
    assert c.delete(f"/v1/envs/{iid}/", headers=bearer(ALICE)).status == 200


def test_a_key_quota_is_429(keyed):
    c = keyed.client()
    made = [c.post("/v1/envs/", {"env_id": "CartPole-v1"}, headers=bearer(BOB)) for _ in range(4)]
    assert [r.status for r in made] == [200, 200, 200, 429]
    assert made[3].json()["code"] == "quota_exceeded" and "'bob'" in made[3].json()["detail"]
    for r in made[:3]:
        c.delete(f"/v1/envs/{r.json()['instance_id']}/", headers=bearer(BOB))


def test_websocket_sessions_authenticate_at_the_handshake(keyed):
    from websockets.exceptions import InvalidStatus

    with pytest.raises(InvalidStatus) as refused:
        WsClient(keyed.port)
    assert refused.value.response.status_code == 401
    c = keyed.client()
    iid = c.post("/v1/envs/", {"env_id": "CartPole-v1"}, headers=bearer(ALICE)).json()["instance_id"]
    with WsClient(keyed.port, additional_headers=bearer(BOB)) as ws:
        reply = ws.call({"op": "reset", "instance_id": iid, "seed": 0})
        assert reply["error"]["code"] == "instance_not_found"
        made = ws.call({"op": "make", "env_id": "CartPole-v1"})
        assert made["instance_id"] not in c.get("/v1/envs/", headers=bearer(ALICE)).json()
    with WsClient(keyed.port, additional_headers={"X-API-Key": ALICE}) as ws:
        assert "observation" in ws.call({"op": "reset", "instance_id": iid, "seed": 0})
    c.delete(f"/v1/envs/{iid}/", headers=bearer(ALICE))


# ------------------------------------------------------------------------------------- TLS


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A throwaway self-signed certificate for 127.0.0.1 and localhost."""
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


@pytest.fixture(scope="module")
def tls_server(gymcc_bin, certificate):
    cert, key = certificate
    srv = Server(gymcc_bin, "--tls-cert", str(cert), "--tls-key", str(key))
    yield srv
    assert srv.stop() == 0


def trusting(cert) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert))


def https(port, cert) -> http.client.HTTPSConnection:
    return http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=trusting(cert))


def test_https_serves_the_api(tls_server, certificate):
    conn = https(tls_server.port, certificate[0])
    conn.request("POST", "/v1/envs/", json.dumps({"env_id": "CartPole-v1"}))
    iid = json.loads(conn.getresponse().read())["instance_id"]
    for _ in range(3):  # keep-alive over TLS
        conn.request("POST", f"/v1/envs/{iid}/reset/", json.dumps({"seed": 42}))
        r = conn.getresponse()
        assert r.status == 200 and len(json.loads(r.read())["observation"]) == 4
    conn.request("DELETE", f"/v1/envs/{iid}/")
    assert conn.getresponse().status == 200
    conn.close()


def test_wss_serves_sessions(tls_server, certificate):
    from websockets.sync.client import connect

    with connect(f"wss://127.0.0.1:{tls_server.port}/v1/ws", ssl=trusting(certificate[0]),
                 open_timeout=10) as ws:
        ws.send(json.dumps({"op": "make", "id": 1, "env_id": "CartPole-v1"}))
        made = json.loads(ws.recv(timeout=10))
        ws.send(json.dumps({"op": "reset", "instance_id": made["instance_id"], "seed": 5}))
        assert len(json.loads(ws.recv(timeout=10))["observation"]) == 4


def test_tls_below_1_2_and_bad_handshakes_are_refused_alone(tls_server, certificate):
    cert = certificate[0]
    old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    old.load_verify_locations(cafile=str(cert))
    old.minimum_version = ssl.TLSVersion.TLSv1
    old.maximum_version = ssl.TLSVersion.TLSv1_1
    try:
        old.set_ciphers("ALL:@SECLEVEL=0")
    except ssl.SSLError:
        pass
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=5) as raw:
        with pytest.raises((ssl.SSLError, ConnectionError)):
            old.wrap_socket(raw, server_hostname="127.0.0.1")
    # A client that speaks plain HTTP, and one that sends garbage, while another works.
    good = https(tls_server.port, cert)
    good.request("GET", "/healthz")
    assert good.getresponse().read() == b'{"status":"ok"}'
    for junk in (b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", os.urandom(512)):
        with socket.create_connection(("127.0.0.1", tls_server.port), timeout=5) as bad:
            bad.sendall(junk)
            assert read_until_closed(bad) is not None  # closed (after a TLS alert at most)
    good.request("GET", "/healthz")
    assert good.getresponse().status == 200
    good.close()


def read_until_closed(sock, limit=1 << 16):
    """What the peer sends before it closes the connection (a timeout fails the test)."""
    data = b""
    sock.settimeout(5)
    try:
        while len(data) < limit:
            chunk = sock.recv(4096)
            if not chunk:
                return data
            data += chunk
    except ConnectionResetError:
        return data
    raise AssertionError(f"the server kept the connection open: {data[:100]!r}")


def test_a_silent_tls_client_is_cut_at_the_header_timeout(gymcc_bin, certificate):
    cert, key = certificate
    srv = Server(gymcc_bin, "--tls-cert", str(cert), "--tls-key", str(key), "--header-timeout", "1")
    try:
        with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as silent:
            assert read_until_closed(silent) == b""  # closed by the server within ~1 s
    finally:
        assert srv.stop() == 0


def test_tls_needs_both_files_and_readable_ones(gymcc_bin, certificate, tmp_path):
    cert, _ = certificate
    for args in (["--tls-cert", str(cert)], ["--tls-cert", str(cert), "--tls-key", str(tmp_path / "none")]):
        out = subprocess.run([gymcc_bin, "serve", "--port", "0", *args], capture_output=True, text=True,
                             timeout=30)
        assert out.returncode == 2, out
        assert "tls" in out.stderr.lower()
