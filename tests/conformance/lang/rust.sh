#!/usr/bin/env bash
# The Rust client's conformance runner (tests/conformance/README.md): builds bindings/rust
# offline (--offline --locked: only the crates scripts/setup.sh fetched from Cargo.lock; cargo
# rebuilds only what changed in bindings/rust/target), then replays the fixtures over REST and
# over a WebSocket session.
#   tests/conformance/lang/rust.sh --url URL --fixtures DIR
set -uo pipefail
crate=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../bindings/rust" && pwd)

fail_build() {
  echo "FAIL build: $1"
  echo "rust: 0 passed, 1 failed"
  exit 1
}

# rustup's standard install location, when it is not on PATH (scripts/setup.sh does the same).
command -v cargo >/dev/null || { [[ -x $HOME/.cargo/bin/cargo ]] && export PATH="$HOME/.cargo/bin:$PATH"; }
command -v cargo >/dev/null || fail_build "cargo not found (scripts/setup.sh installs it)"
(cd "$crate" && cargo build -q --offline --locked --release --example conformance) >&2 ||
  fail_build "cargo build failed (scripts/setup.sh fetches the crates: cargo fetch)"
exec "$crate/target/release/examples/conformance" "$@"
