// Frames over HTTP: GET /v1/envs/{id}/monitor/render/ (the peer's JSON, or
// ?format=png) and /monitor/stream/ (MJPEG). Rendering takes the instance
// lock briefly; encoding happens off the I/O threads, outside that lock.

#include <algorithm>
#include <charconv>
#include <variant>

#include "api.hpp"
#include "frame_stream.hpp"
#include "image_codec.hpp"

namespace gymcc::serve {
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

Response not_renderable() {
  return error_response(400, "not_renderable",
                        "This environment was created without a render_mode; create it with "
                        "\"render_mode\": \"rgb_array\" (or \"ansi\") to render it");
}

}  // namespace

Response Api::render(std::string_view id, std::string_view query) {
  const auto instance = store_.find(id);
  if (!instance) return error_response(404, "instance_not_found", "Instance not found");
  const std::string_view format = query_value(query, "format");
  if (!format.empty() && format != "png" && format != "json") {
    return error_response(400, "invalid_query", "format must be png or json");
  }
  Env::Rendering rendering;
  std::string mode;
  {
    Instance::Lock lock(*instance);
    if (!lock.env().render_mode()) return not_renderable();
    mode = *lock.env().render_mode();
    rendering = lock.env().render();
  }
  if (auto* text = std::get_if<std::string>(&rendering)) {
    return json_response(200, Value(Dict{{"render_mode", mode},
                                         {"content_type", "text/plain"},
                                         {"encoding", "utf-8"},
                                         {"data", std::move(*text)}}));
  }
  Response deferred_response;
  deferred_response.deferred = [frame = std::move(std::get<Frame>(rendering)), mode,
                                raw = format == "png"] {
    std::string png = encode_png(frame);
    if (raw) {
      Response r;
      r.body = std::move(png);
      r.content_type = "image/png";
      return r;
    }
    return json_response(200, Value(Dict{{"render_mode", mode},
                                         {"content_type", "image/png"},
                                         {"encoding", "base64"},
                                         {"data", base64_encode(png)}}));
  };
  return deferred_response;
}

Response Api::stream(std::string_view id, std::string_view query) {
  const auto instance = store_.find(id);
  if (!instance) return error_response(404, "instance_not_found", "Instance not found");
  const Env& env = instance->env_unlocked();
  if (!env.render_mode()) return not_renderable();
  if (*env.render_mode() != "rgb_array") {
    return error_response(400, "not_renderable",
                          "Streams need render_mode \"rgb_array\"; this instance renders \"" +
                              *env.render_mode() + "\" (use /monitor/render/)");
  }
  int fps = std::max(1, env.spec().metadata.render_fps);
  if (const std::string_view text = query_value(query, "fps"); !text.empty()) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), fps);
    if (ec != std::errc() || end != text.data() + text.size() || fps < 1 || fps > 120) {
      return error_response(400, "invalid_query", "fps must be an integer from 1 to 120");
    }
  }
  Response r;
  r.stream =
      std::make_shared<FrameStream>(store_, std::string(id), std::chrono::milliseconds(1000 / fps));
  return r;
}

}  // namespace gymcc::serve
