#!/usr/bin/env bash
# Builds the dm_env_rpc Go example into OUT_BINARY.
#
# dm_env_rpc ships no .proto files in this repository: the protocol comes from
# the pip package dm-env-rpc as a FileDescriptorSet (server/proto/
# export_descriptors.py), so the Go stubs are generated here, into gen/
# (git-ignored), with the protoc plugins pinned in go.mod (tools.go).
#
# Usage: build.sh OUT_BINARY
# Environment: GYMCC_PYTHON (default: the repository's .venv python),
#              PROTOC (default: protoc on PATH), GO (default: go on PATH,
#              else /usr/local/go/bin/go).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 OUT_BINARY" >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
out=$(realpath -m "$1")
python=${GYMCC_PYTHON:-$repo/.venv/bin/python}
protoc=${PROTOC:-protoc}
go_bin=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
module=github.com/gymcc/gymcc/examples/grpc/go
# The Go package of dm_env_rpc.proto, which declares no go_package of its own.
pkg=$module/gen/dmenvrpc

cd "$here"
# A newer Go must not switch to another toolchain: go.mod's `go 1.19` is what
# the build has to work with.
export GOTOOLCHAIN=local

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$python" "$repo/server/proto/export_descriptors.py" "$work/dm_env_rpc.pb"

# The plugins, at go.mod's versions (-mod=mod is not used: go.sum must already
# hold them, so that offline builds work after `go mod download`).
mkdir -p .bin
"$go_bin" build -o .bin/protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go
"$go_bin" build -o .bin/protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc

rm -rf gen
mkdir -p gen/dmenvrpc
"$protoc" --descriptor_set_in="$work/dm_env_rpc.pb" \
  --plugin=protoc-gen-go="$here/.bin/protoc-gen-go" \
  --plugin=protoc-gen-go-grpc="$here/.bin/protoc-gen-go-grpc" \
  --go_out=. --go_opt=module="$module" \
  --go_opt=Mdm_env_rpc/v1/dm_env_rpc.proto="$pkg" \
  --go-grpc_out=. --go-grpc_opt=module="$module" \
  --go-grpc_opt=Mdm_env_rpc/v1/dm_env_rpc.proto="$pkg" \
  dm_env_rpc/v1/dm_env_rpc.proto

# No VCS stamp: the example needs none, and stamping fails in checkouts that git
# refuses to read (another owner) or without git.
"$go_bin" build -buildvcs=false -o "$out" .
