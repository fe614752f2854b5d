// rgb_array frames of the classic-control envs. Each function follows the
// env's `render()` in gymnasium 1.4.0 line by line: the same Python float
// arithmetic (in the same order) for every coordinate, the same int()
// truncations, and the pygame primitive gymnasium calls, from gymcc::Canvas.

#include "gymcc/envs/classic_control/render.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <optional>

#include "gymcc/canvas.hpp"
#include "gymcc/envs/classic_control/acrobot.hpp"
#include "gymcc/envs/classic_control/cartpole.hpp"
#include "gymcc/envs/classic_control/continuous_mountain_car.hpp"
#include "gymcc/envs/classic_control/mountain_car.hpp"
#include "gymcc/envs/classic_control/pendulum.hpp"

namespace gymcc::envs {

namespace {

constexpr Rgb kWhite{255, 255, 255};
constexpr Rgb kBlack{0, 0, 0};

struct Vec2 {
  double x;
  double y;
};

// pygame.math.Vector2.rotate_rad (pygame-ce's _vector2_rotate_helper):
// multiples of 90 degrees (within the vector's epsilon, 1e-6) are exact.
Vec2 rotate_rad(Vec2 v, double angle) noexcept {
  constexpr double kEpsilon = 1e-6;
  constexpr double kTwoPi = 2 * std::numbers::pi;
  constexpr double kHalfPi = std::numbers::pi / 2;
  if (!std::isfinite(angle)) return {std::nan(""), std::nan("")};
  angle = std::fmod(angle, kTwoPi);
  if (angle < 0) angle += kTwoPi;
  if (std::fmod(angle + kEpsilon, kHalfPi) < 2 * kEpsilon) {
    switch (static_cast<int>((angle + kEpsilon) / kHalfPi)) {
      case 1:
        return {-v.y, v.x};
      case 2:
        return {-v.x, -v.y};
      case 3:
        return {v.y, -v.x};
      default:  // 0 or 360 degrees
        return v;
    }
  }
  const double sin_value = std::sin(angle);
  const double cos_value = std::cos(angle);
  return {cos_value * v.x - sin_value * v.y, sin_value * v.x + cos_value * v.y};
}

PointI gfx_point(double x, double y) noexcept {
  return {to_gfx_coordinate(x), to_gfx_coordinate(y)};
}

// The aapolygon + filled_polygon pair every env draws its bodies with.
void draw_body(Canvas& canvas, const std::array<PointI, 4>& corners, Rgb color) noexcept {
  canvas.aapolygon(corners, color);
  canvas.filled_polygon(corners, color);
}

void draw_disc(Canvas& canvas, int x, int y, int radius, Rgb color) noexcept {
  canvas.aacircle(x, y, radius, color);
  canvas.filled_circle(x, y, radius, color);
}

// ---- MountainCar and MountainCarContinuous (identical drawings) -----------

double mountain_height(double xs) noexcept { return std::sin(3 * xs) * .45 + .55; }

// After its first step MountainCarContinuous keeps a float32 state, and
// gymnasium then computes the car's corners partly in float32 (NEP 50);
// here they are computed in double. The two differ by about 1e-5 pixel, which
// changes a truncated coordinate only when it falls that close to an integer.
void render_mountain_car(double pos, double goal_position, Frame& frame) {
  constexpr int kScreenWidth = 600;
  constexpr int kScreenHeight = 400;
  constexpr double kMinPosition = -1.2;
  constexpr double kMaxPosition = 0.6;
  const double world_width = kMaxPosition - kMinPosition;
  const double scale = kScreenWidth / world_width;
  constexpr int kCarWidth = 40;
  constexpr int kCarHeight = 20;

  Canvas canvas(frame, kScreenWidth, kScreenHeight, /*flip_vertical=*/true);
  canvas.fill(kWhite);

  // np.linspace(min_position, max_position, 100): i * step + start, the last
  // point exactly the stop.
  constexpr int kCurvePoints = 100;
  std::array<PointF, kCurvePoints> xys{};
  const double step = (kMaxPosition - kMinPosition) / (kCurvePoints - 1);
  for (int i = 0; i < kCurvePoints; ++i) {
    const double xs = i == kCurvePoints - 1 ? kMaxPosition : i * step + kMinPosition;
    xys[static_cast<std::size_t>(i)] = {static_cast<float>((xs - kMinPosition) * scale),
                                        static_cast<float>(mountain_height(xs) * scale)};
  }
  canvas.aalines(xys, /*closed=*/false, kBlack);

  constexpr int kClearance = 10;
  const double l = -kCarWidth / 2.0;
  const double r = kCarWidth / 2.0;
  const double t = kCarHeight;
  const double b = 0;
  const double angle = std::cos(3 * pos);
  const double car_x = (pos - kMinPosition) * scale;
  const double car_height = mountain_height(pos) * scale;
  std::array<PointI, 4> coords{};
  const std::array<Vec2, 4> corners = {Vec2{l, b}, Vec2{l, t}, Vec2{r, t}, Vec2{r, b}};
  for (std::size_t i = 0; i < corners.size(); ++i) {
    const Vec2 c = rotate_rad(corners[i], angle);
    coords[i] = gfx_point(c.x + car_x, c.y + kClearance + car_height);
  }
  draw_body(canvas, coords, kBlack);

  constexpr int kWheelRadius = static_cast<int>(kCarHeight / 2.5);
  for (const Vec2 offset : {Vec2{kCarWidth / 4.0, 0}, Vec2{-kCarWidth / 4.0, 0}}) {
    const Vec2 c = rotate_rad(offset, angle);
    const PointI wheel = gfx_point(c.x + car_x, c.y + kClearance + car_height);
    draw_disc(canvas, wheel.x, wheel.y, kWheelRadius, Rgb{128, 128, 128});
  }

  const int flag_x = to_gfx_coordinate((goal_position - kMinPosition) * scale);
  const int flag_y1 = to_gfx_coordinate(mountain_height(goal_position) * scale);
  const int flag_y2 = flag_y1 + 50;
  canvas.vline(flag_x, flag_y1, flag_y2, kBlack);
  const std::array<PointI, 3> flag = {PointI{flag_x, flag_y2}, PointI{flag_x, flag_y2 - 10},
                                      PointI{flag_x + 25, flag_y2 - 5}};
  constexpr Rgb kFlagColor{204, 204, 0};
  canvas.aapolygon(flag, kFlagColor);
  canvas.filled_polygon(flag, kFlagColor);
}

// ---- Pendulum's torque arrow ---------------------------------------------

// The outline of gymnasium's assets/clockwise.png (329 x 312 pixels, black
// with anti-aliased alpha), fitted to the image's alpha channel (mean error
// 0.5/255 per pixel at full size): a ring running clockwise from the top to
// the left side, and a dart-shaped head pointing up at its end.
struct ArrowShape {
  static constexpr double kImageWidth = 329;
  static constexpr double kImageHeight = 312;
  static constexpr Vec2 kCenter{173.15, 156.0};
  static constexpr double kOuterRadius = 156.2;
  static constexpr double kInnerRadius = 146.2;
  // The ring is open in the upper left: left of the cut at the top and
  // above the head's base on the left side.
  static constexpr double kGapRight = 170.5;
  static constexpr double kGapBottom = 145.0;
  // Head: tip, right wing, notch, left wing (a concave quadrilateral).
  static constexpr std::array<Vec2, 4> kHead = {Vec2{21.35, 110.55}, Vec2{45.0, 169.75},
                                                Vec2{22.15, 153.5}, Vec2{-0.05, 169.75}};
  static constexpr double kHeadLeft = -0.05;
  static constexpr double kHeadRight = 45.0;
  static constexpr double kHeadTop = 110.55;
  static constexpr double kHeadBottom = 169.75;

