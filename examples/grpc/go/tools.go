//go:build tools

// Package tools pins the protoc plugins that build.sh runs: listing them here
// keeps them in go.mod/go.sum, so `go build` of them uses exactly these
// versions (and `go mod download` fetches them for offline builds).
package tools

import (
	_ "google.golang.org/grpc/cmd/protoc-gen-go-grpc"
	_ "google.golang.org/protobuf/cmd/protoc-gen-go"
)
