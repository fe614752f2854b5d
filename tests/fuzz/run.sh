#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang-14, ASan + UBSan) and
# runs each over its committed seed corpus (tests/fuzz/corpus/<target>/) for a
# bounded time, two at a time; fails on any finding (crash, sanitizer report,
# leak, timeout, broken invariant), printing the log and the saved input.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]   (default: 25 s; all four)
#
# New inputs go to build/fuzz/runs/<target>/corpus (the seeds are only read);
# docs/security.md ("Fuzzing") explains longer campaigns and replaying a finding.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-25}
(($# > 0)) && shift
targets=("$@")
((${#targets[@]})) || targets=(json msgpack http websocket state)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

runs=build/fuzz/runs
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
run_target() {
  local name=$1 seconds=$2 work=$3/$1
  rm -rf "$work" && mkdir -p "$work/corpus"
  if build/fuzz/bin/fuzz_"$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=16384 -print_final_stats=1 -artifact_prefix="$work/" \
      "$work/corpus" tests/fuzz/corpus/"$name" >"$work/log" 2>&1; then
    echo "fuzz: $name clean: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" |
      grep -o '[0-9]*$') runs in ${seconds}s, $(grep -o 'cov: [0-9]*' "$work/log" | tail -1)"
  else
    echo "fuzz: $name FAILED (log: $work/log); the last lines:"
    tail -n 60 "$work/log"
    ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null || true
    return 1
  fi
}
export -f run_target
# Two at a time: the machine has two cores.
printf '%s\n' "${targets[@]}" | xargs -P 2 -I{} bash -c 'run_target "$@"' _ {} "$seconds" "$runs"
