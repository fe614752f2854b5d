#pragma once
// Pieces the classic-control environments share: Python's arithmetic where it
// differs from C++'s, gymnasium's reset-bound parsing (classic_control/
// utils.py) and numpy's checks in `Generator.uniform`, with the exception
// texts Python would show. The parsing is not on the hot path and lives in
// envs/src/classic_control_utils.cpp.

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "gymcc/errors.hpp"
#include "gymcc/kwargs.hpp"
#include "gymcc/value.hpp"

namespace gymcc::envs::detail {

// ---- Python / numpy arithmetic -------------------------------------------

// `x ** y` on a float64 scalar, and Python's math.pow: glibc pow. Compilers
// rewrite pow(x, 2.0) as x * x, which differs in the last bit for about one
// double in a thousand; reading the exponent through a volatile keeps the
// call.
inline double py_pow(double x, double y) noexcept {
  const volatile double exponent = y;
  return std::pow(x, exponent);
}

// `x ** y` on a numpy float32 scalar: glibc powf.
inline float py_powf(float x, float y) noexcept {
  const volatile float exponent = y;
  return std::pow(x, exponent);
}

// numpy's float64 `a % b` (npy_divmod): fmod, moved into b's sign when the
// signs differ; an exact zero takes b's sign.
inline double np_remainder(double a, double b) noexcept {
  double mod = std::fmod(a, b);
  if (b == 0.0) return mod;
  if (mod != 0.0) {
    if ((b < 0.0) != (mod < 0.0)) mod += b;
  } else {
    mod = std::copysign(0.0, b);
  }
  return mod;
}

// np.clip(x, lo, hi) on a float scalar: NaN passes through.
template <class T>
inline T np_clip(T x, T lo, T hi) noexcept {
  if (std::isnan(x)) return x;
  const T up = x < lo ? lo : x;
  return up > hi ? hi : up;
}

// ---- Reset options --------------------------------------------------------

[[noreturn]] void throw_invalid_options(const std::string& message);

// gymnasium's utils.verify_number_and_cast: Python's float(x) (ints, floats,
// bools, numeric strings such as " 1_000.5 ", size-1 arrays); anything else
// is "An option (x) could not be converted to a float."
double verify_number_and_cast(const Value& value);

// The dict of reset options, or nullptr for None. gymnasium takes any
// mapping; we reject other JSON types with a clear message.
const Dict* reset_options_dict(const Value* options);

// gymnasium's utils.maybe_parse_reset_bounds(options, default_low,
// default_high): the "low"/"high" options, checked low <= high.
std::pair<double, double> maybe_parse_reset_bounds(const Value* options, double default_low,
                                                   double default_high);

// numpy Generator.uniform(low, high) with scalar bounds: returns high - low
// after numpy's checks (OverflowError when not finite, ValueError when
// negative).
double checked_uniform_range(double low, double high);

// ---- Numeric kwargs -------------------------------------------------------

// A kwarg Python declares as a plain number (Pendulum's g, MountainCar's
// goal_velocity): the value the physics uses, and the value as given, so an
// int default stays an int when the kwargs are reported.
struct NumberArg {
  double value = 0.0;
  Value given = Value(0.0);

  static NumberArg of(double v) { return NumberArg{v, Value(v)}; }
  static NumberArg of(std::int64_t v) { return NumberArg{static_cast<double>(v), Value(v)}; }
};

// Converts a kwarg value to a NumberArg; throws the expected-type text
// (a std::string, as KwargTable wants) for anything but an int or a float.
NumberArg number_arg_from(const Value& value);

template <class Params>
void add_number_kwarg(KwargTable<Params>& table, std::string name, NumberArg Params::*member,
                      std::string doc) {
  table.add_custom(
      std::move(name), "float", std::move(doc),
      [member](Params& p, const Value& v) { p.*member = number_arg_from(v); },
      [member](const Params& p) { return (p.*member).given; });
}

}  // namespace gymcc::envs::detail
