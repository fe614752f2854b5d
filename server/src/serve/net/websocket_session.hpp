#pragma once
// WebSocket sessions (GET /v1/ws, docs/fast-paths.md) on Boost.Beast: each
// message is handed to WebSocketApi::handle_message and its reply queued,
// while the next message is already being read — so clients may pipeline,
// and replies keep the requests' order.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "serve/net/session_context.hpp"

namespace gymcc::serve {

// Takes over a connection whose HTTP request asked for the upgrade; the
// session acts as `caller`.
void start_websocket_session(boost::asio::ip::tcp::socket socket,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             const Caller& caller, const SessionContext& context);

}  // namespace gymcc::serve
