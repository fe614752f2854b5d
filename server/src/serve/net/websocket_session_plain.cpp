// start_websocket_session's instantiation for plain TCP streams.
#include "serve/net/websocket_session_impl.hpp"

namespace gymcc::serve {

template void start_websocket_session(PlainStream,
                                      boost::beast::http::request<boost::beast::http::string_body>,
                                      boost::beast::flat_buffer, const Caller&,
                                      const SessionContext&);

}  // namespace gymcc::serve
