#!/usr/bin/env bash
# The Python client's conformance runner (tests/conformance/README.md): pip-installs
# bindings/python into the repository's venv (incrementally, as tests/bindings/python/run.sh
# does), then replays the fixtures with bindings/python/conformance/run.py.
#   tests/conformance/lang/python.sh --url URL --fixtures DIR
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
python=${GYMCC_PYTHON:-$root/.venv/bin/python}

fail_build() {
  echo "FAIL build: $1"
  echo "python: 0 passed, 1 failed"
  exit 1
}

[[ -x $python ]] || fail_build "no Python at $python (scripts/setup.sh creates the venv)"
"$root/tests/bindings/python/install.sh" >&2 || fail_build "pip install bindings/python failed"
exec "$python" "$root/bindings/python/conformance/run.py" "$@"
