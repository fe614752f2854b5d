#include "serve/grpc/spec_layout.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "gymcc/json.hpp"
#include "serve/error_reply.hpp"

namespace gymcc::serve::rpc {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::string_view kExtraNames[] = {"reward", "discount", "terminated", "truncated",
                                            "info"};

[[noreturn]] void bad_action(const std::string& detail) {
  throw ClientError{400, "invalid_action", detail};
}

std::string number_text(double v) {
  std::string out;
  json::write_double(v, out);
  return out;
}

// A spec bound: one element when all are equal (dm_env_rpc broadcasts it),
// none when every element is unbounded on that side.
void set_bound(const std::vector<double>& bound, double unbounded, DType dtype,
               pb::TensorSpec::Value* out_if_any) {
  if (std::all_of(bound.begin(), bound.end(), [&](double v) { return v == unbounded; })) return;
  const bool uniform = std::all_of(bound.begin(), bound.end(), [&](double v) {
    return v == bound.front() || (std::isnan(v) && std::isnan(bound.front()));
  });
  const std::vector<double> values = uniform ? std::vector<double>{bound.front()} : bound;
  pb::Tensor packed;
  pack(dtype, values, Shape{}, packed);
  switch (packed.payload_case()) {
    case pb::Tensor::kFloats:
      *out_if_any->mutable_floats() = packed.floats();
      break;
    case pb::Tensor::kDoubles:
      *out_if_any->mutable_doubles() = packed.doubles();
      break;
    case pb::Tensor::kInt8S:
      *out_if_any->mutable_int8s() = packed.int8s();
      break;
    case pb::Tensor::kInt32S:
      *out_if_any->mutable_int32s() = packed.int32s();
      break;
    case pb::Tensor::kInt64S:
      *out_if_any->mutable_int64s() = packed.int64s();
      break;
    case pb::Tensor::kUint8S:
      *out_if_any->mutable_uint8s() = packed.uint8s();
      break;
    default:
      break;  // booleans have no bounds in dm_env_rpc
  }
}

pb::TensorSpec spec_of(const std::string& name, DType dtype, const Shape& shape,
                       const std::vector<double>& low, const std::vector<double>& high) {
  pb::TensorSpec spec;
  spec.set_name(name);
  for (const std::int64_t d : shape) spec.add_shape(static_cast<std::int32_t>(d));
  spec.set_dtype(data_type(dtype));
  if (dtype != DType::kBool) {
    pb::TensorSpec::Value min, max;
    set_bound(low, -kInf, dtype, &min);
    set_bound(high, kInf, dtype, &max);
    if (min.payload_case() != pb::TensorSpec::Value::PAYLOAD_NOT_SET) *spec.mutable_min() = min;
    if (max.payload_case() != pb::TensorSpec::Value::PAYLOAD_NOT_SET) *spec.mutable_max() = max;
  }
  return spec;
}

// An observation leaf's elements: a number, or an array's data.
std::vector<double> leaf_elements(const Value& value) {
  if (value.is_array()) return value.as_array().data;
  if (value.is_int()) return {static_cast<double>(value.as_int())};
  if (value.is_bool()) return {value.as_bool() ? 1.0 : 0.0};
  if (value.is_float()) return {value.as_float()};
  return {};
}

bool requested(const UidList& uids, std::uint64_t uid) {
  return std::find(uids.begin(), uids.end(), uid) != uids.end();
}

}  // namespace

SpecLayout::SpecLayout(const Env& env)
    : action_space_(env.action_space()), observation_space_(env.observation_space()) {
  add_leaves(action_space_, "action", actions_);
  add_leaves(observation_space_, "observation", observations_);
  for (std::size_t i = 0; i < actions_.size(); ++i) actions_[i].uid = i + 1;
  for (std::size_t i = 0; i < observations_.size(); ++i) observations_[i].uid = i + 1;
  for (const Leaf& leaf : actions_) {
    (*specs_.mutable_actions())[leaf.uid] =
        spec_of(leaf.name, leaf.dtype, leaf.shape, leaf.low, leaf.high);
  }
  for (const Leaf& leaf : observations_) {
    (*specs_.mutable_observations())[leaf.uid] =
        spec_of(leaf.name, leaf.dtype, leaf.shape, leaf.low, leaf.high);
  }
  first_extra_uid_ = observations_.size() + 1;
  auto& observations = *specs_.mutable_observations();
  observations[first_extra_uid_] = spec_of("reward", DType::kFloat64, {}, {-kInf}, {kInf});
  observations[first_extra_uid_ + 1] = spec_of("discount", DType::kFloat64, {}, {0.0}, {1.0});
  observations[first_extra_uid_ + 2] = spec_of("terminated", DType::kBool, {}, {}, {});
  observations[first_extra_uid_ + 3] = spec_of("truncated", DType::kBool, {}, {}, {});
  pb::TensorSpec info;
  info.set_name("info");
  info.set_dtype(pb::STRING);
  observations[first_extra_uid_ + 4] = info;
}

