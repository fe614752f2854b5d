#include "serve/ops/render_ops.hpp"

#include <algorithm>
#include <chrono>

#include "serve/error_reply.hpp"

namespace gymcc::serve::ops {
namespace {

[[noreturn]] void not_renderable() {
  throw ClientError{400, "not_renderable",
                    "This environment was created without a render_mode; create it with "
                    "\"render_mode\": \"rgb_array\" (or \"ansi\") to render it"};
}

void write_rendering(std::string_view render_mode, std::string_view content_type,
                     std::string_view encoding, std::string_view data, BodyWriter& out) {
  out.begin_map();
  out.key("render_mode");
  out.string(render_mode);
  out.key("content_type");
  out.string(content_type);
  out.key("encoding");
  out.string(encoding);
  out.key("data");
  out.string(data);
  out.end_map();
}

}  // namespace

Rendered render(Instance& instance) {
  Instance::Lock lock(instance);
  if (!lock.env().render_mode()) not_renderable();
  return Rendered{*lock.env().render_mode(), lock.env().render()};
}

void write_text_rendering(std::string_view render_mode, std::string_view text, BodyWriter& out) {
  write_rendering(render_mode, "text/plain", "utf-8", text, out);
}

void write_png_rendering(std::string_view render_mode, std::string_view png, BodyWriter& out) {
  write_rendering(render_mode, "image/png", "base64", base64_encode(png), out);
}

void require_streamable(const Instance& instance) {
  const Env& env = instance.env_unlocked();
  if (!env.render_mode()) not_renderable();
  if (*env.render_mode() != "rgb_array") {
    throw ClientError{400, "not_renderable",
                      "Streams need render_mode \"rgb_array\"; this instance renders \"" +
                          *env.render_mode() + "\" (use /monitor/render/)"};
  }
}

std::shared_ptr<FrameStream> open_stream(const InstanceStore& store, const Instance& instance,
                                         std::optional<int> fps) {
  const Env& env = instance.env_unlocked();
  const int frames_per_second = fps.value_or(std::max(1, env.spec().metadata.render_fps));
  return std::make_shared<FrameStream>(store, instance.id(), instance.owner(),
                                       std::chrono::milliseconds(1000 / frames_per_second));
}

}  // namespace gymcc::serve::ops
