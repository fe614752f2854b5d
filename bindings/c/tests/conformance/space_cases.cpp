// Space cases (spaces.jsonl): the descriptors must match the HTTP API's space
// descriptions (docs/api.md), real infinities included.

#include <cmath>
#include <limits>
#include <memory>

#include "runner.hpp"

namespace gymcc::c_conformance {
namespace {

// A bound as the description has it: a number, or the peer's
// "Infinity"/"-Infinity"/"NaN" strings.
Value bound(const Value& x) {
  if (!x.is_string()) return x.is_number() ? Value(x.as_number()) : x;
  const std::string& s = x.as_string();
  if (s == "Infinity" || s == "inf") return Value(std::numeric_limits<double>::infinity());
  if (s == "-Infinity" || s == "-inf") return Value(-std::numeric_limits<double>::infinity());
  if (s == "NaN" || s == "nan") return Value(std::nan(""));
  return x;
}

Value flat_bounds(const Value& nested) {
  List out;
  auto visit = [&](auto&& self, const Value& x) -> void {
    if (x.is_list()) {
      for (const Value& e : x.as_list()) self(self, e);
    } else {
      out.push_back(bound(x));
    }
  };
  visit(visit, nested);
  return Value(std::move(out));
}

template <class T>
Value list_of(const T* data, std::int64_t count) {
  List out;
  for (std::int64_t i = 0; i < count; ++i) out.emplace_back(data[i]);
  return Value(std::move(out));
}

std::optional<std::string> compare(const Value& desc, const gymcc_space& space,
                                   const std::string& path) {
  auto field = [&](const char* key) -> const Value& {
    static const Value kNull;
    const Value* v = desc.find(key);
    return v == nullptr ? kNull : *v;
  };
  if (auto d = difference(field("name"), Value(space.name), path + ".name")) return d;
  if (space.kind == GYMCC_SPACE_TUPLE || space.kind == GYMCC_SPACE_DICT) {
    const Value& parts = field("spaces");
    const std::size_t count = parts.is_list()   ? parts.as_list().size()
                              : parts.is_dict() ? parts.as_dict().size()
                                                : 0;
    if (count != static_cast<std::size_t>(space.num_spaces)) {
      return path + ".spaces: " + std::to_string(count) + " described, " +
             std::to_string(space.num_spaces) + " in the descriptor";
    }
    for (int i = 0; i < space.num_spaces; ++i) {
      const auto at = static_cast<std::size_t>(i);
      const bool keyed = space.kind == GYMCC_SPACE_DICT;
      if (keyed && (!parts.is_dict() || parts.as_dict()[at].first != space.keys[i])) {
        return path + ".spaces: key " + std::to_string(i) + " is not " + space.keys[i];
      }
      const Value& part = keyed ? parts.as_dict()[at].second : parts.as_list()[at];
      if (auto d = compare(part, space.spaces[i], path + ".spaces[" + std::to_string(i) + "]")) {
        return d;
      }
    }
    return std::nullopt;
  }
  if (auto d = difference(field("dtype"), Value(gymcc_dtype_name(space.dtype)), path + ".dtype")) {
    return d;
  }
  if (auto d = difference(field("shape"), list_of(space.shape, space.ndim), path + ".shape")) {
    return d;
  }
  switch (space.kind) {
    case GYMCC_SPACE_DISCRETE:
      if (auto d = difference(field("n"), Value(space.n), path + ".n")) return d;
      return difference(field("start"), Value(space.start), path + ".start");
    case GYMCC_SPACE_BOX:
      if (auto d = difference(flat_bounds(field("low")), list_of(space.low, space.size),
                              path + ".low")) {
        return d;
      }
      return difference(flat_bounds(field("high")), list_of(space.high, space.size),
                        path + ".high");
    case GYMCC_SPACE_MULTI_DISCRETE:
      if (auto d = difference(field("nvec"), list_of(space.nvec, space.size), path + ".nvec")) {
        return d;
      }
      return difference(field("start"), list_of(space.starts, space.size), path + ".start");
    case GYMCC_SPACE_MULTI_BINARY:
      return difference(field("n"), Value(space.n), path + ".n");
    default:
      return path + ": unknown kind " + std::to_string(space.kind);
  }
}

}  // namespace

Outcome check_space_case(const Value& space_case) {
  const std::string id = space_case.find("env_id")->as_string();
  const gymcc_space* action_space = nullptr;
  const gymcc_space* observation_space = nullptr;
  EnvHandle env(nullptr, &gymcc_env_free);
  VecHandle vec(nullptr, &gymcc_vec_free);
  if (const Value* num_envs = space_case.find("num_envs")) {
    // make_vec's batched spaces.
    const auto kwargs = json_field(space_case, "kwargs");
    char error[1024];
    gymcc_vec* made = nullptr;
    const int status = gymcc_vec_make(id.c_str(), num_envs->as_int(), GYMCC_AUTORESET_NEXT_STEP,
                                      kwargs ? kwargs->c_str() : nullptr, nullptr,
                                      GYMCC_REGISTERED_LIMIT, &made, error, sizeof error);
    vec.reset(made);
    if (status != GYMCC_OK) {
      return Outcome::fail(std::string("gymcc_vec_make: ") + gymcc_status_name(status) + ": " +
                           error);
    }
    action_space = gymcc_vec_action_space(made);
    observation_space = gymcc_vec_observation_space(made);
  } else {
    if (auto why = make_env(id, space_case.find("kwargs"), env)) return Outcome::fail(*why);
    action_space = gymcc_env_action_space(env.get());
    observation_space = gymcc_env_observation_space(env.get());
  }
  if (auto d = compare(*space_case.find("action_space"), *action_space, "action_space")) {
    return Outcome::fail(*d);
  }
  if (auto d =
          compare(*space_case.find("observation_space"), *observation_space, "observation_space")) {
    return Outcome::fail(*d);
  }
  return Outcome::pass();
}

}  // namespace gymcc::c_conformance
