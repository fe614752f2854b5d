// start_websocket_session's instantiation for TLS streams.
#include "serve/net/websocket_session_impl.hpp"

namespace gymcc::serve {

template void start_websocket_session(TlsStream,
                                      boost::beast::http::request<boost::beast::http::string_body>,
                                      boost::beast::flat_buffer, const Caller&,
                                      const SessionContext&);

}  // namespace gymcc::serve
