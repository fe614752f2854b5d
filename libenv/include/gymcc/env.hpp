#pragma once
// The environment contract, in two forms.
//
// A *static* env is a plain class (see `StaticEnv` below): no virtual calls,
// no allocation and no exceptions in `step`. Its truncation and call-order
// rules come from the wrappers in wrappers.hpp, composed by `Runner<E>`.
//
// The *type-erased* `Env` is what the registry, CLI, server and bindings hold:
// values in and out, errors as gymcc::Error, one virtual call per step.

#include <array>
#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "gymcc/kwargs.hpp"
#include "gymcc/rng.hpp"
#include "gymcc/spaces.hpp"
#include "gymcc/value.hpp"

namespace gymcc {

// A static env's snapshot support, specialised per env (snapshot.hpp).
template <class E>
struct EnvState;

// What a static env's step returns; truncation is the TimeLimit's business.
struct Transition {
  double reward = 0.0;
  bool terminated = false;
  bool reward_is_int = false;  // gymnasium returns a Python int (toy text)
};

// The info dict of envs whose info is always `{}`.
struct NoInfo {};

// What instances of an env cost in memory, for servers that budget it:
// `shared` is built once per distinct kwargs (a FrozenLake map's transition
// table is shared by every instance of that map), `each` per instance.
struct Footprint {
  std::size_t shared = 0;
  std::size_t each = 0;
  std::size_t of(std::size_t instances) const noexcept { return shared + instances * each; }
};

// Optional: a static env whose memory depends on its kwargs declares
// `static Footprint footprint(const Params&)`, computed without building
// anything, so that a server can refuse a model too large before making it.
template <class E>
concept HasFootprint = requires(const typename E::Params& params) {
  { E::footprint(params) } -> std::same_as<Footprint>;
};

// Class-level facts, gymnasium's `metadata`.
struct EnvMetadata {
  std::vector<std::string> render_modes;
  int render_fps = 0;
};

template <class E>
concept StaticEnv = requires(E env, const E& cenv, Generator& rng, const Value* options,
                             typename E::Observation& obs, typename E::Info& info,
                             const typename E::Action& action) {
  typename E::Params;
  { E::kwargs() } -> std::same_as<const KwargTable<typename E::Params>&>;
  { E::metadata() } -> std::same_as<EnvMetadata>;
  { cenv.observation_space() } -> std::same_as<Space>;
  { cenv.action_space() } -> std::same_as<Space>;
  // May throw Error(kInvalidOptions); reset is not the hot path.
  { env.reset(rng, options, obs, info) } -> std::same_as<void>;
  { env.step(action, rng, obs, info) }
  noexcept->std::same_as<Transition>;
};

// An RGB image, row-major height x width x 3, as gymnasium's rgb_array.
struct Frame {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;
};

// Optional: an env with a `render_rgb(const E&, Frame&)` function (found by
// ADL, so drawing code can live apart from the physics) supports
// render_mode "rgb_array"; it resizes `frame` and paints the current state.
template <class E>
concept RgbRenderable = requires(const E& env, Frame& frame) {
  { render_rgb(env, frame) } -> std::same_as<void>;
};

// Optional: a static env that can draw itself as text supports
// render_mode="ansi" (gymnasium's toy-text renderings, colour codes included).
template <class E>
concept AnsiRenderable = requires(const E& env) {
  { env.render_ansi() } -> std::same_as<std::string>;
};

// ---- Conversions between static types and Values -------------------------
// Overloads found by ADL; an env with its own Observation/Info type defines
// `to_value(const T&, Value&)` next to it.

inline void to_value(const NoInfo&, Value& out) { out.emplace_dict().clear(); }
inline void to_value(std::int64_t v, Value& out) { out = Value(v); }

template <std::size_t N>
void to_value(const std::array<float, N>& obs, Value& out) {
  Array& a = out.emplace_array(DType::kFloat32, Shape{static_cast<std::int64_t>(N)});
  for (std::size_t i = 0; i < N; ++i) a.data[i] = static_cast<double>(obs[i]);
}

template <std::size_t N>
void to_value(const std::array<double, N>& obs, Value& out) {
  Array& a = out.emplace_array(DType::kFloat64, Shape{static_cast<std::int64_t>(N)});
  for (std::size_t i = 0; i < N; ++i) a.data[i] = obs[i];
}

// Actions are converted only after the action space has accepted the value.
template <class Action>
struct ActionFromValue;

template <>
struct ActionFromValue<std::int64_t> {
  static std::int64_t convert(const Value& v) {
    return v.is_int() ? v.as_int() : static_cast<std::int64_t>(v.as_array().data.at(0));
  }
};

template <std::size_t N>
struct ActionFromValue<std::array<float, N>> {
  static std::array<float, N> convert(const Value& v) {
    std::array<float, N> out{};
    std::size_t i = 0;
    auto visit = [&](auto&& self, const Value& x) -> void {
      if (x.is_list()) {
        for (const Value& e : x.as_list()) self(self, e);
      } else if (x.is_array()) {
        for (double d : x.as_array().data) out[i++] = static_cast<float>(d);
      } else {
        out[i++] = static_cast<float>(x.as_number());
      }
    };
    visit(visit, v);
    return out;
  }
};

}  // namespace gymcc
