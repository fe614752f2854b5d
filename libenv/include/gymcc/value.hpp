#pragma once
// A dynamically-typed value, the currency of the type-erased layer: actions
// and reset options arrive as Values (parsed from JSON or built by bindings),
// observations and infos leave as Values. Python's distinction between int
// and float is kept, because clients see it (reward 1 vs 1.0).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gymcc {

enum class DType : std::uint8_t { kFloat32, kFloat64, kInt64, kInt32, kInt8, kUInt8, kBool };

constexpr std::string_view dtype_name(DType dtype) noexcept {
  switch (dtype) {
    case DType::kFloat32:
      return "float32";
    case DType::kFloat64:
      return "float64";
    case DType::kInt64:
      return "int64";
    case DType::kInt32:
      return "int32";
    case DType::kInt8:
      return "int8";
    case DType::kUInt8:
      return "uint8";
    case DType::kBool:
      return "bool";
  }
  return "?";
}

// Bytes per element in numpy's layout (bool: one byte).
constexpr std::size_t dtype_itemsize(DType dtype) noexcept {
  switch (dtype) {
    case DType::kFloat64:
    case DType::kInt64:
      return 8;
    case DType::kFloat32:
    case DType::kInt32:
      return 4;
    case DType::kInt8:
    case DType::kUInt8:
    case DType::kBool:
      return 1;
  }
  return 8;
}

constexpr bool is_floating(DType dtype) noexcept {
  return dtype == DType::kFloat32 || dtype == DType::kFloat64;
}

using Shape = std::vector<std::int64_t>;

std::int64_t shape_size(const Shape& shape) noexcept;

// A numpy-like array. Elements are held as doubles, which represent every
// value of the supported dtypes exactly except int64 beyond 2^53; the dtype
// says how they print and how they were rounded (float32 values are stored
// already rounded to float).
struct Array {
  DType dtype = DType::kFloat32;
  Shape shape;
  std::vector<double> data;

  friend bool operator==(const Array&, const Array&) = default;
};

// An integer outside int64, kept as its decimal text (seeds may be huge).
struct BigInt {
  std::string decimal;
  friend bool operator==(const BigInt&, const BigInt&) = default;
};

class Value;
using List = std::vector<Value>;
using Dict = std::vector<std::pair<std::string, Value>>;  // insertion order

class Value {
 public:
  enum class Kind { kNull, kBool, kInt, kBigInt, kFloat, kString, kArray, kList, kDict };

  Value() = default;
  Value(std::nullptr_t) {}                            // NOLINT(google-explicit-constructor)
  Value(bool v) : storage_(v) {}                      // NOLINT
  Value(int v) : storage_(std::int64_t{v}) {}         // NOLINT
  Value(std::int64_t v) : storage_(v) {}              // NOLINT
  Value(double v) : storage_(v) {}                    // NOLINT
  Value(BigInt v) : storage_(std::move(v)) {}         // NOLINT
  Value(std::string v) : storage_(std::move(v)) {}    // NOLINT
  Value(const char* v) : storage_(std::string(v)) {}  // NOLINT
  Value(Array v) : storage_(std::move(v)) {}          // NOLINT
  Value(List v) : storage_(std::move(v)) {}           // NOLINT
  Value(Dict v) : storage_(std::move(v)) {}           // NOLINT

  Kind kind() const noexcept { return static_cast<Kind>(storage_.index()); }
  bool is_null() const noexcept { return kind() == Kind::kNull; }
  bool is_bool() const noexcept { return kind() == Kind::kBool; }
  bool is_int() const noexcept { return kind() == Kind::kInt; }
  bool is_float() const noexcept { return kind() == Kind::kFloat; }
  bool is_number() const noexcept { return is_int() || is_float(); }
  bool is_string() const noexcept { return kind() == Kind::kString; }
  bool is_array() const noexcept { return kind() == Kind::kArray; }
  bool is_list() const noexcept { return kind() == Kind::kList; }
  bool is_dict() const noexcept { return kind() == Kind::kDict; }

  bool as_bool() const { return std::get<bool>(storage_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(storage_); }
  double as_float() const { return std::get<double>(storage_); }
  // An int or a float as a double (Python's float(x) for either).
  double as_number() const { return is_int() ? static_cast<double>(as_int()) : as_float(); }
  const BigInt& as_bigint() const { return std::get<BigInt>(storage_); }
  const std::string& as_string() const { return std::get<std::string>(storage_); }
  const Array& as_array() const { return std::get<Array>(storage_); }
  Array& as_array() { return std::get<Array>(storage_); }
  const List& as_list() const { return std::get<List>(storage_); }
  List& as_list() { return std::get<List>(storage_); }
  const Dict& as_dict() const { return std::get<Dict>(storage_); }
  Dict& as_dict() { return std::get<Dict>(storage_); }

  // Dict lookup; nullptr when absent or when this is not a dict.
  const Value* find(std::string_view key) const noexcept;

  // Reuses this value's array buffer when it already holds one, so that a
  // step writing an observation of unchanged shape does not allocate.
  Array& emplace_array(DType dtype, const Shape& shape);
  Dict& emplace_dict();

  friend bool operator==(const Value&, const Value&) = default;

 private:
  std::variant<std::monostate, bool, std::int64_t, BigInt, double, std::string, Array, List, Dict>
      storage_;
};

// Python's type name of a value as JSON delivers it, for error messages.
std::string_view python_type_name(const Value& value) noexcept;

// What Python's dict makes of an object with a repeated key — as json.loads
// (the peer's parser) reads one: the key keeps its first position and takes
// its last value. Decoders call it on every object they build.
void keep_last_of_repeated_keys(Dict& dict);

}  // namespace gymcc
