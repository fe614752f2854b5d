#include "gymcc/snapshot.hpp"

#include "gymcc/registry.hpp"
#include "gymcc/vector_env.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace gymcc {
namespace {

std::string u128_decimal(detail::Uint128 v) {
  if (v == 0) return "0";
  std::string digits;
  while (v != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// A decimal string (or a small non-negative int) below 2^128.
detail::Uint128 read_u128(const Value& v, const std::string& path) {
  if (v.is_int()) {
    if (v.as_int() < 0) throw_invalid_state(path, "must not be negative");
    return static_cast<detail::Uint128>(v.as_int());
  }
  const std::string* text = v.is_string()                      ? &v.as_string()
                            : v.kind() == Value::Kind::kBigInt ? &v.as_bigint().decimal
                                                               : nullptr;
  if (text == nullptr || text->empty() || text->size() > 39) {
    throw_invalid_state(path, "must be a decimal string of an integer in [0, 2**128)");
  }
  constexpr detail::Uint128 kMax = ~detail::Uint128{0};
  detail::Uint128 out = 0;
  for (const char c : *text) {
    if (c < '0' || c > '9') throw_invalid_state(path, "must be a decimal string");
    const auto digit = static_cast<unsigned>(c - '0');
    if (out > (kMax - digit) / 10) throw_invalid_state(path, "must be below 2**128");
    out = out * 10 + digit;
  }
  return out;
}

// kwargs as Python compares them: objects whatever the order of their keys
// (a client's JSON library may sort them), numbers by value (10 == 10.0: a
// JavaScript client cannot keep "10.0" a float), everything else exactly.
bool same_kwargs(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number() && !a.is_bool() && !b.is_bool()) {
    if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
    return a.as_number() == b.as_number();
  }
  if (a.is_dict() && b.is_dict()) {
    const Dict& x = a.as_dict();
    if (x.size() != b.as_dict().size()) return false;
    return std::all_of(x.begin(), x.end(), [&b](const auto& field) {
      const Value* other = b.find(field.first);
      return other != nullptr && same_kwargs(field.second, *other);
    });
  }
  if (a.is_list() && b.is_list()) {
    const List& x = a.as_list();
    const List& y = b.as_list();
    return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), same_kwargs);
  }
  return a == b;
}

}  // namespace

void throw_invalid_state(const std::string& path, std::string_view problem) {
  throw Error(ErrorCode::kInvalidState, "invalid state: " + path + " " + std::string(problem));
}

StateReader::StateReader(const Value& value, std::string path)
    : value_(&value), path_(std::move(path)) {
  if (!value.is_dict()) throw_invalid_state(path_, "must be an object");
}

std::string StateReader::field_path(std::string_view key) const {
  return path_ + "." + std::string(key);
}

const Value& StateReader::field(std::string_view key) const {
  const Value* v = value_->find(key);
  if (v == nullptr) throw_invalid_state(field_path(key), "is missing");
  return *v;
}

StateReader StateReader::child(std::string_view key) const {
  return StateReader(field(key), field_path(key));
}

bool StateReader::boolean(std::string_view key) const {
  const Value& v = field(key);
  if (!v.is_bool()) throw_invalid_state(field_path(key), "must be a boolean");
  return v.as_bool();
}

std::int64_t StateReader::integer(std::string_view key, std::int64_t low, std::int64_t high) const {
  const Value& v = field(key);
  if (!v.is_int()) throw_invalid_state(field_path(key), "must be an integer");
  if (v.as_int() < low || v.as_int() > high) {
    throw_invalid_state(field_path(key), "must be in [" + std::to_string(low) + ", " +
                                             std::to_string(high) + "], got " +
                                             std::to_string(v.as_int()));
  }
  return v.as_int();
}

double state_number(const Value& v, const std::string& path, bool finite) {
  double d = 0.0;
  if (v.is_number()) {
    d = v.as_number();
  } else if (v.is_string() && v.as_string() == "Infinity") {
    d = std::numeric_limits<double>::infinity();
  } else if (v.is_string() && v.as_string() == "-Infinity") {
    d = -std::numeric_limits<double>::infinity();
  } else if (v.is_string() && v.as_string() == "NaN") {
    d = std::numeric_limits<double>::quiet_NaN();
  } else {
    throw_invalid_state(path, "must be a number");
  }
  if (finite && !std::isfinite(d)) throw_invalid_state(path, "must be finite");
  return d;
}

double StateReader::number(std::string_view key, bool finite) const {
  return state_number(field(key), field_path(key), finite);
}

const std::string& StateReader::string(std::string_view key) const {
  const Value& v = field(key);
  if (!v.is_string()) throw_invalid_state(field_path(key), "must be a string");
  return v.as_string();
}

