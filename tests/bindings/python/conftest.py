"""Fixtures for the tests of the gymcc Python package (bindings/python).

* Fresh random seeds every run: a master seed is drawn (or read from
  ``GYMCC_TEST_SEED``), printed in pytest's header, and every test derives its own
  ``random.Random`` from it and its node id. Rerun a failure with
  ``GYMCC_TEST_SEED=<master seed>``.
* ``server``: a live ``gymcc serve`` on a free loopback port, from ``$GYMCC_BIN``
  (tests that need it are skipped when the variable is unset), stopped with SIGTERM.
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Iterator

import pytest

# pygame (gymnasium's rgb_array reference frames) without a display.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(TESTS_DIR, "python"))

from server_util import Server  # noqa: E402

if not os.environ.get("GYMCC_TEST_SEED"):
    os.environ["GYMCC_TEST_SEED"] = str(random.SystemRandom().getrandbits(63))
MASTER_SEED = int(os.environ["GYMCC_TEST_SEED"])


def pytest_report_header(config: pytest.Config) -> str:
    """Names the master seed, so that a failing run can be replayed."""
    del config
    return f"gymcc bindings: master seed {MASTER_SEED} (rerun with GYMCC_TEST_SEED={MASTER_SEED})"


@pytest.fixture
def test_rng(request: pytest.FixtureRequest) -> random.Random:
    """A per-test RNG derived from the master seed and the test's id."""
    return random.Random(f"{MASTER_SEED}:{request.node.nodeid}")


@pytest.fixture(scope="session")
def gymcc_bin() -> str:
    """The gymcc CLI from ``$GYMCC_BIN``."""
    path = os.environ.get("GYMCC_BIN")
    if not path:
        pytest.skip("GYMCC_BIN is not set: export GYMCC_BIN=/path/to/gymcc to run the remote tests")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"GYMCC_BIN={path!r} is not an executable file")
    return path


@pytest.fixture(scope="module")
def server(gymcc_bin: str) -> Iterator[Server]:
    """A ``gymcc serve`` on a free loopback port for the module's tests."""
    srv = Server(gymcc_bin)
    yield srv
    assert srv.stop() == 0, srv.stderr_text()
