#!/usr/bin/env bash
# ctest's python_bindings: pip-installs bindings/python into the repo venv
# (install.sh), then runs the package's tests. GYMCC_BIN (the CLI, for the remote
# tests) comes from ctest; extra arguments go to pytest.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
python="${GYMCC_PYTHON:-$root/.venv/bin/python}"
"$root/tests/bindings/python/install.sh"
cd "$root"
exec "$python" -m pytest -q -p no:cacheprovider tests/bindings/python "$@"
