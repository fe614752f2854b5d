#include "gymcc/canvas.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>

// Each routine below transcribes a pygame-ce 2.5 routine (named in its
// comment): SDL_gfxPrimitives.c for gfxdraw, draw.c for pygame.draw. The C
// originals compute in Sint16/int/float/double exactly as written here;
// where C overflows a signed type (and x86 wraps), the code wraps on purpose
// so that out-of-range inputs still give the same pixels, without undefined
// behaviour.

namespace gymcc {

namespace {

// C's (Sint16) of an int: the low 16 bits (modular since C++20).
int s16(int value) noexcept { return static_cast<std::int16_t>(value); }
int s16(std::int64_t value) noexcept { return static_cast<std::int16_t>(value); }

// 32-bit signed arithmetic that wraps the way x86 does.
int wrap32(std::int64_t value) noexcept { return static_cast<std::int32_t>(value); }

// x86's float -> int conversion (cvttss2si): truncation, INT_MIN when the
// value does not fit.
int float_to_int(float value) noexcept {
  if (!(value > -2147483648.0f && value < 2147483648.0f)) return INT_MIN;
  return static_cast<int>(value);
}

std::uint8_t float_to_u8(float value) noexcept {
  return static_cast<std::uint8_t>(float_to_int(value) & 0xFF);
}

// SDL_gfx's per-channel blend of a 32-bit pixel (arithmetic shift).
std::uint8_t blend_channel(std::uint8_t dst, std::uint8_t src, int alpha) noexcept {
  return static_cast<std::uint8_t>(dst + (((src - dst) * alpha) >> 8));
}

constexpr int kClipLeftEdge = 0x1;
constexpr int kClipRightEdge = 0x2;
constexpr int kClipBottomEdge = 0x4;
constexpr int kClipTopEdge = 0x8;

int clip_encode(int x, int y, int left, int top, int right, int bottom) noexcept {
  int code = 0;
  if (x < left) {
    code |= kClipLeftEdge;
  } else if (x > right) {
    code |= kClipRightEdge;
  }
  if (y < top) {
    code |= kClipTopEdge;
  } else if (y > bottom) {
    code |= kClipBottomEdge;
  }
  return code;
}

// SDL_gfx's _clipLine (Cohen-Sutherland with a float slope) on Sint16
// coordinates. It may swap the two end points, as the original does. The
// iteration cap only guards against inputs for which C would loop forever.
bool clip_line(int width, int height, int& x1, int& y1, int& x2, int& y2) noexcept {
  const int left = 0;
  const int right = width - 1;
  const int top = 0;
  const int bottom = height - 1;
  for (int iteration = 0; iteration < 16; ++iteration) {
    int code1 = clip_encode(x1, y1, left, top, right, bottom);
    int code2 = clip_encode(x2, y2, left, top, right, bottom);
    if ((code1 | code2) == 0) return true;
    if ((code1 & code2) != 0) return false;
    if (code1 == 0) {
      std::swap(x1, x2);
      std::swap(y1, y2);
      std::swap(code1, code2);
    }
    float m = 1.0f;
    if (x2 != x1) m = static_cast<float>(y2 - y1) / static_cast<float>(x2 - x1);
    if ((code1 & kClipLeftEdge) != 0) {
      y1 = s16(y1 + s16(float_to_int(static_cast<float>(left - x1) * m)));
      x1 = left;
    } else if ((code1 & kClipRightEdge) != 0) {
      y1 = s16(y1 + s16(float_to_int(static_cast<float>(right - x1) * m)));
      x1 = right;
    } else if ((code1 & kClipBottomEdge) != 0) {
      if (x2 != x1) x1 = s16(x1 + s16(float_to_int(static_cast<float>(bottom - y1) / m)));
      y1 = bottom;
    } else if ((code1 & kClipTopEdge) != 0) {
      if (x2 != x1) x1 = s16(x1 + s16(float_to_int(static_cast<float>(top - y1) / m)));
      y1 = top;
    }
  }
  return false;
}

}  // namespace

int to_gfx_coordinate(double value) noexcept {
  if (!std::isfinite(value)) return 0;
  const double truncated = std::trunc(value);
  // Beyond a C long, PyLong_AsLong raises; there is no pixel to match.
  if (!(truncated > -9.2e18 && truncated < 9.2e18)) return 0;
  return s16(static_cast<std::int64_t>(truncated));
}

int to_draw_coordinate(double value) noexcept {
  if (std::isnan(value)) return 0;
  if (value >= 2147483647.0) return INT_MAX;
  if (value <= -2147483648.0) return INT_MIN;
  return static_cast<int>(value);
}

Canvas::Canvas(Frame& frame, int width, int height, bool flip_vertical)
    : width_(std::max(width, 0)), height_(std::max(height, 0)), flip_vertical_(flip_vertical) {
  frame.width = width_;
  frame.height = height_;
  frame.rgb.resize(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 3);
  data_ = frame.rgb.data();
}

void Canvas::fill(Rgb color) noexcept {
  const std::size_t count = static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_);
  if (color.r == color.g && color.g == color.b) {
    std::memset(data_, color.r, count * 3);
    return;
  }
  for (std::size_t i = 0; i < count; ++i) {
    data_[3 * i] = color.r;
    data_[3 * i + 1] = color.g;
    data_[3 * i + 2] = color.b;
  }
}

