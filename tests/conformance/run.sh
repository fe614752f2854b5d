#!/usr/bin/env bash
# The client conformance suite (tests/conformance/README.md):
#
#   tests/conformance/run.sh [--lang L]... [--fixtures DIR] [--verbose] [BASE_URL]
#
# Without BASE_URL it starts `gymcc serve --port 0` ($GYMCC_BIN, else build/dev/bin/gymcc)
# on 127.0.0.1 and stops it at the end. Each language's runner (lang/<L>.sh) replays every
# fixture in DIR (default: tests/conformance/fixtures) and prints `PASS <case>` or
# `FAIL <case>: <reason>` per case, then `<L>: N passed, M failed`. This prints the failures,
# each language's summary and `total: N passed, M failed`, and exits non-zero if a case
# failed, a runner exited non-zero or a runner printed no summary line.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
fixtures="$here/fixtures"
url=""
verbose=0
langs=()
# A runner that hangs must not hang the suite (a full golden directory takes ~1 minute).
runner_timeout=${GYMCC_CONFORMANCE_TIMEOUT:-900}

usage() {
  sed -n '3,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-2}"
}

while (($#)); do
  case $1 in
    --lang) langs+=("${2:?--lang needs a language}"); shift 2 ;;
    --lang=*) langs+=("${1#--lang=}"); shift ;;
    --fixtures) fixtures=${2:?--fixtures needs a directory}; shift 2 ;;
    --fixtures=*) fixtures=${1#--fixtures=}; shift ;;
    -v | --verbose) verbose=1; shift ;;
    -h | --help) usage 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; usage ;;
    *) [[ -z $url ]] || { echo "run.sh: one BASE_URL at most" >&2; usage; }; url=$1; shift ;;
  esac
done

[[ -d $fixtures ]] || { echo "run.sh: no fixture directory $fixtures" >&2; exit 2; }
fixtures=$(cd "$fixtures" && pwd)

if ((${#langs[@]} == 0)); then
  for runner in "$here"/lang/*.sh; do
    [[ -e $runner ]] && langs+=("$(basename "$runner" .sh)")
  done
fi
if ((${#langs[@]} == 0)); then
  echo "run.sh: no language runners in $here/lang" >&2
  exit 2
fi
for lang in "${langs[@]}"; do
  [[ -x $here/lang/$lang.sh ]] || { echo "run.sh: no runner $here/lang/$lang.sh" >&2; exit 2; }
done

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z $url ]]; then
  bin=${GYMCC_BIN:-$root/build/dev/bin/gymcc}
  [[ -x $bin ]] || { echo "run.sh: no gymcc binary at $bin (build it, or set GYMCC_BIN)" >&2; exit 2; }
  # --max-envs: errors.jsonl's at_capacity case asks for 5000 sub-envs.
  "$bin" serve --host 127.0.0.1 --port 0 --max-envs 4096 --log-level warning \
    >"$work/server.out" 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 100); do
    line=$(head -n 1 "$work/server.out" 2>/dev/null)
    [[ $line == *"http://"* ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [[ $line != *"http://"* ]]; then
    echo "run.sh: gymcc serve did not start:" >&2
    cat "$work/server.log" >&2
    exit 2
  fi
  url="http://${line##*http://}"
  echo "conformance: server $url ($bin)"
fi
echo "conformance: fixtures $fixtures"

total_passed=0
total_failed=0
status=0
summaries=()
for lang in "${langs[@]}"; do
  log="$work/$lang.log"
  echo "== $lang"
  # Shown as it comes: everything but the passes (failures, build output, a crash's trace).
  filter=(grep --line-buffered -v '^PASS ')
  ((verbose)) && filter=(cat)
  timeout --kill-after=10 "$runner_timeout" "$here/lang/$lang.sh" --url "$url" --fixtures "$fixtures" 2>&1 |
    tee "$log" | "${filter[@]}"
  code=${PIPESTATUS[0]}
  summary=$(grep -E "^$lang: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
  if [[ -z $summary ]]; then
    echo "run.sh: the $lang runner printed no summary line (exit status $code)"
    summaries+=("$lang: no summary (exit status $code)")
    status=1
    continue
  fi
  passed=$(sed -E 's/^[^:]+: ([0-9]+) passed.*/\1/' <<<"$summary")
  failed=$(sed -E 's/^[^:]+: [0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$summary")
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  if ((code != 0)); then
    ((code == 124)) && echo "run.sh: the $lang runner timed out after ${runner_timeout}s"
    summaries+=("$summary (runner exit status $code)")
    status=1
  else
    summaries+=("$summary")
  fi
  ((failed == 0)) || status=1
done

echo "== summary"
printf '%s\n' "${summaries[@]}"
echo "total: $total_passed passed, $total_failed failed"
if [[ -n $server_pid ]] && ! kill -0 "$server_pid" 2>/dev/null; then
  echo "run.sh: the server died during the run:"
  cat "$work/server.log"
  status=1
fi
exit "$status"
