#pragma once
// WebSocket sessions (GET /v1/ws, docs/fast-paths.md) on Boost.Beast: each
// message is handed to Api::handle_message and its reply queued, while the
// next message is already being read — so clients may pipeline, and replies
// keep the requests' order.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "api.hpp"
#include "connections.hpp"

namespace gymcc::serve {

struct ServerOptions;

// Takes over a connection whose HTTP request asked for the upgrade.
void start_websocket_session(boost::asio::ip::tcp::socket socket,
                             boost::beast::http::request<boost::beast::http::string_body> upgrade,
                             Api& api, const ServerOptions& options, ConnectionRegistry& registry);

}  // namespace gymcc::serve
