// start_http_session's instantiation for plain TCP streams.
#include "serve/net/http_session_impl.hpp"

namespace gymcc::serve {

template void start_http_session(PlainStream stream, const SessionContext& context);

}  // namespace gymcc::serve
