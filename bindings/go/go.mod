module github.com/gymcc/gymcc/bindings/go

go 1.19

require (
	github.com/coder/websocket v1.8.12
	github.com/vmihailenco/msgpack/v5 v5.4.1
)

require github.com/vmihailenco/tagparser/v2 v2.0.0 // indirect
