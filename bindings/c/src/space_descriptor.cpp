#include "space_descriptor.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "gymcc/errors.hpp"

namespace gymcc::c_api {

int dtype_code(DType dtype) noexcept {
  switch (dtype) {
    case DType::kFloat32:
      return GYMCC_DTYPE_FLOAT32;
    case DType::kFloat64:
      return GYMCC_DTYPE_FLOAT64;
    case DType::kInt64:
      return GYMCC_DTYPE_INT64;
    case DType::kInt32:
      return GYMCC_DTYPE_INT32;
    case DType::kInt8:
      return GYMCC_DTYPE_INT8;
    case DType::kUInt8:
      return GYMCC_DTYPE_UINT8;
    case DType::kBool:
      return GYMCC_DTYPE_BOOL;
  }
  return GYMCC_DTYPE_NONE;
}

std::optional<DType> dtype_of_code(int code) noexcept {
  for (DType d : {DType::kFloat32, DType::kFloat64, DType::kInt64, DType::kInt32, DType::kInt8,
                  DType::kUInt8, DType::kBool}) {
    if (dtype_code(d) == code) return d;
  }
  return std::nullopt;
}

namespace {

int kind_code(Space::Kind kind) noexcept {
  switch (kind) {
    case Space::Kind::kDiscrete:
      return GYMCC_SPACE_DISCRETE;
    case Space::Kind::kBox:
      return GYMCC_SPACE_BOX;
    case Space::Kind::kMultiDiscrete:
      return GYMCC_SPACE_MULTI_DISCRETE;
    case Space::Kind::kMultiBinary:
      return GYMCC_SPACE_MULTI_BINARY;
    case Space::Kind::kTuple:
      return GYMCC_SPACE_TUPLE;
    case Space::Kind::kDict:
      return GYMCC_SPACE_DICT;
  }
  return -1;
}

bool is_composite(const Space& space) noexcept {
  return space.kind() == Space::Kind::kTuple || space.kind() == Space::Kind::kDict;
}

std::size_t round_up(std::size_t offset, std::size_t alignment) noexcept {
  return (offset + alignment - 1) / alignment * alignment;
}

// One element into the buffer, converted as numpy's astype converts.
void store(DType dtype, double x, unsigned char* out) {
  auto put = [out](auto v) { std::memcpy(out, &v, sizeof v); };
  switch (dtype) {
    case DType::kFloat32:
      return put(static_cast<float>(x));
    case DType::kFloat64:
      return put(x);
    case DType::kInt64:
      return put(static_cast<std::int64_t>(x));
    case DType::kInt32:
      return put(static_cast<std::int32_t>(x));
    case DType::kInt8:
      return put(static_cast<std::int8_t>(x));
    case DType::kUInt8:
      return put(static_cast<std::uint8_t>(x));
    case DType::kBool:
      return put(static_cast<std::uint8_t>(x != 0.0 ? 1 : 0));
  }
}

void store(DType dtype, const Value& number, unsigned char* out) {
  if (dtype == DType::kInt64 && number.is_int()) {  // exact beyond 2^53
    const std::int64_t v = number.as_int();
    std::memcpy(out, &v, sizeof v);
    return;
  }
  store(dtype, number.is_bool() ? (number.as_bool() ? 1.0 : 0.0) : number.as_number(), out);
}

double load(DType dtype, const unsigned char* in) {
  auto get = [in](auto x) {
    std::memcpy(&x, in, sizeof x);
    return static_cast<double>(x);
  };
  switch (dtype) {
    case DType::kFloat32:
      return get(float{});
    case DType::kFloat64:
      return get(double{});
    case DType::kInt64:
      return get(std::int64_t{});
    case DType::kInt32:
      return get(std::int32_t{});
    case DType::kInt8:
      return get(std::int8_t{});
    case DType::kUInt8:
      return get(std::uint8_t{});
    case DType::kBool:
      return get(std::uint8_t{}) != 0.0 ? 1.0 : 0.0;
  }
  return 0.0;
}

[[noreturn]] void mismatch(const Space& space, const Value& value) {
  throw Error(ErrorCode::kInvalidArgument, "a value of type " +
                                               std::string(python_type_name(value)) +
                                               " does not fit " + space.to_string());
}

}  // namespace

struct SpaceDescriptor::Node {
  explicit Node(const Space& s) : space(s) {}

  const Space space;
  gymcc_space desc{};
  std::string name;
  std::vector<std::int64_t> shape;
  std::vector<double> low, high;
  std::vector<std::int64_t> nvec, starts;
  std::vector<std::unique_ptr<Node>> parts;
  std::vector<gymcc_space> part_descs;
  std::vector<const char*> keys;
  std::size_t alignment = 1;

  static std::unique_ptr<Node> build(const Space& space) {
    auto node = std::make_unique<Node>(space);
    node->name = space.name();
    node->shape = space.shape();
    node->low = space.low();
    node->high = space.high();
    node->nvec = space.nvec();
    node->starts = space.starts();
    for (const Space& part : space.spaces()) {
      node->parts.push_back(build(part));
      node->alignment = std::max(node->alignment, node->parts.back()->alignment);
    }
    if (!is_composite(space)) node->alignment = dtype_itemsize(space.dtype());
    return node;
  }

