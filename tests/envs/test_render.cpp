// rgb_array rendering of the classic-control envs and the PNG/JPEG encoders:
// frame sizes, determinism, call-order errors, the canvas primitives against
// pixels pygame-ce 2.5.8 drew, and encodings decoded back. How close the
// frames are to gymnasium's own is tests/python/test_render_pixels.py's job.

#include <catch2/catch.hpp>

#include <array>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

// libjpeg's header needs FILE and size_t declared first.
#include <jpeglib.h>
#include <png.h>

#include "gymcc/canvas.hpp"
#include "gymcc/envs/all.hpp"
#include "gymcc/json.hpp"
#include "gymcc/registry.hpp"
#include "serve/image_codec.hpp"

using gymcc::Canvas;
using gymcc::Env;
using gymcc::Error;
using gymcc::ErrorCode;
using gymcc::Frame;
using gymcc::MakeOptions;
using gymcc::Rgb;
using gymcc::Seed;
using gymcc::Value;

namespace {

std::unique_ptr<Env> make(std::string_view id,
                          std::optional<std::string> render_mode = "rgb_array") {
  MakeOptions options;
  options.render_mode = std::move(render_mode);
  return gymcc::envs::default_registry().make(id, options);
}

Frame render(Env& env) {
  Env::Rendering rendering = env.render();
  REQUIRE(std::holds_alternative<Frame>(rendering));
  return std::get<Frame>(std::move(rendering));
}

// The frame after a seeded reset and `actions` (a JSON list).
Frame frame_after(std::string_view id, std::uint64_t seed, const std::string& actions) {
  auto env = make(id);
  env->reset(Seed(seed), nullptr);
  const Value parsed = gymcc::json::parse(actions);
  for (const Value& action : parsed.as_list()) env->step(action);
  return render(*env);
}

struct EnvCase {
  const char* id;
  int width;
  int height;
  const char* actions;  // a few steps that move the state
};

const std::array<EnvCase, 5> kEnvs = {{
    {"CartPole-v1", 600, 400, "[1, 1, 1, 0, 1, 1]"},
    {"MountainCar-v0", 600, 400, "[2, 2, 2, 2, 2, 2, 2, 2]"},
    {"MountainCarContinuous-v0", 600, 400, "[[1.0], [1.0], [1.0], [1.0], [1.0]]"},
    {"Pendulum-v1", 500, 500, "[[2.0], [2.0], [-1.5]]"},
    {"Acrobot-v1", 500, 500, "[2, 2, 2, 2, 0, 0]"},
}};

// The red channel of pixel (x, y), row 0 at the top.
std::uint8_t red_at(const Frame& frame, int x, int y) {
  return frame.rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(frame.width) +
                    static_cast<std::size_t>(x)) *
                   3];
}

std::uint32_t big_endian32(const std::string& bytes, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

// libpng's simplified reader (no longjmp to manage).
std::optional<Frame> decode_png(const std::string& bytes) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&image, bytes.data(), bytes.size()) == 0) {
    return std::nullopt;
  }
  image.format = PNG_FORMAT_RGB;
  Frame frame;
  frame.width = static_cast<int>(image.width);
  frame.height = static_cast<int>(image.height);
  frame.rgb.resize(PNG_IMAGE_SIZE(image));
  if (png_image_finish_read(&image, nullptr, frame.rgb.data(), 0, nullptr) == 0) {
    png_image_free(&image);
    return std::nullopt;
  }
  return frame;
}

struct JpegDecodeErrors {
  jpeg_error_mgr base;
  std::jmp_buf jump;
};

[[noreturn]] void on_decode_error(j_common_ptr cinfo) {
  std::longjmp(reinterpret_cast<JpegDecodeErrors*>(cinfo->err)->jump, 1);
}

// Decodes into `pixels` (width * height * 3, already sized by the caller
// from the expected frame); only C objects live in this frame (longjmp).
bool decode_jpeg(const std::string& bytes, int* width, int* height, unsigned char* pixels,
                 std::size_t capacity) {
  jpeg_decompress_struct cinfo;
  JpegDecodeErrors errors;
  cinfo.err = jpeg_std_error(&errors.base);
  errors.base.error_exit = on_decode_error;
  if (setjmp(errors.jump)) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, reinterpret_cast<const unsigned char*>(bytes.data()),
               static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress(&cinfo);
  *width = static_cast<int>(cinfo.output_width);
  *height = static_cast<int>(cinfo.output_height);
  const std::size_t stride = static_cast<std::size_t>(cinfo.output_width) * 3;
  if (stride * cinfo.output_height > capacity) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = pixels + cinfo.output_scanline * stride;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

}  // namespace