void Canvas::set_pixel(int x, int y, Rgb color) noexcept {
  if (!inside(x, y)) return;
  std::uint8_t* p = pixel(x, y);
  p[0] = color.r;
  p[1] = color.g;
  p[2] = color.b;
}

void Canvas::blend_pixel(int x, int y, Rgb color, int alpha) noexcept {
  if (!inside(x, y)) return;
  if (alpha == 255) {
    set_pixel(x, y, color);
    return;
  }
  std::uint8_t* p = pixel(x, y);
  p[0] = blend_channel(p[0], color.r, alpha);
  p[1] = blend_channel(p[1], color.g, alpha);
  p[2] = blend_channel(p[2], color.b, alpha);
}

// SDL_gfx hlineColor (opaque colour).
void Canvas::hline(int x1, int x2, int y, Rgb color) noexcept {
  if (x1 > x2) std::swap(x1, x2);
  if (x2 < 0 || x1 > width_ - 1 || y < 0 || y > height_ - 1) return;
  x1 = std::max(x1, 0);
  x2 = std::min(x2, width_ - 1);
  std::uint8_t* p = pixel(x1, y);
  for (int x = x1; x <= x2; ++x, p += 3) {
    p[0] = color.r;
    p[1] = color.g;
    p[2] = color.b;
  }
}

// SDL_gfx vlineColor (opaque colour).
void Canvas::vline(int x, int y1, int y2, Rgb color) noexcept {
  if (y1 > y2) std::swap(y1, y2);
  if (x < 0 || x > width_ - 1 || y2 < 0 || y1 > height_ - 1) return;
  y1 = std::max(y1, 0);
  y2 = std::min(y2, height_ - 1);
  for (int y = y1; y <= y2; ++y) set_pixel(x, y, color);
}

