#pragma once
// Frames and text renderings of an instance, for /monitor/render/, the MJPEG
// streams and the pages. Rendering takes the instance lock briefly; encoding
// is the caller's to run off its I/O threads, outside that lock.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gymcc/registry.hpp"
#include "serve/encoding.hpp"
#include "serve/frame_stream.hpp"
#include "serve/instance_store.hpp"

namespace gymcc::serve::ops {

struct Rendered {
  std::string render_mode;
  Env::Rendering rendering;  // text (ansi) or an rgb_array Frame
};

// 400 not_renderable for an instance made without a render mode.
Rendered render(Instance& instance);

// The gymnasium-http-api peer's render answer: {render_mode, content_type,
// encoding, data}, data being the text or the base64 of the PNG.
void write_text_rendering(std::string_view render_mode, std::string_view text, BodyWriter& out);
void write_png_rendering(std::string_view render_mode, std::string_view png, BodyWriter& out);

// 400 not_renderable unless the instance renders rgb_array frames.
void require_streamable(const Instance& instance);
// A live MJPEG stream of a streamable instance at `fps` frames per second
// (the env's render_fps when empty).
std::shared_ptr<FrameStream> open_stream(const InstanceStore& store, const Instance& instance,
                                         std::optional<int> fps);

}  // namespace gymcc::serve::ops
