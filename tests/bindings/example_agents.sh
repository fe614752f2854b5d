#!/usr/bin/env bash
# ctest's example_agents: every HTTP client's example agent, run with the command its README
# gives, against this build's `gymcc serve` ($GYMCC_BIN) on a free port. Each balances
# CartPole-v1 with the same fixed policy, so each must print the same mean return. (The C
# ABI's examples run in-process: ctest c_abi_examples.)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${GYMCC_BIN:-$root/build/dev/bin/gymcc}
python=${GYMCC_PYTHON:-$root/.venv/bin/python}
expected="mean return over 10 episodes: 483.4"
command -v go >/dev/null || export PATH="/usr/local/go/bin:$PATH"
export PATH="$HOME/.cargo/bin:$PATH" GOPROXY=off GOFLAGS=-mod=readonly

work=$(mktemp -d)
"$bin" serve --host 127.0.0.1 --port 0 --log-level warning >"$work/server.out" 2>"$work/server.log" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  grep -q 'http://' "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
url="http://$(sed -n '1s/.*http:\/\///p' "$work/server.out")"
[[ $url != http:// ]] || { echo "gymcc serve did not start:"; cat "$work/server.log"; exit 1; }

status=0
run() {
  local name=$1 dir=$2
  shift 2
  local output
  output=$(cd "$root/$dir" && timeout 300 "$@" 2>&1)
  local code=$?
  if ((code == 0)) && grep -qF "$expected" <<<"$output"; then
    echo "PASS $name: $(tail -n 1 <<<"$output")"
  else
    echo "FAIL $name (exit status $code, expected '$expected'):"
    tail -n 20 <<<"$output"
    status=1
  fi
}
"$root/tests/bindings/python/install.sh" || { echo "FAIL python: pip install bindings/python failed"; status=1; }
run python . "$python" bindings/python/examples/cartpole.py "$url"
run typescript bindings/typescript npm run --silent example -- "$url"
run go bindings/go go run ./examples/cartpole "$url"
run java bindings/java sh -c 'mvn -B -q -o compile && java -cp "target/classes:target/lib/*" examples/CartPole.java "$0"' "$url"
run rust bindings/rust cargo run -q --offline --locked --release --example cartpole -- "$url"
exit $status