void SpecLayout::add_leaves(const Space& space, const std::string& name, std::vector<Leaf>& out) {
  switch (space.kind()) {
    case Space::Kind::kTuple:
      for (std::size_t i = 0; i < space.spaces().size(); ++i) {
        add_leaves(space.spaces()[i], name + "." + std::to_string(i), out);
      }
      return;
    case Space::Kind::kDict:
      for (std::size_t i = 0; i < space.spaces().size(); ++i) {
        add_leaves(space.spaces()[i], name + "." + space.keys()[i], out);
      }
      return;
    default:
      break;
  }
  Leaf leaf;
  leaf.name = name;
  leaf.kind = space.kind();
  leaf.dtype = space.dtype();
  leaf.shape = space.shape();
  const auto size = static_cast<std::size_t>(shape_size(space.shape()));
  switch (space.kind()) {
    case Space::Kind::kDiscrete:
      leaf.dtype = DType::kInt64;
      leaf.shape = {};
      leaf.low = {static_cast<double>(space.start())};
      leaf.high = {static_cast<double>(space.start() + space.n() - 1)};
      break;
    case Space::Kind::kBox:
      leaf.low = space.low();
      leaf.high = space.high();
      break;
    case Space::Kind::kMultiDiscrete:
      for (std::size_t i = 0; i < size; ++i) {
        const double start = space.starts().empty() ? 0.0 : static_cast<double>(space.starts()[i]);
        leaf.low.push_back(start);
        leaf.high.push_back(start + static_cast<double>(space.nvec()[i]) - 1);
      }
      break;
    case Space::Kind::kMultiBinary:
      leaf.low.assign(size, 0.0);
      leaf.high.assign(size, 1.0);
      break;
    case Space::Kind::kTuple:
    case Space::Kind::kDict:
      break;
  }
  out.push_back(std::move(leaf));
}

Value SpecLayout::action(const TensorMap& actions) const {
  for (const auto& [uid, tensor] : actions) {
    if (uid == 0 || uid > actions_.size()) {
      bad_action("There is no action with uid " + std::to_string(uid) + " (the actions are 1.." +
                 std::to_string(actions_.size()) + ")");
    }
  }
  std::size_t next = 0;
  return build_action(action_space_, actions, next);
}

Value SpecLayout::build_action(const Space& space, const TensorMap& actions,
                               std::size_t& next) const {
  if (space.kind() == Space::Kind::kTuple) {
    List out;
    for (const Space& child : space.spaces()) out.push_back(build_action(child, actions, next));
    return Value(std::move(out));
  }
  if (space.kind() == Space::Kind::kDict) {
    Dict out;
    for (std::size_t i = 0; i < space.spaces().size(); ++i) {
      out.emplace_back(space.keys()[i], build_action(space.spaces()[i], actions, next));
    }
    return Value(std::move(out));
  }
  const Leaf& leaf = actions_[next++];
  const auto found = actions.find(leaf.uid);
  if (found == actions.end()) {
    bad_action("The step has no action '" + leaf.name + "' (uid " + std::to_string(leaf.uid) +
               "); every action is required");
  }
  return leaf_action(leaf, found->second);
}