// SDL_gfx _aalineColor with draw_endpoint = 0 (all aapolygon uses).
void Canvas::aaline_gfx(int x1, int y1, int x2, int y2, Rgb color) noexcept {
  if (!clip_line(width_, height_, x1, y1, x2, y2)) return;
  int xx0 = x1;
  int yy0 = y1;
  int xx1 = x2;
  int yy1 = y2;
  if (yy0 > yy1) {
    std::swap(yy0, yy1);
    std::swap(xx0, xx1);
  }
  int dx = xx1 - xx0;
  int dy = yy1 - yy0;
  if (dx == 0) {
    // Without the end point the original still draws the whole span.
    if (dy > 0) {
      vline(x1, s16(yy0), s16(yy0 + dy), color);
    } else {
      set_pixel(x1, y1, color);
    }
    return;
  }
  if (dy == 0) {
    hline(s16(xx0), s16(xx0 + dx), y1, color);
    return;
  }
  int xdir = 1;
  if (dx < 0) {
    xdir = -1;
    dx = -dx;
  }
  // Weighted pixel: pixelColorWeightNolock scales the (opaque) alpha.
  auto weighted = [&](int x, int y, std::uint32_t weight) {
    blend_pixel(s16(x), s16(y), color, static_cast<int>((255u * weight) >> 8));
  };
  std::uint32_t erracc = 0;
  // The first pixel is the (clipped, possibly swapped) first argument.
  set_pixel(x1, y1, color);
  if (dy > dx) {
    // y-major: 16.16 fraction of a pixel x advances per row, in the top
    // 16 bits (a 65536 << 16 wraps to 0 as on x86).
    const std::uint32_t erradj = static_cast<std::uint32_t>((dx << 16) / dy) << 16;
    int x0pxdir = xx0 + xdir;
    while (--dy != 0) {
      const std::uint32_t erracctmp = erracc;
      erracc += erradj;
      if (erracc <= erracctmp) {
        xx0 = x0pxdir;
        x0pxdir += xdir;
      }
      ++yy0;
      const std::uint32_t wgt = (erracc >> 24) & 255u;
      weighted(xx0, yy0, 255u - wgt);
      weighted(x0pxdir, yy0, wgt);
    }
  } else {
    const std::uint32_t erradj = static_cast<std::uint32_t>((dy << 16) / dx) << 16;
    int y0p1 = yy0 + 1;
    while (--dx != 0) {
      const std::uint32_t erracctmp = erracc;
      erracc += erradj;
      if (erracc <= erracctmp) {
        yy0 = y0p1;
        ++y0p1;
      }
      xx0 += xdir;
      const std::uint32_t wgt = (erracc >> 24) & 255u;
      weighted(xx0, yy0, 255u - wgt);
      weighted(xx0, y0p1, wgt);
    }
  }
}

// SDL_gfx aapolygonColor.
void Canvas::aapolygon(std::span<const PointI> vertices, Rgb color) noexcept {
  const std::size_t n = vertices.size();
  if (n < 3) return;
  for (std::size_t i = 1; i < n; ++i) {
    aaline_gfx(vertices[i - 1].x, vertices[i - 1].y, vertices[i].x, vertices[i].y, color);
  }
  aaline_gfx(vertices[n - 1].x, vertices[n - 1].y, vertices[0].x, vertices[0].y, color);
}

// SDL_gfx filledPolygonColorMT.
void Canvas::filled_polygon(std::span<const PointI> vertices, Rgb color) noexcept {
  const int n = static_cast<int>(vertices.size());
  if (n < 3 || n > kMaxPolygonVertices) return;
  int miny = vertices[0].y;
  int maxy = vertices[0].y;
  for (int i = 1; i < n; ++i) {
    const int vy = vertices[static_cast<std::size_t>(i)].y;
    if (vy < miny) {
      miny = vy;
    } else if (vy > maxy) {
      maxy = vy;
    }
  }
  std::array<int, kMaxPolygonVertices> ints{};
  // Rows off the surface draw nothing (hline clips them); skip them.
  const int first_row = std::max(miny, 0);
  const int last_row = std::min(maxy, height_ - 1);
  for (int y = first_row; y <= last_row; ++y) {
    int count = 0;
    for (int i = 0; i < n; ++i) {
      const auto ind1 = static_cast<std::size_t>(i == 0 ? n - 1 : i - 1);
      const auto ind2 = static_cast<std::size_t>(i);
      int y1 = vertices[ind1].y;
      int y2 = vertices[ind2].y;
      int x1;
      int x2;
      if (y1 < y2) {
        x1 = vertices[ind1].x;
        x2 = vertices[ind2].x;
      } else if (y1 > y2) {
        y2 = vertices[ind1].y;
        y1 = vertices[ind2].y;
        x2 = vertices[ind1].x;
        x1 = vertices[ind2].x;
      } else {
        continue;
      }
      if ((y >= y1 && y < y2) || (y == maxy && y > y1 && y <= y2)) {
        const int scaled = wrap32(std::int64_t{65536} * (y - y1));
        const int step = scaled / (y2 - y1);
        ints[static_cast<std::size_t>(count++)] =
            wrap32(std::int64_t{wrap32(std::int64_t{step} * (x2 - x1))} +
                   wrap32(std::int64_t{65536} * x1));
      }
    }
    std::sort(ints.begin(), ints.begin() + count);
    for (int i = 0; i + 1 < count; i += 2) {
      int xa = wrap32(std::int64_t{ints[static_cast<std::size_t>(i)]} + 1);
      xa = (xa >> 16) + ((xa & 32768) >> 15);
      int xb = wrap32(std::int64_t{ints[static_cast<std::size_t>(i + 1)]} - 1);
      xb = (xb >> 16) + ((xb & 32768) >> 15);
      hline(s16(xa), s16(xb), y, color);
    }
  }
}

