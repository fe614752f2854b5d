#include "gymcc/envs/classic_control.hpp"

#include <clocale>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>

#include <locale.h>  // newlocale, strtod_l (POSIX / glibc)

#include "gymcc/envs/classic_control/acrobot.hpp"
#include "gymcc/envs/classic_control/cartpole.hpp"
#include "gymcc/envs/classic_control/continuous_mountain_car.hpp"
#include "gymcc/envs/classic_control/mountain_car.hpp"
#include "gymcc/envs/classic_control/pendulum.hpp"
#include "gymcc/envs/classic_control/render.hpp"
#include "gymcc/envs/detail/classic_control_utils.hpp"
#include "gymcc/json.hpp"
#include "gymcc/registration.hpp"

namespace gymcc::envs {

namespace {

EnvSpec spec_of(std::string id, std::string entry_point, std::optional<std::int64_t> max_steps,
                std::optional<double> reward_threshold) {
  EnvSpec spec;
  spec.id = std::move(id);
  spec.entry_point = std::move(entry_point);
  spec.max_episode_steps = max_steps;
  spec.reward_threshold = reward_threshold;
  return spec;
}

}  // namespace

// gymnasium/envs/__init__.py, classic control section.
void register_classic_control(Registry& registry) {
  register_env<CartPole>(registry, spec_of("CartPole-v0", "gymcc::envs::CartPole", 200, 195.0));
  register_env<CartPole>(registry, spec_of("CartPole-v1", "gymcc::envs::CartPole", 500, 475.0));
  register_env<MountainCar>(registry,
                            spec_of("MountainCar-v0", "gymcc::envs::MountainCar", 200, -110.0));
  register_env<MountainCarContinuous>(
      registry,
      spec_of("MountainCarContinuous-v0", "gymcc::envs::MountainCarContinuous", 999, 90.0));
  register_env<Pendulum>(registry,
                         spec_of("Pendulum-v1", "gymcc::envs::Pendulum", 200, std::nullopt));
  register_env<Acrobot>(registry, spec_of("Acrobot-v1", "gymcc::envs::Acrobot", 500, -100.0));
}

namespace detail {

namespace {

bool is_python_space(char c) {
  // str.strip()'s ASCII whitespace, which float() strips too.
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != b[i]) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Consumes digit ("_"? digit)* into `out` (underscores dropped); false if
// there is no digit or an underscore is not between two digits.
bool take_digits(std::string_view s, std::size_t& i, std::string& out) {
  if (i >= s.size() || !is_digit(s[i])) return false;
  out += s[i++];
  while (i < s.size()) {
    if (is_digit(s[i])) {
      out += s[i++];
    } else if (s[i] == '_' && i + 1 < s.size() && is_digit(s[i + 1])) {
      ++i;
    } else {
      break;
    }
  }
  return true;
}

// Correctly rounded decimal to double in the "C" locale, overflow to ±inf
// and underflow to (signed) zero or a subnormal, as Python does.
double decimal_to_double(const std::string& text) {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
  return strtod_l(text.c_str(), nullptr, c_locale);
}

// Python's float(str): optional sign, then digits with optional fraction and
// exponent (underscores between digits allowed), or inf/infinity/nan.
std::optional<double> parse_python_float(std::string_view s) {
  while (!s.empty() && is_python_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_python_space(s.back())) s.remove_suffix(1);
  std::string text;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) text += s[i++];
  const std::string_view rest = s.substr(i);
  const bool negative = !text.empty() && text[0] == '-';
  if (equals_ignore_case(rest, "inf") || equals_ignore_case(rest, "infinity")) {
    return negative ? -HUGE_VAL : HUGE_VAL;
  }
  if (equals_ignore_case(rest, "nan")) {
    return negative ? -std::nan("") : std::nan("");
  }
  bool any_digits = take_digits(s, i, text);
  if (i < s.size() && s[i] == '.') {
    text += s[i++];
    if (take_digits(s, i, text)) any_digits = true;
  }
  if (!any_digits) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    text += s[i++];
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) text += s[i++];
    if (!take_digits(s, i, text)) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return decimal_to_double(text);
}

void append_python_string_repr(std::string_view s, std::string& out) {
  const bool has_single = s.find('\'') != std::string_view::npos;
  const bool has_double = s.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  out += quote;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  out += quote;
}

void append_python(const Value& v, bool top_level, std::string& out);

void append_array(const Array& a, std::string& out) {
  // numpy's str() of an array, simplified: nested brackets, elements
  // separated by spaces.
  auto element = [&](double d) {
    if (a.dtype == DType::kBool) {
      out += d != 0.0 ? "True" : "False";
    } else if (!is_floating(a.dtype)) {
      out += std::to_string(static_cast<long long>(d));
    } else {
      out += python_float_repr(d);
    }
  };
  if (a.shape.empty()) {
    if (!a.data.empty()) element(a.data[0]);
    return;
  }
  std::size_t index = 0;
  auto rec = [&](auto&& self, std::size_t dim) -> void {
    out += '[';
    for (std::int64_t k = 0; k < a.shape[dim]; ++k) {
      if (k > 0) out += ' ';
      if (dim + 1 == a.shape.size()) {
        element(a.data[index++]);
      } else {
        self(self, dim + 1);
      }
    }
    out += ']';
  };
  rec(rec, 0);
}

void append_python(const Value& v, bool top_level, std::string& out) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      out += "None";
      return;
    case Value::Kind::kBool:
      out += v.as_bool() ? "True" : "False";
      return;
    case Value::Kind::kInt:
      out += std::to_string(v.as_int());
      return;
    case Value::Kind::kBigInt:
      out += v.as_bigint().decimal;
      return;
    case Value::Kind::kFloat:
      out += python_float_repr(v.as_float());
      return;
    case Value::Kind::kString:
      if (top_level) {
        out += v.as_string();
      } else {
        append_python_string_repr(v.as_string(), out);
      }
      return;
    case Value::Kind::kArray:
      append_array(v.as_array(), out);
      return;
    case Value::Kind::kList: {
      out += '[';
      bool first = true;
      for (const Value& e : v.as_list()) {
        if (!first) out += ", ";
        first = false;
        append_python(e, false, out);
      }
      out += ']';
      return;
    }
    case Value::Kind::kDict: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : v.as_dict()) {
        if (!first) out += ", ";
        first = false;
        append_python_string_repr(key, out);
        out += ": ";
        append_python(value, false, out);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

void throw_invalid_options(const std::string& message) {
  throw Error(ErrorCode::kInvalidOptions, message);
}

std::string python_float_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  std::string out;
  json::write_double(value, out);
  return out;
}

std::string python_str(const Value& value) {
  std::string out;
  append_python(value, true, out);
  return out;
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
      const double d = decimal_to_double(value.as_bigint().decimal);
      if (std::isinf(d)) throw_invalid_options("int too large to convert to float");
      return d;
    }
    case Value::Kind::kString:
      if (auto d = parse_python_float(value.as_string())) return *d;
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
  throw_invalid_options("An option (" + python_str(value) + ") could not be converted to a float.");
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
    throw_invalid_options("Lower bound (" + python_float_repr(low) +
                          ") must be lower than higher bound (" + python_float_repr(high) + ").");
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

}  // namespace detail
}  // namespace gymcc::envs