Value SpecLayout::leaf_action(const Leaf& leaf, const pb::Tensor& tensor) const {
  const std::string what = "Action '" + leaf.name + "'";
  const pb::DataType want = data_type(leaf.dtype);
  if (payload_type(tensor) != want) {
    bad_action(what + " must be a " + std::string(data_type_name(want)) + " tensor, not " +
               std::string(data_type_name(payload_type(tensor))));
  }
  std::string problem;
  const std::optional<Shape> shape = resolved_shape(tensor, problem);
  if (!shape) bad_action(what + ": " + problem);
  if (*shape != leaf.shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape->size(); ++i) {
      text += (i ? "," : "") + std::to_string((*shape)[i]);
    }
    bad_action(what + " has shape " + text + "], not the spec's shape");
  }
  const auto size = static_cast<std::size_t>(shape_size(leaf.shape));
  std::vector<double> elements = numeric_elements(tensor);
  if (elements.size() == 1 && size != 1) elements.assign(size, elements.front());
  if (leaf.dtype == DType::kInt64) {
    // int64 elements exactly, beyond the 2^53 that doubles hold.
    const std::vector<std::int64_t> integers = integer_elements(tensor);
    for (std::size_t i = 0; i < size; ++i) {
      const std::int64_t v = integers.size() == 1 ? integers.front() : integers[i];
      const double low = leaf.low.size() == 1 ? leaf.low.front() : leaf.low[i];
      const double high = leaf.high.size() == 1 ? leaf.high.front() : leaf.high[i];
      if (static_cast<double>(v) < low || static_cast<double>(v) > high) {
        bad_action(what + " element " + std::to_string(i) + " is " + std::to_string(v) +
                   ", outside the spec's bounds [" +
                   std::to_string(static_cast<std::int64_t>(low)) + ", " +
                   std::to_string(static_cast<std::int64_t>(high)) + "]");
      }
    }
  }
  const bool checked_as_double = leaf.dtype != DType::kBool && leaf.dtype != DType::kInt64;
  for (std::size_t i = 0; i < size && checked_as_double; ++i) {
    const double v = elements[i];
    if (std::isnan(v)) bad_action(what + " element " + std::to_string(i) + " is NaN");
    if (v < leaf.low[i] || v > leaf.high[i]) {
      bad_action(what + " element " + std::to_string(i) + " is " + number_text(v) +
                 ", outside the spec's bounds [" + number_text(leaf.low[i]) + ", " +
                 number_text(leaf.high[i]) + "]");
    }
  }
  if (leaf.kind == Space::Kind::kDiscrete) {
    return Value(static_cast<std::int64_t>(integer_elements(tensor).front()));
  }
  return Value(Array{leaf.dtype, leaf.shape, std::move(elements)});
}

void SpecLayout::check_requested(const UidList& uids) const {
  const std::uint64_t last = first_extra_uid_ + std::size(kExtraNames) - 1;
  for (const std::uint64_t uid : uids) {
    if (uid == 0 || uid > last) {
      throw ClientError{400, "invalid_observation",
                        "There is no observation with uid " + std::to_string(uid) +
                            " (the observations are 1.." + std::to_string(last) + ")"};
    }
  }
}

void SpecLayout::write_observations(const UidList& uids, const Outcome& outcome,
                                    TensorMap& out) const {
  std::size_t next = 0;
  write_leaves(observation_space_, outcome.observation, uids, next, out);
  for (std::size_t i = 0; i < std::size(kExtraNames); ++i) {
    const std::uint64_t uid = first_extra_uid_ + i;
    if (!requested(uids, uid)) continue;
    pb::Tensor& tensor = out[uid];
    switch (static_cast<Extra>(i)) {
      case Extra::kReward:
        pack_scalar(DType::kFloat64, outcome.reward, tensor);
        break;
      case Extra::kDiscount:
        pack_scalar(DType::kFloat64, outcome.terminated ? 0.0 : 1.0, tensor);
        break;
      case Extra::kTerminated:
        pack_scalar(DType::kBool, outcome.terminated ? 1.0 : 0.0, tensor);
        break;
      case Extra::kTruncated:
        pack_scalar(DType::kBool, outcome.truncated ? 1.0 : 0.0, tensor);
        break;
      case Extra::kInfo:
        pack_string(json::to_string(outcome.info), tensor);
        break;
    }
  }
}

void SpecLayout::write_leaves(const Space& space, const Value& observation, const UidList& uids,
                              std::size_t& next, TensorMap& out) const {
  if (space.kind() == Space::Kind::kTuple || space.kind() == Space::Kind::kDict) {
    for (std::size_t i = 0; i < space.spaces().size(); ++i) {
      const Value* child = nullptr;
      if (observation.is_list() && i < observation.as_list().size()) {
        child = &observation.as_list()[i];
      } else if (observation.is_dict()) {
        child = observation.find(space.keys()[i]);
      }
      static const Value kNull;
      write_leaves(space.spaces()[i], child ? *child : kNull, uids, next, out);
    }
    return;
  }
  const Leaf& leaf = observations_[next++];
  if (!requested(uids, leaf.uid)) return;
  pack(leaf.dtype, leaf_elements(observation), leaf.shape, out[leaf.uid]);
}

}  // namespace gymcc::serve::rpc