// SDL_gfx aaellipseColor with rx = ry = radius (aacircleColor).
void Canvas::aacircle(int x, int y, int radius, Rgb color) noexcept {
  const int rx = radius;
  const int ry = radius;
  if (rx < 0) return;
  if (rx == 0) {
    vline(x, s16(y - ry), s16(y + ry), color);
    return;
  }
  if (s16(x + rx) < 0 || s16(x - rx) > width_ - 1 || s16(y + ry) < 0 || s16(y - ry) > height_ - 1) {
    return;
  }
  const int a2 = rx * rx;
  const int b2 = ry * ry;
  const int ds = 2 * a2;
  const int dt = 2 * b2;
  const int xc2 = s16(2 * x);
  const int yc2 = s16(2 * y);
  const double sab = std::sqrt(static_cast<double>(a2 + b2));
  const int dxt = s16(static_cast<int>(std::lrint(static_cast<double>(a2) / sab)));
  int t = 0;
  int s = -2 * a2 * ry;
  int d = 0;
  int xp = x;
  int yp = s16(y - ry);
  int xs = 0;
  int ys = 0;

  auto weighted = [&](int px, int py, int weight) {
    blend_pixel(s16(px), s16(py), color, (255 * weight) >> 8);
  };
  auto weight_of = [](int numerator, int denominator) {
    float cp = 1.0f;
    if (denominator != 0) {
      cp = static_cast<float>(std::abs(numerator)) / static_cast<float>(std::abs(denominator));
      if (cp > 1.0f) cp = 1.0f;
    }
    return static_cast<int>(static_cast<std::uint8_t>(cp * 255));
  };

  // "End points"
  set_pixel(xp, yp, color);
  set_pixel(s16(xc2 - xp), yp, color);
  set_pixel(xp, s16(yc2 - yp), color);
  set_pixel(s16(xc2 - xp), s16(yc2 - yp), color);

  for (int i = 1; i <= dxt; ++i) {
    xp = s16(xp - 1);
    d += t - b2;
    if (d >= 0) {
      ys = s16(yp - 1);
    } else if ((d - s - a2) > 0) {
      if ((2 * d - s - a2) >= 0) {
        ys = s16(yp + 1);
      } else {
        ys = yp;
        yp = s16(yp + 1);
        d -= s + a2;
        s += ds;
      }
    } else {
      yp = s16(yp + 1);
      ys = s16(yp + 1);
      d -= s + a2;
      s += ds;
    }
    t -= dt;
    const int weight = weight_of(d, s);
    const int iweight = 255 - weight;
    // Upper half
    const int xx = xc2 - xp;
    weighted(xp, yp, iweight);
    weighted(xx, yp, iweight);
    weighted(xp, ys, weight);
    weighted(xx, ys, weight);
    // Lower half
    int yy = yc2 - yp;
    weighted(xp, yy, iweight);
    weighted(xx, yy, iweight);
    yy = yc2 - ys;
    weighted(xp, yy, weight);
    weighted(xx, yy, weight);
  }

  const int dyt = s16(static_cast<int>(std::lrint(static_cast<double>(b2) / sab)));
  for (int i = 1; i <= dyt; ++i) {
    yp = s16(yp + 1);
    d -= s + a2;
    if (d <= 0) {
      xs = s16(xp + 1);
    } else if ((d + t - b2) < 0) {
      if ((2 * d + t - b2) <= 0) {
        xs = s16(xp - 1);
      } else {
        xs = xp;
        xp = s16(xp - 1);
        d += t - b2;
        t -= dt;
      }
    } else {
      xp = s16(xp - 1);
      xs = s16(xp - 1);
      d += t - b2;
      t -= dt;
    }
    s += ds;
    const int weight = weight_of(d, t);
    const int iweight = 255 - weight;
    // Left half
    int xx = xc2 - xp;
    const int yy = yc2 - yp;
    weighted(xp, yp, iweight);
    weighted(xx, yp, iweight);
    weighted(xp, yy, iweight);
    weighted(xx, yy, iweight);
    // Right half
    xx = xc2 - xs;
    weighted(xs, yp, weight);
    weighted(xx, yp, weight);
    weighted(xs, yy, weight);
    weighted(xx, yy, weight);
  }
}