  static double squared_distance(Vec2 p, Vec2 c) noexcept {
    return (p.x - c.x) * (p.x - c.x) + (p.y - c.y) * (p.y - c.y);
  }

  static bool in_ring(Vec2 p) noexcept {
    if (p.x < kGapRight && p.y < kGapBottom) return false;
    const double d2 = squared_distance(p, kCenter);
    return d2 <= kOuterRadius * kOuterRadius && d2 >= kInnerRadius * kInnerRadius;
  }

  // Even-odd rule over the head's four edges.
  static bool in_head(Vec2 p) noexcept {
    bool inside = false;
    for (std::size_t i = 0, j = kHead.size() - 1; i < kHead.size(); j = i++) {
      const Vec2 a = kHead[i];
      const Vec2 b = kHead[j];
      if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) {
        inside = !inside;
      }
    }
    return inside;
  }

  static bool contains(Vec2 p) noexcept { return in_ring(p) || in_head(p); }

  enum class Cover { kNone, kFull, kPartial };

  // How the source-space rectangle centred on p (half-sizes hx, hy) meets
  // the shape, from distances alone: only kPartial needs sampling.
  static Cover classify(Vec2 p, double hx, double hy) noexcept {
    const double reach = std::sqrt(hx * hx + hy * hy);
    const double d = std::sqrt(squared_distance(p, kCenter));
    const bool touches_ring = d + reach >= kInnerRadius && d - reach <= kOuterRadius;
    const bool touches_head = p.x + hx >= kHeadLeft && p.x - hx <= kHeadRight &&
                              p.y + hy >= kHeadTop && p.y - hy <= kHeadBottom;
    if (!touches_ring && !touches_head) return Cover::kNone;
    const bool clear_of_gap = p.x - hx >= kGapRight || p.y - hy >= kGapBottom;
    if (clear_of_gap && d - reach >= kInnerRadius && d + reach <= kOuterRadius) {
      return Cover::kFull;
    }
    return Cover::kPartial;
  }
};

// gymnasium: smoothscale the image to scale * |u| / 2 pixels square, flip it
// (horizontally when u > 0, always vertically), blit it centred on the pivot.
// Each destination pixel's alpha is the shape's coverage of the source area
// it averages (what smoothscale's box filter does to the anti-aliased image),
// estimated on a 4 x 4 grid, 8 x 8 for small arrows (whose pixels average
// more of the image). Against pygame's smoothscale of the real image the
// alpha differs by about 1/255 per pixel on average.
void draw_torque_arrow(Canvas& canvas, float last_u, double scale, int offset) noexcept {
  const float size_f = static_cast<float>(scale) * std::fabs(last_u) / 2;
  if (!(size_f >= 1.0f) || size_f > 1.0e6f) return;
  const int size = static_cast<int>(size_f);
  const bool flip_horizontally = last_u > 0;
  const int left = offset - size / 2;
  const int top = offset - size / 2;
  const double source_dx = ArrowShape::kImageWidth / size;
  const double source_dy = ArrowShape::kImageHeight / size;
  const int samples = size < 64 ? 8 : 4;
  for (int dy = 0; dy < size; ++dy) {
    const int scaled_y = size - 1 - dy;  // the vertical flip
    for (int dx = 0; dx < size; ++dx) {
      const int scaled_x = flip_horizontally ? size - 1 - dx : dx;
      const Vec2 centre{(scaled_x + 0.5) * source_dx, (scaled_y + 0.5) * source_dy};
      const ArrowShape::Cover cover = ArrowShape::classify(centre, source_dx / 2, source_dy / 2);
      if (cover == ArrowShape::Cover::kNone) continue;
      if (cover == ArrowShape::Cover::kFull) {
        canvas.set_pixel(left + dx, top + dy, kBlack);
        continue;
      }
      int covered = 0;
      for (int sy = 0; sy < samples; ++sy) {
        for (int sx = 0; sx < samples; ++sx) {
          const Vec2 p{(scaled_x + (sx + 0.5) / samples) * source_dx,
                       (scaled_y + (sy + 0.5) / samples) * source_dy};
          if (ArrowShape::contains(p)) ++covered;
        }
      }
      if (covered == 0) continue;
      const int alpha = (covered * 255 + samples * samples / 2) / (samples * samples);
      canvas.blend_pixel(left + dx, top + dy, kBlack, alpha);
    }
  }
}

}  // namespace

