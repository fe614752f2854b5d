#pragma once
// Python's own semantics where gymnasium's behaviour depends on them: the
// text of float(), str() and repr(), and the seed rule of gymnasium's
// np_random — so that messages and accepted inputs are the reference's, in
// the library, the server and the bindings alike.

#include <optional>
#include <string>
#include <string_view>

#include "gymcc/rng.hpp"
#include "gymcc/value.hpp"

namespace gymcc::python {

// float(text): optional sign, then digits with optional fraction and
// exponent (underscores between digits allowed), or inf/infinity/nan,
// surrounded by whitespace; nullopt for anything else.
std::optional<double> parse_float(std::string_view text);

// Correctly rounded decimal text (digits, '.', exponent) to a double, as
// Python's float() rounds it: overflow to ±inf, underflow to (signed) zero or
// a subnormal.
double decimal_to_double(const std::string& text);

// str(value), for messages that interpolate a user's value: strings bare at
// the top level and quoted inside containers, None/True/False, numpy-style
// arrays.
std::string str(const Value& value);

// repr(float): "0.1", "1e-05", "inf", "nan".
std::string float_repr(double value);

// repr(str): single quotes unless the text holds only single quotes.
void append_string_repr(std::string_view text, std::string& out);

// A shape as Python prints a tuple: "(4,)", "(2, 3)", "()".
std::string shape_text(const Shape& shape);

// gymnasium's seeding.np_random(seed) rule: null → nullopt, a non-negative
// int of any size → Seed, anything else Error(kInvalidSeed) with gymnasium's
// message ("Seed must be greater or equal to zero, actual value: -1",
// "Seed must be a python integer, actual type: <class 'float'>").
std::optional<Seed> seed_from_value(const Value& value);

// The messages of that rule, for front ends that read seeds from elsewhere.
[[noreturn]] void throw_negative_seed(std::string_view digits);
[[noreturn]] void throw_seed_type(std::string_view python_type);

}  // namespace gymcc::python
