#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "gymcc/json.hpp"
#include "runner.hpp"

namespace gymcc::c_conformance {
namespace {

bool same_double(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b) ||
         (std::isnan(a) && std::isnan(b));
}

bool is_float_dtype(const std::string& dtype) { return dtype.rfind("float", 0) == 0; }

Value element(const std::string& dtype, const Value& x) {
  if (dtype == "bool") return x.is_bool() ? x : Value(x.as_number() != 0.0);
  if (is_float_dtype(dtype)) return x.is_number() ? Value(x.as_number()) : x;
  return x;
}

// Nests `flat` (C order) into lists of `shape`, from dimension `dim`.
Value nest(const List& flat, const List& shape, std::size_t dim, std::size_t& next) {
  if (dim == shape.size()) return flat.at(next++);
  List out;
  for (std::int64_t i = 0; i < shape[dim].as_int(); ++i)
    out.push_back(nest(flat, shape, dim + 1, next));
  return Value(std::move(out));
}

Value read_element(int dtype, const unsigned char* in) {
  auto get = [in](auto x) {
    std::memcpy(&x, in, sizeof x);
    return x;
  };
  switch (dtype) {
    case GYMCC_DTYPE_FLOAT32:
      return Value(static_cast<double>(get(float{})));
    case GYMCC_DTYPE_FLOAT64:
      return Value(get(double{}));
    case GYMCC_DTYPE_INT64:
      return Value(get(std::int64_t{}));
    case GYMCC_DTYPE_INT32:
      return Value(static_cast<std::int64_t>(get(std::int32_t{})));
    case GYMCC_DTYPE_INT8:
      return Value(static_cast<std::int64_t>(get(std::int8_t{})));
    case GYMCC_DTYPE_UINT8:
      return Value(static_cast<std::int64_t>(get(std::uint8_t{})));
    case GYMCC_DTYPE_BOOL:
      return Value(get(std::uint8_t{}) != 0);
    default:
      throw std::runtime_error("unknown dtype " + std::to_string(dtype));
  }
}

// Whether `x` is an element the dtype holds exactly, as JSON gives it.
bool fits(int dtype, const Value& x) {
  switch (dtype) {
    case GYMCC_DTYPE_FLOAT32:
    case GYMCC_DTYPE_FLOAT64:
      return x.is_number();
    case GYMCC_DTYPE_BOOL:
      return x.is_bool();
    default:
      return x.is_int();
  }
}

void write_element(int dtype, const Value& x, unsigned char* out) {
  auto put = [out](auto v) { std::memcpy(out, &v, sizeof v); };
  switch (dtype) {
    case GYMCC_DTYPE_FLOAT32:
      return put(static_cast<float>(x.as_number()));
    case GYMCC_DTYPE_FLOAT64:
      return put(x.as_number());
    case GYMCC_DTYPE_INT64:
      return put(x.as_int());
    case GYMCC_DTYPE_INT32:
      return put(static_cast<std::int32_t>(x.as_int()));
    case GYMCC_DTYPE_INT8:
      return put(static_cast<std::int8_t>(x.as_int()));
    case GYMCC_DTYPE_UINT8:
      return put(static_cast<std::uint8_t>(x.as_int()));
    case GYMCC_DTYPE_BOOL:
      return put(static_cast<std::uint8_t>(x.as_bool() ? 1 : 0));
    default:
      throw std::runtime_error("unknown dtype " + std::to_string(dtype));
  }
}

// Collects the elements of a nested list of exactly `space`'s shape.
bool flatten(const gymcc_space& space, const Value& value, int dim,
             std::vector<const Value*>& out) {
  if (dim == space.ndim) {
    if (!fits(space.dtype, value)) return false;
    out.push_back(&value);
    return true;
  }
  if (!value.is_list() || static_cast<std::int64_t>(value.as_list().size()) != space.shape[dim]) {
    return false;
  }
  for (const Value& e : value.as_list()) {
    if (!flatten(space, e, dim + 1, out)) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> difference(const Value& expected, const Value& actual,
                                      const std::string& path) {
  auto differs = [&] {
    return std::optional<std::string>(path + ": expected " + to_json(expected) + ", got " +
                                      to_json(actual));
  };
  if (expected.kind() != actual.kind()) return differs();
  switch (expected.kind()) {
    case Value::Kind::kFloat:
      return same_double(expected.as_float(), actual.as_float()) ? std::nullopt : differs();
    case Value::Kind::kList: {
      const List& e = expected.as_list();
      const List& a = actual.as_list();
      if (e.size() != a.size()) return differs();
      for (std::size_t i = 0; i < e.size(); ++i) {
        if (auto d = difference(e[i], a[i], path + "[" + std::to_string(i) + "]")) return d;
      }
      return std::nullopt;
    }
    case Value::Kind::kDict: {
      if (expected.as_dict().size() != actual.as_dict().size()) return differs();
      for (const auto& [key, value] : expected.as_dict()) {
        const Value* other = actual.find(key);
        if (other == nullptr) return differs();
        if (auto d = difference(value, *other, path + "." + key)) return d;
      }
      return std::nullopt;
    }
    default:
      return expected == actual ? std::nullopt : differs();
  }
}

Value untyped(const Value& typed) {
  if (typed.is_list()) {
    List out;
    for (const Value& e : typed.as_list()) out.push_back(untyped(e));
    return Value(std::move(out));
  }
  if (!typed.is_dict()) return typed;
  if (const Value* tag = typed.find("__ndarray__")) {
    const std::string& dtype = tag->as_string();
    List flat;
    for (const Value& e : typed.find("data")->as_list()) {
      flat.push_back(dtype == "object" ? untyped(e) : element(dtype, e));
    }
    std::size_t next = 0;
    return nest(flat, typed.find("shape")->as_list(), 0, next);
  }
  Dict out;
  for (const auto& [key, value] : typed.as_dict()) out.emplace_back(key, untyped(value));
  return Value(std::move(out));
}

Value from_buffer(const gymcc_space& space, const void* buffer) {
  const auto* base = static_cast<const unsigned char*>(buffer);
  if (space.kind == GYMCC_SPACE_TUPLE || space.kind == GYMCC_SPACE_DICT) {
    List parts;
    Dict keyed;
    for (int i = 0; i < space.num_spaces; ++i) {
      Value part = from_buffer(space.spaces[i], buffer);
      if (space.kind == GYMCC_SPACE_DICT) {
        keyed.emplace_back(space.keys[i], std::move(part));
      } else {
        parts.push_back(std::move(part));
      }
    }
    return space.kind == GYMCC_SPACE_DICT ? Value(std::move(keyed)) : Value(std::move(parts));
  }
  const std::size_t itemsize = gymcc_dtype_size(space.dtype);
  List flat;
  for (std::int64_t i = 0; i < space.size; ++i) {
    flat.push_back(
        read_element(space.dtype, base + space.offset + static_cast<std::size_t>(i) * itemsize));
  }
  List shape;
  for (int d = 0; d < space.ndim; ++d) shape.emplace_back(space.shape[d]);
  std::size_t next = 0;
  return nest(flat, shape, 0, next);
}

bool to_buffer(const gymcc_space& space, const Value& value, void* buffer) {
  auto* base = static_cast<unsigned char*>(buffer);
  if (space.kind == GYMCC_SPACE_TUPLE) {
    if (!value.is_list() || value.as_list().size() != static_cast<std::size_t>(space.num_spaces)) {
      return false;
    }
    for (int i = 0; i < space.num_spaces; ++i) {
      if (!to_buffer(space.spaces[i], value.as_list()[static_cast<std::size_t>(i)], buffer)) {
        return false;
      }
    }
    return true;
  }
  if (space.kind == GYMCC_SPACE_DICT) {
    if (!value.is_dict() || value.as_dict().size() != static_cast<std::size_t>(space.num_spaces)) {
      return false;
    }
    for (int i = 0; i < space.num_spaces; ++i) {
      const Value* part = value.find(space.keys[i]);
      if (part == nullptr || !to_buffer(space.spaces[i], *part, buffer)) return false;
    }
    return true;
  }
  std::vector<const Value*> elements;
  if (!flatten(space, value, 0, elements)) return false;
  const std::size_t itemsize = gymcc_dtype_size(space.dtype);
  for (std::size_t i = 0; i < elements.size(); ++i) {
    write_element(space.dtype, *elements[i], base + space.offset + i * itemsize);
  }
  return true;
}

std::optional<std::string> make_env(const std::string& id, const Value* kwargs, EnvHandle& env) {
  const std::string kwargs_json = kwargs == nullptr ? "null" : to_json(*kwargs);
  char error[1024];
  gymcc_env* made = nullptr;
  const int status = gymcc_env_make(id.c_str(), kwargs_json.c_str(), nullptr,
                                    GYMCC_REGISTERED_LIMIT, &made, error, sizeof error);
  env.reset(made);
  if (status == GYMCC_OK) return std::nullopt;
  return std::string("gymcc_env_make: ") + gymcc_status_name(status) + ": " + error;
}

std::string to_json(const Value& value) { return json::to_string(value); }

std::optional<std::string> json_field(const Value& object, const char* key) {
  const Value* v = object.find(key);
  if (v == nullptr) return std::nullopt;
  return to_json(*v);
}

}  // namespace gymcc::c_conformance
