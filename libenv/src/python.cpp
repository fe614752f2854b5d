#include "gymcc/python.hpp"

#include <clocale>
#include <cmath>
#include <cstdlib>
#include <string>

#include <locale.h>  // newlocale, strtod_l (POSIX / glibc)

#include "gymcc/errors.hpp"
#include "gymcc/json.hpp"

namespace gymcc::python {
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

}  // namespace

// Correctly rounded decimal to double in the "C" locale, overflow to ±inf
// and underflow to (signed) zero or a subnormal, as Python does.
double decimal_to_double(const std::string& text) {
  static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(nullptr));
  return strtod_l(text.c_str(), nullptr, c_locale);
}

// Python's float(str): optional sign, then digits with optional fraction and
// exponent (underscores between digits allowed), or inf/infinity/nan.
std::optional<double> parse_float(std::string_view s) {
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

namespace {

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
      out += float_repr(d);
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
      out += float_repr(v.as_float());
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

std::string float_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  std::string out;
  json::write_double(value, out);
  return out;
}

std::string str(const Value& value) {
  std::string out;
  append_python(value, true, out);
  return out;
}

void append_string_repr(std::string_view text, std::string& out) {
  append_python_string_repr(text, out);
}

std::string shape_text(const Shape& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  if (shape.size() == 1) text += ",";
  return text + ")";
}

void throw_negative_seed(std::string_view digits) {
  throw Error(ErrorCode::kInvalidSeed,
              "Seed must be greater or equal to zero, actual value: " + std::string(digits));
}

void throw_seed_type(std::string_view python_type) {
  throw Error(ErrorCode::kInvalidSeed, "Seed must be a python integer, actual type: <class '" +
                                           std::string(python_type) + "'>");
}

std::optional<Seed> seed_from_value(const Value& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_int()) {
    if (value.as_int() < 0) throw_negative_seed(std::to_string(value.as_int()));
    return Seed(static_cast<std::uint64_t>(value.as_int()));
  }
  if (value.kind() == Value::Kind::kBigInt) {
    const std::string& digits = value.as_bigint().decimal;
    if (auto seed = Seed::from_decimal(digits)) return seed;
    throw_negative_seed(digits);
  }
  throw_seed_type(python_type_name(value));
}

}  // namespace gymcc::python
