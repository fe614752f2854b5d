#!/usr/bin/env bash
# ctest's python_bindings: pip-installs bindings/python into the repo venv
# (incrementally: the native build lives in the git-ignored build/python), then
# runs the package's tests. GYMCC_BIN (the CLI, for the remote tests) comes
# from ctest; extra arguments go to pytest.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
python="${GYMCC_PYTHON:-$root/.venv/bin/python}"
# --no-build-isolation: the pinned build requirements (requirements-dev.txt) are
# already in the venv, and an isolated build would download them every time.
"$python" -m pip install --quiet --no-build-isolation --no-deps \
  --config-settings=build-dir="$root/build/python" "$root/bindings/python"
cd "$root"
exec "$python" -m pytest -q -p no:cacheprovider tests/bindings/python "$@"