// SDL_gfx filledCircleColor (midpoint circle drawn as spans).
void Canvas::filled_circle(int x, int y, int radius, Rgb color) noexcept {
  if (radius < 0) return;
  if (radius == 0) {
    set_pixel(x, y, color);
    return;
  }
  if (s16(x + radius) < 0 || s16(x - radius) > width_ - 1 || s16(y + radius) < 0 ||
      s16(y - radius) > height_ - 1) {
    return;
  }
  int cx = 0;
  int cy = radius;
  int ocx = -1;  // (Sint16)0xffff
  int ocy = -1;
  int df = s16(1 - radius);
  int d_e = 3;
  int d_se = s16(-2 * radius + 5);
  do {
    const int xpcx = s16(x + cx);
    const int xmcx = s16(x - cx);
    const int xpcy = s16(x + cy);
    const int xmcy = s16(x - cy);
    if (ocy != cy) {
      if (cy > 0) {
        hline(xmcx, xpcx, s16(y + cy), color);
        hline(xmcx, xpcx, s16(y - cy), color);
      } else {
        hline(xmcx, xpcx, y, color);
      }
      ocy = cy;
    }
    if (ocx != cx) {
      if (cx != cy) {
        if (cx > 0) {
          hline(xmcy, xpcy, s16(y - cx), color);
          hline(xmcy, xpcy, s16(y + cx), color);
        } else {
          hline(xmcy, xpcy, y, color);
        }
      }
      ocx = cx;
    }
    if (df < 0) {
      df = s16(df + d_e);
      d_e = s16(d_e + 2);
      d_se = s16(d_se + 2);
    } else {
      df = s16(df + d_se);
      d_e = s16(d_e + 2);
      d_se = s16(d_se + 4);
      cy = s16(cy - 1);
    }
    cx = s16(cx + 1);
  } while (cx <= cy);
}

// pygame.draw's draw_line (width 1).
void Canvas::line(int x1, int y1, int x2, int y2, Rgb color) noexcept {
  if (x1 == x2 && y1 == y2) {
    set_pixel(x1, y1, color);
    return;
  }
  if (y1 == y2) {
    // Only the on-surface part of the span can show.
    hline(std::max(std::min(x1, x2), -1), std::min(std::max(x1, x2), width_), y1, color);
    return;
  }
  if (x1 == x2) {
    vline(x1, std::max(std::min(y1, y2), -1), std::min(std::max(y1, y2), height_), color);
    return;
  }
  const std::int64_t dx = std::llabs(std::int64_t{x2} - x1);
  const std::int64_t dy = std::llabs(std::int64_t{y2} - y1);
  const int sx = x1 < x2 ? 1 : -1;
  const int sy = y1 < y2 ? 1 : -1;
  std::int64_t err = (dx > dy ? dx : -dy) / 2;
  while (x1 != x2 || y1 != y2) {
    set_pixel(x1, y1, color);
    const std::int64_t e2 = err;
    if (e2 > -dx) {
      err -= dy;
      x1 += sx;
    }
    if (e2 < dy) {
      err += dx;
      y1 += sy;
    }
  }
  set_pixel(x2, y2, color);
}

// pygame.draw's get_antialiased_color followed by set_at.
void Canvas::set_antialiased(int x, int y, Rgb color, float brightness) noexcept {
  if (!inside(x, y)) return;
  std::uint8_t* p = pixel(x, y);
  const float rest = 1 - brightness;
  p[0] = float_to_u8(brightness * static_cast<float>(color.r) + rest * static_cast<float>(p[0]));
  p[1] = float_to_u8(brightness * static_cast<float>(color.g) + rest * static_cast<float>(p[1]));
  p[2] = float_to_u8(brightness * static_cast<float>(color.b) + rest * static_cast<float>(p[2]));
}

