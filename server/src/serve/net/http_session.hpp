#pragma once
// HTTP/1.1 keep-alive sessions: read a request (the keep-alive wait, the
// header, the body, each under its own timeout, with strict framing), hand
// it to the REST router, write its response. A response that upgrades the
// connection hands the stream to a WebSocket session (websocket_session.hpp)
// or an MJPEG stream session (stream_session.hpp), as Beast's advanced
// server does.

#include "serve/net/session_context.hpp"
#include "serve/net/streams.hpp"

namespace gymcc::serve {

// For PlainStream and TlsStream (after its handshake).
template <class Stream>
void start_http_session(Stream stream, const SessionContext& context);

}  // namespace gymcc::serve
