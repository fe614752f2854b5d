#include "gymcc/spaces.hpp"
#include "gymcc/snapshot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "gymcc/errors.hpp"
#include "gymcc/python.hpp"

namespace gymcc {
namespace {

double round_to_dtype(double v, DType dtype) {
  switch (dtype) {
    case DType::kFloat32:
      return static_cast<double>(static_cast<float>(v));
    case DType::kFloat64:
      return v;
    default:
      return std::trunc(v);
  }
}

std::pair<double, double> dtype_range(DType dtype) {
  switch (dtype) {
    case DType::kInt8:
      return {-128.0, 127.0};
    case DType::kUInt8:
      return {0.0, 255.0};
    case DType::kInt32:
      return {-2147483648.0, 2147483647.0};
    case DType::kInt64:
      return {-9223372036854775808.0, 9223372036854775807.0};
    case DType::kBool:
      return {0.0, 1.0};
    default:
      return {-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  }
}

// Flattens nested JSON lists (or an Array) into numbers, recording the shape.
// Returns false if the nesting is ragged or an element is not a number.
bool flatten_numbers(const Value& x, std::size_t depth, Shape& shape, std::vector<double>& out,
                     bool& all_integral) {
  if (x.is_array()) {
    const Array& a = x.as_array();
    if (depth == 0) shape = a.shape;
    out.insert(out.end(), a.data.begin(), a.data.end());
    all_integral = all_integral && !is_floating(a.dtype);
    return depth == 0;
  }
  if (x.is_list()) {
    const List& list = x.as_list();
    const auto extent = static_cast<std::int64_t>(list.size());
    if (shape.size() == depth) {
      shape.push_back(extent);
    } else if (shape[depth] != extent) {
      return false;
    }
    for (const Value& element : list) {
      if (!flatten_numbers(element, depth + 1, shape, out, all_integral)) return false;
    }
    return true;
  }
  if (!x.is_number() || shape.size() != depth) return false;
  all_integral = all_integral && x.is_int();
  out.push_back(x.as_number());
  return true;
}

struct Numbers {
  Shape shape;
  std::vector<double> values;
  bool all_integral = true;
};

std::optional<Numbers> numbers_of(const Value& x) {
  Numbers numbers;
  if (!flatten_numbers(x, 0, numbers.shape, numbers.values, numbers.all_integral)) {
    return std::nullopt;
  }
  return numbers;
}

Value shape_value(const Shape& shape) {
  List list;
  for (std::int64_t extent : shape) list.emplace_back(extent);
  return Value(std::move(list));
}

Value int_list(const std::vector<std::int64_t>& values) {
  List list;
  for (std::int64_t v : values) list.emplace_back(v);
  return Value(std::move(list));
}

}  // namespace

Space Space::discrete(std::int64_t n, std::int64_t start) {
  if (n <= 0) throw Error(ErrorCode::kInvalidArgument, "Discrete n must be positive");
  Space s;
  s.kind_ = Kind::kDiscrete;
  s.n_ = n;
  s.start_ = start;
  return s;
}

Space Space::box(double low, double high, Shape shape, DType dtype) {
  const auto size = static_cast<std::size_t>(shape_size(shape));
  return box(std::vector<double>(size, low), std::vector<double>(size, high), std::move(shape),
             dtype);
}

Space Space::box(std::vector<double> low, std::vector<double> high, Shape shape, DType dtype) {
  const auto size = static_cast<std::size_t>(shape_size(shape));
  if (low.size() != size || high.size() != size) {
    throw Error(ErrorCode::kInvalidArgument, "Box bounds do not match its shape");
  }
  Space s;
  s.kind_ = Kind::kBox;
  s.dtype_ = dtype;
  s.shape_ = std::move(shape);
  for (double& v : low) v = round_to_dtype(v, dtype);
  for (double& v : high) v = round_to_dtype(v, dtype);
  s.low_ = std::move(low);
  s.high_ = std::move(high);
  return s;
}

Space Space::multi_discrete(std::vector<std::int64_t> nvec, std::vector<std::int64_t> start) {
  if (start.empty()) start.assign(nvec.size(), 0);
  if (start.size() != nvec.size()) {
    throw Error(ErrorCode::kInvalidArgument, "MultiDiscrete start must match nvec");
  }
  Space s;
  s.kind_ = Kind::kMultiDiscrete;
  s.shape_ = {static_cast<std::int64_t>(nvec.size())};
  s.nvec_ = std::move(nvec);
  s.starts_ = std::move(start);
  return s;
}

Space Space::multi_binary(std::int64_t n) {
  Space s;
  s.kind_ = Kind::kMultiBinary;
  s.dtype_ = DType::kInt8;
  s.n_ = n;
  s.shape_ = {n};
  return s;
}

Space Space::tuple(std::vector<Space> spaces) {
  Space s;
  s.kind_ = Kind::kTuple;
  s.children_ = std::move(spaces);
  return s;
}

Space Space::dict(std::vector<std::pair<std::string, Space>> spaces) {
  std::stable_sort(spaces.begin(), spaces.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Space s;
  s.kind_ = Kind::kDict;
  for (auto& [key, space] : spaces) {
    s.keys_.push_back(std::move(key));
    s.children_.push_back(std::move(space));
  }
  return s;
}

std::string_view Space::name() const noexcept {
  switch (kind_) {
    case Kind::kDiscrete:
      return "Discrete";
    case Kind::kBox:
      return "Box";
    case Kind::kMultiDiscrete:
      return "MultiDiscrete";
    case Kind::kMultiBinary:
      return "MultiBinary";
    case Kind::kTuple:
      return "Tuple";
    case Kind::kDict:
      return "Dict";
  }
  return "Space";
}

bool Space::contains(const Value& x) const {
  switch (kind_) {
    case Kind::kDiscrete: {
      std::int64_t v = 0;
      if (x.is_int()) {
        v = x.as_int();
      } else if (x.is_array() && x.as_array().shape.empty() && !is_floating(x.as_array().dtype)) {
        v = static_cast<std::int64_t>(x.as_array().data.at(0));
      } else {
        return false;
      }
      return start_ <= v && v - start_ < n_;
    }
    case Kind::kBox: {
      const auto numbers = numbers_of(x);
      if (!numbers || numbers->shape != shape_) return false;
      if (!is_floating(dtype_) && !numbers->all_integral) return false;
      for (std::size_t i = 0; i < numbers->values.size(); ++i) {
        const double v = round_to_dtype(numbers->values[i], dtype_);
        if (!(v >= low_[i] && v <= high_[i])) return false;
      }
      return true;
    }
    case Kind::kMultiDiscrete: {
      const auto numbers = numbers_of(x);
      if (!numbers || numbers->shape != shape_ || !numbers->all_integral) return false;
      for (std::size_t i = 0; i < nvec_.size(); ++i) {
        const double v = numbers->values[i] - static_cast<double>(starts_[i]);
        if (!(v >= 0 && v < static_cast<double>(nvec_[i]))) return false;
      }
      return true;
    }
    case Kind::kMultiBinary: {
      const auto numbers = numbers_of(x);
      if (!numbers || numbers->shape != shape_ || !numbers->all_integral) return false;
      return std::all_of(numbers->values.begin(), numbers->values.end(),
                         [](double v) { return v == 0.0 || v == 1.0; });
    }
    case Kind::kTuple: {
      if (!x.is_list() || x.as_list().size() != children_.size()) return false;
      for (std::size_t i = 0; i < children_.size(); ++i) {
        if (!children_[i].contains(x.as_list()[i])) return false;
      }
      return true;
    }
    case Kind::kDict: {
      if (!x.is_dict() || x.as_dict().size() != children_.size()) return false;
      for (std::size_t i = 0; i < children_.size(); ++i) {
        const Value* element = x.find(keys_[i]);
        if (element == nullptr || !children_[i].contains(*element)) return false;
      }
      return true;
    }
  }
  return false;
}

std::optional<std::string> Space::action_problem(const Value& x) const {
  if (kind_ != Kind::kBox) {
    if (contains(x)) return std::nullopt;
    if (kind_ == Kind::kDiscrete && x.is_int()) {
      return "action " + std::to_string(x.as_int()) + " is not in " + to_string();
    }
    return "action of type " + std::string(python_type_name(x)) + " is not in " + to_string();
  }
  const auto numbers = numbers_of(x);
  if (!numbers) return "action must be a (nested) list of numbers for " + to_string();
  if (numbers->shape != shape_) {
    return "action shape " + python::shape_text(numbers->shape) + " does not match " + to_string();
  }
  if (!is_floating(dtype_) && !numbers->all_integral) {
    return "action must hold integers for " + to_string();
  }
  for (double v : numbers->values) {
    if (std::isnan(v)) return "action contains NaN";
  }
  return std::nullopt;
}

Generator& Space::rng() {
  if (!rng_) rng_.emplace(Generator::from_entropy());
  return *rng_;
}

void Space::seed(const Seed& seed) {
  rng_.emplace(seed);
  if (children_.empty()) return;
  // gymnasium: subseeds = np_random.integers(np.iinfo(np.int32).max, size=k)
  std::vector<std::int64_t> subseeds(children_.size());
  rng_->integers(std::numeric_limits<std::int32_t>::max(), subseeds);
  for (std::size_t i = 0; i < children_.size(); ++i) {
    children_[i].seed(Seed(static_cast<std::uint64_t>(subseeds[i])));
  }
}

void Space::sample_box(Array& out) {
  // gymnasium draws normals for unbounded dims, then exponentials for
  // low-bounded, then for high-bounded, then uniforms for bounded ones — each
  // group in C order — all in float64, then casts to the dtype.
  const std::size_t size = low_.size();
  const bool integral = !is_floating(dtype_);
  std::vector<double>& sample = out.data;
  auto bounded_below = [&](std::size_t i) { return low_[i] > -HUGE_VAL; };
  auto bounded_above = [&](std::size_t i) { return high_[i] < HUGE_VAL; };
  auto upper = [&](std::size_t i) { return integral ? high_[i] + 1.0 : high_[i]; };
  Generator& g = rng();
  for (std::size_t i = 0; i < size; ++i) {
    if (!bounded_below(i) && !bounded_above(i)) sample[i] = g.standard_normal();
  }
  for (std::size_t i = 0; i < size; ++i) {
    if (bounded_below(i) && !bounded_above(i)) sample[i] = g.standard_exponential() + low_[i];
  }
  for (std::size_t i = 0; i < size; ++i) {
    if (!bounded_below(i) && bounded_above(i)) {
      sample[i] = -g.standard_exponential() + upper(i);
    }
  }
  for (std::size_t i = 0; i < size; ++i) {
    if (bounded_below(i) && bounded_above(i)) sample[i] = g.uniform(low_[i], upper(i));
  }
  if (!integral) {
    for (double& v : sample) v = round_to_dtype(v, dtype_);
    return;
  }
  auto [dtype_min, dtype_max] = dtype_range(dtype_);
  if (dtype_ == DType::kInt64) {
    dtype_min += 2;
    dtype_max -= 2;
  }
  for (std::size_t i = 0; i < size; ++i) {
    double v = std::clamp(std::floor(sample[i]), dtype_min, dtype_max);
    if (dtype_ == DType::kInt64) v = std::clamp(v, low_[i], high_[i]);
    sample[i] = v;
  }
}

Value Space::sample() {
  switch (kind_) {
    case Kind::kDiscrete:
      return Value(start_ + rng().integers(n_));
    case Kind::kBox: {
      Value v;
      sample_box(v.emplace_array(dtype_, shape_));
      return v;
    }
    case Kind::kMultiDiscrete: {
      Value v;
      Array& a = v.emplace_array(DType::kInt64, shape_);
      Generator& g = rng();
      for (double& element : a.data) element = g.random();
      for (std::size_t i = 0; i < a.data.size(); ++i) {
        a.data[i] =
            std::trunc(a.data[i] * static_cast<double>(nvec_[i])) + static_cast<double>(starts_[i]);
      }
      return v;
    }
    case Kind::kMultiBinary: {
      std::vector<std::int8_t> bits(static_cast<std::size_t>(n_));
      rng().integers_int8(0, 2, bits);
      Value v;
      Array& a = v.emplace_array(DType::kInt8, shape_);
      std::copy(bits.begin(), bits.end(), a.data.begin());
      return v;
    }
    case Kind::kTuple: {
      List list;
      for (Space& child : children_) list.push_back(child.sample());
      return Value(std::move(list));
    }
    case Kind::kDict: {
      Dict dict;
      for (std::size_t i = 0; i < children_.size(); ++i) {
        dict.emplace_back(keys_[i], children_[i].sample());
      }
      return Value(std::move(dict));
    }
  }
  return Value();
}

Value Space::describe() const {
  Dict d;
  d.emplace_back("name", std::string(name()));
  switch (kind_) {
    case Kind::kDiscrete:
      d.emplace_back("n", n_);
      d.emplace_back("shape", shape_value(shape_));
      d.emplace_back("start", start_);
      d.emplace_back("dtype", "int64");
      break;
    case Kind::kBox:
      d.emplace_back("shape", shape_value(shape_));
      d.emplace_back("low", Value(Array{dtype_, shape_, low_}));
      d.emplace_back("high", Value(Array{dtype_, shape_, high_}));
      d.emplace_back("dtype", std::string(dtype_name(dtype_)));
      break;
    case Kind::kMultiDiscrete:
      d.emplace_back("shape", shape_value(shape_));
      d.emplace_back("nvec", int_list(nvec_));
      d.emplace_back("start", int_list(starts_));
      d.emplace_back("dtype", "int64");
      break;
    case Kind::kMultiBinary:
      d.emplace_back("n", n_);
      d.emplace_back("shape", shape_value(shape_));
      d.emplace_back("dtype", "int8");
      break;
    case Kind::kTuple: {
      List children;
      for (const Space& child : children_) children.push_back(child.describe());
      d.emplace_back("shape", Value());
      d.emplace_back("spaces", Value(std::move(children)));
      break;
    }
    case Kind::kDict: {
      Dict children;
      for (std::size_t i = 0; i < children_.size(); ++i) {
        children.emplace_back(keys_[i], children_[i].describe());
      }
      d.emplace_back("shape", Value());
      d.emplace_back("spaces", Value(std::move(children)));
      break;
    }
  }
  return Value(std::move(d));
}

std::string Space::to_string() const {
  switch (kind_) {
    case Kind::kDiscrete:
      return start_ == 0
                 ? "Discrete(" + std::to_string(n_) + ")"
                 : "Discrete(" + std::to_string(n_) + ", start=" + std::to_string(start_) + ")";
    case Kind::kBox:
      return "Box" + python::shape_text(shape_) + " " + std::string(dtype_name(dtype_));
    case Kind::kMultiDiscrete: {
      std::string s = "MultiDiscrete([";
      for (std::size_t i = 0; i < nvec_.size(); ++i) {
        s += (i ? " " : "") + std::to_string(nvec_[i]);
      }
      return s + "])";
    }
    case Kind::kMultiBinary:
      return "MultiBinary(" + std::to_string(n_) + ")";
    case Kind::kTuple: {
      std::string s = "Tuple(";
      for (std::size_t i = 0; i < children_.size(); ++i) {
        s += (i ? ", " : "") + children_[i].to_string();
      }
      return s + ")";
    }
    case Kind::kDict: {
      std::string s = "Dict(";
      for (std::size_t i = 0; i < children_.size(); ++i) {
        s += (i ? ", '" : "'") + keys_[i] + "': " + children_[i].to_string();
      }
      return s + ")";
    }
  }
  return "Space";
}

bool Space::same_definition(const Space& other) const {
  return kind_ == other.kind_ && dtype_ == other.dtype_ && shape_ == other.shape_ &&
         n_ == other.n_ && start_ == other.start_ && low_ == other.low_ && high_ == other.high_ &&
         nvec_ == other.nvec_ && starts_ == other.starts_ && keys_ == other.keys_ &&
         children_ == other.children_;
}

}  // namespace gymcc

namespace gymcc {

Value Space::sampler_state() const {
  if (!rng_) return Value();
  List children;
  children.reserve(children_.size());
  for (const Space& child : children_) children.push_back(child.sampler_state());
  return Value(Dict{{"rng", generator_state(*rng_)}, {"spaces", Value(std::move(children))}});
}

void Space::set_sampler_state(const Value& state) {
  // Validate the whole tree first, then apply: a bad state changes nothing.
  auto check = [](auto&& self, const Space& space, const Value& s,
                  const std::string& path) -> void {
    if (s.is_null()) return;
    const StateReader r(s, path);
    read_generator_state(r.field("rng"), r.field_path("rng"));
    const Value& children = r.field("spaces");
    if (!children.is_list() || children.as_list().size() != space.children_.size()) {
      throw_invalid_state(
          r.field_path("spaces"),
          "must be a list of " + std::to_string(space.children_.size()) + " sub-space states");
    }
    for (std::size_t i = 0; i < space.children_.size(); ++i) {
      self(self, space.children_[i], children.as_list()[i],
           r.field_path("spaces") + "[" + std::to_string(i) + "]");
    }
  };
  check(check, *this, state, "state.action_space");
  auto apply = [](auto&& self, Space& space, const Value& s) -> void {
    if (s.is_null()) {
      space.rng_.reset();
      for (Space& child : space.children_) self(self, child, Value());
      return;
    }
    Generator g{Seed{}};
    g.bit_generator().set_state(read_generator_state(*s.find("rng"), "rng"));
    space.rng_.emplace(g);
    const List& children = s.find("spaces")->as_list();
    for (std::size_t i = 0; i < space.children_.size(); ++i)
      self(self, space.children_[i], children[i]);
  };
  apply(apply, *this, state);
}

}  // namespace gymcc