void render_rgb(const CartPole& env, Frame& frame) {
  constexpr int kScreenWidth = 600;
  constexpr int kScreenHeight = 400;
  constexpr double kXThreshold = 2.4;
  constexpr double kLength = 0.5;
  const double world_width = kXThreshold * 2;
  const double scale = kScreenWidth / world_width;
  const double polewidth = 10.0;
  const double polelen = scale * (2 * kLength);
  const double cartwidth = 50.0;
  const double cartheight = 30.0;
  const std::array<double, 4>& x = env.state();

  Canvas canvas(frame, kScreenWidth, kScreenHeight, /*flip_vertical=*/true);
  canvas.fill(kWhite);

  double l = -cartwidth / 2;
  double r = cartwidth / 2;
  double t = cartheight / 2;
  double b = -cartheight / 2;
  const double axleoffset = cartheight / 4.0;
  const double cartx = x[0] * scale + kScreenWidth / 2.0;  // middle of the cart
  constexpr int kCartY = 100;                              // top of the cart
  const std::array<PointI, 4> cart_coords = {
      gfx_point(l + cartx, b + kCartY), gfx_point(l + cartx, t + kCartY),
      gfx_point(r + cartx, t + kCartY), gfx_point(r + cartx, b + kCartY)};
  draw_body(canvas, cart_coords, kBlack);

  l = -polewidth / 2;
  r = polewidth / 2;
  t = polelen - polewidth / 2;
  b = -polewidth / 2;
  std::array<PointI, 4> pole_coords{};
  const std::array<Vec2, 4> corners = {Vec2{l, b}, Vec2{l, t}, Vec2{r, t}, Vec2{r, b}};
  for (std::size_t i = 0; i < corners.size(); ++i) {
    const Vec2 c = rotate_rad(corners[i], -x[2]);
    pole_coords[i] = gfx_point(c.x + cartx, c.y + kCartY + axleoffset);
  }
  draw_body(canvas, pole_coords, Rgb{202, 152, 101});

  draw_disc(canvas, to_gfx_coordinate(cartx), to_gfx_coordinate(kCartY + axleoffset),
            static_cast<int>(polewidth / 2), Rgb{129, 132, 203});

  canvas.hline(0, kScreenWidth, kCartY, kBlack);
}

