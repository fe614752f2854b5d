// gymnasium's classic_control/utils.py and numpy's argument checks, with the
// exception texts Python gives (classic_control_utils.hpp).

#include <cmath>
#include <string>

#include "gymcc/envs/detail/classic_control_utils.hpp"
#include "gymcc/python.hpp"

namespace gymcc::envs::detail {

void throw_invalid_options(const std::string& message) {
  throw Error(ErrorCode::kInvalidOptions, message);
}

double verify_number_and_cast(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kBool:
      return value.as_bool() ? 1.0 : 0.0;
    case Value::Kind::kInt:
      return static_cast<double>(value.as_int());
    case Value::Kind::kFloat:
      return value.as_float();
    case Value::Kind::kBigInt: {
      // float(int): correctly rounded; too large is an OverflowError, which
      // gymnasium does not catch.
      const double d = python::decimal_to_double(value.as_bigint().decimal);
      if (std::isinf(d)) throw_invalid_options("int too large to convert to float");
      return d;
    }
    case Value::Kind::kString:
      if (auto d = python::parse_float(value.as_string())) return *d;
      break;
    case Value::Kind::kArray: {
      // numpy 2 converts only 0-d arrays.
      const Array& a = value.as_array();
      if (a.shape.empty() && a.data.size() == 1) return a.data[0];
      break;
    }
    default:
      break;
  }
  throw_invalid_options("An option (" + python::str(value) +
                        ") could not be converted to a float.");
}

const Dict* reset_options_dict(const Value* options) {
  if (options == nullptr || options->is_null()) return nullptr;
  if (!options->is_dict()) {
    throw_invalid_options("reset options must be a dict, got " +
                          std::string(python_type_name(*options)));
  }
  return &options->as_dict();
}

std::pair<double, double> maybe_parse_reset_bounds(const Value* options, double default_low,
                                                   double default_high) {
  if (reset_options_dict(options) == nullptr) return {default_low, default_high};
  const Value* low_value = options->find("low");
  const Value* high_value = options->find("high");
  const double low = low_value ? verify_number_and_cast(*low_value) : default_low;
  const double high = high_value ? verify_number_and_cast(*high_value) : default_high;
  if (low > high) {
    throw_invalid_options("Lower bound (" + python::float_repr(low) +
                          ") must be lower than higher bound (" + python::float_repr(high) + ").");
  }
  return {low, high};
}

double checked_uniform_range(double low, double high) {
  const double range = high - low;
  if (!std::isfinite(range)) throw_invalid_options("high - low range exceeds valid bounds");
  if (range < 0.0) throw_invalid_options("high - low < 0");
  return range;
}

NumberArg number_arg_from(const Value& value) {
  if (value.is_int()) return NumberArg::of(value.as_int());
  if (value.is_float()) return NumberArg::of(value.as_float());
  throw std::string("a number");
}

}  // namespace gymcc::envs::detail
