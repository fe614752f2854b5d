#include "gymcc/vector_utils.hpp"

#include <cmath>
#include <string>

#include "gymcc/errors.hpp"
#include "gymcc/python.hpp"

namespace gymcc {
namespace {

// numpy's conversion on `array[i] = value` for a number held as a double.
double cast_to_dtype(double value, DType dtype) {
  switch (dtype) {
    case DType::kFloat32:
      return static_cast<double>(static_cast<float>(value));
    case DType::kFloat64:
      return value;
    case DType::kBool:
      return value != 0.0 ? 1.0 : 0.0;  // NaN is true, as bool(nan)
    default:
      return std::trunc(value);
  }
}

std::size_t index_of(const Dict& dict, std::string_view key) {
  for (std::size_t i = 0; i < dict.size(); ++i) {
    if (dict[i].first == key) return i;
  }
  return dict.size();
}

// dict[key], appended (null) when absent — Python's dict assignment order.
Value& entry(Dict& dict, std::string_view key) {
  const std::size_t i = index_of(dict, key);
  if (i < dict.size()) return dict[i].second;
  dict.emplace_back(std::string(key), Value());
  return dict.back().second;
}

// The batch gymnasium's _add_info creates for a key's first value.
Value new_info_batch(const Value& value, std::size_t num_envs) {
  const auto n = static_cast<std::int64_t>(num_envs);
  auto zeros = [&](DType dtype, Shape shape) {
    Array array{dtype, std::move(shape), {}};
    array.data.assign(static_cast<std::size_t>(shape_size(array.shape)), 0.0);
    return Value(std::move(array));
  };
  switch (value.kind()) {
    case Value::Kind::kBool:
      return zeros(DType::kBool, {n});
    case Value::Kind::kInt:
      return zeros(DType::kInt64, {n});
    case Value::Kind::kFloat:
      return zeros(DType::kFloat64, {n});
    case Value::Kind::kArray: {
      // An ndarray of shape s batches as (n, *s); a numpy scalar (shape ())
      // as (n,) of its dtype: both are what gymnasium makes.
      const Array& array = value.as_array();
      Shape shape{n};
      shape.insert(shape.end(), array.shape.begin(), array.shape.end());
      return zeros(array.dtype, std::move(shape));
    }
    default:
      // Strings, None, lists, huge ints: a numpy object array.
      return Value(List(num_envs));
  }
}

void assign_info_element(Value& batch, std::size_t env_index, const Value& value,
                         std::string_view key) {
  if (batch.is_list()) {
    batch.as_list()[env_index] = value;
    return;
  }
  Array& array = batch.as_array();
  const std::size_t row = array.data.size() / static_cast<std::size_t>(array.shape.front());
  double* out = array.data.data() + env_index * row;
  if (value.is_bool() || value.is_number()) {
    const double number = value.is_bool() ? (value.as_bool() ? 1.0 : 0.0) : value.as_number();
    std::fill(out, out + row, cast_to_dtype(number, array.dtype));
    return;
  }
  if (value.is_array()) {
    const std::vector<double>& data = value.as_array().data;
    if (data.size() == row || data.size() == 1) {
      for (std::size_t k = 0; k < row; ++k) {
        out[k] = cast_to_dtype(data[data.size() == 1 ? 0 : k], array.dtype);
      }
      return;
    }
  }
  // gymnasium fails here too (numpy cannot store the value in the batch).
  throw Error(ErrorCode::kInvalidArgument,
              "info '" + std::string(key) + "' of sub-env " + std::to_string(env_index) + " (" +
                  std::string(python_type_name(value)) + ") does not fit the " +
                  std::string(dtype_name(array.dtype)) + " array of shape " +
                  python::shape_text(array.shape) + " its first value made");
}

// Appends the numbers of one sample (a number, bool, array or nested list)
// to `out`, cast to `dtype`; returns how many were appended.
std::size_t append_numbers(const Value& value, DType dtype, double* out) {
  if (value.is_bool()) {
    *out = value.as_bool() ? 1.0 : 0.0;
    return 1;
  }
  if (value.is_number()) {
    *out = cast_to_dtype(value.as_number(), dtype);
    return 1;
  }
  if (value.is_array()) {
    const std::vector<double>& data = value.as_array().data;
    for (std::size_t k = 0; k < data.size(); ++k) out[k] = cast_to_dtype(data[k], dtype);
    return data.size();
  }
  if (value.is_list()) {
    std::size_t count = 0;
    for (const Value& element : value.as_list()) {
      count += append_numbers(element, dtype, out + count);
    }
    return count;
  }
  throw Error(ErrorCode::kInvalidArgument,
              "cannot batch a " + std::string(python_type_name(value)) + " as numbers");
}

// The numbers one sample of `value` holds, without writing them.
std::size_t count_numbers(const Value& value) {
  if (value.is_array()) return value.as_array().data.size();
  if (value.is_list()) {
    std::size_t count = 0;
    for (const Value& element : value.as_list()) count += count_numbers(element);
    return count;
  }
  return 1;
}

// numpy's dtype for np.array(list) of scalars: bool < int64 < float64 < object.
std::string list_dtype_name(const List& list) {
  int rank = 0;
  for (const Value& v : list) {
    if (v.is_bool()) continue;
    if (v.is_int()) {
      rank = std::max(rank, 1);
    } else if (v.is_float()) {
      rank = std::max(rank, 2);
    } else {
      return "object";
    }
  }
  static constexpr const char* kNames[] = {"bool", "int64", "float64"};
  return kNames[rank];
}

}  // namespace

Space batch_space(const Space& space, std::int64_t n) {
  const auto count = static_cast<std::size_t>(n);
  auto batched_shape = [&](const Shape& shape) {
    Shape out{n};
    out.insert(out.end(), shape.begin(), shape.end());
    return out;
  };
  auto tile = [&](const auto& values) {
    std::vector<double> out;
    out.reserve(values.size() * count);
    for (std::size_t i = 0; i < count; ++i) {
      for (const auto& v : values) out.push_back(static_cast<double>(v));
    }
    return out;
  };
  switch (space.kind()) {
    case Space::Kind::kDiscrete:
      return Space::multi_discrete(std::vector<std::int64_t>(count, space.n()),
                                   std::vector<std::int64_t>(count, space.start()));
    case Space::Kind::kBox:
      return Space::box(tile(space.low()), tile(space.high()), batched_shape(space.shape()),
                        space.dtype());
    case Space::Kind::kMultiDiscrete: {
      std::vector<double> low = tile(space.starts());
      std::vector<double> high = tile(space.nvec());
      for (std::size_t i = 0; i < high.size(); ++i) high[i] += low[i] - 1.0;
      return Space::box(std::move(low), std::move(high), batched_shape(space.shape()),
                        DType::kInt64);
    }
    case Space::Kind::kMultiBinary:
      return Space::box(0.0, 1.0, batched_shape(space.shape()), DType::kInt8);
    case Space::Kind::kTuple: {
      std::vector<Space> parts;
      for (const Space& part : space.spaces()) parts.push_back(batch_space(part, n));
      return Space::tuple(std::move(parts));
    }
    case Space::Kind::kDict: {
      std::vector<std::pair<std::string, Space>> parts;
      for (std::size_t i = 0; i < space.spaces().size(); ++i) {
        parts.emplace_back(space.keys()[i], batch_space(space.spaces()[i], n));
      }
      return Space::dict(std::move(parts));
    }
  }
  throw Error(ErrorCode::kInvalidArgument, "cannot batch " + space.to_string());
}

namespace detail {

Seed offset_seed(const Seed& seed, std::uint64_t offset) {
  if (offset == 0) return seed;
  // Decimal schoolbook addition: seeds are arbitrary precision and this runs
  // once per sub-env per seeded reset.
  std::string digits = seed.to_decimal();
  std::uint64_t carry = offset;
  for (auto it = digits.rbegin(); it != digits.rend() && carry != 0; ++it) {
    const std::uint64_t sum = static_cast<std::uint64_t>(*it - '0') + carry % 10;
    *it = static_cast<char>('0' + sum % 10);
    carry = carry / 10 + sum / 10;
  }
  if (carry != 0) digits.insert(0, std::to_string(carry));
  return *Seed::from_decimal(digits);
}

bool extract_reset_mask(const Value* options, std::size_t num_envs, std::vector<std::uint8_t>& mask,
                        Value& rest) {
  if (options == nullptr || !options->is_dict()) return false;
  const Value* given = options->find("reset_mask");
  if (given == nullptr) return false;
  const std::string what = "`options['reset_mask']`";
  Shape shape;
  std::string dtype;
  if (given->is_array()) {
    shape = given->as_array().shape;
    dtype = std::string(dtype_name(given->as_array().dtype));
  } else if (given->is_list()) {
    const List& list = given->as_list();
    shape = {static_cast<std::int64_t>(list.size())};
    if (!list.empty() && list[0].is_list()) {
      shape.push_back(static_cast<std::int64_t>(list[0].as_list().size()));
    }
    dtype = shape.size() == 1 ? list_dtype_name(list) : "object";
  } else {
    throw Error(ErrorCode::kInvalidOptions, what + " must be a numpy array, got <class '" +
                                                std::string(python_type_name(*given)) + "'>");
  }
  if (shape != Shape{static_cast<std::int64_t>(num_envs)}) {
    throw Error(ErrorCode::kInvalidOptions, what + " must have shape `(" +
                                                std::to_string(num_envs) + ",)`, got " +
                                                python::shape_text(shape));
  }
  if (dtype != "bool") {
    throw Error(ErrorCode::kInvalidOptions, what + " must have `dtype=np.bool_`, got " + dtype);
  }
  mask.assign(num_envs, 0);
  bool any = false;
  for (std::size_t i = 0; i < num_envs; ++i) {
    const bool on =
        given->is_array() ? given->as_array().data[i] != 0.0 : given->as_list()[i].as_bool();
    mask[i] = on ? 1 : 0;
    any = any || on;
  }
  if (!any) {
    std::string printed = "[";
    for (std::size_t i = 0; i < num_envs; ++i) printed += i ? " False" : "False";
    throw Error(ErrorCode::kInvalidOptions,
                what +
                    " must contain a boolean array with at least one True value, got "
                    "reset_mask=" +
                    printed + "]");
  }
  Dict& remaining = rest.emplace_dict();
  remaining.clear();
  for (const auto& [key, value] : options->as_dict()) {
    if (key != "reset_mask") remaining.emplace_back(key, value);
  }
  return true;
}

void add_info(Dict& vector_infos, const Value& env_info, std::size_t env_index,
              std::size_t num_envs) {
  if (!env_info.is_dict()) {
    throw Error(ErrorCode::kInvalidArgument, "an env's info must be a dict");
  }
  for (const auto& [key, value] : env_info.as_dict()) {
    // Python assigns vector_infos[key] and then vector_infos["_" + key]; a new
    // key and its mask are appended together, an existing one stays put.
    Value& batch = entry(vector_infos, key);
    if (key == "final_obs") {
      if (!batch.is_list()) batch = Value(List(num_envs));
      batch.as_list()[env_index] = value;
    } else if (value.is_dict()) {
      if (!batch.is_dict()) batch = Value(Dict{});
      add_info(batch.as_dict(), value, env_index, num_envs);
    } else {
      if (batch.is_null()) batch = new_info_batch(value, num_envs);
      assign_info_element(batch, env_index, value, key);
    }
    Value& mask = entry(vector_infos, "_" + key);
    if (!mask.is_array()) {
      mask = Value(Array{
          DType::kBool, {static_cast<std::int64_t>(num_envs)}, std::vector<double>(num_envs, 0.0)});
    }
    mask.as_array().data[env_index] = 1.0;
  }
}

void concatenate(const Space& space, std::span<const Value* const> items, Value& out) {
  const auto n = static_cast<std::int64_t>(items.size());
  switch (space.kind()) {
    case Space::Kind::kTuple:
    case Space::Kind::kDict: {
      const bool is_tuple = space.kind() == Space::Kind::kTuple;
      const std::vector<Space>& parts = space.spaces();
      std::vector<const Value*> column(items.size());
      if (is_tuple) {
        if (!out.is_list()) out = Value(List{});
        out.as_list().resize(parts.size());
      } else {
        out.emplace_dict().clear();
      }
      for (std::size_t k = 0; k < parts.size(); ++k) {
        for (std::size_t i = 0; i < items.size(); ++i) {
          const Value* part =
              is_tuple ? &items[i]->as_list().at(k) : items[i]->find(space.keys()[k]);
          if (part == nullptr) {
            throw Error(ErrorCode::kInvalidArgument,
                        "observation lacks key '" + space.keys()[k] + "'");
          }
          column[i] = part;
        }
        if (is_tuple) {
          concatenate(parts[k], column, out.as_list()[k]);
        } else {
          out.as_dict().emplace_back(space.keys()[k], Value());
          concatenate(parts[k], column, out.as_dict().back().second);
        }
      }
      return;
    }
    default: {
      DType dtype = space.dtype();
      if (space.kind() == Space::Kind::kDiscrete || space.kind() == Space::Kind::kMultiDiscrete) {
        dtype = DType::kInt64;
      }
      Shape shape{n};
      shape.insert(shape.end(), space.shape().begin(), space.shape().end());
      Array& array = out.emplace_array(dtype, shape);
      const auto row = static_cast<std::size_t>(shape_size(space.shape()));
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (count_numbers(*items[i]) != row) {
          throw Error(ErrorCode::kInvalidArgument,
                      "an observation does not fit " + space.to_string());
        }
        append_numbers(*items[i], dtype, array.data.data() + i * row);
      }
      return;
    }
  }
}

void throw_disabled_autoreset(std::span<const std::uint8_t> needs_reset) {
  std::string finished;
  for (std::size_t i = 0; i < needs_reset.size(); ++i) {
    if (!needs_reset[i]) continue;
    if (!finished.empty()) finished += ", ";
    finished += std::to_string(i);
  }
  throw Error(ErrorCode::kResetNeeded,
              "autoreset_mode=Disabled: sub-envs [" + finished +
                  "] ended and must be reset (reset with options={\"reset_mask\": ...}) "
                  "before the next step");
}

}  // namespace detail
}  // namespace gymcc