// pygame.draw's draw_aaline (pygame-ce 2.5).
void Canvas::aaline_float(Rgb color, float from_x, float from_y, float to_x, float to_y,
                          bool disable_first_endpoint, bool disable_second_endpoint,
                          bool extra_pixel_for_aalines) noexcept {
  float dx = to_x - from_x;
  float dy = to_y - from_y;
  if (std::fabs(static_cast<double>(dx)) < 0.0001 && std::fabs(static_cast<double>(dy)) < 0.0001) {
    const int px = static_cast<int>(std::floor(static_cast<double>(from_x) + 0.5));
    const int py = static_cast<int>(std::floor(static_cast<double>(from_y) + 0.5));
    set_antialiased(px, py, color, 1.0f);
    return;
  }
  // Clipped one pixel wider than the surface, so border pixels get drawn.
  float clip_left = -1.0f;
  float clip_right = clip_left + static_cast<float>(width_) + 1.0f;
  float clip_top = -1.0f;
  float clip_bottom = clip_top + static_cast<float>(height_) + 1.0f;

  const bool steep = std::fabs(dx) < std::fabs(dy);
  if (steep) {
    std::swap(from_x, from_y);
    std::swap(to_x, to_y);
    std::swap(dx, dy);
    std::swap(clip_left, clip_top);
    std::swap(clip_right, clip_bottom);
  }
  if (dx < 0) {
    std::swap(from_x, to_x);
    std::swap(from_y, to_y);
    dx = -dx;
    dy = -dy;
  }
  if (to_x <= clip_left || from_x >= clip_right) return;

  const float gradient = dy / dx;
  if (from_x < clip_left) {
    from_y += gradient * (clip_left - from_x);
    from_x = clip_left;
  }
  if (to_x > clip_right) {
    to_y += gradient * (clip_right - to_x);
    to_x = clip_right;
  }
  if (gradient > 0.0f) {
    if (to_y <= clip_top || from_y >= clip_bottom) return;
    if (from_y < clip_top) {
      from_x += (clip_top - from_y) / gradient;
      from_y = clip_top;
    }
    if (to_y > clip_bottom) {
      to_x += (clip_bottom - to_y) / gradient;
      to_y = clip_bottom;
    }
  } else {
    if (from_y <= clip_top || to_y >= clip_bottom) return;
    if (to_y < clip_top) {
      to_x += (clip_top - to_y) / gradient;
      to_y = clip_top;
    }
    if (from_y > clip_bottom) {
      from_x += (clip_bottom - from_y) / gradient;
      from_y = clip_bottom;
    }
  }
  // One pixel down, so that (int) rounds down; pixels are drawn one higher.
  from_y += 1.0f;
  to_y += 1.0f;

  // Plots an end point's pair of pixels, as both end-point blocks do.
  auto endpoint = [&](int x_pixel, float y_endpoint, float x_gap) {
    float brightness = y_endpoint - static_cast<float>(static_cast<int>(y_endpoint));
    int x;
    int y;
    if (steep) {
      x = static_cast<int>(y_endpoint);
      y = x_pixel;
    } else {
      x = x_pixel;
      y = static_cast<int>(y_endpoint);
    }
    if (static_cast<float>(static_cast<int>(y_endpoint)) < y_endpoint) {
      set_antialiased(x, y, color, brightness * x_gap);
    }
    if (steep) {
      --x;
    } else {
      --y;
    }
    brightness = 1 - brightness;
    set_antialiased(x, y, color, brightness * x_gap);
  };

  int x_pixel_start = 0;
  float intersect_y = 0.0f;
  if (!disable_first_endpoint || extra_pixel_for_aalines) {
    x_pixel_start = static_cast<int>(from_x);
    const float y_endpoint = from_y + gradient * (static_cast<float>(x_pixel_start) - from_x);
    intersect_y = y_endpoint;
    if (to_x > clip_left + 1.0f) {
      const float x_gap = static_cast<float>(1 + x_pixel_start) - from_x;
      endpoint(x_pixel_start, y_endpoint, x_gap);
      intersect_y += gradient;
      ++x_pixel_start;
    }
  }
  if (disable_first_endpoint) {
    x_pixel_start = static_cast<int>(std::ceil(static_cast<double>(from_x)));
    intersect_y = from_y + gradient * (static_cast<float>(x_pixel_start) - from_x);
  }
  const int x_pixel_end = static_cast<int>(std::ceil(static_cast<double>(to_x)));
  if (!disable_second_endpoint || extra_pixel_for_aalines) {
    if (from_x < clip_right - 1.0f) {
      const float y_endpoint = to_y + gradient * (static_cast<float>(x_pixel_end) - to_x);
      const float x_gap = static_cast<float>(1 - x_pixel_end) + to_x;
      endpoint(x_pixel_end, y_endpoint, x_gap);
    }
  }

  for (int x = x_pixel_start; x < x_pixel_end; ++x) {
    const int y = static_cast<int>(intersect_y);
    float brightness = 1 - intersect_y + static_cast<float>(y);
    if (steep) {
      set_antialiased(y - 1, x, color, brightness);
      if (static_cast<float>(y) < intersect_y) {
        brightness = 1 - brightness;
        set_antialiased(y, x, color, brightness);
      }
    } else {
      set_antialiased(x, y - 1, color, brightness);
      if (static_cast<float>(y) < intersect_y) {
        brightness = 1 - brightness;
        set_antialiased(x, y, color, brightness);
      }
    }
    intersect_y += gradient;
  }
}