void render_rgb(const MountainCar& env, Frame& frame) {
  render_mountain_car(env.position(), 0.5, frame);
}

void render_rgb(const MountainCarContinuous& env, Frame& frame) {
  render_mountain_car(env.position(), 0.45, frame);
}

void render_rgb(const Pendulum& env, Frame& frame) {
  constexpr int kScreenDim = 500;
  Canvas canvas(frame, kScreenDim, kScreenDim, /*flip_vertical=*/true);
  canvas.fill(kWhite);

  const double bound = 2.2;
  const double scale = kScreenDim / (bound * 2);
  constexpr int kOffset = kScreenDim / 2;
  constexpr Rgb kRodColor{204, 77, 77};

  const double rod_length = 1 * scale;
  const double rod_width = 0.2 * scale;
  const double l = 0;
  const double r = rod_length;
  const double t = rod_width / 2;
  const double b = -rod_width / 2;
  const double angle = env.theta() + std::numbers::pi / 2;
  std::array<PointI, 4> coords{};
  const std::array<Vec2, 4> corners = {Vec2{l, b}, Vec2{l, t}, Vec2{r, t}, Vec2{r, b}};
  for (std::size_t i = 0; i < corners.size(); ++i) {
    const Vec2 c = rotate_rad(corners[i], angle);
    coords[i] = gfx_point(c.x + kOffset, c.y + kOffset);
  }
  draw_body(canvas, coords, kRodColor);

  const int rod_radius = static_cast<int>(rod_width / 2);
  draw_disc(canvas, kOffset, kOffset, rod_radius, kRodColor);

  const Vec2 rod_end = rotate_rad(Vec2{rod_length, 0}, angle);
  draw_disc(canvas, to_gfx_coordinate(rod_end.x + kOffset), to_gfx_coordinate(rod_end.y + kOffset),
            rod_radius, kRodColor);

  if (const std::optional<float>& last_u = env.last_u(); last_u.has_value()) {
    draw_torque_arrow(canvas, *last_u, scale, kOffset);
  }

  // The axle.
  draw_disc(canvas, kOffset, kOffset, static_cast<int>(0.05 * scale), kBlack);
}

void render_rgb(const Acrobot& env, Frame& frame) {
  constexpr int kScreenDim = 500;
  constexpr double kLinkLength1 = 1.0;
  constexpr double kLinkLength2 = 1.0;
  Canvas canvas(frame, kScreenDim, kScreenDim, /*flip_vertical=*/true);
  canvas.fill(kWhite);
  // Right after reset gymnasium's state is float32 and `s[0] - pi / 2` is a
  // float32 difference; in double the link angles differ by ~1e-8 rad, far
  // below what moves a truncated vertex except at an exact integer boundary.
  const std::array<double, 4>& s = env.state();

  const double bound = kLinkLength1 + kLinkLength2 + 0.2;
  const double scale = kScreenDim / (bound * 2);
  const double offset = kScreenDim / 2.0;

  const double p1_x = -kLinkLength1 * std::cos(s[0]) * scale;
  const double p1_y = kLinkLength1 * std::sin(s[0]) * scale;
  // np.array([[0, 0], p1])[:, ::-1]: each point with its coordinates swapped.
  const std::array<Vec2, 2> xys = {Vec2{0, 0}, Vec2{p1_y, p1_x}};
  const std::array<double, 2> thetas = {s[0] - std::numbers::pi / 2,
                                        s[0] + s[1] - std::numbers::pi / 2};
  const std::array<double, 2> link_lengths = {kLinkLength1 * scale, kLinkLength2 * scale};

  canvas.line(to_draw_coordinate(-2.2 * scale + offset), to_draw_coordinate(1 * scale + offset),
              to_draw_coordinate(2.2 * scale + offset), to_draw_coordinate(1 * scale + offset),
              kBlack);

  for (std::size_t k = 0; k < xys.size(); ++k) {
    const double x = xys[k].x + offset;
    const double y = xys[k].y + offset;
    const double l = 0;
    const double r = link_lengths[k];
    const double t = 0.1 * scale;
    const double b = -0.1 * scale;
    std::array<PointI, 4> coords{};
    const std::array<Vec2, 4> corners = {Vec2{l, b}, Vec2{l, t}, Vec2{r, t}, Vec2{r, b}};
    for (std::size_t i = 0; i < corners.size(); ++i) {
      const Vec2 c = rotate_rad(corners[i], thetas[k]);
      coords[i] = gfx_point(c.x + x, c.y + y);
    }
    draw_body(canvas, coords, Rgb{0, 204, 204});
    draw_disc(canvas, to_gfx_coordinate(x), to_gfx_coordinate(y), static_cast<int>(0.1 * scale),
              Rgb{204, 204, 0});
  }
}

}  // namespace gymcc::envs
