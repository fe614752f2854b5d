#include "gymcc/value.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>

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

void keep_last_of_repeated_keys(Dict& dict) {
  const std::size_t n = dict.size();
  bool repeated = false;
  if (n <= 16) {
    for (std::size_t i = 0; i < n && !repeated; ++i) {
      for (std::size_t j = i + 1; j < n && !repeated; ++j)
        repeated = dict[i].first == dict[j].first;
    }
  } else {
    std::unordered_set<std::string_view> seen;
    for (const auto& entry : dict) repeated = !seen.insert(entry.first).second || repeated;
  }
  if (!repeated) return;
  std::unordered_map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < n; ++i) last[dict[i].first] = i;
  Dict out;
  out.reserve(last.size());
  std::unordered_set<std::string> emitted;
  for (std::size_t i = 0; i < n; ++i) {
    if (!emitted.insert(dict[i].first).second) continue;
    out.emplace_back(dict[i].first, std::move(dict[last[dict[i].first]].second));
  }
  dict = std::move(out);
}

}  // namespace gymcc