  // Places this space at `offset` (rounded up to its alignment); returns
  // where the next value may start.
  std::size_t place(std::size_t offset) {
    offset = round_up(offset, alignment);
    std::size_t end = offset;
    if (is_composite(space)) {
      for (auto& part : parts) end = part->place(end);
    } else {
      end += static_cast<std::size_t>(shape_size(space.shape())) * dtype_itemsize(space.dtype());
    }
    desc.offset = offset;
    desc.nbytes = end - offset;
    return end;
  }

  // Fills the descriptor's fields once every part is placed.
  void finish() {
    desc.kind = kind_code(space.kind());
    desc.dtype = is_composite(space) ? GYMCC_DTYPE_NONE : dtype_code(space.dtype());
    desc.n = space.kind() == Space::Kind::kDiscrete || space.kind() == Space::Kind::kMultiBinary
                 ? space.n()
                 : 0;
    desc.start = space.kind() == Space::Kind::kDiscrete ? space.start() : 0;
    desc.ndim = static_cast<std::int32_t>(shape.size());
    desc.shape = shape.empty() ? nullptr : shape.data();
    desc.size = is_composite(space) ? 0 : shape_size(space.shape());
    desc.low = low.empty() ? nullptr : low.data();
    desc.high = high.empty() ? nullptr : high.data();
    desc.nvec = nvec.empty() ? nullptr : nvec.data();
    desc.starts = space.kind() == Space::Kind::kMultiDiscrete ? starts.data() : nullptr;
    for (auto& part : parts) {
      part->finish();
      part_descs.push_back(part->desc);
    }
    desc.num_spaces = static_cast<std::int32_t>(parts.size());
    desc.spaces = part_descs.empty() ? nullptr : part_descs.data();
    if (space.kind() == Space::Kind::kDict) {
      for (const std::string& key : space.keys()) keys.push_back(key.c_str());
      desc.keys = keys.data();
    }
    desc.name = name.c_str();
  }

  void write(const Value& value, unsigned char* base) const {
    if (space.kind() == Space::Kind::kTuple) {
      if (!value.is_list() || value.as_list().size() != parts.size()) mismatch(space, value);
      for (std::size_t i = 0; i < parts.size(); ++i) parts[i]->write(value.as_list()[i], base);
    } else if (space.kind() == Space::Kind::kDict) {
      for (std::size_t i = 0; i < parts.size(); ++i) {
        const Value* part = value.find(space.keys()[i]);
        if (part == nullptr) mismatch(space, value);
        parts[i]->write(*part, base);
      }
    } else {
      write_elements(value, base);
    }
  }

  void write_elements(const Value& value, unsigned char* base) const {
    const DType dtype = space.dtype();
    const std::size_t itemsize = dtype_itemsize(dtype);
    unsigned char* out = base + desc.offset;
    const auto count = static_cast<std::size_t>(desc.size);
    if (value.is_array()) {
      const std::vector<double>& data = value.as_array().data;
      if (data.size() != count) mismatch(space, value);
      for (std::size_t i = 0; i < count; ++i) store(dtype, data[i], out + i * itemsize);
      return;
    }
    std::size_t written = 0;
    auto visit = [&](auto&& self, const Value& x) -> void {
      if (x.is_list()) {
        for (const Value& e : x.as_list()) self(self, e);
        return;
      }
      if (!(x.is_number() || x.is_bool()) || written == count) mismatch(space, value);
      store(dtype, x, out + written++ * itemsize);
    };
    visit(visit, value);
    if (written != count) mismatch(space, value);
  }

  Value read(const unsigned char* base) const {
    const unsigned char* in = base + desc.offset;
    switch (space.kind()) {
      case Space::Kind::kDiscrete: {
        std::int64_t v = 0;
        std::memcpy(&v, in, sizeof v);
        return Value(v);
      }
      case Space::Kind::kTuple: {
        List list;
        for (const auto& part : parts) list.push_back(part->read(base));
        return Value(std::move(list));
      }
      case Space::Kind::kDict: {
        Dict dict;
        for (std::size_t i = 0; i < parts.size(); ++i) {
          dict.emplace_back(space.keys()[i], parts[i]->read(base));
        }
        return Value(std::move(dict));
      }
      default: {
        Array array{space.dtype(), space.shape(), {}};
        const std::size_t itemsize = dtype_itemsize(space.dtype());
        array.data.resize(static_cast<std::size_t>(desc.size));
        for (std::size_t i = 0; i < array.data.size(); ++i) {
          array.data[i] = load(space.dtype(), in + i * itemsize);
        }
        return Value(std::move(array));
      }
    }
  }
};

SpaceDescriptor::SpaceDescriptor(const Space& space) : root_(Node::build(space)) {
  root_->place(0);
  root_->finish();
}

SpaceDescriptor::~SpaceDescriptor() = default;
SpaceDescriptor::SpaceDescriptor(SpaceDescriptor&&) noexcept = default;
SpaceDescriptor& SpaceDescriptor::operator=(SpaceDescriptor&&) noexcept = default;

const gymcc_space& SpaceDescriptor::root() const noexcept { return root_->desc; }

bool SpaceDescriptor::is_array_of(DType dtype) const noexcept {
  return !is_composite(root_->space) && root_->space.dtype() == dtype;
}

void SpaceDescriptor::write(const Value& value, void* buffer) const {
  root_->write(value, static_cast<unsigned char*>(buffer));
}

Value SpaceDescriptor::read(const void* buffer) const {
  return root_->read(static_cast<const unsigned char*>(buffer));
}

}  // namespace gymcc::c_api
