#include "gymcc/value.hpp"

#include <functional>
#include <numeric>

namespace gymcc {

std::int64_t shape_size(const Shape& shape) noexcept {
  return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

const Value* Value::find(std::string_view key) const noexcept {
  if (!is_dict()) return nullptr;
  for (const auto& [k, v] : as_dict()) {
    if (k == key) return &v;
  }
  return nullptr;
}

Array& Value::emplace_array(DType dtype, const Shape& shape) {
  if (!is_array()) storage_.emplace<Array>();
  Array& array = as_array();
  array.dtype = dtype;
  if (array.shape != shape) array.shape = shape;
  array.data.resize(static_cast<std::size_t>(shape_size(shape)));
  return array;
}

Dict& Value::emplace_dict() {
  if (!is_dict()) storage_.emplace<Dict>();
  return as_dict();
}

std::string_view python_type_name(const Value& value) noexcept {
  switch (value.kind()) {
    case Value::Kind::kNull:
      return "NoneType";
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kInt:
    case Value::Kind::kBigInt:
      return "int";
    case Value::Kind::kFloat:
      return "float";
    case Value::Kind::kString:
      return "str";
    case Value::Kind::kArray:
      return "numpy.ndarray";
    case Value::Kind::kList:
      return "list";
    case Value::Kind::kDict:
      return "dict";
  }
  return "object";
}

}  // namespace gymcc
