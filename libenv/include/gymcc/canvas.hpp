#pragma once
// A small software rasterizer for rgb_array frames.
//
// gymnasium draws its classic-control frames with pygame: pygame.gfxdraw
// (SDL_gfx's integer algorithms: Wu anti-aliased polygon outlines, scanline
// polygon fills, midpoint circles, anti-aliased ellipses) and pygame.draw
// (Bresenham lines, float Xiaolin Wu lines). Each primitive here follows the
// corresponding pygame-ce 2.5 routine step by step -- the same integer and
// float arithmetic, clipping and blending order -- so that frames match
// gymnasium's pixel for pixel wherever the inputs agree. A general-purpose
// library (cairo, agg, ...) anti-aliases differently and would leave a
// visible difference along every edge.
//
// Coordinates are pygame's: x to the right, y down, integer pixel indices.
// The surface is a 32-bit pygame.Surface without alpha; blending works per
// channel as SDL_gfx does: d + ((s - d) * alpha >> 8).
//
// Drawing never throws and never allocates; only binding a frame (which
// resizes it) may allocate.

#include <cstdint>
#include <span>

#include "gymcc/env.hpp"

namespace gymcc {

struct Rgb {
  std::uint8_t r = 0;
  std::uint8_t g = 0;
  std::uint8_t b = 0;
};

// An integer vertex, as gfxdraw receives it (after Python's int()).
struct PointI {
  int x = 0;
  int y = 0;
};

// A float vertex, as pygame.draw.aalines receives it (C float).
struct PointF {
  float x = 0.0f;
  float y = 0.0f;
};

// gfxdraw's conversion of a Python number to a coordinate: int() truncates
// toward zero, then C's (Sint16) cast keeps the low 16 bits. Non-finite
// values (where Python would raise) become 0.
int to_gfx_coordinate(double value) noexcept;

// pygame.draw's conversion of a Python float to a coordinate: a C (int) cast,
// saturated at the int range (and 0 for NaN) instead of undefined behaviour.
int to_draw_coordinate(double value) noexcept;

class Canvas {
 public:
  // The largest polygon `filled_polygon` draws; larger ones are ignored
  // (gymnasium's are quadrilaterals and triangles).
  static constexpr int kMaxPolygonVertices = 64;

  // Binds `frame`, resized to width x height (reusing its storage). With
  // `flip_vertical`, drawing row y lands on frame row height - 1 - y: the
  // pygame.transform.flip(surf, False, True) gymnasium applies before
  // returning the frame.
  Canvas(Frame& frame, int width, int height, bool flip_vertical);

  int width() const noexcept { return width_; }
  int height() const noexcept { return height_; }

  void fill(Rgb color) noexcept;

  // Sets one pixel (nothing outside the surface).
  void set_pixel(int x, int y, Rgb color) noexcept;
  // SDL_gfx's _putPixelAlpha: alpha 255 sets, anything less blends.
  void blend_pixel(int x, int y, Rgb color, int alpha) noexcept;

  // gfxdraw.hline / gfxdraw.vline: inclusive spans, end points in any order.
  void hline(int x1, int x2, int y, Rgb color) noexcept;
  void vline(int x, int y1, int y2, Rgb color) noexcept;

  // gfxdraw.aapolygon: Wu lines between consecutive vertices (closed).
  void aapolygon(std::span<const PointI> vertices, Rgb color) noexcept;
  // gfxdraw.filled_polygon: SDL_gfx's 16.16 fixed-point scanline fill.
  void filled_polygon(std::span<const PointI> vertices, Rgb color) noexcept;

  // gfxdraw.aacircle (SDL_gfx's aaellipse with rx = ry = radius).
  void aacircle(int x, int y, int radius, Rgb color) noexcept;
  // gfxdraw.filled_circle (SDL_gfx's midpoint fill, with its one-pixel
  // nubs at the top, bottom, left and right).
  void filled_circle(int x, int y, int radius, Rgb color) noexcept;

  // pygame.draw.line with width 1: Bresenham, both end points included.
  void line(int x1, int y1, int x2, int y2, Rgb color) noexcept;
  // pygame.draw.aalines: float Wu lines joined as pygame-ce 2.5 joins them.
  void aalines(std::span<const PointF> points, bool closed, Rgb color) noexcept;

 private:
  std::uint8_t* pixel(int x, int y) noexcept {
    const int row = flip_vertical_ ? height_ - 1 - y : y;
    return data_ + (static_cast<std::size_t>(row) * static_cast<std::size_t>(width_) +
                    static_cast<std::size_t>(x)) *
                       3;
  }
  bool inside(int x, int y) const noexcept { return x >= 0 && x < width_ && y >= 0 && y < height_; }

  void aaline_gfx(int x1, int y1, int x2, int y2, Rgb color) noexcept;
  void aaline_float(Rgb color, float from_x, float from_y, float to_x, float to_y,
                    bool disable_first_endpoint, bool disable_second_endpoint,
                    bool extra_pixel_for_aalines) noexcept;
  void set_antialiased(int x, int y, Rgb color, float brightness) noexcept;

  std::uint8_t* data_;
  int width_;
  int height_;
  bool flip_vertical_;
};

}  // namespace gymcc
