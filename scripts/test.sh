#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, then build and test the `dev`
# preset (warnings are errors) and the `asan` preset (ASan + UBSan).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
for preset in dev asan; do
  echo "== $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  ctest --preset "$preset"
done
