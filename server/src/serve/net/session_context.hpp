#pragma once
// What every session of a server shares: the request handlers, the
// options, the registry of live connections and the worker pool for slow
// work (image encoding) off the I/O threads.

#include <boost/asio/thread_pool.hpp>

#include "serve/net/connections.hpp"
#include "serve/rest/router.hpp"
#include "serve/server_options.hpp"
#include "serve/websocket/message_api.hpp"

namespace gymcc::serve {

struct SessionContext {
  rest::Router& router;
  WebSocketApi& websocket;
  const ServerOptions& options;
  ConnectionRegistry& connections;  // every live connection, for --max-connections and stops
  boost::asio::thread_pool& workers;
};

}  // namespace gymcc::serve
