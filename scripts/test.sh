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
# Fuzzing (tests/fuzz): each libFuzzer target over its seed corpus for 25 s, two at a
# time; any finding fails the run.
echo "== fuzz"
tests/fuzz/run.sh 25
# ThreadSanitizer: only the server library and its concurrency tests are built.
echo "== tsan"
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target gymcc_concurrency_tests
ctest --preset tsan -L concurrency
