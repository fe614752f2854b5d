#!/usr/bin/env bash
# The Java client's conformance runner (tests/conformance/README.md): builds bindings/java
# offline (mvn -o: only the artifacts scripts/setup.sh fetched into ~/.m2; Maven recompiles
# only what changed in target/), then replays the fixtures over REST and over a WebSocket
# session.
#   tests/conformance/lang/java.sh --url URL --fixtures DIR
set -uo pipefail
pkg=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../bindings/java" && pwd)

fail_build() {
  echo "FAIL build: $1"
  echo "java: 0 passed, 1 failed"
  exit 1
}

command -v java >/dev/null || fail_build "java not found (scripts/setup.sh installs it)"
command -v mvn >/dev/null || fail_build "mvn not found (scripts/setup.sh installs it)"
(cd "$pkg" && mvn -B -q -o test-compile) >&2 ||
  fail_build "mvn test-compile failed (scripts/setup.sh fetches the artifacts)"
exec java -cp "$pkg/target/classes:$pkg/target/test-classes:$pkg/target/lib/*" dev.gymcc.conformance.Main "$@"
