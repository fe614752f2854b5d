#include "serve/msgpack.hpp"

#include <bit>
#include <charconv>
#include <cstring>
#include <limits>
#include <type_traits>

#include "gymcc/detail/integer_element.hpp"
#include "gymcc/errors.hpp"

static_assert(std::endian::native == std::endian::little,
              "the ndarray extension's raw elements are little-endian");

namespace gymcc::serve::msgpack {
namespace {

template <class T>
void append_elements(const std::vector<double>& data, std::string& out) {
  const std::size_t start = out.size();
  out.resize(start + data.size() * sizeof(T));
  char* p = out.data() + start;
  for (double d : data) {
    T v;
    if constexpr (std::is_integral_v<T>) {
      v = gymcc::detail::integer_element<T>(d);
    } else {
      v = static_cast<T>(d);
    }
    std::memcpy(p, &v, sizeof v);
    p += sizeof v;
  }
}

}  // namespace

DtypeCode dtype_code(DType dtype) noexcept {
  switch (dtype) {
    case DType::kFloat32:
      return DtypeCode::kFloat32;
    case DType::kFloat64:
      return DtypeCode::kFloat64;
    case DType::kInt64:
      return DtypeCode::kInt64;
    case DType::kInt32:
      return DtypeCode::kInt32;
    case DType::kInt8:
      return DtypeCode::kInt8;
    case DType::kUInt8:
      return DtypeCode::kUInt8;
    case DType::kBool:
      return DtypeCode::kBool;
  }
  return DtypeCode::kFloat64;
}

void Writer::put_be(std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out_ += static_cast<char>((v >> (8 * i)) & 0xff);
}

void Writer::integer(std::int64_t v) {
  if (v >= 0 && v <= 0x7f) {
    out_ += static_cast<char>(v);
  } else if (v < 0 && v >= -32) {
    out_ += static_cast<char>(static_cast<std::int8_t>(v));
  } else if (v >= std::numeric_limits<std::int32_t>::min() &&
             v <= std::numeric_limits<std::int32_t>::max()) {
    out_ += '\xd2';
    put_be(static_cast<std::uint32_t>(static_cast<std::int32_t>(v)), 4);
  } else {
    out_ += '\xd3';
    put_be(static_cast<std::uint64_t>(v), 8);
  }
}

void Writer::real(double v) {
  out_ += '\xcb';
  put_be(std::bit_cast<std::uint64_t>(v), 8);
}

void Writer::string(std::string_view s) {
  if (s.size() <= 31) {
    out_ += static_cast<char>(0xa0 | s.size());
  } else if (s.size() <= 0xff) {
    out_ += '\xd9';
    put_be(s.size(), 1);
  } else if (s.size() <= 0xffff) {
    out_ += '\xda';
    put_be(s.size(), 2);
  } else {
    out_ += '\xdb';
    put_be(s.size(), 4);
  }
  out_.append(s);
}

void Writer::array_header(std::size_t n) {
  if (n <= 15) {
    out_ += static_cast<char>(0x90 | n);
  } else if (n <= 0xffff) {
    out_ += '\xdc';
    put_be(n, 2);
  } else {
    out_ += '\xdd';
    put_be(n, 4);
  }
}

void Writer::map_header(std::size_t n) {
  if (n <= 15) {
    out_ += static_cast<char>(0x80 | n);
  } else if (n <= 0xffff) {
    out_ += '\xde';
    put_be(n, 2);
  } else {
    out_ += '\xdf';
    put_be(n, 4);
  }
}

std::size_t Writer::open_map() {
  const std::size_t position = out_.size();
  out_ += '\xdf';
  put_be(0, 4);
  return position;
}

void Writer::patch_map_size(std::size_t position, std::size_t n) {
  for (int i = 0; i < 4; ++i) {
    out_[position + 1 + static_cast<std::size_t>(i)] =
        static_cast<char>((n >> (8 * (3 - i))) & 0xff);
  }
}

void Writer::ext_header(std::size_t size, std::int8_t type) {
  if (size <= 0xff) {
    out_ += '\xc7';
    put_be(size, 1);
  } else if (size <= 0xffff) {
    out_ += '\xc8';
    put_be(size, 2);
  } else {
    out_ += '\xc9';
    put_be(size, 4);
  }
  out_ += static_cast<char>(type);
}

namespace {

void ndarray_header(std::string& out, DType dtype, std::span<const std::int64_t> shape) {
  out += static_cast<char>(dtype_code(dtype));
  out += static_cast<char>(shape.size());
  for (std::int64_t d : shape) {
    const auto dim = static_cast<std::uint32_t>(d);
    char bytes[4];
    std::memcpy(bytes, &dim, 4);
    out.append(bytes, 4);
  }
}

}  // namespace

void Writer::ndarray(DType dtype, std::span<const std::int64_t> shape, const void* data) {
  std::size_t count = 1;
  for (std::int64_t d : shape) count *= static_cast<std::size_t>(d);
  const std::size_t bytes = count * dtype_itemsize(dtype);
  ext_header(2 + 4 * shape.size() + bytes, kNdarrayExt);
  ndarray_header(out_, dtype, shape);
  out_.append(static_cast<const char*>(data), bytes);
}

void Writer::value(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return nil();
    case Value::Kind::kBool:
      return boolean(v.as_bool());
    case Value::Kind::kInt:
      return integer(v.as_int());
    case Value::Kind::kBigInt: {
      // uint64 beyond int64 stays an integer; anything wider is text.
      const std::string& digits = v.as_bigint().decimal;
      std::uint64_t u = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), u);
      if (ec == std::errc() && end == digits.data() + digits.size()) {
        out_ += '\xcf';
        return put_be(u, 8);
      }
      return string(digits);
    }
    case Value::Kind::kFloat:
      return real(v.as_float());
    case Value::Kind::kString:
      return string(v.as_string());
    case Value::Kind::kArray: {
      const Array& a = v.as_array();
      ext_header(2 + 4 * a.shape.size() + a.data.size() * dtype_itemsize(a.dtype), kNdarrayExt);
      ndarray_header(out_, a.dtype, a.shape);
      switch (a.dtype) {
        case DType::kFloat32:
          return append_elements<float>(a.data, out_);
        case DType::kFloat64:
          return append_elements<double>(a.data, out_);
        case DType::kInt64:
          return append_elements<std::int64_t>(a.data, out_);
        case DType::kInt32:
          return append_elements<std::int32_t>(a.data, out_);
        case DType::kInt8:
          return append_elements<std::int8_t>(a.data, out_);
        case DType::kUInt8:
        case DType::kBool:
          return append_elements<std::uint8_t>(a.data, out_);
      }
      return;
    }
    case Value::Kind::kList:
      array_header(v.as_list().size());
      for (const Value& item : v.as_list()) value(item);
      return;
    case Value::Kind::kDict:
      map_header(v.as_dict().size());
      for (const auto& [key, item] : v.as_dict()) {
        string(key);
        value(item);
      }
      return;
  }
}

}  // namespace gymcc::serve::msgpack
