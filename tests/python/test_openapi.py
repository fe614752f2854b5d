"""The OpenAPI documents: committed files match their generator, the live
server serves the right one per dialect, and a contract test (schemathesis)
throws generated and malformed inputs at the live server — every response
must match the document and none may be a 5xx."""

from __future__ import annotations

import importlib.util
import json
import os

import subprocess
import sys

import pytest

from server_util import Server

WEB_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "server", "web")


def load_generator():
    spec = importlib.util.spec_from_file_location("gymcc_openapi", os.path.join(WEB_DIR, "openapi.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_documents_match_the_generator():
    generator = load_generator()
    for name, build in generator.DOCUMENTS.items():
        with open(os.path.join(WEB_DIR, name)) as f:
            assert f.read() == generator.render(build), f"{name} is stale: run server/web/openapi.py"


@pytest.fixture(scope="module")
def server(gymcc_bin):
    # Generated vector envs may have up to 65536 sub-envs each: room for all
    # of them, so that no create is refused with a 503.
    srv = Server(gymcc_bin, "--max-envs", "10000000")
    yield srv
    assert srv.stop() == 0


@pytest.mark.parametrize("dialect", ["gymnasium", "legacy"])
def test_live_document_follows_the_dialect(gymcc_bin, dialect):
    srv = Server(gymcc_bin, "--api", dialect)
    try:
        served = srv.client().get("/openapi.json").json()
        with open(os.path.join(WEB_DIR, f"openapi-{dialect}.json")) as f:
            assert served == json.load(f)
        assert served["openapi"].startswith("3.1")
    finally:
        assert srv.stop() == 0


def test_contract(server, tmp_path):
    """schemathesis (its CLI: its pytest plugin does not support this pytest)
    generates valid and invalid requests for every operation."""
    checks = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
    result = subprocess.run(
        [
            os.path.join(os.path.dirname(sys.executable), "st"),
            "run",
            f"{server.base}/openapi.json",
            "--checks",
            checks,
            "--max-examples",
            "25",
            "--generation-deterministic",
            # A stream answers until its instance is deleted: it has its own tests.
            "--exclude-operation-id",
            "stream",
            "--request-timeout",
            "10",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
