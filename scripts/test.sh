#!/usr/bin/env bash
# The whole test suite, as CI runs it: set up, then build and test the `dev`
# preset (warnings are errors) and the `asan` preset (ASan + UBSan), fuzz, and
# the server's concurrency tests under TSan. Each stage prints how long it took.
#
# The fuzz and TSan builds run in the background at low priority from the start
# of the dev tests: the tests leave a core idle much of the time (servers
# starting, clients waiting on replies) and the builds take that time, not the
# tests'. Their output goes to build/background-builds.log, printed if they fail.
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

background_log=build/background-builds.log
background=""
start_background_builds() {
  mkdir -p build
  # Its own process group (setsid), so that an early exit stops all of it.
  setsid nice -n 10 bash -ec '
    started=$SECONDS
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz
    cmake --preset tsan >/dev/null
    cmake --build --preset tsan --target gymcc_concurrency_tests
    echo "background builds (fuzz, tsan): $((SECONDS - started)) s"
  ' >"$background_log" 2>&1 &
  background=$!
}
wait_background_builds() {
  if ! wait "$background"; then
    background=""
    echo "the background builds failed:"
    cat "$background_log"
    exit 1
  fi
  background=""
  tail -n 1 "$background_log"
}
trap '[[ -z $background ]] || kill -- -"$background" 2>/dev/null || true' EXIT

for preset in dev asan; do
  stage "$preset build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  [[ $preset == dev ]] && start_background_builds
  stage "$preset tests"
  ctest --preset "$preset"
done
stage "waiting for the fuzz and tsan builds"
wait_background_builds
# Fuzzing (tests/fuzz): each libFuzzer target over its seed corpus for 25 s, two at a
# time; any finding fails the run.
stage fuzz
tests/fuzz/run.sh 25
# ThreadSanitizer: only the server library and its concurrency tests are built.
stage "tsan tests"
ctest --preset tsan -L concurrency
stage done
