"""The remote clients against a server with API keys and TLS (docs/security.md)."""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from gymcc.errors import Unauthorized
from gymcc.remote import RemoteEnv, RemoteVectorEnv
from server_util import Server

ALICE = "alice-key-0123456789abcdef"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1."""
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key),
         "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


@pytest.fixture(scope="module")
def secure(gymcc_bin: str, certificate: tuple[Path, Path],
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with one API key, over TLS."""
    keys = tmp_path_factory.mktemp("keys") / "keys.txt"
    keys.write_text(f"alice:{ALICE}\n")
    cert, key = certificate
    srv = Server(gymcc_bin, "--api-keys", str(keys), "--tls-cert", str(cert), "--tls-key", str(key))
    yield srv
    assert srv.stop() == 0


def test_remote_envs_over_tls_with_a_key(secure: Server, certificate: tuple[Path, Path]) -> None:
    context = ssl.create_default_context(cafile=str(certificate[0]))
    base = f"https://127.0.0.1:{secure.port}"
    env = RemoteEnv(base, "CartPole-v1", api_key=ALICE, ssl_context=context)
    obs, _ = env.reset(seed=3)
    assert obs.shape == (4,)
    env.step(env.action_space.sample())
    env.close()
    vec = RemoteVectorEnv(base, "CartPole-v1", 3, api_key=ALICE, ssl_context=context)
    obs, _ = vec.reset(seed=3)
    assert obs.shape == (3, 4)
    vec.step(vec.action_space.sample())
    vec.close()


def test_the_key_comes_from_the_environment_and_is_checked(
    secure: Server, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    context = ssl.create_default_context(cafile=str(certificate[0]))
    base = f"https://127.0.0.1:{secure.port}"
    with pytest.raises(Unauthorized):
        RemoteEnv(base, "CartPole-v1", ssl_context=context)
    with pytest.raises(Unauthorized):
        RemoteVectorEnv(base, "CartPole-v1", 2, ssl_context=context)
    monkeypatch.setenv("GYMCC_API_KEY", ALICE)
    env = RemoteEnv(base, "CartPole-v1", ssl_context=context)
    assert env.reset(seed=0)[0].shape == (4,)
    env.close()
    vec = RemoteVectorEnv(base, "CartPole-v1", 2, ssl_context=context)
    assert vec.reset(seed=0)[0].shape == (2, 4)
    vec.close()
    monkeypatch.setenv("GYMCC_API_KEY", "not-a-key-0123456789abcdef")
    with pytest.raises(Unauthorized):
        RemoteVectorEnv(base, "CartPole-v1", 2, ssl_context=context)


def test_an_untrusted_certificate_is_refused(secure: Server) -> None:
    with pytest.raises((ssl.SSLError, ConnectionError)):
        RemoteEnv(f"https://127.0.0.1:{secure.port}", "CartPole-v1", api_key=ALICE)


def test_a_key_past_its_rate_raises_rate_limited(gymcc_bin: str, tmp_path: Path) -> None:
    """A key's RATE (requests per second): past it the client raises RateLimited."""
    from gymcc.errors import RateLimited

    keys = tmp_path / "keys.txt"
    slow = "slow-key-0123456789abcdef"
    keys.write_text(f"slow:{slow}::0.001\n")  # one request, then one per 1,000 s
    srv = Server(gymcc_bin, "--api-keys", str(keys))
    try:
        client = srv.client()
        first = client.post("/v1/envs/", {"env_id": "CartPole-v1"}, headers={"X-API-Key": slow})
        assert first.status == 200
        limited = client.post("/v1/envs/", {"env_id": "CartPole-v1"}, headers={"X-API-Key": slow})
        assert (limited.status, limited.json()["code"]) == (429, "rate_limited")
        assert limited.headers["retry-after"] == "1000"
        with pytest.raises(RateLimited):
            RemoteEnv(srv.base, "CartPole-v1", api_key=slow)
        client.close()
    finally:
        assert srv.stop() == 0
