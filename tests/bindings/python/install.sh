#!/usr/bin/env bash
# pip-installs bindings/python into the repository's venv, incrementally: the native build
# lives in the git-ignored build/python. Used by run.sh (ctest python_bindings) and by the
# Python conformance runner (tests/conformance/lang/python.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
python="${GYMCC_PYTHON:-$root/.venv/bin/python}"
# --no-build-isolation: the pinned build requirements (requirements-dev.txt) are
# already in the venv, and an isolated build would download them every time.
exec "$python" -m pip install --quiet --no-build-isolation --no-deps \
  --config-settings=build-dir="$root/build/python" "$root/bindings/python"
