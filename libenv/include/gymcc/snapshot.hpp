#pragma once
// Environment snapshots: the complete state of an env as a gymcc Value, so
// that it round-trips through JSON and MessagePack. docs/snapshots.md
// documents the format; in short (format version 1):
//
//   {"format": "gymcc.env_state", "version": 1, "env_id": "CartPole-v1",
//    "kwargs": {...all kwargs...}, "max_episode_steps": 500 | null,
//    "render_mode": null | "...",
//    "time_limit": {"elapsed_steps": int}, "order_enforcing": {"has_reset": bool},
//    "np_random": null | <generator>, "action_space": null | <sampler>,
//    "env": {...per-env state...}, "observation": ..., "info": {...}}
//
// <generator> is numpy's `bit_generator.state` for PCG64 with the 128-bit
// integers as decimal strings: {"bit_generator": "PCG64", "state": {"state":
// "<dec>", "inc": "<dec>"}, "has_uint32": 0|1, "uinteger": int}.
//
// A state is client data: every reader here checks kind, range and length
// and throws Error(kInvalidState) naming the field, never anything else.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "gymcc/errors.hpp"
#include "gymcc/rng.hpp"
#include "gymcc/value.hpp"

namespace gymcc {

inline constexpr const char* kSnapshotFormat = "gymcc.env_state";
inline constexpr std::int64_t kSnapshotVersion = 1;
// A whole vector env's state (docs/snapshots.md, "Vector envs"); same version.
inline constexpr const char* kVectorSnapshotFormat = "gymcc.vector_env_state";

// Per-env state: a specialisation for each static env E (a friend of E)
// with `static void save(const E&, Dict&)` and
// `static void load(E&, const StateReader&)`; load validates everything
// before changing the env. Optionally `static void kwargs_override(const E&,
// Dict&)` adds kwargs that a clone needs and the user did not give (a
// FrozenLake's randomly generated map).
template <class E>
struct EnvState;

[[noreturn]] void throw_invalid_state(const std::string& path, std::string_view problem);

// Typed, range-checked access to one dict of a state, with its path for
// error messages ("state.env.position").
class StateReader {
 public:
  StateReader(const Value& value, std::string path);

  const std::string& path() const noexcept { return path_; }
  const Value& field(std::string_view key) const;  // must be present
  const Value* optional_field(std::string_view key) const noexcept { return value_->find(key); }
  StateReader child(std::string_view key) const;  // a dict field

  bool boolean(std::string_view key) const;
  std::int64_t integer(std::string_view key,
                       std::int64_t low = std::numeric_limits<std::int64_t>::min(),
                       std::int64_t high = std::numeric_limits<std::int64_t>::max()) const;
  // An int or a float (also "Infinity", "-Infinity", "NaN" as the JSON
  // writer spells them); `finite` refuses the non-finite ones.
  double number(std::string_view key, bool finite = true) const;
  const std::string& string(std::string_view key) const;

  std::string field_path(std::string_view key) const;

 private:
  const Value* value_;
  std::string path_;
};

// A number as StateReader::number reads it, for list elements.
double state_number(const Value& v, const std::string& path, bool finite = true);

// Checks a state's "format", "version", "env_id" and "kwargs" against the
// env restoring it (format: kSnapshotFormat or kVectorSnapshotFormat).
void check_state_header(const StateReader& in, const std::string& env_id, const Value& kwargs,
                        std::string_view format = kSnapshotFormat);
// Checks that a state's "max_episode_steps" is `limit` (null for none).
void check_state_time_limit(const StateReader& in, std::optional<std::int64_t> limit);

Value generator_state(const Generator& rng);
// Throws Error(kInvalidState) for a malformed state or an even `inc`.
Pcg64::State read_generator_state(const Value& v, const std::string& path);

}  // namespace gymcc