TEST_CASE("rgb_array frames have gymnasium's sizes", "[render]") {
  for (const EnvCase& c : kEnvs) {
    INFO(c.id);
    auto env = make(c.id);
    env->reset(Seed(1), nullptr);
    const Frame frame = render(*env);
    CHECK(frame.width == c.width);
    CHECK(frame.height == c.height);
    CHECK(frame.rgb.size() == static_cast<std::size_t>(c.width * c.height * 3));
  }
}

TEST_CASE("rgb_array frames are deterministic and follow the state", "[render]") {
  for (const EnvCase& c : kEnvs) {
    INFO(c.id);
    const Frame first = frame_after(c.id, 7, c.actions);
    const Frame again = frame_after(c.id, 7, c.actions);
    CHECK(first.rgb == again.rgb);

    auto env = make(c.id);
    env->reset(Seed(7), nullptr);
    const Frame at_reset = render(*env);
    CHECK(render(*env).rgb == at_reset.rgb);  // rendering changes nothing
    CHECK(at_reset.rgb != first.rgb);         // the steps moved something visible
  }
}

TEST_CASE("render before reset and without a render mode", "[render]") {
  for (const EnvCase& c : kEnvs) {
    INFO(c.id);
    auto env = make(c.id);
    try {
      env->render();
      FAIL("render before reset succeeded");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kResetNeeded);
    }

    auto plain = make(c.id, std::nullopt);
    plain->reset(Seed(0), nullptr);
    try {
      plain->render();
      FAIL("render without a render mode succeeded");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kNotRenderable);
    }
  }
}

TEST_CASE("CartPole's frame shows the track, cart and pole where gymnasium draws them",
          "[render]") {
  // reset with low = high = 0: cart centred, pole upright.
  auto env = make("CartPole-v1");
  const Value options = gymcc::json::parse(R"({"low": 0, "high": 0})");
  env->reset(Seed(0), &options);
  const Frame frame = render(*env);
  // The track: gfxdraw.hline at y = 100, flipped to row 299.
  CHECK(red_at(frame, 5, 299) == 0);
  CHECK(red_at(frame, 5, 298) == 255);
  // The cart spans x 275..325 and rows 285..315 after the flip.
  CHECK(red_at(frame, 280, 290) == 0);
  // The pole (202, 152, 101) above the cart, the axle (129, 132, 203).
  CHECK(red_at(frame, 300, 200) == 202);
  CHECK(red_at(frame, 300, 292) == 129);
}

TEST_CASE("canvas circles match pygame.gfxdraw pixel for pixel", "[render][canvas]") {
  // gfxdraw.filled_circle(surf, 7, 7, 5, black) and gfxdraw.aacircle(...) on
  // a white 15x15 surface, as pygame-ce 2.5.8 draws them (red channel).
  const std::array<const char*, 15> filled = {
      "...............", "...............", ".......#.......", "....#######....",
      "...#########...", "..###########..", "..###########..", "..###########..",
      "..###########..", "..###########..", "...#########...", "....#######....",
      ".......#.......", "...............", "..............."};
  const std::array<std::array<int, 15>, 15> aa = {{
      {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255},
      {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255},
      {255, 255, 255, 255, 255, 103, 26, 0, 26, 103, 255, 255, 255, 255, 255},
      {255, 255, 255, 255, 1, 154, 231, 255, 231, 154, 1, 255, 255, 255, 255},
      {255, 255, 255, 1, 255, 255, 255, 255, 255, 255, 255, 1, 255, 255, 255},
      {255, 255, 103, 154, 255, 255, 255, 255, 255, 255, 255, 154, 103, 255, 255},
      {255, 255, 2, 209, 255, 255, 255, 255, 255, 255, 255, 209, 2, 255, 255},
      {255, 255, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0, 255, 255},
      {255, 255, 2, 209, 255, 255, 255, 255, 255, 255, 255, 209, 2, 255, 255},
      {255, 255, 103, 154, 255, 255, 255, 255, 255, 255, 255, 154, 103, 255, 255},
      {255, 255, 255, 1, 255, 255, 255, 255, 255, 255, 255, 1, 255, 255, 255},
      {255, 255, 255, 255, 1, 154, 231, 255, 231, 154, 1, 255, 255, 255, 255},
      {255, 255, 255, 255, 255, 103, 26, 0, 26, 103, 255, 255, 255, 255, 255},
      {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255},
      {255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255},
  }};
  Frame frame;
  {
    Canvas canvas(frame, 15, 15, /*flip_vertical=*/false);
    canvas.fill(Rgb{255, 255, 255});
    canvas.filled_circle(7, 7, 5, Rgb{0, 0, 0});
  }
  for (int y = 0; y < 15; ++y) {
    std::string row;
    for (int x = 0; x < 15; ++x) row += red_at(frame, x, y) == 0 ? '#' : '.';
    CHECK(row == filled[static_cast<std::size_t>(y)]);
  }
  {
    Canvas canvas(frame, 15, 15, /*flip_vertical=*/false);
    canvas.fill(Rgb{255, 255, 255});
    canvas.aacircle(7, 7, 5, Rgb{0, 0, 0});
  }
  for (int y = 0; y < 15; ++y) {
    for (int x = 0; x < 15; ++x) {
      INFO("x=" << x << " y=" << y);
      CHECK(red_at(frame, x, y) == aa[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)]);
    }
  }
}

