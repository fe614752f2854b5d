#include "gymcc/json.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "gymcc/detail/integer_element.hpp"
#include "gymcc/errors.hpp"

namespace gymcc::json {
namespace detail {

// Builds a Value tree from Boost.JSON's SAX events. Containers are kept on a
// stack; a finished value is attached to its parent (or becomes the root).
class ValueBuilder {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  Value take_root() { return std::move(root_); }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_array_begin(boost::system::error_code&) {
    stack_.push_back(Frame{Value(List{}), pending_key_});
    return true;
  }
  bool on_array_end(std::size_t, boost::system::error_code&) { return close(); }
  bool on_object_begin(boost::system::error_code&) {
    stack_.push_back(Frame{Value(Dict{}), pending_key_});
    return true;
  }
  bool on_object_end(std::size_t, boost::system::error_code&) {
    keep_last_of_repeated_keys(stack_.back().container.as_dict());  // as Python's json
    return close();
  }
  bool on_string_part(std::string_view s, std::size_t, boost::system::error_code&) {
    text_.append(s);
    return true;
  }
  bool on_string(std::string_view s, std::size_t, boost::system::error_code&) {
    text_.append(s);
    attach(Value(std::move(text_)));
    text_.clear();
    return true;
  }
  bool on_key_part(std::string_view s, std::size_t, boost::system::error_code&) {
    text_.append(s);
    return true;
  }
  bool on_key(std::string_view s, std::size_t, boost::system::error_code&) {
    text_.append(s);
    pending_key_ = std::move(text_);
    text_.clear();
    return true;
  }
  bool on_number_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_int64(std::int64_t v, std::string_view, boost::system::error_code&) {
    attach(Value(v));
    return true;
  }
  bool on_uint64(std::uint64_t, std::string_view text, boost::system::error_code&) {
    attach(Value(BigInt{std::string(number_text(text))}));
    return true;
  }
  bool on_double(double, std::string_view text, boost::system::error_code& ec) {
    // Boost reports integers too large for 64 bits as doubles; keep their digits.
    const std::string_view full = number_text(text);
    if (full.find_first_of(".eE") == std::string_view::npos) {
      attach(Value(BigInt{std::string(full)}));
      return true;
    }
    // Boost.JSON 1.81 rounds some decimals 1 ulp off; from_chars rounds
    // correctly, as Python's float() does, which exactness depends on.
    double exact = 0;
    const auto [end, error] = std::from_chars(full.data(), full.data() + full.size(), exact);
    if (error == std::errc::result_out_of_range) {
      // As Python's float(): overflow gives ±inf, underflow ±0.0.
      const bool tiny =
          full.find("e-") != std::string_view::npos || full.find("E-") != std::string_view::npos;
      exact = std::copysign(tiny ? 0.0 : HUGE_VAL, full.front() == '-' ? -1.0 : 1.0);
    } else if (error != std::errc() || end != full.data() + full.size()) {
      ec = boost::json::error::syntax;
      return false;
    }
    attach(Value(exact));
    return true;
  }
  bool on_bool(bool b, boost::system::error_code&) {
    attach(Value(b));
    return true;
  }
  bool on_null(boost::system::error_code&) {
    attach(Value());
    return true;
  }
  bool on_comment_part(std::string_view, boost::system::error_code&) { return true; }
  bool on_comment(std::string_view, boost::system::error_code&) { return true; }

  // Numbers may arrive in parts only for incremental input; parse() hands the
  // whole text at once, so the final callback's text is complete.
  static std::string_view number_text(std::string_view text) { return text; }

 private:
  struct Frame {
    Value container;
    std::string key;  // key under which this container sits in its parent
  };

  void attach(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
    } else if (stack_.back().container.is_list()) {
      stack_.back().container.as_list().push_back(std::move(v));
    } else {
      stack_.back().container.as_dict().emplace_back(std::move(pending_key_), std::move(v));
      pending_key_.clear();
    }
  }

  bool close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    pending_key_ = std::move(frame.key);
    attach(std::move(frame.container));
    return true;
  }

  std::vector<Frame> stack_;
  std::string pending_key_;
  std::string text_;
  Value root_;
};

}  // namespace detail

Value parse(std::string_view text) {
  boost::json::parse_options options;
  options.max_depth = 64;
  boost::json::basic_parser<detail::ValueBuilder> parser(options);
  boost::system::error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && used != text.size()) {
    ec = boost::json::error::extra_data;
  }
  if (ec) {
    throw Error(ErrorCode::kInvalidArgument,
                "Invalid JSON at offset " + std::to_string(used) + ": " + ec.message());
  }
  return parser.handler().take_root();
}

