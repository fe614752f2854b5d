#pragma once
// MessagePack (https://msgpack.org/) in and out of gymcc Values, with numpy
// arrays as the extension type 1 "ndarray" that docs/fast-paths.md defines:
// a dtype code, the dimensions, then the raw little-endian elements.
//
// Hand-written: Debian's msgpack-cxx package depends on Boost 1.74, which
// cannot be installed beside the Boost 1.81 the server needs, and what we
// use of the format is small.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "gymcc/value.hpp"

namespace gymcc::serve::msgpack {

inline constexpr std::int8_t kNdarrayExt = 1;

// The ndarray extension's dtype codes.
enum class DtypeCode : std::uint8_t {
  kBool = 0,
  kInt8 = 1,
  kUInt8 = 2,
  kInt16 = 3,
  kUInt16 = 4,
  kInt32 = 5,
  kUInt32 = 6,
  kInt64 = 7,
  kUInt64 = 8,
  kFloat32 = 10,
  kFloat64 = 11,
};

DtypeCode dtype_code(DType dtype) noexcept;

// Appends MessagePack items to a string.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void nil() { out_ += '\xc0'; }
  void boolean(bool b) { out_ += b ? '\xc3' : '\xc2'; }
  void integer(std::int64_t v);
  void real(double v);
  void string(std::string_view s);
  void array_header(std::size_t n);
  void map_header(std::size_t n);
  // A map32 header whose count is patched later (see patch_map_size).
  std::size_t open_map();
  void patch_map_size(std::size_t position, std::size_t n);
  // An ndarray of `shape` whose elements (C order, host little-endian) are
  // `data`, already in the dtype's layout.
  void ndarray(DType dtype, std::span<const std::int64_t> shape, const void* data);
  // Any Value: Arrays become ndarrays (their elements converted back from
  // the doubles Value holds), BigInts a uint64 when they fit, else their
  // decimal string.
  void value(const Value& v);

 private:
  void ext_header(std::size_t size, std::int8_t type);
  void put_be(std::uint64_t v, int bytes);

  std::string& out_;
};

// Decodes one MessagePack item filling all of `data`. Maps need string keys;
// ndarrays become Arrays (uint32/uint64 as int64, int16/uint16 as int32;
// uint64 beyond int64 is an error), uint64 beyond int64 a BigInt, float32
// a float. Throws Error(kInvalidArgument) with the reason for malformed
// input, trailing bytes, nesting deeper than 64, or binary/extension items
// other than ndarrays.
Value decode(std::string_view data);

}  // namespace gymcc::serve::msgpack
