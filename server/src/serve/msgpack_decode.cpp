// MessagePack in: the decoder (msgpack.hpp), bounded in depth and checking
// every length against the bytes left, so malformed input is an error.

#include <bit>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "gymcc/errors.hpp"
#include "serve/msgpack.hpp"

static_assert(std::endian::native == std::endian::little,
              "the ndarray extension's raw elements are little-endian");

namespace gymcc::serve::msgpack {
namespace {

constexpr int kMaxDepth = 64;

std::size_t itemsize(DtypeCode code) {
  switch (code) {
    case DtypeCode::kBool:
    case DtypeCode::kInt8:
    case DtypeCode::kUInt8:
      return 1;
    case DtypeCode::kInt16:
    case DtypeCode::kUInt16:
      return 2;
    case DtypeCode::kInt32:
    case DtypeCode::kUInt32:
    case DtypeCode::kFloat32:
      return 4;
    case DtypeCode::kInt64:
    case DtypeCode::kUInt64:
    case DtypeCode::kFloat64:
      return 8;
  }
  return 0;
}

bool known_code(std::uint8_t code) { return code <= 8 || code == 10 || code == 11; }

// The Value dtype an ndarray of `code` decodes to.
DType value_dtype(DtypeCode code) {
  switch (code) {
    case DtypeCode::kBool:
      return DType::kBool;
    case DtypeCode::kInt8:
      return DType::kInt8;
    case DtypeCode::kUInt8:
      return DType::kUInt8;
    case DtypeCode::kInt16:
    case DtypeCode::kUInt16:
    case DtypeCode::kInt32:
      return DType::kInt32;
    case DtypeCode::kUInt32:
    case DtypeCode::kInt64:
    case DtypeCode::kUInt64:
      return DType::kInt64;
    case DtypeCode::kFloat32:
      return DType::kFloat32;
    case DtypeCode::kFloat64:
      return DType::kFloat64;
  }
  return DType::kFloat64;
}

template <class T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

[[noreturn]] void fail(const std::string& why) {
  throw Error(ErrorCode::kInvalidArgument, "Malformed MessagePack: " + why);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : p_(data.data()), end_(data.data() + data.size()) {}

  Value item(int depth) {
    if (depth > kMaxDepth) fail("nesting deeper than " + std::to_string(kMaxDepth));
    const auto tag = static_cast<std::uint8_t>(byte());
    if (tag <= 0x7f) return Value(std::int64_t{tag});
    if (tag >= 0xe0) return Value(std::int64_t{static_cast<std::int8_t>(tag)});
    if ((tag & 0xf0) == 0x80) return map(tag & 0x0fu, depth);
    if ((tag & 0xf0) == 0x90) return list(tag & 0x0fu, depth);
    if ((tag & 0xe0) == 0xa0) return Value(std::string(take(tag & 0x1fu)));
    switch (tag) {
      case 0xc0:
        return Value();
      case 0xc2:
        return Value(false);
      case 0xc3:
        return Value(true);
      case 0xc4:
      case 0xc5:
      case 0xc6:
        fail("binary data outside an ndarray extension");
      case 0xc7:
        return ext(be(1));
      case 0xc8:
        return ext(be(2));
      case 0xc9:
        return ext(be(4));
      case 0xca:
        return Value(static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(be(4)))));
      case 0xcb:
        return Value(std::bit_cast<double>(be(8)));
      case 0xcc:
        return Value(static_cast<std::int64_t>(be(1)));
      case 0xcd:
        return Value(static_cast<std::int64_t>(be(2)));
      case 0xce:
        return Value(static_cast<std::int64_t>(be(4)));
      case 0xcf: {
        const std::uint64_t v = be(8);
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          return Value(BigInt{std::to_string(v)});
        }
        return Value(static_cast<std::int64_t>(v));
      }
      case 0xd0:
        return Value(std::int64_t{static_cast<std::int8_t>(be(1))});
      case 0xd1:
        return Value(std::int64_t{static_cast<std::int16_t>(be(2))});
      case 0xd2:
        return Value(std::int64_t{static_cast<std::int32_t>(be(4))});
      case 0xd3:
        return Value(static_cast<std::int64_t>(be(8)));
      case 0xd4:
        return ext(1);
      case 0xd5:
        return ext(2);
      case 0xd6:
        return ext(4);
      case 0xd7:
        return ext(8);
      case 0xd8:
        return ext(16);
      case 0xd9:
        return Value(std::string(take(be(1))));
      case 0xda:
        return Value(std::string(take(be(2))));
      case 0xdb:
        return Value(std::string(take(be(4))));
      case 0xdc:
        return list(be(2), depth);
      case 0xdd:
        return list(be(4), depth);
      case 0xde:
        return map(be(2), depth);
      case 0xdf:
        return map(be(4), depth);
      default:
        fail("unused type byte 0xc1");
    }
  }

  bool done() const noexcept { return p_ == end_; }

 private:
  char byte() {
    if (p_ == end_) fail("truncated");
    return *p_++;
  }

  std::uint64_t be(int bytes) {
    if (end_ - p_ < bytes) fail("truncated");
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<std::uint8_t>(*p_++);
    return v;
  }

  std::string_view take(std::uint64_t n) {
    if (static_cast<std::uint64_t>(end_ - p_) < n) fail("truncated");
    const std::string_view s(p_, static_cast<std::size_t>(n));
    p_ += n;
    return s;
  }

  // Every item takes at least one byte: a count beyond what is left is
  // malformed, and checking it first bounds what we reserve.
  void check_count(std::uint64_t n, std::uint64_t bytes_per_item) {
    if (n > static_cast<std::uint64_t>(end_ - p_) / bytes_per_item) fail("truncated");
  }

  Value list(std::uint64_t n, int depth) {
    check_count(n, 1);
    List items;
    items.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) items.push_back(item(depth + 1));
    return Value(std::move(items));
  }

  Value map(std::uint64_t n, int depth) {
    check_count(n, 2);
    Dict entries;
    entries.reserve(static_cast<std::size_t>(n));
    for (std::uint64_t i = 0; i < n; ++i) {
      Value key = item(depth + 1);
      if (!key.is_string()) fail("map keys must be strings");
      entries.emplace_back(std::move(key.as_string()), item(depth + 1));
    }
    keep_last_of_repeated_keys(entries);  // as JSON bodies are read
    return Value(std::move(entries));
  }

  Value ext(std::uint64_t size) {
    const auto type = static_cast<std::int8_t>(byte());
    const std::string_view payload = take(size);
    if (type != kNdarrayExt) fail("extension type " + std::to_string(type) + " (only 1, ndarray)");
    return ndarray(payload);
  }

  static Value ndarray(std::string_view payload) {
    if (payload.size() < 2) fail("ndarray header truncated");
    const auto code_byte = static_cast<std::uint8_t>(payload[0]);
    const auto ndim = static_cast<std::uint8_t>(payload[1]);
    if (!known_code(code_byte)) fail("unknown ndarray dtype code " + std::to_string(code_byte));
    if (ndim > 32) fail("ndarray with more than 32 dimensions");
    const std::size_t header = 2 + 4 * std::size_t{ndim};
    if (payload.size() < header) fail("ndarray header truncated");
    const auto code = static_cast<DtypeCode>(code_byte);
    Array array;
    array.dtype = value_dtype(code);
    std::uint64_t count = 1;
    const std::uint64_t most = payload.size();
    for (std::size_t d = 0; d < ndim; ++d) {
      const auto dim = load<std::uint32_t>(payload.data() + 2 + 4 * d);
      array.shape.push_back(dim);
      count *= dim;
      if (count > most) fail("ndarray shape larger than its data");
    }
    if (payload.size() - header != count * itemsize(code)) {
      fail("ndarray data holds " + std::to_string(payload.size() - header) + " bytes, its shape " +
           std::to_string(count * itemsize(code)));
    }
    array.data.resize(static_cast<std::size_t>(count));
    const char* p = payload.data() + header;
    const std::size_t size = itemsize(code);
    for (std::size_t i = 0; i < array.data.size(); ++i, p += size) {
      array.data[i] = element(code, p);
    }
    return Value(std::move(array));
  }

  static double element(DtypeCode code, const char* p) {
    switch (code) {
      case DtypeCode::kBool:
        return load<std::uint8_t>(p) != 0 ? 1.0 : 0.0;
      case DtypeCode::kInt8:
        return load<std::int8_t>(p);
      case DtypeCode::kUInt8:
        return load<std::uint8_t>(p);
      case DtypeCode::kInt16:
        return load<std::int16_t>(p);
      case DtypeCode::kUInt16:
        return load<std::uint16_t>(p);
      case DtypeCode::kInt32:
        return load<std::int32_t>(p);
      case DtypeCode::kUInt32:
        return load<std::uint32_t>(p);
      case DtypeCode::kInt64:
        return static_cast<double>(load<std::int64_t>(p));
      case DtypeCode::kUInt64: {
        const auto v = load<std::uint64_t>(p);
        if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          fail("uint64 ndarray element beyond int64");
        }
        return static_cast<double>(v);
      }
      case DtypeCode::kFloat32:
        return load<float>(p);
      case DtypeCode::kFloat64:
        return load<double>(p);
    }
    return 0;
  }

  const char* p_;
  const char* end_;
};

}  // namespace

Value decode(std::string_view data) {
  Reader reader(data);
  Value v = reader.item(0);
  if (!reader.done()) fail("bytes after the message's end");
  return v;
}

}  // namespace gymcc::serve::msgpack
