#pragma once
// The C ABI's conformance runner (tests/conformance/lang/c.sh): replays the
// fixtures of CONFORMANCE.md through gymcc_c.h only. libenv's JSON reader
// parses the fixtures (exact doubles); everything an env does goes through
// the C functions.

#include <memory>
#include <optional>
#include <string>

#include "gymcc/value.hpp"
#include "gymcc_c.h"

namespace gymcc::c_conformance {

// How a case ended: passed, failed (`failure` says why), or not applicable
// (`not_applicable` says why, `detail` which case of it).
struct Outcome {
  std::optional<std::string> failure;
  std::optional<std::string> not_applicable;
  std::string detail;

  static Outcome pass() { return {}; }
  static Outcome fail(std::string why) { return {std::move(why), std::nullopt, ""}; }
  static Outcome skip(std::string why, std::string detail) {
    return {std::nullopt, std::move(why), std::move(detail)};
  }
};

using EnvHandle = std::unique_ptr<gymcc_env, decltype(&gymcc_env_free)>;
using VecHandle = std::unique_ptr<gymcc_vec, decltype(&gymcc_vec_free)>;

// gymcc_env_make(id, kwargs) with the registered limit, or why it failed.
std::optional<std::string> make_env(const std::string& id, const Value* kwargs, EnvHandle& env);

// ---- values.cpp -----------------------------------------------------------

// Exact equality as the fixtures mean it: ints are not floats, floats compare
// bit for bit, dict keys as sets; returns where and how they differ.
std::optional<std::string> difference(const Value& expected, const Value& actual,
                                      const std::string& path);

// The golden vector files' typed values ({"__ndarray__": dtype, "shape",
// "data"}) as nested lists of ints, floats or bools, as JSON has arrays.
Value untyped(const Value& typed);

// A value of the space from its buffer, in the fixtures' JSON form (Box as
// nested lists of floats or ints, Discrete as an int, Tuple as a list).
Value from_buffer(const gymcc_space& space, const void* buffer);
// The reverse; false when `value` has not exactly the space's shape and
// element kinds (then the typed entry points cannot express it).
bool to_buffer(const gymcc_space& space, const Value& value, void* buffer);

std::string to_json(const Value& value);
// The JSON text of a key of `object`, or nullopt when absent.
std::optional<std::string> json_field(const Value& object, const char* key);

// ---- episodes.cpp, vector_runs.cpp, error_cases.cpp, space_cases.cpp -----

Outcome replay_episode(const Value& episode);
Outcome replay_vector_run(const Value& run);
Outcome replay_error_case(const Value& error_case);
Outcome check_space_case(const Value& space_case);

}  // namespace gymcc::c_conformance