Value generator_state(const Generator& rng) {
  const Pcg64::State s = rng.bit_generator().state();
  return Value(Dict{{"bit_generator", Value("PCG64")},
                    {"state", Value(Dict{{"state", Value(u128_decimal(s.state))},
                                         {"inc", Value(u128_decimal(s.inc))}})},
                    {"has_uint32", Value(std::int64_t{s.has_uint32 ? 1 : 0})},
                    {"uinteger", Value(std::int64_t{s.uinteger})}});
}

Pcg64::State read_generator_state(const Value& v, const std::string& path) {
  const StateReader r(v, path);
  if (r.string("bit_generator") != "PCG64") {
    throw_invalid_state(r.field_path("bit_generator"), "must be \"PCG64\"");
  }
  const StateReader inner = r.child("state");
  Pcg64::State s;
  s.state = read_u128(inner.field("state"), inner.field_path("state"));
  s.inc = read_u128(inner.field("inc"), inner.field_path("inc"));
  // PCG64 always builds an odd increment; an even one is a different,
  // weaker generator that numpy never produces.
  if ((s.inc & 1) == 0) throw_invalid_state(inner.field_path("inc"), "must be odd");
  s.has_uint32 = r.integer("has_uint32", 0, 1) == 1;
  s.uinteger = static_cast<std::uint32_t>(r.integer("uinteger", 0, 0xFFFFFFFFLL));
  return s;
}

}  // namespace gymcc

namespace gymcc {

void check_state_header(const StateReader& in, const std::string& env_id, const Value& kwargs,
                        std::string_view format) {
  if (in.string("format") != format) {
    throw_invalid_state("state.format", "must be \"" + std::string(format) + "\"");
  }
  const Value& version = in.field("version");
  if (!version.is_int() || version.as_int() != kSnapshotVersion) {
    throw_invalid_state("state.version", "must be " + std::to_string(kSnapshotVersion) +
                                             " (this gymcc reads format version " +
                                             std::to_string(kSnapshotVersion) + " only)");
  }
  const std::string& id = in.string("env_id");
  if (id != env_id) {
    throw_invalid_state("state.env_id", "is '" + id + "', not this env's '" + env_id + "'");
  }
  if (!same_kwargs(in.field("kwargs"), kwargs)) {
    throw_invalid_state("state.kwargs", "differ from this env's kwargs");
  }
}

void check_state_time_limit(const StateReader& in, std::optional<std::int64_t> limit) {
  const Value& state_limit = in.field("max_episode_steps");
  if (!(limit ? state_limit == Value(*limit) : state_limit.is_null())) {
    throw_invalid_state(in.field_path("max_episode_steps"), "differs from this env's time limit");
  }
}

namespace {

// The make options a state was taken with: its kwargs, time limit and render mode.
MakeOptions make_options_from_state(const StateReader& in) {
  MakeOptions options;
  options.kwargs = in.field("kwargs");
  if (!options.kwargs.is_dict()) throw_invalid_state("state.kwargs", "must be an object");
  const Value& limit = in.field("max_episode_steps");
  if (limit.is_null()) {
    options.max_episode_steps = -1;
  } else if (limit.is_int() && limit.as_int() > 0) {
    options.max_episode_steps = limit.as_int();
  } else {
    throw_invalid_state("state.max_episode_steps", "must be a positive integer or null");
  }
  return options;
}

}  // namespace

std::unique_ptr<Env> Registry::make_from_state(const Value& state) const {
  const StateReader in(state, "state");
  MakeOptions options = make_options_from_state(in);
  const Value& mode = in.field("render_mode");
  if (!mode.is_null()) options.render_mode = in.string("render_mode");
  std::unique_ptr<Env> env = make(in.string("env_id"), options);
  env->set_state(state);
  return env;
}

std::unique_ptr<VectorEnv> Registry::make_vec_from_state(const Value& state,
                                                         std::int64_t max_num_envs) const {
  const StateReader in(state, "state");
  if (in.string("format") != kVectorSnapshotFormat) {
    throw_invalid_state("state.format", std::string("must be \"") + kVectorSnapshotFormat + "\"");
  }
  const MakeOptions options = make_options_from_state(in);
  const std::int64_t num_envs = in.integer("num_envs", 1, max_num_envs);
  AutoresetMode mode{};
  try {
    mode = parse_autoreset_mode(in.string("autoreset_mode"));
  } catch (const Error& e) {
    throw_invalid_state("state.autoreset_mode", e.what());
  }
  std::unique_ptr<VectorEnv> env = make_vec(in.string("env_id"), num_envs, mode, options);
  env->set_state(state);
  return env;
}

}  // namespace gymcc
