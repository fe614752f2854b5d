#!/usr/bin/env bash
# Installs everything gymcc needs on Debian bookworm: the Debian packages for
# the build, and a git-ignored Python venv (.venv) with the reference
# gymnasium for the tests. Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libfmt-dev libcli11-dev libssl-dev catch2 libbenchmark-dev zlib1g-dev libpng-dev libjpeg62-turbo-dev
  clang-format-14 python3 python3-dev python3-venv python3-pip
)
# gRPC C++ and protoc serve dm_env_rpc (server/proto: its code is generated from the pip
# package dm-env-rpc that the venv below pins).
packages+=(libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc)
# clang-14 and its compiler runtime (libFuzzer) build the fuzz targets (tests/fuzz).
packages+=(clang-14 libclang-rt-14-dev)
# Node.js vendors the web assets (Swagger UI) and builds the TypeScript client, from their
# committed lockfiles.
command -v npm >/dev/null || packages+=(nodejs npm)
# Go builds the Go client. Its standard install location counts when it is not on PATH.
command -v go >/dev/null || [[ -x /usr/local/go/bin/go ]] || packages+=(golang-go)
# A JDK and Maven build the Java client; cargo builds the Rust client (rustup's, in its
# standard place, counts when it is not on PATH; else Debian's).
command -v javac >/dev/null || packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || packages+=(maven)
# The crate needs Rust >= 1.88 (bindings/rust/Cargo.toml's rust-version): bookworm's `cargo`
# is 1.63, its `cargo-web` (bookworm-security) 1.96.
command -v cargo >/dev/null || [[ -x $HOME/.cargo/bin/cargo ]] || packages+=(cargo-web)
# --test: also what only the tests need (a headless browser).
[[ ${1:-} == --test ]] && packages+=(chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  # Another apt run (a second checkout's setup) holds the lock: wait for it.
  apt=(apt-get -o DPkg::Lock::Timeout=900)
  "${sudo_cmd[@]}" "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

stamp=.venv/.requirements-dev.txt
if [[ ! -x .venv/bin/python ]] || ! cmp -s requirements-dev.txt "$stamp"; then
  echo "setup: creating .venv with $(python3 --version)"
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements-dev.txt
  cp requirements-dev.txt "$stamp"
fi
lock=server/web/package-lock.json
if [[ ! -d server/web/node_modules ]] || ! cmp -s "$lock" server/web/node_modules/.package-lock.json.stamp; then
  echo "setup: vendoring web assets (npm ci)"
  (cd server/web && npm ci --no-audit --no-fund --loglevel=error)
  cp "$lock" server/web/node_modules/.package-lock.json.stamp
fi
# The clients' dependencies, from their lockfiles, so that their builds and tests run offline.
ts_lock=bindings/typescript/package-lock.json
if [[ ! -d bindings/typescript/node_modules ]] || ! cmp -s "$ts_lock" bindings/typescript/node_modules/.package-lock.json.stamp; then
  echo "setup: the TypeScript client's packages (npm ci)"
  (cd bindings/typescript && npm ci --no-audit --no-fund --loglevel=error)
  cp "$ts_lock" bindings/typescript/node_modules/.package-lock.json.stamp
fi
go_bin=$(command -v go || echo /usr/local/go/bin/go)
(cd bindings/go && "$go_bin" mod download)
# The Go dm_env_rpc example (examples/grpc/go): gRPC and the protoc plugins it builds.
(cd examples/grpc/go && "$go_bin" mod download)
# Java: the pinned dependencies and plugins of bindings/java/pom.xml into ~/.m2, once per
# pom.xml. One real test runs (MsgPackTest needs no server): surefire fetches its JUnit
# provider only when it runs a test, and the tests run offline.
java_stamp=bindings/java/target/.pom.xml.stamp
if ! cmp -s bindings/java/pom.xml "$java_stamp"; then
  echo "setup: the Java client's artifacts (mvn)"
  (cd bindings/java && mvn -B -q verify -Dtest=MsgPackTest)
  cp bindings/java/pom.xml "$java_stamp"
fi
# Rust: the crates of bindings/rust/Cargo.lock, so that the builds run --offline.
cargo_bin=$(command -v cargo || echo "$HOME/.cargo/bin/cargo")
(cd bindings/rust && "$cargo_bin" fetch --locked -q)
echo "setup: ready"
