#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, then build and test the `dev`
# preset (warnings are errors) and the `asan` preset (ASan + UBSan), fuzz, and
# the server's concurrency tests under TSan. Each stage prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
run_start=$SECONDS
stage_start=$SECONDS
stage() {
  echo "== $1 (previous stage: $((SECONDS - stage_start)) s; total: $((SECONDS - run_start)) s)"
  stage_start=$SECONDS
}
stage setup
./scripts/setup.sh --test
for preset in dev asan; do
  stage "$preset build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  stage "$preset tests"
  ctest --preset "$preset"
done
# Fuzzing (tests/fuzz): each libFuzzer target over its seed corpus for 25 s, two at a
# time; any finding fails the run.
stage fuzz
tests/fuzz/run.sh 25
# ThreadSanitizer: only the server library and its concurrency tests are built.
stage "tsan build"
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target gymcc_concurrency_tests
stage "tsan tests"
ctest --preset tsan -L concurrency
stage done
