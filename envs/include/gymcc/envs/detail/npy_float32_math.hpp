#pragma once
// numpy's float32 sine and cosine, lane by lane.
//
// On x86_64 with FMA (and on every other target where numpy has native fused
// multiply-add) `np.sin`/`np.cos` of float32 do not call libm's sinf/cosf:
// numpy 2 computes them itself (numpy/_core/src/umath/
// loops_trigonometric.dispatch.cpp, `simd_sincos_f32`):
//
//   1. NaN in, NaN out. Inputs with |x| above a cut-off (117435.992f for
//      sine, 71476.0625f for cosine, where the reduction below stops being
//      accurate) go to libm's sinf/cosf instead.
//   2. The quadrant q = rint(x * 2/pi), rounded with the 1.5 * 2^23 trick
//      (x * 2/pi + 1.5 * 2^23 as one fused multiply-add, see below).
//   3. Cody-Waite reduction: r = x - q*pi/2 with pi/2 split into three
//      float32 parts, each step one fused multiply-add.
//   4. A degree-9 odd polynomial for sin(r) and a degree-8 even one for
//      cos(r), Horner's scheme, every step a fused multiply-add.
//   5. q picks sin(r) or cos(r) and the sign (cosine is sine one quadrant on).
//
// A SIMD lane computes the same thing as this scalar code, so one element at
// a time gives numpy's bits. These results differ from
// `(float)std::cos((double)x)` for a noticeable fraction of inputs, which is
// why Acrobot's reset observation (cos/sin of a float32 state) needs them.
//
// The steps must not be reassociated or contracted differently: compile with
// -ffp-contract=off (the fused steps are explicit std::fma calls) and never
// with -ffast-math.

#include <cmath>
#include <limits>

namespace gymcc::envs::detail {

enum class NpyTrig { kSin, kCos };

template <NpyTrig Op>
inline float npy_sincos_f32(float x_in) noexcept {
  // Every constant is numpy's float literal.
  constexpr float kTwoOverPi = 0x1.45f306p-1f;
  constexpr float kPio2High = -0x1.921fb0p+00f;
  constexpr float kPio2Med = -0x1.5110b4p-22f;
  constexpr float kPio2Low = -0x1.846988p-48f;
  constexpr float kRintMagic = 0x1.800000p+23f;
  constexpr float kMaxCodyWaite = Op == NpyTrig::kCos ? 71476.0625f : 117435.992f;

  if (std::isnan(x_in)) return std::numeric_limits<float>::quiet_NaN();
  if (!(std::fabs(x_in) <= kMaxCodyWaite)) {
    // numpy's scalar fallback: libm's float function.
    return Op == NpyTrig::kCos ? std::cos(x_in) : std::sin(x_in);
  }
  const float x = x_in;

  // Round to nearest even with the 1.5*2^23 trick. numpy's source writes a
  // multiply then an add, but its released builds contract the two into one
  // FMA (x * 2/pi is not rounded on its own): this matters exactly where
  // x * 2/pi lies within half an ulp of a half-integer, which picks the other
  // quadrant (verified over all 2^32 inputs against numpy 2.4 on x86_64).
  const float shifted = std::fma(x, kTwoOverPi, kRintMagic);
  const float quadrant = shifted - kRintMagic;

  float r = std::fma(quadrant, kPio2High, x);
  r = std::fma(quadrant, kPio2Med, r);
  r = std::fma(quadrant, kPio2Low, r);
  const float r2 = r * r;

  // cos(r) ~ 1 - r^2/2 + r^4/24 - ... (numpy's coefficients)
  float c = std::fma(0x1.98e616p-16f, r2, -0x1.6c06dcp-10f);
  c = std::fma(c, r2, 0x1.55553cp-05f);
  c = std::fma(c, r2, -0x1.000000p-01f);
  c = std::fma(c, r2, 0x1.000000p+00f);

  // sin(r) ~ r - r^3/6 + ... ; numpy's last two steps are (s*r2 + 0) and
  // (s*r + r), kept as written so that signed zeros come out the same.
  float s = std::fma(0x1.7d3bbcp-19f, r2, -0x1.a06bbap-13f);
  s = std::fma(s, r2, 0x1.11119ap-07f);
  s = std::fma(s, r2, -0x1.555556p-03f);
  s = std::fma(s, r2, 0.0f);
  s = std::fma(s, r, r);

  // quadrant is an integer of magnitude below 2^17 here.
  int iq = static_cast<int>(quadrant);
  if constexpr (Op == NpyTrig::kCos) iq += 1;
  float result = (iq & 1) == 0 ? s : c;
  // numpy negates as 0 - v, which turns -0 into +0.
  if ((iq & 2) == 2) result = 0.0f - result;
  return result;
}

// np.sin on a float32 value.
inline float npy_sinf(float x) noexcept { return npy_sincos_f32<NpyTrig::kSin>(x); }

// np.cos on a float32 value.
inline float npy_cosf(float x) noexcept { return npy_sincos_f32<NpyTrig::kCos>(x); }

}  // namespace gymcc::envs::detail
