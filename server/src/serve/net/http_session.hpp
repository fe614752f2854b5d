#pragma once
// HTTP/1.1 keep-alive sessions: read a request, hand it to the REST router,
// write its response. A response that upgrades the connection hands the
// socket to a WebSocket session (websocket_session.hpp) or an MJPEG stream
// session (stream_session.hpp), as Beast's advanced server does.

#include <boost/asio/ip/tcp.hpp>

#include "serve/net/session_context.hpp"

namespace gymcc::serve {

void start_http_session(boost::asio::ip::tcp::socket socket, const SessionContext& context);

}  // namespace gymcc::serve
