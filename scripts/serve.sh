#!/usr/bin/env bash
# Sets the machine up, builds the release binary and starts the REST server
# on http://127.0.0.1:5000 (extra arguments go to `gymcc serve`).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
exec build/release/bin/gymcc serve "$@"