void write_double(double value, std::string& out, const WriteOptions& options) {
  if (!std::isfinite(value)) {
    const char* text = std::isnan(value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity");
    if (options.non_finite == NonFinite::kString) {
      out += '"';
      out += text;
      out += '"';
    } else {
      out += text;
    }
    return;
  }
  // Integral values of moderate size (rewards, mostly) need no digit search.
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    char text[24];
    char* end = std::to_chars(text, text + sizeof text, static_cast<std::int64_t>(value)).ptr;
    if (value == 0 && std::signbit(value)) {
      out += "-0.0";
      return;
    }
    *end++ = '.';
    *end++ = '0';
    out.append(text, end);
    return;
  }
  // Shortest round-trip digits in scientific form, e.g. "-3.7473568227142096e-03",
  // rearranged in one local buffer as Python's repr places them.
  char sci[32];
  const char* const sci_end =
      std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific).ptr;
  const char* p = sci;
  char text[48];
  char* t = text;
  if (*p == '-') *t++ = *p++;
  char digits[24];
  std::size_t n_digits = 0;
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[n_digits++] = *p;
  }
  ++p;  // 'e'
  const bool negative_exponent = *p++ == '-';
  int exponent = 0;
  for (; p != sci_end; ++p) exponent = exponent * 10 + (*p - '0');
  if (negative_exponent) exponent = -exponent;
  // Python's repr switches to exponent notation outside 1e-4 <= |x| < 1e16.
  if (exponent < -4 || exponent >= 16) {
    *t++ = digits[0];
    if (n_digits > 1) {
      *t++ = '.';
      t = std::copy(digits + 1, digits + n_digits, t);
    }
    *t++ = 'e';
    *t++ = exponent < 0 ? '-' : '+';
    const int magnitude = exponent < 0 ? -exponent : exponent;
    if (magnitude < 10) *t++ = '0';
    t = std::to_chars(t, text + sizeof text, magnitude).ptr;
  } else if (exponent < 0) {
    *t++ = '0';
    *t++ = '.';
    t = std::fill_n(t, -exponent - 1, '0');
    t = std::copy(digits, digits + n_digits, t);
  } else {
    const std::size_t int_digits = static_cast<std::size_t>(exponent) + 1;
    if (n_digits <= int_digits) {
      t = std::copy(digits, digits + n_digits, t);
      t = std::fill_n(t, int_digits - n_digits, '0');
      *t++ = '.';
      *t++ = '0';
    } else {
      t = std::copy(digits, digits + int_digits, t);
      *t++ = '.';
      t = std::copy(digits + int_digits, digits + n_digits, t);
    }
  }
  out.append(text, t);
}

namespace {

// The length of the well-formed UTF-8 sequence at the start of `text` (as
// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_sequence_length(std::string_view text) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  unsigned char low = 0x80;  // the second byte's range, narrowed where overlongs/surrogates lie
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (text.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
  }
  return length;
}

}  // namespace

void write_string(std::string_view text, std::string& out) {
  out += '"';
  // Keys and ids rarely need escapes: append the plain ASCII prefix in one go.
  const auto plain = std::find_if(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return c == '"' || c == '\\' || u < 0x20 || u >= 0x80;
  });
  out.append(text.begin(), plain);
  text.remove_prefix(static_cast<std::size_t>(plain - text.begin()));
  while (!text.empty()) {
    const char c = text.front();
    if (static_cast<unsigned char>(c) >= 0x80) {
      // Client bytes (a path, an id) echoed in a message may be any bytes:
      // each one that is not part of well-formed UTF-8 becomes U+FFFD, so
      // the document stays JSON (Python's errors="replace").
      const std::size_t length = utf8_sequence_length(text);
      if (length == 0) {
        out += "\xef\xbf\xbd";
        text.remove_prefix(1);
      } else {
        out.append(text.substr(0, length));
        text.remove_prefix(length);
      }
      continue;
    }
    text.remove_prefix(1);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void write_int(std::int64_t v, std::string& out) {
  char buf[24];
  const auto result = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, result.ptr);
}

namespace {

void write_array_level(const Array& array, std::size_t dim, std::size_t& index, std::string& out,
                       const WriteOptions& options) {
  out += '[';
  const std::int64_t extent = array.shape[dim];
  for (std::int64_t i = 0; i < extent; ++i) {
    if (i > 0) out += ',';
    if (dim + 1 < array.shape.size()) {
      write_array_level(array, dim + 1, index, out, options);
      continue;
    }
    const double element = array.data[index++];
    if (is_floating(array.dtype)) {
      write_double(element, out, options);
    } else if (array.dtype == DType::kBool) {
      out += element != 0.0 ? "true" : "false";
    } else {
      write_int(gymcc::detail::integer_element<std::int64_t>(element), out);
    }
  }
  out += ']';
}

}  // namespace

void write(const Value& value, std::string& out, const WriteOptions& options) {
  switch (value.kind()) {
    case Value::Kind::kNull:
      out += "null";
      return;
    case Value::Kind::kBool:
      out += value.as_bool() ? "true" : "false";
      return;
    case Value::Kind::kInt:
      write_int(value.as_int(), out);
      return;
    case Value::Kind::kBigInt:
      out += value.as_bigint().decimal;
      return;
    case Value::Kind::kFloat:
      write_double(value.as_float(), out, options);
      return;
    case Value::Kind::kString:
      write_string(value.as_string(), out);
      return;
    case Value::Kind::kArray: {
      const Array& array = value.as_array();
      if (array.shape.empty()) {  // a 0-d array prints as its scalar
        write(is_floating(array.dtype)
                  ? Value(array.data.at(0))
                  : Value(gymcc::detail::integer_element<std::int64_t>(array.data.at(0))),
              out, options);
        return;
      }
      std::size_t index = 0;
      write_array_level(array, 0, index, out, options);
      return;
    }
    case Value::Kind::kList: {
      out += '[';
      bool first = true;
      for (const Value& element : value.as_list()) {
        if (!first) out += ',';
        first = false;
        write(element, out, options);
      }
      out += ']';
      return;
    }
    case Value::Kind::kDict: {
      out += '{';
      bool first = true;
      for (const auto& [key, element] : value.as_dict()) {
        if (!first) out += ',';
        first = false;
        write_string(key, out);
        out += ':';
        write(element, out, options);
      }
      out += '}';
      return;
    }
  }
}

std::string to_string(const Value& value, const WriteOptions& options) {
  std::string out;
  write(value, out, options);
  return out;
}

}  // namespace gymcc::json
