#!/usr/bin/env bash
# pip-installs bindings/python into the repository's venv, incrementally: the native build
# lives in the git-ignored build/python. Used by ctest (its python_install fixture), run.sh and the
# Python conformance runner (tests/conformance/lang/python.sh).
set -euo pipefail
# ctest installs once (its python_install fixture) and sets this for the tests after it.
[[ ${GYMCC_PYTHON_INSTALLED:-} == 1 ]] && exit 0
root="$(cd "$(dirname "$0")/../../.." && pwd)"
python="${GYMCC_PYTHON:-$root/.venv/bin/python}"
# --no-build-isolation: the pinned build requirements (requirements-dev.txt) are
# already in the venv, and an isolated build would download them every time.
exec "$python" -m pip install --quiet --no-build-isolation --no-deps \
  --config-settings=build-dir="$root/build/python" "$root/bindings/python"