TEST_CASE("canvas clips everything drawn off the surface", "[render][canvas]") {
  Frame frame;
  Canvas canvas(frame, 20, 10, /*flip_vertical=*/true);
  canvas.fill(Rgb{255, 255, 255});
  const std::array<gymcc::PointI, 4> far = {
      {{-30000, -30000}, {30000, -29000}, {31000, 30000}, {-32000, 29000}}};
  canvas.aapolygon(far, Rgb{1, 2, 3});
  canvas.filled_polygon(far, Rgb{1, 2, 3});
  canvas.aacircle(-500, 5, 20, Rgb{1, 2, 3});
  canvas.filled_circle(5, 600, 20, Rgb{1, 2, 3});
  canvas.line(-100000, 3, 100000, 3, Rgb{1, 2, 3});
  const std::array<gymcc::PointF, 3> curve = {{{-50.0f, -5.0f}, {10.0f, 5.0f}, {70.0f, 20.0f}}};
  canvas.aalines(curve, false, Rgb{1, 2, 3});
  CHECK(frame.rgb.size() == 20u * 10u * 3u);
  CHECK(red_at(frame, 18, 6) == 1);  // the line at y = 3, flipped to row 6
}

TEST_CASE("PNG encoding decodes back to the same pixels", "[render][codec]") {
  for (const EnvCase& c : kEnvs) {
    INFO(c.id);
    const Frame frame = frame_after(c.id, 3, c.actions);
    const std::string png = gymcc::serve::encode_png(frame);
    REQUIRE(png.size() > 33);
    CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    CHECK(png.compare(12, 4, "IHDR") == 0);
    CHECK(big_endian32(png, 16) == static_cast<std::uint32_t>(frame.width));
    CHECK(big_endian32(png, 20) == static_cast<std::uint32_t>(frame.height));
    const std::optional<Frame> decoded = decode_png(png);
    REQUIRE(decoded.has_value());
    CHECK(decoded->width == frame.width);
    CHECK(decoded->height == frame.height);
    CHECK(decoded->rgb == frame.rgb);
  }
}

TEST_CASE("JPEG encoding decodes back to nearly the same pixels", "[render][codec]") {
  for (const EnvCase& c : kEnvs) {
    INFO(c.id);
    const Frame frame = frame_after(c.id, 3, c.actions);
    const std::string jpeg = gymcc::serve::encode_jpeg(frame, 90);
    REQUIRE(jpeg.size() > 4);
    CHECK(static_cast<unsigned char>(jpeg[0]) == 0xFF);
    CHECK(static_cast<unsigned char>(jpeg[1]) == 0xD8);
    CHECK(static_cast<unsigned char>(jpeg[jpeg.size() - 2]) == 0xFF);
    CHECK(static_cast<unsigned char>(jpeg[jpeg.size() - 1]) == 0xD9);
    std::vector<unsigned char> pixels(frame.rgb.size());
    int width = 0;
    int height = 0;
    REQUIRE(decode_jpeg(jpeg, &width, &height, pixels.data(), pixels.size()));
    CHECK(width == frame.width);
    CHECK(height == frame.height);
    double total = 0;
    for (std::size_t i = 0; i < pixels.size(); ++i) {
      total += std::abs(static_cast<int>(pixels[i]) - static_cast<int>(frame.rgb[i]));
    }
    CHECK(total / static_cast<double>(pixels.size()) < 2.0);
    // Lower quality, smaller file.
    CHECK(gymcc::serve::encode_jpeg(frame, 20).size() < jpeg.size());
  }
}

TEST_CASE("encoders reject malformed frames and qualities", "[render][codec]") {
  Frame bad;
  bad.width = 4;
  bad.height = 4;
  bad.rgb.resize(10);
  auto code_of = [](auto&& call) {
    try {
      call();
    } catch (const Error& e) {
      return e.code();
    }
    FAIL("no error");
    return ErrorCode::kUnknownEnv;
  };
  CHECK(code_of([&] { gymcc::serve::encode_png(bad); }) == ErrorCode::kInvalidArgument);
  CHECK(code_of([&] { gymcc::serve::encode_jpeg(bad, 80); }) == ErrorCode::kInvalidArgument);
  const Frame good = frame_after("CartPole-v1", 0, "[]");
  CHECK(code_of([&] { gymcc::serve::encode_jpeg(good, 0); }) == ErrorCode::kInvalidArgument);
  CHECK(code_of([&] { gymcc::serve::encode_jpeg(good, 101); }) == ErrorCode::kInvalidArgument);
}
