#!/usr/bin/env bash
# The TypeScript client's conformance runner (tests/conformance/README.md): builds
# bindings/typescript with the compiler scripts/setup.sh installed from its lockfile (npm ci;
# nothing is fetched here), then replays the fixtures over REST and over a WebSocket session.
#   tests/conformance/lang/ts.sh --url URL --fixtures DIR
set -uo pipefail
pkg=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../bindings/typescript" && pwd)

fail_build() {
  echo "FAIL build: $1"
  echo "ts: 0 passed, 1 failed"
  exit 1
}

command -v node >/dev/null || fail_build "node not found (scripts/setup.sh installs it)"
[[ -x $pkg/node_modules/.bin/tsc ]] || fail_build "$pkg/node_modules is missing (scripts/setup.sh runs npm ci)"
(cd "$pkg" && node_modules/.bin/tsc -p tsconfig.json) || fail_build "tsc failed"
exec node "$pkg/dist/conformance/run.js" "$@"
