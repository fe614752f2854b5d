"""Shared fixtures for the Python tests of gymcc.

* ``gymcc_bin``: path of the CLI from ``$GYMCC_BIN`` (the test is skipped only
  when the variable is unset; a set-but-broken path is a failure).
* ``test_rng``: a ``random.Random`` for fresh seeds. Every run draws a new
  master seed (printed in the header and in failure messages); set
  ``GYMCC_TEST_SEED=<int>`` to replay a run.
* ``golden``: the ``tests/golden/generate.py`` module.
"""

from __future__ import annotations

import importlib.util
import os
import random
import sys

import pytest

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GOLDEN_DIR = os.path.join(TESTS_DIR, "golden")
DATA_DIR = os.path.join(GOLDEN_DIR, "data")

if not os.environ.get("GYMCC_TEST_SEED"):
    # Stored in the environment so that a second import of this module (e.g. via
    # `from conftest import ...` under another import mode) sees the same value.
    os.environ["GYMCC_TEST_SEED"] = str(random.SystemRandom().getrandbits(63))
MASTER_SEED = int(os.environ["GYMCC_TEST_SEED"])


def pytest_report_header(config):
    return f"gymcc: master seed {MASTER_SEED} (rerun with GYMCC_TEST_SEED={MASTER_SEED})"


def load_golden_module():
    """Import tests/golden/generate.py (once) under a unique module name."""
    name = "gymcc_golden_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, os.path.join(GOLDEN_DIR, "generate.py"))
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        spec.loader.exec_module(mod)
    return sys.modules[name]


@pytest.fixture(scope="session")
def golden():
    return load_golden_module()


@pytest.fixture(scope="session")
def gymcc_bin():
    path = os.environ.get("GYMCC_BIN")
    if not path:
        pytest.skip("GYMCC_BIN is not set: export GYMCC_BIN=/path/to/gymcc to run the CLI tests")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"GYMCC_BIN={path!r} is not an executable file")
    return path


@pytest.fixture
def test_rng(request):
    """Per-test RNG derived from the master seed and the test's id."""
    return random.Random(f"{MASTER_SEED}:{request.node.nodeid}")


@pytest.fixture
def master_seed():
    return MASTER_SEED
