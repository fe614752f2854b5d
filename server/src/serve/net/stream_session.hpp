#pragma once
// MJPEG streams (GET /v1/envs/{id}/monitor/stream/): a connection handed
// over by the HTTP session sends multipart/x-mixed-replace parts, one per
// new frame at most at the stream's rate, until the instance is deleted, the
// peer leaves or the server stops.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "serve/frame_stream.hpp"
#include "serve/net/session_context.hpp"
#include "serve/net/streams.hpp"

namespace gymcc::serve {

// `headers` are extra response headers (CORS). For PlainStream and TlsStream.
template <class Stream>
void start_stream_session(Stream stream, std::shared_ptr<const FrameStream> frames,
                          std::vector<std::pair<std::string, std::string>> headers,
                          const SessionContext& context);

}  // namespace gymcc::serve
