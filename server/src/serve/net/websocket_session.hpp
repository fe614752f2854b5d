#pragma once
// WebSocket sessions (GET /v1/ws, docs/fast-paths.md) on Boost.Beast: each
// message is handed to WebSocketApi::handle_message and its reply queued,
// while the next message is already being read — so clients may pipeline,
// and replies keep the requests' order.

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "serve/net/session_context.hpp"
#include "serve/net/streams.hpp"

namespace gymcc::serve {

// Takes over a connection whose HTTP request asked for the upgrade; the
// session acts as `caller`. `received` holds what the client sent after the
// handshake request (its first frames may share the handshake's packet).
// For PlainStream and TlsStream.
template <class Stream>
void start_websocket_session(Stream stream,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             boost::beast::flat_buffer received, const Caller& caller,
                             const SessionContext& context);

}  // namespace gymcc::serve
