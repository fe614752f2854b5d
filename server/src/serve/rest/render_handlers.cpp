// Frames over HTTP: GET /v1/envs/{id}/monitor/render/ (the peer's JSON, or
// ?format=png) and /monitor/stream/ (MJPEG, sent by net/stream_session.cpp).
// PNG encoding is deferred to the transport's worker pool.

#include <charconv>
#include <variant>

#include "serve/image_codec.hpp"
#include "serve/ops/env_ops.hpp"
#include "serve/ops/render_ops.hpp"
#include "serve/rest/handlers.hpp"
#include "serve/rest/respond.hpp"

namespace gymcc::serve::rest {
namespace {

// The value of `key` in a query string such as "format=png&fps=10".
std::string_view query_value(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

Response render_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_env(context.services.store, match.id, match.caller.owner);
  const std::string_view format = query_value(request.query, "format");
  if (!format.empty() && format != "png" && format != "json") {
    throw ClientError{400, "invalid_query", "format must be png or json"};
  }
  ops::Rendered rendered = ops::render(*instance);
  if (const auto* text = std::get_if<std::string>(&rendered.rendering)) {
    Response r;
    BodyWriter out(Encoding::kJson, r.body);
    ops::write_text_rendering(rendered.render_mode, *text, out);
    return r;
  }
  Response deferred_response;
  deferred_response.deferred = [frame = std::move(std::get<Frame>(rendered.rendering)),
                                mode = std::move(rendered.render_mode), raw = format == "png"] {
    std::string png = encode_png(frame);
    Response r;
    if (raw) {
      r.body = std::move(png);
      r.content_type = "image/png";
      return r;
    }
    BodyWriter out(Encoding::kJson, r.body);
    ops::write_png_rendering(mode, png, out);
    return r;
  };
  return deferred_response;
}

Response stream_env(RestContext& context, const Request& request, const RouteMatch& match) {
  const auto instance = ops::find_env(context.services.store, match.id, match.caller.owner);
  ops::require_streamable(*instance);
  std::optional<int> fps;
  if (const std::string_view text = query_value(request.query, "fps"); !text.empty()) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 120) {
      throw ClientError{400, "invalid_query", "fps must be an integer from 1 to 120"};
    }
    fps = value;
  }
  Response r;
  r.stream = ops::open_stream(context.services.store, *instance, fps);
  return r;
}

}  // namespace gymcc::serve::rest
