#!/usr/bin/env bash
# The C ABI's conformance runner (CONFORMANCE.md): replays the fixtures
# in-process through libgymcc_c (bindings/c), so --url is accepted and
# ignored. The runner program is $GYMCC_C_CONFORMANCE_BIN, else the one beside
# $GYMCC_BIN (the build run.sh's server comes from), else
# build/dev/bin/gymcc_c_conformance, built here when that build exists.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
fixtures="$root/tests/conformance/fixtures"
while (($#)); do
  case "$1" in
    --url) shift 2 ;;
    --fixtures) fixtures="$2"; shift 2 ;;
    *) echo "usage: $0 [--url URL] [--fixtures DIR]" >&2; exit 2 ;;
  esac
done
runner="${GYMCC_C_CONFORMANCE_BIN:-}"
if [[ -z $runner && -n ${GYMCC_BIN:-} && -x $(dirname "$GYMCC_BIN")/gymcc_c_conformance ]]; then
  runner="$(dirname "$GYMCC_BIN")/gymcc_c_conformance"
fi
if [[ -z $runner ]]; then
  build="$root/build/dev"
  if [[ ! -f $build/build.ninja ]]; then
    echo "c.sh: no runner: configure the dev preset (cmake --preset dev) or set GYMCC_C_CONFORMANCE_BIN" >&2
    exit 2
  fi
  cmake --build "$build" --target gymcc_c_conformance >&2
  runner="$build/bin/gymcc_c_conformance"
fi
exec "$runner" --fixtures "$fixtures"