// pygame.draw.aalines (pygame-ce 2.5): end points of inner joints are left
// out unless they sit on pixel centres, and an extra pixel is drawn where a
// steep segment meets a flat one.
void Canvas::aalines(std::span<const PointF> points, bool closed, Rgb color) noexcept {
  const std::size_t length = points.size();
  if (length < 2) return;
  auto is_steep = [](float x0, float y0, float x1, float y1) {
    return std::fabs(x1 - x0) < std::fabs(y1 - y0);
  };
  auto on_pixel = [](float x, float y) { return std::round(x) == x && std::round(y) == y; };

  // First segment. (pygame compares the second segment's x run with a
  // y run measured from the first point's y; kept as is.)
  std::array<float, 4> pts = {points[0].x, points[0].y, points[1].x, points[1].y};
  std::array<float, 4> prev = pts;
  bool steep_prev = is_steep(prev[0], prev[1], prev[2], prev[3]);
  bool steep_curr = length > 2 && std::fabs(points[2].x - pts[2]) < std::fabs(points[2].y - pts[1]);
  bool extra_px = steep_prev && !steep_curr;
  bool disable_endpoints = !on_pixel(pts[2], pts[3]);
  aaline_float(color, pts[0], pts[1], pts[2], pts[3], closed && disable_endpoints,
               disable_endpoints, extra_px);

  for (std::size_t i = 2; i + 1 < length; ++i) {
    pts = {points[i - 1].x, points[i - 1].y, points[i].x, points[i].y};
    steep_prev = is_steep(prev[0], prev[1], prev[2], prev[3]);
    steep_curr = is_steep(pts[0], pts[1], pts[2], pts[3]);
    extra_px = steep_prev != steep_curr;
    disable_endpoints = !on_pixel(pts[2], pts[3]);
    prev = pts;
    aaline_float(color, pts[0], pts[1], pts[2], pts[3], disable_endpoints, disable_endpoints,
                 extra_px);
  }

  // Last segment.
  pts = {points[length - 2].x, points[length - 2].y, points[length - 1].x, points[length - 1].y};
  steep_prev = is_steep(prev[0], prev[1], prev[2], prev[3]);
  steep_curr = is_steep(pts[0], pts[1], pts[2], pts[3]);
  extra_px = steep_prev != steep_curr;
  disable_endpoints = !on_pixel(pts[2], pts[3]);
  prev = pts;
  aaline_float(color, pts[0], pts[1], pts[2], pts[3], disable_endpoints,
               closed && disable_endpoints, extra_px);

  if (closed && length > 2) {
    pts = {points[length - 1].x, points[length - 1].y, points[0].x, points[0].y};
    steep_prev = is_steep(prev[0], prev[1], prev[2], prev[3]);
    steep_curr = is_steep(pts[0], pts[1], pts[2], pts[3]);
    extra_px = steep_prev != steep_curr;
    disable_endpoints = !on_pixel(pts[2], pts[3]);
    aaline_float(color, pts[0], pts[1], pts[2], pts[3], disable_endpoints, disable_endpoints,
                 extra_px);
  }
}

}  // namespace gymcc
