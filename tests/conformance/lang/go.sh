#!/usr/bin/env bash
# The Go client's conformance runner (tests/conformance/README.md): builds bindings/go offline
# (GOPROXY=off: only the modules scripts/setup.sh downloaded from go.sum), then replays the
# fixtures over REST and over a WebSocket session.
#   tests/conformance/lang/go.sh --url URL --fixtures DIR
set -uo pipefail
mod=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../bindings/go" && pwd)

fail_build() {
  echo "FAIL build: $1"
  echo "go: 0 passed, 1 failed"
  exit 1
}

# Go's standard install location, when it is not on PATH (scripts/setup.sh does the same).
command -v go >/dev/null || { [[ -x /usr/local/go/bin/go ]] && export PATH="/usr/local/go/bin:$PATH"; }
command -v go >/dev/null || fail_build "go not found (scripts/setup.sh installs it)"
export GOPROXY=off GOFLAGS=-mod=readonly
(cd "$mod" && go build -o .build/conformance ./internal/conformance) ||
  fail_build "go build failed (scripts/setup.sh downloads the modules: go mod download)"
exec "$mod/.build/conformance" "$@"
